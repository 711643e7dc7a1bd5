using System.Data.Common;
using System.Globalization;

namespace OneClickPublish.Server.Storage;

/// <summary>
/// The metadata store in plain SQL shared by SQLite and PostgreSQL. Subclasses supply connections,
/// the per-extension lock and how a unique-constraint violation looks. Times are stored as ISO 8601
/// text so that both databases compare and sort them the same way.
/// </summary>
internal abstract partial class SqlMetadataStore : IMetadataStore
{
    private const string OperationColumns = "id, name_key, extension, version, upload_id, sha256, state, stage, created_at, finished_at, created_by, node, deployment_path";
    private const string VersionColumns = "name_key, version, sha256, published_at, published_by, deployment_path, definition";

    /// <summary>Pulsed after each committed change of an operation's state or log, for the requests that wait on it.</summary>
    public OperationSignal OperationChanged { get; } = new();

    protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>Begins a transaction that holds the extension's lock until it ends, on every node.</summary>
    protected abstract Task<DbTransaction> BeginLockedAsync(DbConnection connection, string lockName, CancellationToken ct);

    protected abstract bool IsUniqueViolation(DbException exception);

    public async Task<StartPublishResult> TryStartPublishAsync(OperationRecord operation, Func<VersionRecord, IReadOnlyList<LogLineRecord>> logWhenAlreadyPublished, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await BeginLockedAsync(connection, operation.NameKey, ct).ConfigureAwait(false);
        var running = await RunningOperationAsync(connection, transaction, operation.NameKey, ct).ConfigureAwait(false);
        if (running is not null)
        {
            return new StartPublishResult(StartPublishOutcome.AlreadyRunning, running);
        }

        var existing = await QueryAsync(connection, transaction,
            $"SELECT {VersionColumns} FROM versions WHERE name_key = @key AND version = @version", ReadVersion, ct,
            ("key", operation.NameKey), ("version", operation.Version)).ConfigureAwait(false);
        if (existing.Count > 0 && !string.Equals(existing[0].Sha256, operation.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return new StartPublishResult(StartPublishOutcome.AlreadyPublishedOtherBytes, Existing: existing[0]);
        }

        var sameBytes = existing.Count > 0;
        var row = sameBytes
            ? operation with { State = OperationStates.Succeeded, FinishedAt = operation.CreatedAt, DeploymentPath = existing[0].DeploymentPath }
            : operation;
        try
        {
            await InsertOperationAsync(connection, transaction, row, ct).ConfigureAwait(false);
        }
        catch (DbException e) when (IsUniqueViolation(e))
        {
            // Another node got there between our check and our insert (possible only without a lock). Its
            // insert is committed once ours fails on it, so its operation can be named (unless it already ended).
            await transaction.RollbackAsync(ct).ConfigureAwait(false);
            var winner = await RunningOperationAsync(connection, null, operation.NameKey, ct).ConfigureAwait(false);
            return new StartPublishResult(StartPublishOutcome.AlreadyRunning, winner ?? "unknown");
        }

        if (sameBytes)
        {
            await AppendLogAsync(connection, transaction, row.Id, logWhenAlreadyPublished(existing[0]), ct).ConfigureAwait(false);
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return sameBytes
            ? new StartPublishResult(StartPublishOutcome.AlreadyPublishedSameBytes, Existing: existing[0])
            : new StartPublishResult(StartPublishOutcome.Started);
    }

    public async Task<OperationRecord?> GetOperationAsync(string id, CancellationToken ct)
    {
        var rows = await QueryAsync($"SELECT {OperationColumns} FROM operations WHERE id = @id", ReadOperation, ct, ("id", id)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task SetOperationStateAsync(string id, string state, string stage, DateTimeOffset? finishedAt, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(connection, null, "UPDATE operations SET state = @state, stage = @stage, finished_at = @finished WHERE id = @id", ct,
            ("state", state), ("stage", stage), ("finished", finishedAt is { } f ? Time(f) : null), ("id", id)).ConfigureAwait(false);
        OperationChanged.Pulse(id);
    }

    public async Task AppendLogAsync(string operationId, IReadOnlyList<LogLineRecord> lines, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await AppendLogAsync(connection, transaction, operationId, lines, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        OperationChanged.Pulse(operationId);
    }

    public Task<IReadOnlyList<LogLineRecord>> GetLogAsync(string operationId, long after, CancellationToken ct) =>
        QueryAsync(
            "SELECT sequence, kind, stage, status, code, message, details, location, duration_ms, time FROM operation_log WHERE operation_id = @id AND sequence > @after ORDER BY sequence",
            ReadLogLine, ct, ("id", operationId), ("after", after));

    public Task<IReadOnlyList<OperationRecord>> GetUnfinishedOperationsAsync(CancellationToken ct) =>
        QueryAsync($"SELECT {OperationColumns} FROM operations WHERE state IN ('queued', 'running') ORDER BY created_at", ReadOperation, ct);

    public async Task<ExtensionRecord?> GetExtensionAsync(string nameKey, CancellationToken ct)
    {
        var rows = await QueryAsync("SELECT name_key, name, active_version FROM extensions WHERE name_key = @key", ReadExtension, ct, ("key", nameKey)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<ExtensionRecord>> ListExtensionsAsync(CancellationToken ct) =>
        QueryAsync("SELECT name_key, name, active_version FROM extensions ORDER BY name_key", ReadExtension, ct);

    public Task<IReadOnlyList<VersionRecord>> ListVersionsAsync(string nameKey, CancellationToken ct) =>
        QueryAsync($"SELECT {VersionColumns} FROM versions WHERE name_key = @key ORDER BY published_at, version", ReadVersion, ct, ("key", nameKey));

    public async Task<VersionRecord?> GetVersionAsync(string nameKey, string version, CancellationToken ct)
    {
        var rows = await QueryAsync($"SELECT {VersionColumns} FROM versions WHERE name_key = @key AND version = @version", ReadVersion, ct,
            ("key", nameKey), ("version", version)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<VersionFileRecord>> GetVersionFilesAsync(string nameKey, string version, CancellationToken ct) =>
        QueryAsync("SELECT path, sha256, size FROM version_files WHERE name_key = @key AND version = @version ORDER BY path",
            static r => new VersionFileRecord(r.GetString(0), r.GetString(1), r.GetInt64(2)), ct, ("key", nameKey), ("version", version));

    public async Task CommitDeploymentAsync(DeploymentCommit commit, CancellationToken ct)
    {
        var v = commit.Version;
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await BeginLockedAsync(connection, v.NameKey, ct).ConfigureAwait(false);
        var extension = await QueryAsync(connection, transaction, "SELECT name_key, name, active_version FROM extensions WHERE name_key = @key", ReadExtension, ct, ("key", v.NameKey)).ConfigureAwait(false);
        var previous = extension.Count == 0 ? null : extension[0].ActiveVersion;
        await ExecuteAsync(connection, transaction,
            $"INSERT INTO versions ({VersionColumns}) VALUES (@key, @version, @sha, @published, @by, @path, @definition)", ct,
            ("key", v.NameKey), ("version", v.Version), ("sha", v.Sha256), ("published", Time(v.PublishedAt)), ("by", v.PublishedBy),
            ("path", v.DeploymentPath), ("definition", v.DefinitionXml)).ConfigureAwait(false);
        foreach (var file in commit.Files)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO version_files (name_key, version, path, sha256, size) VALUES (@key, @version, @path, @sha, @size)", ct,
                ("key", v.NameKey), ("version", v.Version), ("path", file.Path), ("sha", file.Sha256), ("size", file.Size)).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction,
            extension.Count == 0
                ? "INSERT INTO extensions (name_key, name, active_version) VALUES (@key, @name, @version)"
                : "UPDATE extensions SET active_version = @version WHERE name_key = @key", ct,
            ("key", v.NameKey), ("name", commit.Extension), ("version", v.Version)).ConfigureAwait(false);
        await InsertHistoryAsync(connection, transaction, v.NameKey, v.PublishedAt, "publish", v.Version, previous, v.PublishedBy, ct).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "UPDATE operations SET deployment_path = @path WHERE id = @id", ct,
            ("path", v.DeploymentPath), ("id", commit.OperationId)).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task CompleteOperationAsync(string operationId, IReadOnlyList<LogLineRecord> finalLog, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await AppendLogAsync(connection, transaction, operationId, finalLog, ct).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction,
            "UPDATE operations SET state = @state, stage = 'Deploy', finished_at = @finished WHERE id = @id", ct,
            ("state", OperationStates.Succeeded), ("finished", Time(DateTimeOffset.UtcNow)), ("id", operationId)).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        OperationChanged.Pulse(operationId);
    }

    public async Task<RollbackResult> RollbackAsync(string nameKey, string version, string by, DateTimeOffset when, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var transaction = await BeginLockedAsync(connection, nameKey, ct).ConfigureAwait(false);
        var extension = await QueryAsync(connection, transaction, "SELECT name_key, name, active_version FROM extensions WHERE name_key = @key", ReadExtension, ct, ("key", nameKey)).ConfigureAwait(false);
        if (extension.Count == 0)
        {
            return new RollbackResult(RollbackOutcome.ExtensionNotFound);
        }

        var running = await RunningOperationAsync(connection, transaction, nameKey, ct).ConfigureAwait(false);
        if (running is not null)
        {
            return new RollbackResult(RollbackOutcome.PublishRunning, RunningOperationId: running);
        }

        var versions = await QueryAsync(connection, transaction, $"SELECT {VersionColumns} FROM versions WHERE name_key = @key AND version = @version", ReadVersion, ct,
            ("key", nameKey), ("version", version)).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            return new RollbackResult(RollbackOutcome.VersionNotFound);
        }

        var previous = extension[0].ActiveVersion;
        await ExecuteAsync(connection, transaction, "UPDATE extensions SET active_version = @version WHERE name_key = @key", ct,
            ("version", version), ("key", nameKey)).ConfigureAwait(false);
        await InsertHistoryAsync(connection, transaction, nameKey, when, "rollback", version, previous, by, ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return new RollbackResult(RollbackOutcome.Done, previous);
    }

    public Task<IReadOnlyList<HistoryRecord>> GetHistoryAsync(string nameKey, CancellationToken ct) =>
        QueryAsync("SELECT time, action, version, previous_version, by_key FROM history WHERE name_key = @key ORDER BY id",
            static r => new HistoryRecord(ParseTime(r.GetString(0)), r.GetString(1), r.GetString(2), NullableString(r, 3), r.GetString(4)), ct, ("key", nameKey));

    private static async Task<string?> RunningOperationAsync(DbConnection connection, DbTransaction? transaction, string nameKey, CancellationToken ct)
    {
        var running = await QueryAsync(connection, transaction, "SELECT id FROM operations WHERE name_key = @key AND state IN ('queued', 'running')",
            static r => r.GetString(0), ct, ("key", nameKey)).ConfigureAwait(false);
        return running.Count == 0 ? null : running[0];
    }

    private static Task InsertOperationAsync(DbConnection connection, DbTransaction transaction, OperationRecord o, CancellationToken ct) =>
        ExecuteAsync(connection, transaction,
            $"INSERT INTO operations ({OperationColumns}) VALUES (@id, @key, @extension, @version, @upload, @sha, @state, @stage, @created, @finished, @by, @node, @path)", ct,
            ("id", o.Id), ("key", o.NameKey), ("extension", o.Extension), ("version", o.Version), ("upload", o.UploadId), ("sha", o.Sha256),
            ("state", o.State), ("stage", o.Stage), ("created", Time(o.CreatedAt)), ("finished", o.FinishedAt is { } f ? Time(f) : null),
            ("by", o.CreatedBy), ("node", o.Node), ("path", o.DeploymentPath));

    private static Task InsertHistoryAsync(DbConnection connection, DbTransaction transaction, string nameKey, DateTimeOffset when, string action, string version, string? previous, string by, CancellationToken ct) =>
        ExecuteAsync(connection, transaction,
            "INSERT INTO history (id, name_key, time, action, version, previous_version, by_key) VALUES (@id, @key, @time, @action, @version, @previous, @by)", ct,
            ("id", Guid.CreateVersion7(when).ToString("N")), ("key", nameKey), ("time", Time(when)), ("action", action), ("version", version), ("previous", previous), ("by", by));

    private static async Task AppendLogAsync(DbConnection connection, DbTransaction transaction, string operationId, IReadOnlyList<LogLineRecord> lines, CancellationToken ct)
    {
        if (lines.Count == 0)
        {
            return;
        }

        await using (var last = Command(connection, transaction, "SELECT COALESCE(MAX(sequence), 0) FROM operation_log WHERE operation_id = @id", ("id", operationId)))
        {
            var sequence = Convert.ToInt64(await last.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
            foreach (var line in lines)
            {
                sequence++;
                await ExecuteAsync(connection, transaction,
                    "INSERT INTO operation_log (operation_id, sequence, kind, stage, status, code, message, details, location, duration_ms, time) VALUES (@id, @seq, @kind, @stage, @status, @code, @message, @details, @location, @duration, @time)", ct,
                    ("id", operationId), ("seq", sequence), ("kind", line.Kind), ("stage", line.Stage), ("status", line.Status), ("code", line.Code),
                    ("message", line.Message), ("details", line.Details), ("location", line.Location), ("duration", line.DurationMs), ("time", Time(line.Time))).ConfigureAwait(false);
            }
        }
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        return await QueryAsync(connection, null, sql, read, ct, parameters).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    protected static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Every statement is a constant of this class; values always go through parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static OperationRecord ReadOperation(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
            ParseTime(r.GetString(8)), r.IsDBNull(9) ? null : ParseTime(r.GetString(9)), r.GetString(10), r.GetString(11), NullableString(r, 12));

    private static LogLineRecord ReadLogLine(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), NullableString(r, 2), NullableString(r, 3), NullableString(r, 4), NullableString(r, 5),
            NullableString(r, 6), NullableString(r, 7), r.IsDBNull(8) ? null : r.GetInt64(8), ParseTime(r.GetString(9)));

    private static ExtensionRecord ReadExtension(DbDataReader r) => new(r.GetString(0), r.GetString(1), NullableString(r, 2));

    private static VersionRecord ReadVersion(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), ParseTime(r.GetString(3)), r.GetString(4), r.GetString(5), r.GetString(6));
}
