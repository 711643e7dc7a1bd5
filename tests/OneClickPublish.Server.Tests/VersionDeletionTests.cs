using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>DELETE /api/v1/extensions/{name}/versions/{version} against a real server.</summary>
[TestClass]
public sealed class VersionDeletionTests
{
    private static readonly byte[] Shared = Encoding.UTF8.GetBytes(new string('s', 4000));

    private static byte[] Xif(string name, string version) =>
        new TestXif(name, version)
            .Add("bin/Shared.dll", Shared)
            .Add($"bin/{name}.dll", Encoding.UTF8.GetBytes($"{name} {version}"))
            .Build();

    private static async Task<ServerFixture> WithVersionsAsync(params string[] versions)
    {
        var fixture = await ServerFixture.StartAsync();
        foreach (var version in versions)
        {
            var result = await fixture.PublishAsync(Xif("Hello", version));
            Assert.AreEqual("succeeded", result.State, result.ToString());
        }

        return fixture;
    }

    [TestMethod]
    public async Task Admin_deletes_a_version_its_rows_and_folder_and_history_says_who()
    {
        await using var fixture = await WithVersionsAsync("1.0.0", "1.1.0");
        using var admin = await fixture.ClientWithScopeAsync(ApiKeyScope.Admin, "ops");
        var filesBefore = fixture.CountRows("version_files");

        using var response = await admin.DeleteVersionAsync("hello", "1.0.0"); // the name ignoring case
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        var state = JsonDocument.Parse(text).RootElement;
        Assert.AreEqual("Hello", state.GetProperty("name").GetString());
        Assert.AreEqual("1.1.0", state.GetProperty("activeVersion").GetString());
        CollectionAssert.AreEqual(new[] { "1.1.0" }, state.GetProperty("versions").EnumerateArray().Select(static v => v.GetProperty("version").GetString()).ToList());

        Assert.AreEqual(1L, fixture.CountRows("versions"));
        Assert.AreEqual(filesBefore / 2, fixture.CountRows("version_files"), "the deleted version's file rows go with it");
        Assert.IsFalse(Directory.Exists(fixture.VersionFolder("Hello", "1.0.0")));
        Assert.IsTrue(Directory.Exists(fixture.VersionFolder("Hello", "1.1.0")));
        Assert.AreEqual(0, Directory.GetDirectories(Path.Combine(fixture.DataDirectory, "deployments", "Hello"), ".deleted-*").Length, "the folder moved aside is removed");
        Assert.IsTrue(File.Exists(fixture.BlobPath(Shared)), "blobs stay until a collection");

        var history = await fixture.GetJsonAsync("/api/v1/extensions/Hello/history");
        var last = history[history.GetArrayLength() - 1];
        Assert.AreEqual("delete", last.GetProperty("action").GetString());
        Assert.AreEqual("1.0.0", last.GetProperty("version").GetString());
        Assert.AreEqual("ops", last.GetProperty("by").GetString());
        Assert.IsFalse(last.TryGetProperty("previousVersion", out _), "a delete line has no previous version");

        using var again = await admin.DeleteVersionAsync("Hello", "1.0.0");
        await ProblemDetailsTests.AssertProblemAsync(again, HttpStatusCode.NotFound, "OCP5114", "deleted already");
    }

    [TestMethod]
    public async Task Refusals_are_coded_and_change_nothing()
    {
        await using var fixture = await WithVersionsAsync("1.0.0", "1.1.0");
        using var admin = await fixture.ClientWithScopeAsync(ApiKeyScope.Admin, "ops");
        using var anonymous = fixture.NewClient(key: null);
        var files = fixture.SnapshotFiles();
        var rows = new[] { "versions", "version_files", "history", "extensions" }.Select(fixture.CountRows).ToList();

        var cases = new (string What, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Status, string Code)[]
        {
            ("the active version", () => admin.DeleteVersionAsync("Hello", "1.1.0"), HttpStatusCode.Conflict, "OCP5260"),
            ("unknown extension", () => admin.DeleteVersionAsync("Nothing", "1.0.0"), HttpStatusCode.NotFound, "OCP5113"),
            ("unknown version", () => admin.DeleteVersionAsync("Hello", "9.9.9"), HttpStatusCode.NotFound, "OCP5114"),
            ("invalid name", () => admin.DeleteVersionAsync("1Hello", "1.0.0"), HttpStatusCode.BadRequest, "OCP5105"),
            ("invalid version", () => admin.DeleteVersionAsync("Hello", "one"), HttpStatusCode.BadRequest, "OCP5106"),
            ("a publish key", () => fixture.Client.DeleteVersionAsync("Hello", "1.0.0"), HttpStatusCode.Forbidden, "OCP5102"),
            ("no key", () => anonymous.DeleteVersionAsync("Hello", "1.0.0"), HttpStatusCode.Unauthorized, "OCP5100"),
        };
        foreach (var (what, send, status, code) in cases)
        {
            using var response = await send();
            await ProblemDetailsTests.AssertProblemAsync(response, status, code, what);
        }

        CollectionAssert.AreEqual(files, fixture.SnapshotFiles(), "no file changed");
        CollectionAssert.AreEqual(rows, new[] { "versions", "version_files", "history", "extensions" }.Select(fixture.CountRows).ToList(), "no row changed");
        Assert.AreEqual("1.1.0", (await fixture.GetJsonAsync("/api/v1/extensions/Hello")).GetProperty("activeVersion").GetString());
    }

    [TestMethod]
    public async Task A_deleted_version_can_be_published_again_into_a_fresh_folder()
    {
        await using var fixture = await WithVersionsAsync("1.0.0", "1.1.0");
        using var admin = await fixture.ClientWithScopeAsync(ApiKeyScope.Admin, "ops");
        using (var rollback = await fixture.Client.PostAsJsonAsync("/api/v1/extensions/Hello/rollback", new { version = "1.0.0" }))
        {
            Assert.AreEqual(HttpStatusCode.OK, rollback.StatusCode);
        }

        using (var deleted = await admin.DeleteVersionAsync("Hello", "1.1.0"))
        {
            Assert.AreEqual(HttpStatusCode.OK, deleted.StatusCode, await deleted.Content.ReadAsStringAsync());
        }

        var again = new TestXif("Hello", "1.1.0").Add("bin/Shared.dll", Shared).Add("bin/Hello.dll", "rebuilt").Build();
        var result = await fixture.PublishAsync(again);
        Assert.AreEqual("succeeded", result.State, result.ToString());
        Assert.AreEqual("rebuilt", await File.ReadAllTextAsync(Path.Combine(fixture.VersionFolder("Hello", "1.1.0"), "bin", "Hello.dll")));
    }
}
