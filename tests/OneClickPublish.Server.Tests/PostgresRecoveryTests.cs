using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// Nodes sharing one PostgreSQL database and data folder, where they can get in each other's way: the
/// same version published on two nodes at once with only the database's unique index between them, a
/// node's start that must leave another node's running publish alone, a node stopped mid-publish and
/// started again, a rollback on one node seen by the other, a deletion whose commit fails after its
/// folder was moved aside. Each test has a database of its own in the run's cluster (<see cref="SharedPostgres"/>).
/// </summary>
[TestClass]
public sealed class PostgresRecoveryTests
{
    private static byte[] Xif(string name, string version) =>
        new TestXif(name, version).Add($"bin/{name}.dll", Encoding.UTF8.GetBytes(name + version)).Build();

    [TestMethod]
    public async Task The_same_version_published_on_two_nodes_at_once_is_published_once_even_with_only_the_unique_index_between_them()
    {
        // The nodes' per-extension lock is an advisory lock; here a function of the database's own
        // schema, searched before PostgreSQL's, takes its name and does nothing (as if the nodes did not
        // agree on it), and each new operation's insert waits 2 s inside its transaction: the second
        // node checks while the first one's row is not committed yet, and only the unique index of
        // unfinished operations is left to stop it.
        var database = SharedPostgres.CreateDatabase("CREATE FUNCTION public.pg_advisory_xact_lock(integer, integer) RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$")
            + ";Search Path=public,pg_catalog";
        var shared = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        var hold = new PublishHold("Raced");
        await using var nodeA = await StartNodeAAsync(database, shared, hold);
        await using var nodeB = await StartNodeBAsync(nodeA);
        await ExecuteAsync(database, """
            CREATE FUNCTION public.slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(2); RETURN NEW; END $$;
            CREATE TRIGGER slow_insert AFTER INSERT ON operations FOR EACH ROW EXECUTE FUNCTION public.slow_insert();
            """);
        var xif = Xif("Raced", "1.0.0");
        var uploadA = await nodeA.UploadAsync(xif);
        var uploadB = await nodeB.UploadAsync(xif);

        var first = nodeA.StartPublishAsync(uploadA);
        await WaitUntilAsync(database, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'");
        var racing = nodeB.StartPublishAsync(uploadB);
        // The second node's insert waits on the first one's row in the unique index: its check saw nothing.
        await WaitUntilAsync(database, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO operations%'");
        using var second = await racing;
        using var accepted = await first;

        Assert.AreEqual(HttpStatusCode.Accepted, accepted.StatusCode, await accepted.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.Conflict, second.StatusCode, await second.Content.ReadAsStringAsync());
        var refusal = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual("OCP5103", refusal.GetProperty("code").GetString());
        var winner = accepted.Headers.Location!.OriginalString.Split('/')[^1];
        StringAssert.Contains(refusal.GetProperty("detail").GetString(), $"(operation {winner})", "the refusal names the publish that won");
        hold.Release();
        Assert.AreEqual("succeeded", (await nodeB.WaitAsync(accepted.Headers.Location!.OriginalString)).State);

        Assert.AreEqual(1L, await ScalarAsync(database, "SELECT COUNT(*) FROM operations"), "the refused publish left no operation");
        Assert.AreEqual(1L, await ScalarAsync(database, "SELECT COUNT(*) FROM versions"));
        Assert.AreEqual(1L, await ScalarAsync(database, "SELECT COUNT(*) FROM history"));
        Assert.AreEqual(0L, await ScalarAsync(database, "SELECT COUNT(*) FROM operation_log WHERE operation_id <> (SELECT id FROM operations)"));
        CollectionAssert.AreEqual(new[] { "1.0.0" }, Directory.GetDirectories(Path.Combine(shared, "deployments", "Raced")).Select(Path.GetFileName).ToArray());
    }

    [TestMethod]
    public async Task A_node_s_start_leaves_the_publish_running_on_another_node_alone()
    {
        var database = SharedPostgres.CreateDatabase();
        var shared = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        var hold = new PublishHold("Busy", PublishCheckpoint.BeforeActivate);
        await using var nodeA = await StartNodeAAsync(database, shared, hold);
        await using var nodeB = await StartNodeBAsync(nodeA);
        var statusUrl = await hold.StartAsync(nodeA);
        var building = Directory.GetDirectories(Path.Combine(shared, "deployments", "Busy"));
        Assert.AreEqual(1, building.Length, "node A's folder of the version is built, not yet active");

        await nodeB.RestartAsync();

        var status = await nodeB.GetJsonAsync(statusUrl);
        Assert.AreEqual("running", status.GetProperty("state").GetString(), "node B does not fail node A's publish");
        Assert.IsTrue(Directory.Exists(building[0]), "nor remove the folder node A is building");
        hold.Release();
        var result = await nodeA.WaitAsync(statusUrl);
        Assert.AreEqual("succeeded", result.State, result.ToString());
        Assert.IsFalse(result.Codes("error").Any(), result.ToString());
        Assert.AreEqual("1.0.0", (await nodeB.GetJsonAsync("/api/v1/extensions/Busy")).GetProperty("activeVersion").GetString());
        Assert.IsTrue(File.Exists(Path.Combine(nodeA.VersionFolder("Busy", "1.0.0"), "bin", "Busy.dll")));
    }

    [TestMethod]
    public async Task A_node_stopped_mid_publish_fails_it_at_its_next_start_and_the_version_can_be_published_again()
    {
        var database = SharedPostgres.CreateDatabase();
        var shared = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        var hold = new PublishHold("Stopped", PublishCheckpoint.BeforeActivate);
        await using var nodeA = await StartNodeAAsync(database, shared, hold);
        await using var nodeB = await StartNodeBAsync(nodeA);
        var statusUrl = await hold.StartAsync(nodeA);

        // Stopped with the publish held: nothing ends it but the next start of the same node.
        await nodeA.RestartAsync(static o =>
        {
            o.ConfigureServices = null; // the hold was the only service this test registered
            return o;
        });

        var result = await nodeB.WaitAsync(statusUrl);
        Assert.AreEqual("failed", result.State);
        CollectionAssert.Contains(result.Codes("error").ToList(), "OCP5120", result.ToString());
        Assert.AreEqual("Deploy", result.Final.GetProperty("stage").GetString());
        using (var none = await nodeB.Client.GetAsync(new Uri("/api/v1/extensions/Stopped", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, none.StatusCode, "no version was registered");
        }

        Assert.IsFalse(Directory.Exists(Path.Combine(shared, "deployments", "Stopped", "1.0.0")), "the half-built folder is gone");
        Assert.AreEqual(0L, await ScalarAsync(database, "SELECT COUNT(*) FROM versions"));

        var again = await nodeB.PublishAsync(Xif("Stopped", "1.0.0"));
        Assert.AreEqual("succeeded", again.State, again.ToString());
        Assert.AreEqual("1.0.0", (await nodeA.GetJsonAsync("/api/v1/extensions/Stopped")).GetProperty("activeVersion").GetString());
    }

    [TestMethod]
    public async Task A_rollback_on_one_node_is_what_the_other_node_serves_and_its_history_says_who()
    {
        var database = SharedPostgres.CreateDatabase();
        var shared = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        await using var nodeA = await StartNodeAAsync(database, shared);
        await using var nodeB = await StartNodeBAsync(nodeA);
        Assert.AreEqual("succeeded", (await nodeA.PublishAsync(Xif("Rolled", "1.0.0"))).State);
        Assert.AreEqual("succeeded", (await nodeA.PublishAsync(Xif("Rolled", "1.1.0"))).State);

        using (var rollback = await nodeB.Client.PostAsJsonAsync(new Uri("/api/v1/extensions/Rolled/rollback", UriKind.Relative), new { version = "1.0.0" }))
        {
            Assert.AreEqual(HttpStatusCode.OK, rollback.StatusCode, await rollback.Content.ReadAsStringAsync());
        }

        Assert.AreEqual("1.0.0", (await nodeA.GetJsonAsync("/api/v1/extensions/Rolled")).GetProperty("activeVersion").GetString());
        var history = await nodeA.GetJsonAsync("/api/v1/extensions/Rolled/history");
        Assert.AreEqual("rollback", history[2].GetProperty("action").GetString());
        Assert.AreEqual("1.1.0", history[2].GetProperty("previousVersion").GetString());
        using var active = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(shared, "deployments", "Rolled", "active.json")));
        Assert.AreEqual("1.0.0", active.RootElement.GetProperty("Version").GetString());

        using var unknown = await nodeA.Client.PostAsJsonAsync(new Uri("/api/v1/extensions/Rolled/rollback", UriKind.Relative), new { version = "9.0.0" });
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.AreEqual("OCP5114", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.AreEqual(3L, await ScalarAsync(database, "SELECT COUNT(*) FROM history"), "a refused rollback writes no history");
    }

    [TestMethod]
    public async Task A_deletion_whose_commit_fails_puts_the_version_s_folder_back_and_deletes_nothing()
    {
        var database = SharedPostgres.CreateDatabase();
        var shared = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        await using var node = await ServerFixture.StartAsync(o =>
        {
            o.PostgresConnectionString = database;
            o.NodeName = "node-a";
        }, shared);
        Assert.AreEqual("succeeded", (await node.PublishAsync(Xif("Kept", "1.0.0"))).State);
        Assert.AreEqual("succeeded", (await node.PublishAsync(Xif("Kept", "1.1.0"))).State);
        // A check the database makes only at the commit, after the folder was moved aside under the lock.
        await ExecuteAsync(database, """
            CREATE FUNCTION public.refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused at commit'; END $$;
            CREATE CONSTRAINT TRIGGER refuse_delete AFTER DELETE ON versions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.refuse_delete();
            """);
        using var admin = await node.ClientWithScopeAsync(Security.ApiKeyScope.Admin, "ops");

        using (var failed = await admin.DeleteVersionAsync("Kept", "1.0.0"))
        {
            Assert.AreEqual(HttpStatusCode.InternalServerError, failed.StatusCode);
            Assert.AreEqual("OCP5122", (await failed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }

        Assert.IsTrue(File.Exists(Path.Combine(node.VersionFolder("Kept", "1.0.0"), "bin", "Kept.dll")), "the folder is back where it was");
        CollectionAssert.AreEquivalent(new[] { "1.0.0", "1.1.0" }, Directory.GetDirectories(Path.Combine(shared, "deployments", "Kept")).Select(Path.GetFileName).ToArray(), "nothing is left aside");
        Assert.AreEqual(2L, await ScalarAsync(database, "SELECT COUNT(*) FROM versions"));
        Assert.AreEqual(0L, await ScalarAsync(database, "SELECT COUNT(*) FROM history WHERE action = 'delete'"));
    }

    /// <summary>The first node on the test's database and shared data folder, with the publish hold when the test has one.</summary>
    private static Task<ServerFixture> StartNodeAAsync(string database, string shared, PublishHold? hold = null) =>
        ServerFixture.StartAsync(o =>
        {
            o.PostgresConnectionString = database;
            o.NodeName = "node-a";
            hold?.Configure(o);
        }, shared);

    private static Task<ServerFixture> StartNodeBAsync(ServerFixture nodeA) =>
        ServerFixture.StartWithKeyAsync(new PlatformServerOptions
        {
            DataDirectory = nodeA.DataDirectory,
            PostgresConnectionString = nodeA.Options.PostgresConnectionString,
            NodeName = "node-b",
        }, nodeA.Key);

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilAsync(string connectionString, string countSql)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await ScalarAsync(connectionString, countSql) == 0)
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, $"nothing in the database came to: {countSql}");
            await Task.Delay(20);
        }
    }
}
