using System.Data.Common;
using Npgsql;

namespace OneClickPublish.Server.Storage;

/// <summary>
/// Metadata in PostgreSQL, for several server nodes sharing one database. The per-extension lock is
/// a transaction-scoped advisory lock, so it holds across nodes and is released by a commit, a
/// rollback or the death of the node's connection.
/// </summary>
internal sealed class PostgresMetadataStore : SqlMetadataStore, IDisposable
{
    private const int LockNamespace = 0x0C9; // Keeps our advisory locks apart from other users of the database.
    private readonly NpgsqlDataSource _dataSource;

    public PostgresMetadataStore(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken ct) =>
        await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);

    protected override async Task<DbTransaction> BeginLockedAsync(DbConnection connection, string lockName, CancellationToken ct)
    {
        var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockNamespace}, hashtext(@name))", ct, ("name", lockName)).ConfigureAwait(false);
        return transaction;
    }

    protected override string TableCountSql => "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name";

    protected override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public void Dispose() => _dataSource.Dispose();
}
