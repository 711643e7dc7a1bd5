namespace OneClickPublish.Server.Storage;

/// <summary>What the web console reads and keeps: sessions, nodes seen, and its lists in one query each.</summary>
internal abstract partial class SqlMetadataStore
{
    private const string SessionColumns = "id_hash, key_id, csrf, created_at, expires_at";

    public async Task InsertSessionAsync(ConsoleSessionRecord session, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(connection, null, $"INSERT INTO console_sessions ({SessionColumns}) VALUES (@id, @key, @csrf, @created, @expires)", ct,
            ("id", session.IdHash), ("key", session.KeyId), ("csrf", session.Csrf), ("created", Time(session.CreatedAt)), ("expires", Time(session.ExpiresAt))).ConfigureAwait(false);
    }

    public async Task<ConsoleSessionRecord?> FindSessionAsync(string idHash, CancellationToken ct)
    {
        var rows = await QueryAsync($"SELECT {SessionColumns} FROM console_sessions WHERE id_hash = @id",
            static r => new ConsoleSessionRecord(r.GetString(0), r.GetString(1), r.GetString(2), ParseTime(r.GetString(3)), ParseTime(r.GetString(4))),
            ct, ("id", idHash)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task DeleteSessionAsync(string idHash, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "DELETE FROM console_sessions WHERE id_hash = @id", ct, ("id", idHash)).ConfigureAwait(false);
    }

    public async Task<int> DeleteExpiredSessionsAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return await ExecuteAsync(connection, null, "DELETE FROM console_sessions WHERE expires_at < @now", ct, ("now", Time(now))).ConfigureAwait(false);
    }

    public async Task RecordNodeAsync(string name, string version, DateTimeOffset startedAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(connection, null,
            "INSERT INTO nodes (name, version, started_at, seen_at) VALUES (@name, @version, @started, @now) " +
            "ON CONFLICT (name) DO UPDATE SET version = excluded.version, started_at = excluded.started_at, seen_at = excluded.seen_at", ct,
            ("name", name), ("version", version), ("started", Time(startedAt)), ("now", Time(now))).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<NodeRecord>> ListNodesAsync(CancellationToken ct) =>
        QueryAsync("SELECT name, version, started_at, seen_at FROM nodes ORDER BY seen_at DESC, name",
            static r => new NodeRecord(r.GetString(0), r.GetString(1), ParseTime(r.GetString(2)), ParseTime(r.GetString(3))), ct);

    /// <summary>
    /// Every extension with its last publish (history) and its last operation, newest first; the
    /// indexes of schema step 3 make each correlated read one index seek.
    /// </summary>
    public Task<IReadOnlyList<ExtensionOverview>> ListExtensionOverviewsAsync(CancellationToken ct) =>
        QueryAsync(
            """
            SELECT e.name_key, e.name, e.active_version, p.time, p.by_key, o.id, o.state, o.version
            FROM extensions e
            LEFT JOIN history p ON p.id = (SELECT h.id FROM history h WHERE h.name_key = e.name_key AND h.action = 'publish' ORDER BY h.time DESC LIMIT 1)
            LEFT JOIN operations o ON o.id = (SELECT x.id FROM operations x WHERE x.name_key = e.name_key ORDER BY x.created_at DESC LIMIT 1)
            ORDER BY e.name_key
            """,
            static r => new ExtensionOverview(r.GetString(0), r.GetString(1), NullableString(r, 2), r.IsDBNull(3) ? null : ParseTime(r.GetString(3)),
                NullableString(r, 4), NullableString(r, 5), NullableString(r, 6), NullableString(r, 7)), ct);

    public Task<IReadOnlyList<VersionOverview>> ListVersionOverviewsAsync(string nameKey, CancellationToken ct) =>
        QueryAsync(
            """
            SELECT v.version, v.sha256, v.published_at, v.published_by, COUNT(f.path), COALESCE(SUM(f.size), 0)
            FROM versions v LEFT JOIN version_files f ON f.name_key = v.name_key AND f.version = v.version
            WHERE v.name_key = @key
            GROUP BY v.version, v.sha256, v.published_at, v.published_by
            ORDER BY v.published_at DESC, v.version DESC
            """,
            static r => new VersionOverview(r.GetString(0), r.GetString(1), ParseTime(r.GetString(2)), r.GetString(3), Convert.ToInt32(r.GetValue(4), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(r.GetValue(5), System.Globalization.CultureInfo.InvariantCulture)),
            ct, ("key", nameKey));

    public Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(string nameKey, int limit, CancellationToken ct) =>
        QueryAsync($"SELECT {OperationColumns} FROM operations WHERE name_key = @key ORDER BY created_at DESC LIMIT @limit", ReadOperation, ct, ("key", nameKey), ("limit", limit));
}
