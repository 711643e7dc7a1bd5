using System.Net;
using System.Text;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Retention;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// A collection racing a publish that reuses a blob the collection finds unreferenced: held at each
/// point of either where the race could bite (deterministic), then both really at once. The grace
/// period is zero throughout, so only the pins, the move-aside and the second mark protect the blob.
/// </summary>
[TestClass]
public sealed class GarbageCollectionRaceTests
{
    private static readonly byte[] Reused = Encoding.UTF8.GetBytes("reused " + new string('r', 20_000));

    private static byte[] Xif(string name, string version, bool withReused) =>
        withReused
            ? new TestXif(name, version).Add("bin/Reused.dll", Reused).Add($"bin/{name}.dll", $"{name} {version}").Build()
            : new TestXif(name, version).Add($"bin/{name}.dll", $"{name} {version}").Build();

    /// <summary>A server with a publish held at <paramref name="hold"/> when asked, and the reused blob stored but referenced by no version.</summary>
    private static async Task<(ServerFixture Fixture, Gate Gate)> StartWithAnOrphanAsync(PublishCheckpoint? hold = null)
    {
        var gate = new Gate();
        var fixture = await ServerFixture.StartAsync(o =>
        {
            o.Retention = new RetentionOptions { BlobGracePeriod = TimeSpan.Zero };
            o.Checkpoint = (point, extension, ct) => point == hold && extension == "New" ? gate.HoldAsync(ct) : Task.CompletedTask;
        });
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Old", "1.0.0", withReused: true))).State);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(Xif("Old", "1.1.0", withReused: false))).State);
        using var admin = await fixture.ClientWithScopeAsync(ApiKeyScope.Admin, "ops");
        using var deleted = await admin.DeleteVersionAsync("Old", "1.0.0");
        Assert.AreEqual(HttpStatusCode.OK, deleted.StatusCode);
        Assert.IsTrue(File.Exists(fixture.BlobPath(Reused)), "stored, and used by no version now");
        return (fixture, gate);
    }

    private static async Task AssertNewIsDeployedWithTheReusedBlobAsync(ServerFixture fixture, OperationResult result)
    {
        Assert.AreEqual("succeeded", result.State, result.ToString());
        CollectionAssert.AreEqual(Reused, await File.ReadAllBytesAsync(Path.Combine(fixture.VersionFolder("New", "1.0.0"), "bin", "Reused.dll")));
        Assert.IsTrue(File.Exists(fixture.BlobPath(Reused)), "the version uses it: it is in the store");
        fixture.AssertEveryReferencedBlobIsStored();
        await fixture.CollectAsync();
        Assert.IsTrue(File.Exists(fixture.BlobPath(Reused)), "and the next collection keeps it");
        fixture.AssertEveryReferencedBlobIsStored();
        Assert.IsFalse(Directory.Exists(Path.Combine(fixture.DataDirectory, "blobs", ".pins")) && Directory.EnumerateFileSystemEntries(Path.Combine(fixture.DataDirectory, "blobs", ".pins")).Any(), "no pin is left");
    }

    [TestMethod]
    public async Task A_collection_while_the_publish_holds_the_blob_takes_it_from_the_store_and_the_publish_puts_it_back()
    {
        var (fixture, gate) = await StartWithAnOrphanAsync(PublishCheckpoint.BeforeDeploy);
        await using (fixture)
        {
            using var publish = await fixture.StartPublishAsync(await fixture.UploadAsync(Xif("New", "1.0.0", withReused: true)));
            await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30)); // stored (found, pinned), not deployed, not committed

            await fixture.CollectAsync();
            Assert.IsFalse(File.Exists(fixture.BlobPath(Reused)), "unreferenced and older than the collection: it went from the store (the pin holds it)");

            gate.Release();
            await AssertNewIsDeployedWithTheReusedBlobAsync(fixture, await fixture.WaitAsync(publish.Headers.Location!.OriginalString));
        }
    }

    [TestMethod]
    public async Task A_publish_that_commits_between_the_collection_s_mark_and_its_sweep_keeps_the_blob()
    {
        var (fixture, _) = await StartWithAnOrphanAsync();
        await using (fixture)
        {
            var marked = new Gate();
            var collection = fixture.CollectAsync(checkpoint: (point, ct) => point == SweepCheckpoint.AfterMark ? marked.HoldAsync(ct) : Task.CompletedTask);
            await marked.Reached.WaitAsync(TimeSpan.FromSeconds(30)); // the mark says: unreferenced

            var result = await fixture.PublishAsync(Xif("New", "1.0.0", withReused: true));
            marked.Release();
            await collection;
            Assert.IsTrue(File.Exists(fixture.BlobPath(Reused)), "used since the collection began: not taken");
            await AssertNewIsDeployedWithTheReusedBlobAsync(fixture, result);
        }
    }

    [TestMethod]
    public async Task A_publish_that_runs_while_the_blob_is_in_the_collection_s_trash_stores_it_again_and_the_collection_keeps_it()
    {
        var (fixture, _) = await StartWithAnOrphanAsync();
        await using (fixture)
        {
            var moved = new Gate();
            var collection = fixture.CollectAsync(checkpoint: (point, ct) => point == SweepCheckpoint.AfterMoveToTrash ? moved.HoldAsync(ct) : Task.CompletedTask);
            await moved.Reached.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.IsFalse(File.Exists(fixture.BlobPath(Reused)), "moved aside: no publish finds it under its name");

            var result = await fixture.PublishAsync(Xif("New", "1.0.0", withReused: true));
            moved.Release();
            await collection;
            Assert.IsTrue(File.Exists(fixture.BlobPath(Reused)), "referenced by the time the collection marks again: kept");
            Assert.AreEqual(0, Directory.GetFileSystemEntries(Path.Combine(fixture.DataDirectory, "blobs", ".trash")).Length, "the trash copy is gone");
            await AssertNewIsDeployedWithTheReusedBlobAsync(fixture, result);
        }
    }

    [TestMethod]
    public async Task A_publish_held_after_its_switch_keeps_its_blob_through_a_collection()
    {
        var (fixture, gate) = await StartWithAnOrphanAsync(PublishCheckpoint.AfterSwitch);
        await using (fixture)
        {
            using var publish = await fixture.StartPublishAsync(await fixture.UploadAsync(Xif("New", "1.0.0", withReused: true)));
            await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
            await fixture.CollectAsync();
            Assert.IsTrue(File.Exists(fixture.BlobPath(Reused)), "committed: referenced");
            gate.Release();
            await AssertNewIsDeployedWithTheReusedBlobAsync(fixture, await fixture.WaitAsync(publish.Headers.Location!.OriginalString));
        }
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task Collections_running_without_pause_beside_publishes_that_drop_and_reuse_a_blob_lose_nothing()
    {
        await using var fixture = await ServerFixture.StartAsync(o => o.Retention = new RetentionOptions { BlobGracePeriod = TimeSpan.Zero, KeepVersions = 2 });
        using var stop = new CancellationTokenSource();
        var collections = 0;
        var removed = 0;
        var collector = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                removed += (await fixture.CollectAsync()).Blobs;
                collections++;
            }
        });

        // Every third version ships the reused blob: with KeepVersions 2 it is unreferenced in between
        // (the retention deletes the last version that used it), and the next such version reuses it
        // while collections run. A second extension publishes beside it all along.
        for (var i = 0; i < 12; i++)
        {
            var version = $"1.{i}.0";
            var results = await Task.WhenAll(
                fixture.PublishAsync(Xif("Flip", version, withReused: i % 3 == 0)),
                fixture.PublishAsync(Xif("Steady", version, withReused: true)));
            Assert.IsTrue(results.All(static r => r.State == "succeeded"), string.Join(Environment.NewLine, results.Select(static r => r.ToString())));
            var folder = fixture.VersionFolder("Flip", version);
            if (i % 3 == 0)
            {
                CollectionAssert.AreEqual(Reused, await File.ReadAllBytesAsync(Path.Combine(folder, "bin", "Reused.dll")), version);
            }

            fixture.AssertEveryReferencedBlobIsStored();
        }

        await stop.CancelAsync();
        await collector;
        Assert.IsTrue(collections >= 12, $"{collections} collections ran beside the publishes");
        Assert.IsTrue(removed > 0, "and they did remove what the retention left behind");
        fixture.AssertEveryReferencedBlobIsStored();
    }

    /// <summary>Holds whoever awaits <see cref="HoldAsync"/> until <see cref="Release"/>; <see cref="Reached"/> says someone is held.</summary>
    private sealed class Gate
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public async Task HoldAsync(CancellationToken ct)
        {
            _reached.TrySetResult();
            await _release.Task.WaitAsync(ct);
        }

        public void Release() => _release.TrySetResult();
    }
}
