using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Two server nodes sharing one PostgreSQL database and one data directory. Needs Debian's
/// PostgreSQL packages (initdb, pg_ctl); without them the test fails and says so.
/// </summary>
[TestClass]
public sealed class PostgresTests
{
    /// <summary>The class's database in the run's cluster (<see cref="SharedPostgres"/>).</summary>
    private static string _database = string.Empty;

    [ClassInitialize]
    public static void CreateDatabase(TestContext context)
    {
        _ = context;
        _database = SharedPostgres.CreateDatabase();
    }

    private static byte[] Xif(string name, string version) =>
        new TestXif(name, version).Add($"bin/{name}.dll", Encoding.UTF8.GetBytes(name + version)).Build();

    [TestMethod]
    public async Task One_publish_per_extension_holds_across_nodes_and_both_nodes_see_the_same_state()
    {
        var shared = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var nodeA = await ServerFixture.StartAsync(o =>
        {
            o.PostgresConnectionString = _database;
            o.NodeName = "node-a";
            o.Checkpoint = async (point, extension, ct) =>
            {
                if (point == PublishCheckpoint.BeforeActivate && extension == "Shared")
                {
                    held.TrySetResult();
                    await release.Task.WaitAsync(ct);
                }
            };
        }, shared);
        await using var nodeB = await StartSecondNodeAsync(shared, nodeA.Key);

        var uploadA = await nodeA.UploadAsync(Xif("Shared", "1.0.0"));
        using var started = await nodeA.StartPublishAsync(uploadA);
        Assert.AreEqual(HttpStatusCode.Accepted, started.StatusCode);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var uploadB = await nodeB.UploadAsync(Xif("Shared", "1.0.1"));
        using (var refused = await nodeB.StartPublishAsync(uploadB))
        {
            Assert.AreEqual(HttpStatusCode.Conflict, refused.StatusCode, "the other node's publish of the same extension is running");
            Assert.AreEqual("OCP5103", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        Assert.AreEqual("succeeded", (await nodeB.PublishAsync(Xif("Other", "1.0.0"))).State, "other extensions go on");

        release.SetResult();
        Assert.AreEqual("succeeded", (await nodeA.WaitAsync(started.Headers.Location!.OriginalString)).State);
        var fromB = await nodeB.GetJsonAsync("/api/v1/extensions/Shared");
        Assert.AreEqual("1.0.0", fromB.GetProperty("activeVersion").GetString());
        Assert.AreEqual("succeeded", (await nodeB.WaitAsync(started.Headers.Location!.OriginalString)).State, "operations are visible from every node");

        Assert.IsFalse(File.Exists(Path.Combine(shared, "metadata.db")), "the metadata is in PostgreSQL");
        using var keys = await ApiKeyStore.OpenAsync(shared, _database);
        Assert.AreEqual(1, (await keys.ListAsync()).Count, "the second node did not create a key of its own");
    }

    [TestMethod]
    public async Task A_long_poll_on_one_node_answers_for_a_line_written_by_another()
    {
        var database = SharedPostgres.CreateDatabase();
        var shared = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        var hold = new PublishHold("Relayed");
        await using var nodeA = await ServerFixture.StartAsync(o =>
        {
            o.PostgresConnectionString = database;
            o.NodeName = "node-a";
            hold.Configure(o);
        }, shared);
        await using var nodeB = await StartSecondNodeAsync(shared, nodeA.Key, database);
        var statusUrl = await hold.StartAsync(nodeA);
        var seen = (await nodeB.GetJsonAsync($"{statusUrl}?after=0")).GetProperty("nextAfter").GetInt64();

        // Node B has no in-process signal of node A's writes: it re-reads the database while it waits.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var poll = nodeB.Client.GetAsync(new Uri($"{statusUrl}/log?after={seen}&wait=30", UriKind.Relative));
        await Task.Delay(200);
        Assert.IsFalse(poll.IsCompleted, "nothing new yet");
        hold.Release();
        using var response = await poll;
        var elapsed = clock.Elapsed;

        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        using var body = JsonDocument.Parse(text);
        Assert.IsTrue(body.RootElement.GetProperty("log").GetArrayLength() > 0, text);
        Assert.IsTrue(elapsed < TimeSpan.FromSeconds(10), $"node B answered after {elapsed.TotalMilliseconds:0} ms of the 30 s it could wait");
    }

    [TestMethod]
    public async Task A_clean_up_on_one_node_keeps_the_blob_a_publish_on_the_other_node_reuses()
    {
        var shared = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        var connectionString = SharedPostgres.CreateDatabase();
        var reused = Encoding.UTF8.GetBytes("reused " + new string('r', 5000));
        byte[] WithReused(string name, string version) => new TestXif(name, version).Add("bin/Reused.dll", reused).Add($"bin/{name}.dll", name + version).Build();
        await using var nodeA = await ServerFixture.StartAsync(o =>
        {
            o.PostgresConnectionString = connectionString;
            o.NodeName = "node-a";
            o.Retention = new Configuration.RetentionOptions { BlobGracePeriod = TimeSpan.Zero, OperationMaxAge = TimeSpan.FromDays(1) };
        }, shared);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var nodeB = await ServerFixture.StartWithKeyAsync(new PlatformServerOptions
        {
            DataDirectory = shared,
            PostgresConnectionString = connectionString,
            NodeName = "node-b",
            Checkpoint = async (point, extension, ct) =>
            {
                if (point == PublishCheckpoint.BeforeDeploy && extension == "New")
                {
                    held.TrySetResult();
                    await release.Task.WaitAsync(ct);
                }
            },
        }, nodeA.Key);

        Assert.AreEqual("succeeded", (await nodeA.PublishAsync(WithReused("Old", "1.0.0"))).State);
        Assert.AreEqual("succeeded", (await nodeA.PublishAsync(Xif("Old", "1.1.0"))).State);
        using var admin = await nodeB.ClientWithScopeAsync(ApiKeyScope.Admin, "ops");
        using (var deleted = await admin.DeleteVersionAsync("Old", "1.0.0"))
        {
            Assert.AreEqual(HttpStatusCode.OK, deleted.StatusCode, await deleted.Content.ReadAsStringAsync());
        }

        using var publish = await nodeB.StartPublishAsync(await nodeB.UploadAsync(WithReused("New", "1.0.0")));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var report = await nodeA.Server.CleanUpAsync(CancellationToken.None);
        Assert.IsFalse(File.Exists(nodeA.BlobPath(reused)), $"unreferenced on node A's mark: taken from the store ({report.Blobs} blobs)");
        Assert.IsTrue(Directory.Exists(Path.Combine(shared, "blobs", ".pins")), "node B's publish still holds it");

        release.SetResult();
        var result = await nodeB.WaitAsync(publish.Headers.Location!.OriginalString);
        Assert.AreEqual("succeeded", result.State, result.ToString());
        CollectionAssert.AreEqual(reused, await File.ReadAllBytesAsync(Path.Combine(nodeB.VersionFolder("New", "1.0.0"), "bin", "Reused.dll")));
        Assert.IsTrue(File.Exists(nodeA.BlobPath(reused)), "put back by the publish after its commit");
        Assert.AreEqual(0, (await nodeA.Server.CleanUpAsync(CancellationToken.None)).Blobs, "referenced now, from either node");
        Assert.IsTrue(File.Exists(nodeA.BlobPath(reused)));
        Assert.AreEqual("delete", (await nodeA.GetJsonAsync("/api/v1/extensions/Old/history"))[2].GetProperty("action").GetString());
    }

    /// <summary>Node B on the data of node A (the class's database unless the test has one of its own).</summary>
    private static async Task<ServerFixture> StartSecondNodeAsync(string shared, string key, string? connectionString = null)
    {
        var options = new PlatformServerOptions { DataDirectory = shared, PostgresConnectionString = connectionString ?? _database, NodeName = "node-b" };
        return await ServerFixture.StartWithKeyAsync(options, key);
    }
}
