using System.Net;
using System.Text;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Retention;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>The mark and sweep of the blob store against a real server's data (races are in <see cref="GarbageCollectionRaceTests"/>).</summary>
[TestClass]
public sealed class GarbageCollectionTests
{
    private static readonly byte[] Shared = Encoding.UTF8.GetBytes(new string('s', 10_000));

    private static byte[] Own(string name, string version) => Encoding.UTF8.GetBytes($"{name} {version} " + new string('o', 1000));

    private static byte[] Xif(string name, string version) =>
        new TestXif(name, version).Add("bin/Shared.dll", Shared).Add($"bin/{name}.dll", Own(name, version)).Build();

    private static Task<ServerFixture> StartAsync(TimeSpan? grace = null) =>
        ServerFixture.StartAsync(o => o.Retention = new RetentionOptions { BlobGracePeriod = grace ?? TimeSpan.Zero });

    private static async Task DeleteAsync(ServerFixture fixture, string name, string version)
    {
        using var admin = await fixture.ClientWithScopeAsync(ApiKeyScope.Admin, "admin-" + Guid.NewGuid().ToString("N")[..8]);
        using var response = await admin.DeleteVersionAsync(name, version);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task A_collection_removes_only_unreferenced_blobs_and_keeps_shared_ones()
    {
        await using var fixture = await StartAsync();
        foreach (var version in new[] { "1.0.0", "1.1.0" })
        {
            Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", version))).State);
        }

        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Other", "1.0.0"))).State);
        var nothing = await fixture.CollectAsync();
        Assert.AreEqual(0, nothing.Blobs, "everything is referenced");

        await DeleteAsync(fixture, "Hello", "1.0.0");
        var definition = Encoding.UTF8.GetBytes(Definitions.Simple("Hello", "1.0.0"));
        var report = await fixture.CollectAsync();

        // 1.0.0's own DLL, its extension.xml and the XIF it was published from (kept for the console's download)
        // are used by no other version; Shared.dll is used by 1.1.0 and Other.
        Assert.AreEqual(3, report.Blobs, "the deleted version's own files and its XIF only");
        Assert.AreEqual(Own("Hello", "1.0.0").Length + definition.Length + Xif("Hello", "1.0.0").Length, report.BlobBytes);
        Assert.IsFalse(File.Exists(fixture.BlobPath(Xif("Hello", "1.0.0"))));
        Assert.IsFalse(File.Exists(fixture.BlobPath(Own("Hello", "1.0.0"))));
        Assert.IsFalse(File.Exists(fixture.BlobPath(definition)));
        Assert.IsTrue(File.Exists(fixture.BlobPath(Shared)));
        Assert.IsTrue(report.BlobsScanned >= 6, $"{report.BlobsScanned} blobs looked at");
        fixture.AssertEveryReferencedBlobIsStored();
        Assert.AreEqual(0, Directory.GetFileSystemEntries(Path.Combine(fixture.DataDirectory, "blobs", ".trash")).Length, "the collection's trash is emptied");
    }

    [TestMethod]
    public async Task A_feed_package_is_kept_while_its_version_exists_and_goes_with_it()
    {
        await using var fixture = await StartAsync();
        foreach (var version in new[] { "1.0.0", "1.1.0" })
        {
            Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", version))).State);
        }

        // The feed builds 1.0.0's package on its first request and keeps it as a blob.
        byte[] package;
        using (var first = await fixture.Client.GetAsync("/nuget/v3/flat/hello/1.0.0/hello.1.0.0.nupkg"))
        {
            Assert.AreEqual(HttpStatusCode.OK, first.StatusCode, await first.Content.ReadAsStringAsync());
            package = await first.Content.ReadAsByteArrayAsync();
        }

        Assert.AreEqual(0, (await fixture.CollectAsync()).Blobs, "the package blob is referenced by its version's package row");
        Assert.IsTrue(File.Exists(fixture.BlobPath(package)));

        await DeleteAsync(fixture, "Hello", "1.0.0");
        using (var gone = await fixture.Client.GetAsync("/nuget/v3/flat/hello/1.0.0/hello.1.0.0.nupkg"))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, gone.StatusCode, "a deleted version is gone from the feed");
        }

        await fixture.CollectAsync();
        Assert.IsFalse(File.Exists(fixture.BlobPath(package)), "and its package's blob with it");
        fixture.AssertEveryReferencedBlobIsStored();
    }

    [TestMethod]
    public async Task A_dry_run_changes_nothing_and_says_what_a_run_removes()
    {
        await using var fixture = await StartAsync();
        foreach (var version in new[] { "1.0.0", "1.1.0", "1.2.0", "1.3.0" })
        {
            Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", version))).State);
        }

        await fixture.RestartAsync(o =>
        {
            o.Retention = new RetentionOptions { BlobGracePeriod = TimeSpan.Zero, KeepVersions = 2 };
            return o;
        });
        var files = fixture.SnapshotFiles();
        var rows = new[] { "versions", "version_files", "history", "operations" }.Select(fixture.CountRows).ToList();

        var dry = await fixture.CollectAsync(dryRun: true);
        Assert.IsTrue(dry.DryRun);
        CollectionAssert.AreEqual(files, fixture.SnapshotFiles(), "a dry run moves no file");
        CollectionAssert.AreEqual(rows, new[] { "versions", "version_files", "history", "operations" }.Select(fixture.CountRows).ToList(), "nor any row");

        var real = await fixture.CollectAsync();
        CollectionAssert.AreEqual(new[] { "1.0.0", "1.1.0" }, dry.Versions.Select(static v => v.Version).ToList());
        CollectionAssert.AreEqual(dry.Versions.Select(static v => v.Version).ToList(), real.Versions.Select(static v => v.Version).ToList());
        Assert.AreEqual(6, real.Blobs, "two versions' own DLL, definition and XIF");
        Assert.AreEqual(real.Blobs, dry.Blobs, "the dry run counts the blobs of the versions it would delete");
        Assert.AreEqual(real.BlobBytes, dry.BlobBytes);
        fixture.AssertEveryReferencedBlobIsStored();
    }

    [TestMethod]
    public async Task Blobs_used_within_the_grace_period_stay_even_unreferenced()
    {
        await using var fixture = await StartAsync(grace: TimeSpan.FromHours(1));
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.1.0"))).State);
        await DeleteAsync(fixture, "Hello", "1.0.0");
        var own = fixture.BlobPath(Own("Hello", "1.0.0"));

        Assert.AreEqual(0, (await fixture.CollectAsync()).Blobs, "written a moment ago: within the grace period");
        File.SetLastWriteTimeUtc(own, DateTime.UtcNow.AddHours(-2));
        var report = await fixture.CollectAsync();
        Assert.AreEqual(1, report.Blobs, "two hours old and unreferenced (the definition is younger)");
        Assert.IsFalse(File.Exists(own));
    }

    [TestMethod]
    public async Task Pins_a_killed_publish_left_are_released_and_put_back_what_the_store_lost()
    {
        await using var fixture = await StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);
        var blob = fixture.BlobPath(Shared);
        var pins = Path.Combine(fixture.DataDirectory, "blobs", ".pins", new string('a', 32));
        Directory.CreateDirectory(pins);
        var pin = Path.Combine(pins, Path.GetFileName(blob));
        File.Copy(blob, pin);
        File.Delete(blob); // as if a collection took it after the switch, and the publish died before putting it back

        var report = await fixture.CollectAsync();
        Assert.IsFalse(Directory.Exists(pins), "the pins of an operation that is not running go");
        Assert.IsTrue(File.Exists(blob), "what they held is back in the store");
        Assert.AreEqual(0, report.Blobs);
        fixture.AssertEveryReferencedBlobIsStored();
    }

    [TestMethod]
    public async Task What_a_killed_collection_left_in_its_trash_goes_back_at_the_next_start_or_after_an_hour()
    {
        await using var fixture = await StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);
        var shared = fixture.BlobPath(Shared);
        var own = fixture.BlobPath(Own("Hello", "1.0.0"));

        // Killed between moving aside and deciding: referenced blobs sit in the trash.
        var trash = Path.Combine(fixture.DataDirectory, "blobs", ".trash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(trash);
        File.Move(shared, Path.Combine(trash, Path.GetFileName(shared)));
        await fixture.RestartAsync();
        Assert.IsTrue(File.Exists(shared), "a start puts back all trash");
        Assert.IsFalse(Directory.Exists(trash));

        // Another node's collection may be deciding: a collection puts back only trash an hour old.
        Directory.CreateDirectory(trash);
        File.Move(own, Path.Combine(trash, Path.GetFileName(own)));
        await fixture.CollectAsync();
        Assert.IsFalse(File.Exists(own), "recent trash is left to the collection it belongs to");
        Directory.SetLastWriteTimeUtc(trash, DateTime.UtcNow.AddHours(-2));
        await fixture.CollectAsync();
        Assert.IsTrue(File.Exists(own), "old trash goes back");
        fixture.AssertEveryReferencedBlobIsStored();
    }

    [TestMethod]
    public async Task The_public_entry_collects_on_a_data_folder_as_the_tool_does()
    {
        string data;
        await using (var fixture = await StartAsync())
        {
            data = fixture.DataDirectory;
            Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);
            Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.1.0"))).State);
            await DeleteAsync(fixture, "Hello", "1.0.0");

            var options = new PlatformServerOptions { DataDirectory = data, Retention = new RetentionOptions { BlobGracePeriod = TimeSpan.Zero } };
            var dry = await GarbageCollector.RunAsync(options, dryRun: true);
            Assert.AreEqual(3, dry.Blobs, "1.0.0's own DLL, definition and XIF");
            var real = await GarbageCollector.RunAsync(options, dryRun: false);
            Assert.AreEqual(3, real.Blobs);
            Assert.AreEqual(0, (await GarbageCollector.RunAsync(options, dryRun: false)).Blobs);
            fixture.AssertEveryReferencedBlobIsStored();
        }
    }

    [TestMethod]
    public async Task A_collection_stopped_between_its_moves_and_its_decision_puts_every_blob_back_and_deletes_none()
    {
        await using var fixture = await StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.0.0"))).State);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Hello", "1.1.0"))).State);
        await DeleteAsync(fixture, "Hello", "1.0.0");
        var orphan = fixture.BlobPath(Own("Hello", "1.0.0"));
        var moved = false;

        await Assert.ThrowsExactlyAsync<OperationCanceledException>(() => fixture.CollectAsync(checkpoint: (point, _) =>
        {
            if (point == SweepCheckpoint.AfterMoveToTrash)
            {
                moved = !File.Exists(orphan);
                throw new OperationCanceledException("stopped");
            }

            return Task.CompletedTask;
        }));

        Assert.IsTrue(moved, "the unreferenced blob was in the trash when the collection stopped");
        Assert.IsTrue(File.Exists(orphan), "and is back in the store");
        Assert.AreEqual(0, Directory.GetFileSystemEntries(Path.Combine(fixture.DataDirectory, "blobs", ".trash")).Length, "no trash is left");
        Assert.AreEqual(3, (await fixture.CollectAsync()).Blobs, "the next collection removes what this one would have");
    }
}
