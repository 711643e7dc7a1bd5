using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OneClickPublish.Tests;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// Fixtures/SchemaV1: a data folder made by the server before schema versions (see its README), its
/// plain keys and operation ids, and the same data as a PostgreSQL script; and what must be found in
/// it once a newer server has opened it.
/// </summary>
internal static class SchemaV1Folder
{
    public static string Root { get; } = Path.Combine(TestRepository.Root, "tests", "OneClickPublish.Server.Tests", "Fixtures", "SchemaV1");

    /// <summary>The PostgreSQL database that server left: its CREATE statements and the fixture's rows.</summary>
    public static string PostgresScript => File.ReadAllText(Path.Combine(Root, "postgres-v1.sql"));

    /// <summary>A copy of the data folder in a new temporary folder (never the fixture itself: a server writes to it).</summary>
    public static string CopyData()
    {
        var target = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        var source = Path.Combine(Root, "data");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    /// <summary>The plain key of one of the fixture's keys: initial (publish), reader (read), boss (admin).</summary>
    public static string Key(string name) => Value("keys.txt", name);

    /// <summary>The id of one of the fixture's operations: failed (Geo 1.2.0, OCP5111), maps (Maps 2.0.0).</summary>
    public static string Operation(string name) => Value("operations.txt", name);

    private static string Value(string file, string name) =>
        File.ReadAllLines(Path.Combine(Root, file)).Select(static l => l.Split(' ', 2)).Single(p => p[0] == name)[1].Trim();

    /// <summary>Everything the old server wrote is there and usable through the new one, its keys included.</summary>
    public static async Task AssertEverythingIsThereAsync(ServerFixture server)
    {
        var extensions = await server.GetJsonAsync("/api/v1/extensions");
        CollectionAssert.AreEqual(
            new[] { "Geo 1.0.0 [1.0.0, 1.1.0]", "Maps 2.0.0 [2.0.0]" },
            extensions.EnumerateArray().Select(static e =>
                $"{e.GetProperty("name").GetString()} {e.GetProperty("activeVersion").GetString()} [{string.Join(", ", e.GetProperty("versions").EnumerateArray().Select(static v => v.GetString()))}]").ToList());

        var geo = await server.GetJsonAsync("/api/v1/extensions/Geo");
        foreach (var version in geo.GetProperty("versions").EnumerateArray())
        {
            // Recorded under the folder the old server ran in; found under this server's own.
            var path = version.GetProperty("deploymentPath").GetString()!;
            Assert.AreEqual(Path.Combine(server.DataDirectory, "deployments", "Geo", version.GetProperty("version").GetString()!), path);
            Assert.IsTrue(File.Exists(Path.Combine(path, "bin", "Shared.dll")), path);
            Assert.AreEqual("initial", version.GetProperty("publishedBy").GetString());
        }

        var history = await server.GetJsonAsync("/api/v1/extensions/Geo/history");
        CollectionAssert.AreEqual(
            new[] { "publish 1.0.0 from - by initial", "publish 1.1.0 from 1.0.0 by initial", "rollback 1.0.0 from 1.1.0 by initial" },
            history.EnumerateArray().Select(static h =>
                $"{h.GetProperty("action").GetString()} {h.GetProperty("version").GetString()} from {(h.TryGetProperty("previousVersion", out var p) ? p.GetString() : "-")} by {h.GetProperty("by").GetString()}").ToList());

        var failed = await server.GetJsonAsync($"/api/v1/operations/{Operation("failed")}");
        Assert.AreEqual("failed", failed.GetProperty("state").GetString());
        var errors = failed.GetProperty("log").EnumerateArray().Where(static l => l.GetProperty("kind").GetString() == "error").Select(static l => l.GetProperty("code").GetString()).ToList();
        Assert.IsTrue(errors.Count > 0 && errors.All(static c => c == "OCP5111"), string.Join(", ", errors));
        var maps = await server.GetJsonAsync($"/api/v1/operations/{Operation("maps")}");
        Assert.AreEqual("succeeded", maps.GetProperty("state").GetString());
        Assert.AreEqual(Path.Combine(server.DataDirectory, "deployments", "Maps", "2.0.0"), maps.GetProperty("deploymentPath").GetString());

        // The old keys, upgraded: each for every extension, with its old scope; the revoked one stays revoked.
        using (var boss = server.NewClient(Key("boss")))
        {
            var keys = await boss.GetFromJsonAsync<JsonElement>("/api/v1/keys");
            CollectionAssert.AreEqual(
                new[] { "initial publish * -", "reader read * -", "boss admin * -", "old-ci publish * revoked" },
                keys.EnumerateArray().Select(static k =>
                    $"{k.GetProperty("name").GetString()} {k.GetProperty("scope").GetString()} {string.Join(",", k.GetProperty("extensions").EnumerateArray().Select(static e => e.GetString()))} {(k.TryGetProperty("revokedAt", out _) ? "revoked" : "-")}").ToList());
        }

        using (var reader = server.NewClient(Key("reader")))
        {
            Assert.AreEqual(HttpStatusCode.OK, (await reader.GetAsync(new Uri("/api/v1/extensions", UriKind.Relative))).StatusCode);
            using var refused = await reader.PostAsJsonAsync("/api/v1/extensions/Geo/rollback", new { version = "1.1.0" });
            Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode, "read stays read");
        }

        // Still a working server: a rollback finds the old version's folder, a publish goes on from the active version.
        using (var rollback = await server.Client.PostAsJsonAsync("/api/v1/extensions/Geo/rollback", new { version = "1.1.0" }))
        {
            Assert.AreEqual(HttpStatusCode.OK, rollback.StatusCode, await rollback.Content.ReadAsStringAsync());
        }

        var next = new TestXif("Geo", "1.2.0", Definitions.Simple("Geo", "1.2.0", Definitions.DefaultActions + """
                <Action Name="Distance" Key="act-distance" Description="Kilometres.">
                  <Output Name="Km" DataType="Decimal" Description="The distance." />
                </Action>
                <Action Name="Area" Key="act-area" Description="Square kilometres.">
                  <Output Name="Km2" DataType="Decimal" Description="The area." />
                </Action>
            """)).Add("bin/Geo.dll", "Geo 1.2.0").Add("bin/Shared.dll", Encoding.UTF8.GetBytes("shared library bytes")).Build();
        var published = await server.PublishAsync(next);
        Assert.AreEqual("succeeded", published.State, published.ToString());
        StringAssert.Contains(published.ToString(), "1 already stored", "the old blob store is the one in use");
        using var active = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(server.DataDirectory, "deployments", "Geo", "active.json")));
        Assert.AreEqual("1.2.0", active.RootElement.GetProperty("Version").GetString());
    }
}
