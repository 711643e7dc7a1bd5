using System.Net;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// What a publish and a start find in the data folder after a stop at any point (leftovers of a kill, a file
/// a crash cut short) and how they bring it back in line with the database, over a real server and disk.
/// </summary>
[TestClass]
public sealed class DeploymentRecoveryTests
{
    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_deploy_replaces_a_staging_folder_and_a_version_folder_left_by_an_interrupted_publish()
    {
        var hold = new PublishHold("Leftover");
        await using var fixture = await ServerFixture.StartAsync(hold.Configure);
        var statusUrl = await hold.StartAsync(fixture);
        var operationId = statusUrl.Split('/')[^1];
        // As a kill of an earlier attempt of this very operation and of this version left them: not registered, not in use.
        var extensionFolder = Path.Combine(fixture.DataDirectory, "deployments", "Leftover");
        Directory.CreateDirectory(Path.Combine(extensionFolder, ".staging-" + operationId, "bin"));
        await File.WriteAllTextAsync(Path.Combine(extensionFolder, ".staging-" + operationId, "bin", "half.dll"), "half");
        Directory.CreateDirectory(Path.Combine(extensionFolder, "1.0.0"));
        await File.WriteAllTextAsync(Path.Combine(extensionFolder, "1.0.0", "stale.txt"), "stale");
        hold.Release();

        var result = await fixture.WaitAsync(statusUrl);

        Assert.AreEqual("succeeded", result.State, result.ToString());
        var files = Directory.GetFiles(Path.Combine(extensionFolder, "1.0.0"), "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(extensionFolder, "1.0.0"), f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        CollectionAssert.AreEqual(new[] { "bin/Leftover.dll", "extension.xml" }, files, "only the version's own files");
        CollectionAssert.AreEqual(new[] { "1.0.0" }, Directory.GetDirectories(extensionFolder).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_start_cleans_every_leftover_and_rewrites_an_unreadable_active_json()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", "one").Build())).State);
        var deployments = Path.Combine(fixture.DataDirectory, "deployments");
        var uploads = Path.Combine(fixture.DataDirectory, "uploads");
        var pointer = Path.Combine(deployments, "Hello", "active.json");

        // What a crash leaves: active.json cut short, temporary files of each store, a version and a whole
        // extension no publish registered; and an upload's temporary file too recent to be swept yet.
        await File.WriteAllTextAsync(pointer, "{\"Version\":\"1.0");
        await File.WriteAllTextAsync(Path.Combine(deployments, "Hello", ".active.json.0123.tmp"), "{");
        Directory.CreateDirectory(Path.Combine(deployments, "Hello", "9.9.9"));
        Directory.CreateDirectory(Path.Combine(deployments, "Ghost", "1.0.0"));
        await File.WriteAllTextAsync(Path.Combine(deployments, "Ghost", "1.0.0", "Ghost.dll"), "ghost");
        var blobTemp = Path.Combine(fixture.DataDirectory, "blobs", ".tmp", "0123456789abcdef");
        await File.WriteAllTextAsync(blobTemp, "half a blob");
        // A collection killed after it moved a blob aside: the blob goes back; what is not a blob goes.
        var dll = File.ReadAllBytes(Path.Combine(deployments, "Hello", "1.0.0", "bin", "Hello.dll"));
        var trash = Path.Combine(fixture.DataDirectory, "blobs", ".trash", "run-1");
        Directory.CreateDirectory(trash);
        File.Move(fixture.BlobPath(dll), Path.Combine(trash, DataFolder.Sha(dll)));
        await File.WriteAllTextAsync(Path.Combine(trash, "not-a-blob"), "junk");
        var oldUploadTemp = Path.Combine(uploads, "old.tmp");
        var newUploadTemp = Path.Combine(uploads, "new.tmp");
        await File.WriteAllTextAsync(oldUploadTemp, "old");
        await File.WriteAllTextAsync(newUploadTemp, "new");
        File.SetLastWriteTimeUtc(oldUploadTemp, DateTime.UtcNow.AddDays(-2));

        await fixture.RestartAsync();

        StringAssert.Contains(File.ReadAllText(pointer), "\"1.0.0\"", "rewritten from the database");
        CollectionAssert.AreEqual(new[] { "1.0.0" }, Directory.GetDirectories(Path.Combine(deployments, "Hello")).Select(Path.GetFileName).ToArray());
        CollectionAssert.AreEqual(new[] { "active.json" }, Directory.GetFiles(Path.Combine(deployments, "Hello")).Select(Path.GetFileName).ToArray());
        Assert.IsFalse(Directory.Exists(Path.Combine(deployments, "Ghost")), "an extension nothing registered is removed");
        Assert.IsFalse(File.Exists(blobTemp));
        Assert.IsFalse(Directory.Exists(trash));
        fixture.AssertEveryReferencedBlobIsStored();
        Assert.IsFalse(File.Exists(oldUploadTemp), "older than the upload expiry");
        Assert.IsTrue(File.Exists(newUploadTemp), "a recent one may belong to a request still writing");
        Assert.IsTrue(File.Exists(Path.Combine(deployments, "Hello", "1.0.0", "bin", "Hello.dll")), "the active version is untouched");
        using var ghost = await fixture.Client.GetAsync(new Uri("/api/v1/extensions/Ghost", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, ghost.StatusCode);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task A_version_whose_folder_is_gone_is_still_deleted()
    {
        await using var fixture = await ServerFixture.StartAsync();
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", "one").Build())).State);
        Assert.AreEqual("succeeded", (await fixture.PublishAsync(new TestXif("Hello", "1.1.0").Add("bin/Hello.dll", "two").Build())).State);
        Directory.Delete(fixture.VersionFolder("Hello", "1.0.0"), recursive: true);
        using var admin = await fixture.ClientWithScopeAsync(Security.ApiKeyScope.Admin, "admin");

        using var deleted = await admin.DeleteVersionAsync("Hello", "1.0.0");

        Assert.AreEqual(HttpStatusCode.OK, deleted.StatusCode, await deleted.Content.ReadAsStringAsync());
        var versions = (await fixture.GetJsonAsync("/api/v1/extensions/Hello")).GetProperty("versions").EnumerateArray().Select(static v => v.GetProperty("version").GetString()).ToList();
        CollectionAssert.AreEqual(new[] { "1.1.0" }, versions);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task The_same_content_under_two_paths_is_stored_once_and_deployed_at_both()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var same = "the same bytes twice"u8.ToArray();

        var result = await fixture.PublishAsync(new TestXif("Hello", "1.0.0").Add("bin/Hello.dll", same).Add("bin/Copy.dll", same).Build());

        Assert.AreEqual("succeeded", result.State, result.ToString());
        CollectionAssert.AreEqual(same, File.ReadAllBytes(Path.Combine(fixture.VersionFolder("Hello", "1.0.0"), "bin", "Hello.dll")));
        CollectionAssert.AreEqual(same, File.ReadAllBytes(Path.Combine(fixture.VersionFolder("Hello", "1.0.0"), "bin", "Copy.dll")));
        Assert.IsTrue(File.Exists(fixture.BlobPath(same)));
    }
}
