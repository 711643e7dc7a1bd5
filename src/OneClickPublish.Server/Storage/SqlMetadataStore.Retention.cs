using System.Data.Common;

namespace OneClickPublish.Server.Storage;

/// <summary>Deleting versions and old operations, and what the blob collector marks.</summary>
internal abstract partial class SqlMetadataStore
{
    private const string HistoryColumns = "time, action, version, previous_version, by_key";

    public async Task<ExtensionState?> GetExtensionStateAsync(string nameKey, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return await ReadStateAsync(connection, null, nameKey, ct).ConfigureAwait(false);
    }

    public async Task<VersionDeletion> DeleteVersionsAsync(
        string nameKey, Func<ExtensionState, VersionDeletionPlan> plan, Action<ExtensionRecord, IReadOnlyList<StoredVersion>> beforeCommit,
        string by, DateTimeOffset when, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await BeginLockedAsync(connection, nameKey, ct).ConfigureAwait(false);
        var state = await ReadStateAsync(connection, transaction, nameKey, ct).ConfigureAwait(false);
        if (state is null)
        {
            return new VersionDeletion(VersionDeletionOutcome.ExtensionNotFound, null, []);
        }

        var chosen = plan(state);
        if (chosen.Outcome != VersionDeletionOutcome.Deleted || chosen.Versions.Count == 0)
        {
            return new VersionDeletion(chosen.Outcome, state.Extension, []);
        }

        foreach (var version in chosen.Versions)
        {
            // The plan was made under this lock, but the active version is never deleted whatever a plan says.
            if (string.Equals(version.Version, state.Extension.ActiveVersion, StringComparison.Ordinal))
            {
                return new VersionDeletion(VersionDeletionOutcome.ActiveVersion, state.Extension, []);
            }

            var parameters = new (string, object?)[] { ("key", nameKey), ("version", version.Version) };
            await ExecuteAsync(connection, transaction, "DELETE FROM version_files WHERE name_key = @key AND version = @version", ct, parameters).ConfigureAwait(false);
            // Its NuGet package goes with it: the feed no longer lists the version, and the collector frees the blob.
            await ExecuteAsync(connection, transaction, "DELETE FROM packages WHERE name_key = @key AND version = @version", ct, parameters).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, "DELETE FROM versions WHERE name_key = @key AND version = @version", ct, parameters).ConfigureAwait(false);
            await InsertHistoryAsync(connection, transaction, nameKey, when, "delete", version.Version, null, by, ct).ConfigureAwait(false);
        }

        // The folders are moved away while the lock is held, so that no publish of a deleted version
        // (possible again once this commits) can build its folder where the old one still is.
        beforeCommit(state.Extension, chosen.Versions);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return new VersionDeletion(VersionDeletionOutcome.Deleted, state.Extension, chosen.Versions);
    }

    public async Task<int> DeleteFinishedOperationsAsync(DateTimeOffset finishedBefore, bool dryRun, CancellationToken ct)
    {
        const string Old = "state IN ('succeeded', 'failed') AND finished_at IS NOT NULL AND finished_at < @before";
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        if (dryRun)
        {
            var counted = await QueryAsync(connection, null, $"SELECT COUNT(*) FROM operations WHERE {Old}", static r => r.GetInt64(0), ct, ("before", Time(finishedBefore))).ConfigureAwait(false);
            return (int)counted[0];
        }

        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"DELETE FROM operation_log WHERE operation_id IN (SELECT id FROM operations WHERE {Old})", ct,
            ("before", Time(finishedBefore))).ConfigureAwait(false);
        var deleted = await ExecuteAsync(connection, transaction, $"DELETE FROM operations WHERE {Old}", ct, ("before", Time(finishedBefore))).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return deleted;
    }

    public async Task ForEachReferencedBlobAsync(IReadOnlySet<(string NameKey, string Version)>? excluding, Action<string> visit, CancellationToken ct)
    {
        // Streamed, not listed: the collector keeps only the compact set it builds from these.
        var all = excluding is null || excluding.Count == 0;
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        // A version's files, its XIF as published (versions.sha256, kept for the console's download) and its
        // feed package (built from the files, kept as a blob) are what reference blobs.
        await using var command = Command(connection, null, all
            ? "SELECT sha256 FROM version_files UNION SELECT sha256 FROM versions UNION SELECT sha256 FROM packages"
            : "SELECT sha256, name_key, version FROM version_files UNION ALL SELECT sha256, name_key, version FROM versions UNION ALL SELECT sha256, name_key, version FROM packages");
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            if (all || !excluding!.Contains((reader.GetString(1), reader.GetString(2))))
            {
                visit(reader.GetString(0));
            }
        }
    }

    private static async Task<ExtensionState?> ReadStateAsync(DbConnection connection, DbTransaction? transaction, string nameKey, CancellationToken ct)
    {
        var extension = await QueryAsync(connection, transaction, "SELECT name_key, name, active_version FROM extensions WHERE name_key = @key", ReadExtension, ct, ("key", nameKey)).ConfigureAwait(false);
        if (extension.Count == 0)
        {
            return null;
        }

        var versions = await QueryAsync(connection, transaction,
            "SELECT version, published_at, deployment_path FROM versions WHERE name_key = @key ORDER BY published_at, version",
            static r => new StoredVersion(r.GetString(0), ParseTime(r.GetString(1)), r.GetString(2)), ct, ("key", nameKey)).ConfigureAwait(false);
        var history = await QueryAsync(connection, transaction, $"SELECT {HistoryColumns} FROM history WHERE name_key = @key ORDER BY id", ReadHistory, ct, ("key", nameKey)).ConfigureAwait(false);
        return new ExtensionState(extension[0], versions, history);
    }

    private static HistoryRecord ReadHistory(DbDataReader r) => new(ParseTime(r.GetString(0)), r.GetString(1), r.GetString(2), NullableString(r, 3), r.GetString(4));
}
