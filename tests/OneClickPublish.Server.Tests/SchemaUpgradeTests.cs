using Microsoft.Data.Sqlite;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

/// <summary>
/// The metadata schema's versions with SQLite: a data folder made by the server before schema versions
/// (Fixtures/SchemaV1) opens with everything in it; a new one starts at the latest version; a database
/// of a newer server is refused untouched; two servers starting at once upgrade it once.
/// </summary>
[TestClass]
public sealed class SchemaUpgradeTests
{
    [TestMethod]
    public async Task A_data_folder_made_before_schema_versions_opens_with_everything_in_it()
    {
        var data = SchemaV1Folder.CopyData();
        Assert.IsFalse(TableExists(data, "schema_version"), "the fixture is from before schema versions");

        await using (var server = await ServerFixture.StartWithKeyAsync(new PlatformServerOptions { DataDirectory = data }, SchemaV1Folder.Key("initial")))
        {
            await SchemaV1Folder.AssertEverythingIsThereAsync(server);
        }

        var versions = SchemaVersions(data);
        CollectionAssert.AreEqual(Enumerable.Range(1, SchemaMigrations.Latest).ToList(), versions.Select(static v => v.Version).ToList());
        Assert.AreEqual("made before schema versions, recognised as it is", versions[0].Description);

        // The next start has nothing to do.
        await using (var again = await ServerFixture.StartWithKeyAsync(new PlatformServerOptions { DataDirectory = data }, SchemaV1Folder.Key("initial")))
        {
            Assert.AreEqual(2, (await again.GetJsonAsync("/api/v1/extensions")).GetArrayLength());
        }

        Assert.AreEqual(versions.Count, SchemaVersions(data).Count);
        Delete(data);
    }

    [TestMethod]
    public async Task A_new_data_folder_starts_at_the_latest_version_with_every_step_recorded()
    {
        await using var fixture = await ServerFixture.StartAsync();
        var versions = SchemaVersions(fixture.DataDirectory);
        CollectionAssert.AreEqual(SchemaMigrations.All.Select(static m => m.Version).ToList(), versions.Select(static v => v.Version).ToList());
        CollectionAssert.AreEqual(SchemaMigrations.All.Select(static m => m.Description).ToList(), versions.Select(static v => v.Description).ToList());
    }

    [TestMethod]
    public async Task A_database_of_a_newer_server_is_refused_before_anything_is_written_to_it()
    {
        var data = Path.Combine(Path.GetTempPath(), "ocp-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var newer = SchemaMigrations.Latest + 1;
        Execute(data, SchemaMigrations.CreateVersionTable,
            $"INSERT INTO schema_version (version, description, applied_at, applied_by) VALUES ({newer}, 'from the future', '2030-01-01T00:00:00.0000000Z', 'a newer server')");

        var refused = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => PlatformServer.StartAsync(new PlatformServerOptions { DataDirectory = data }));
        Assert.AreEqual("OCP5240", refused.Diagnostic.Code);
        StringAssert.Contains(refused.Message, $"schema version {newer}, newer than the version {SchemaMigrations.Latest} this server");

        // Neither the server nor the key commands (same store) wrote anything: no table, no first key.
        SqliteConnection.ClearAllPools();
        var keys = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => ApiKeyStore.OpenAsync(data));
        Assert.AreEqual("OCP5240", keys.Diagnostic.Code);
        Assert.IsFalse(TableExists(data, "api_keys"), "nothing of the schema the server knows was created in the newer database");
        Assert.AreEqual(1, SchemaVersions(data).Count);
        Assert.AreEqual(0, Directory.GetDirectories(data).Length, "no folder of the server (blobs, uploads, deployments) was created either");
        Delete(data);
    }

    [TestMethod]
    public async Task A_step_the_database_refuses_changes_nothing_and_the_next_start_goes_on_from_it()
    {
        var data = SchemaV1Folder.CopyData();
        // A column added by hand where step 2 adds it: the database refuses the step.
        Execute(data, "ALTER TABLE api_keys ADD COLUMN extensions TEXT NULL");

        var failed = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => PlatformServer.StartAsync(new PlatformServerOptions { DataDirectory = data }));
        Assert.AreEqual("OCP5241", failed.Diagnostic.Code);
        StringAssert.Contains(failed.Message, "Upgrading the metadata schema to version 2 (the extensions an API key may use) failed: SQLite Error 1: 'duplicate column name: extensions'; the database stays at version 1");
        SqliteConnection.ClearAllPools();
        CollectionAssert.AreEqual(new[] { 1 }, SchemaVersions(data).Select(static v => v.Version).ToList(), "step 1 (recognised) is kept, step 2 is not recorded");

        Execute(data, "ALTER TABLE api_keys DROP COLUMN extensions");
        await using (var server = await ServerFixture.StartWithKeyAsync(new PlatformServerOptions { DataDirectory = data }, SchemaV1Folder.Key("initial")))
        {
            Assert.AreEqual(2, (await server.GetJsonAsync("/api/v1/extensions")).GetArrayLength());
        }

        CollectionAssert.AreEqual(Enumerable.Range(1, SchemaMigrations.Latest).ToList(), SchemaVersions(data).Select(static v => v.Version).ToList());
        Delete(data);
    }

    [TestMethod]
    public async Task Two_stores_opening_one_old_folder_at_once_upgrade_it_once()
    {
        var data = SchemaV1Folder.CopyData();
        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ApiKeyStore.OpenAsync(data))));
        foreach (var store in opened)
        {
            store.Dispose();
        }

        CollectionAssert.AreEqual(Enumerable.Range(1, SchemaMigrations.Latest).ToList(), SchemaVersions(data).Select(static v => v.Version).ToList());
        Delete(data);
    }

    internal static List<(int Version, string Description)> SchemaVersions(string data) =>
        Query(data, "SELECT version, description FROM schema_version ORDER BY version", static r => (r.GetInt32(0), r.GetString(1)));

    internal static bool TableExists(string data, string table) =>
        Query(data, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'", static r => r.GetInt64(0))[0] > 0;

    internal static void Execute(string data, params string[] statements)
    {
        using var connection = Open(data);
        foreach (var statement in statements)
        {
            using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Statements are constants of the tests.
            command.CommandText = statement;
#pragma warning restore CA2100
            command.ExecuteNonQuery();
        }
    }

    private static List<T> Query<T>(string data, string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = Open(data);
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Statements are constants of the tests.
        command.CommandText = sql;
#pragma warning restore CA2100
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static SqliteConnection Open(string data)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(data, "metadata.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    internal static void Delete(string data)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
