using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Retention;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>What the retention and collection tests look at and do beside a running server: keys, collections, blobs.</summary>
internal static class DataFolder
{
    public static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string BlobPath(this ServerFixture fixture, byte[] content) =>
        Path.Combine(fixture.DataDirectory, "blobs", Sha(content)[..2], Sha(content));

    public static string VersionFolder(this ServerFixture fixture, string name, string version) =>
        Path.Combine(fixture.DataDirectory, "deployments", name, version);

    /// <summary>A client with a key of the given scope, made on the server's own key store.</summary>
    public static async Task<HttpClient> ClientWithScopeAsync(this ServerFixture fixture, ApiKeyScope scope, string name)
    {
        using var keys = await ApiKeyStore.OpenAsync(fixture.DataDirectory, ServerConfiguration.ConnectionStringOf(fixture.Options));
        return fixture.NewClient((await keys.CreateAsync(name, scope)).Key);
    }

    public static Task<HttpResponseMessage> DeleteVersionAsync(this HttpClient client, string name, string version) =>
        client.DeleteAsync(new Uri($"/api/v1/extensions/{name}/versions/{version}", UriKind.Relative));

    /// <summary>
    /// One collection by a collector of its own on the server's data (as <c>oneclick server gc</c> runs
    /// beside a server), optionally held at its checkpoints.
    /// </summary>
    public static async Task<GarbageCollectionReport> CollectAsync(this ServerFixture fixture, bool dryRun = false, Func<SweepCheckpoint, CancellationToken, Task>? checkpoint = null)
    {
        var store = MetadataStoreFactory.Create(fixture.DataDirectory, ServerConfiguration.ConnectionStringOf(fixture.Options));
        try
        {
            await store.InitializeAsync(CancellationToken.None);
            return await GarbageCollector.Create(fixture.Options, store, fixture.DataDirectory, NullLogger.Instance, checkpoint).CollectAsync(dryRun, CancellationToken.None);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    /// <summary>Every file a version references is in the blob store with the bytes its name says (SQLite data folders).</summary>
    public static void AssertEveryReferencedBlobIsStored(this ServerFixture fixture)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.DataDirectory, "metadata.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT sha256 FROM version_files";
        using var reader = command.ExecuteReader();
        var missing = new StringBuilder();
        while (reader.Read())
        {
            var sha = reader.GetString(0);
            var path = Path.Combine(fixture.DataDirectory, "blobs", sha[..2], sha);
            if (!File.Exists(path))
            {
                missing.Append(sha).Append(" missing; ");
            }
            else if (Sha(File.ReadAllBytes(path)) != sha)
            {
                missing.Append(sha).Append(" has other bytes; ");
            }
        }

        Assert.AreEqual(string.Empty, missing.ToString(), "every referenced blob is stored");
    }

    /// <summary>Runs a statement on the server's SQLite database (to age rows, as time would).</summary>
    public static int Execute(this ServerFixture fixture, string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.DataDirectory, "metadata.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Statements are constants of the tests.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }
}
