using System.Data.Common;
using System.Globalization;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Server.Storage;

/// <summary>What opening the database did to its schema: from which version to which (equal when nothing was to do).</summary>
internal sealed record SchemaUpgrade(int From, int To, bool MadeBeforeVersions)
{
    public bool Upgraded => From != To;
}

internal abstract partial class SqlMetadataStore
{
    /// <summary>The lock every node takes to read and change the schema, so that two nodes starting at once do not both migrate.</summary>
    private const string SchemaLock = "schema";

    /// <summary>How many rows name this table (0 or 1): SQLite and PostgreSQL list their tables differently.</summary>
    protected abstract string TableCountSql { get; }

    /// <summary>
    /// Brings the schema to <see cref="SchemaMigrations.Latest"/>, one step per transaction, each under
    /// the schema lock: a step that fails leaves the database at the step before it (OCP5241), and a
    /// database of a newer server is refused before anything is changed (OCP5240).
    /// </summary>
    public async Task<SchemaUpgrade> InitializeAsync(CancellationToken ct)
    {
        int? from = null;
        var madeBeforeVersions = false;
        while (true)
        {
            await using var connection = await OpenAsync(ct).ConfigureAwait(false);
            await using var transaction = await BeginLockedAsync(connection, SchemaLock, ct).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, SchemaMigrations.CreateVersionTable, ct).ConfigureAwait(false);
            var current = await CurrentVersionAsync(connection, transaction, ct).ConfigureAwait(false);
            if (current > SchemaMigrations.Latest)
            {
                // Opened by an older server than the one that wrote it: any write could damage what it does not know.
                throw DiagnosticException.Create(ServerDiagnostics.SchemaNewerThanServer, SourceLocation.None, current, SchemaMigrations.Latest, PlatformServer.Version);
            }

            if (current == 0 && await CountAsync(connection, transaction, TableCountSql, ct, ("name", SchemaMigrations.Version1Marker)).ConfigureAwait(false) > 0)
            {
                // Made by a server before schema versions: its tables are step 1's, as they are; nothing to run.
                await RecordVersionAsync(connection, transaction, SchemaMigrations.All[0], "made before schema versions, recognised as it is", ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                madeBeforeVersions = true;
                from = 1;
                continue;
            }

            from ??= current;
            if (current == SchemaMigrations.Latest)
            {
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                return new SchemaUpgrade(from.Value, current, madeBeforeVersions);
            }

            var step = SchemaMigrations.All.Single(m => m.Version == current + 1);
            try
            {
                foreach (var statement in step.Statements)
                {
                    await ExecuteAsync(connection, transaction, statement, ct).ConfigureAwait(false);
                }

                await RecordVersionAsync(connection, transaction, step, step.Description, ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
            catch (DbException e)
            {
                // Rolled back when the transaction is disposed: the database stays at the step before.
                throw new DiagnosticException(Diagnostic.Create(ServerDiagnostics.SchemaUpgradeFailed, SourceLocation.None, step.Version, step.Description, e.Message.TrimEnd('.'), current), e);
            }
        }
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        (int)await CountAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", ct).ConfigureAwait(false);

    private static Task RecordVersionAsync(DbConnection connection, DbTransaction transaction, SchemaMigration step, string description, CancellationToken ct) =>
        ExecuteAsync(connection, transaction,
            "INSERT INTO schema_version (version, description, applied_at, applied_by) VALUES (@version, @description, @at, @by)", ct,
            ("version", step.Version), ("description", description), ("at", Time(DateTimeOffset.UtcNow)), ("by", "OneClickPublish.Server " + PlatformServer.Version));

    private static async Task<long> CountAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
