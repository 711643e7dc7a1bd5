using Npgsql;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The metadata schema's versions with PostgreSQL: an empty database and one the server before schema
/// versions made (Fixtures/SchemaV1/postgres-v1.sql) are brought to the latest version once, also by
/// nodes starting at the same time; a database of a newer server is refused. Each test has a database
/// of its own in the run's throw-away cluster (<see cref="SharedPostgres"/>). Needs Debian's PostgreSQL packages, as <see cref="PostgresTests"/>.
/// </summary>
[TestClass]
public sealed class PostgresSchemaTests
{

    [TestMethod]
    public async Task An_empty_database_gets_every_step_once_when_nodes_open_it_at_the_same_time()
    {
        var database = await CreateDatabaseAsync();
        var data = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));

        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ApiKeyStore.OpenAsync(data, database))));
        foreach (var store in opened)
        {
            store.Dispose();
        }

        var versions = await SchemaVersionsAsync(database);
        CollectionAssert.AreEqual(SchemaMigrations.All.Select(static m => m.Version).ToList(), versions.Select(static v => v.Version).ToList());
        CollectionAssert.AreEqual(SchemaMigrations.All.Select(static m => m.Description).ToList(), versions.Select(static v => v.Description).ToList());

        // Two nodes starting at once on it: one makes the first key, both start.
        var nodes = await Task.WhenAll(
            Task.Run(() => PlatformServer.StartAsync(new PlatformServerOptions { DataDirectory = data, PostgresConnectionString = database, NodeName = "a" })),
            Task.Run(() => PlatformServer.StartAsync(new PlatformServerOptions { DataDirectory = data, PostgresConnectionString = database, NodeName = "b" })));
        Assert.AreEqual(1, nodes.Count(static n => n.InitialApiKey is not null), "one first key, shown by the node that made it");
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        SchemaUpgradeTests.Delete(data);
    }

    [TestMethod]
    public async Task A_database_made_before_schema_versions_is_upgraded_once_by_nodes_starting_at_once_with_everything_in_it()
    {
        var database = await CreateDatabaseAsync(SchemaV1Folder.PostgresScript);
        var data = SchemaV1Folder.CopyData();
        File.Delete(Path.Combine(data, "metadata.db")); // The metadata is in PostgreSQL; the folder holds blobs and deployments.
        var key = SchemaV1Folder.Key("initial");

        var nodes = await Task.WhenAll(
            Task.Run(() => ServerFixture.StartWithKeyAsync(new PlatformServerOptions { DataDirectory = data, PostgresConnectionString = database, NodeName = "a" }, key)),
            Task.Run(() => ServerFixture.StartWithKeyAsync(new PlatformServerOptions { DataDirectory = data, PostgresConnectionString = database, NodeName = "b" }, key)));
        try
        {
            await SchemaV1Folder.AssertEverythingIsThereAsync(nodes[0]);
            Assert.AreEqual("1.2.0", (await nodes[1].GetJsonAsync("/api/v1/extensions/Geo")).GetProperty("activeVersion").GetString(), "the other node sees it");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }

        var versions = await SchemaVersionsAsync(database);
        CollectionAssert.AreEqual(Enumerable.Range(1, SchemaMigrations.Latest).ToList(), versions.Select(static v => v.Version).ToList());
        Assert.AreEqual("made before schema versions, recognised as it is", versions[0].Description);
        Assert.IsFalse(File.Exists(Path.Combine(data, "metadata.db")));
        SchemaUpgradeTests.Delete(data);
    }

    [TestMethod]
    public async Task A_database_of_a_newer_server_is_refused_and_nothing_is_created_in_it()
    {
        var newer = SchemaMigrations.Latest + 1;
        var database = await CreateDatabaseAsync(SchemaMigrations.CreateVersionTable + ";" +
            $"INSERT INTO schema_version (version, description, applied_at, applied_by) VALUES ({newer}, 'from the future', '2030-01-01T00:00:00.0000000Z', 'a newer server')");
        var data = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));

        var refused = await Assert.ThrowsExactlyAsync<DiagnosticException>(() =>
            PlatformServer.StartAsync(new PlatformServerOptions { DataDirectory = data, PostgresConnectionString = database }));
        Assert.AreEqual("OCP5240", refused.Diagnostic.Code);
        Assert.AreEqual(0L, await ScalarAsync(database, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'api_keys'"));
        Assert.AreEqual(1L, await ScalarAsync(database, "SELECT COUNT(*) FROM schema_version"));
        SchemaUpgradeTests.Delete(data);
    }

    /// <summary>A new database of the test's own in the run's cluster (with <paramref name="script"/> run in it); its connection string.</summary>
    private static Task<string> CreateDatabaseAsync(string? script = null) => Task.FromResult(SharedPostgres.CreateDatabase(script));

    private static async Task<List<(int Version, string Description)>> SchemaVersionsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version, description FROM schema_version ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return rows;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
