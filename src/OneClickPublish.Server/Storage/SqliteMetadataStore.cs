using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OneClickPublish.Server.Storage;

/// <summary>
/// Metadata in one SQLite file (WAL journal): the default, for a single server node. Disposing it closes the
/// pooled connections to the file, so that a process that opened it (the tool, a host embedding the server)
/// holds no handle on the data folder afterwards.
/// </summary>
internal sealed class SqliteMetadataStore : SqlMetadataStore, IDisposable
{
    private readonly string _connectionString;

    public SqliteMetadataStore(string databasePath)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using (var pragma = connection.CreateCommand())
        {
            // WAL lets readers go on while a publish commits; the busy timeout makes writers wait instead of failing.
            pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
            await pragma.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        return connection;
    }

    /// <summary>BEGIN IMMEDIATE takes SQLite's single write lock at once: the database is the lock.</summary>
    protected override async Task<DbTransaction> BeginLockedAsync(DbConnection connection, string lockName, CancellationToken ct) =>
        await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

    protected override string TableCountSql => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name";

    protected override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19 };
}
