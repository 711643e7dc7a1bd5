namespace OneClickPublish.Server.Storage;

/// <summary>
/// Keys, extensions, versions, history and publish operations. SQLite for one node, PostgreSQL for
/// several nodes sharing one database; both run the same SQL, and the steps that must not overlap
/// (starting a publish, activating a version, rolling back) take a per-extension lock that holds
/// across nodes.
/// </summary>
internal interface IMetadataStore
{
    /// <summary>
    /// Pulsed after each committed change of an operation's state or log made through this store
    /// (this process only; see <see cref="OperationSignal"/>).
    /// </summary>
    OperationSignal OperationChanged { get; }

    /// <summary>Creates or upgrades the schema (<see cref="SchemaMigrations"/>); refuses a database of a newer server.</summary>
    Task<SchemaUpgrade> InitializeAsync(CancellationToken ct);

    Task<int> CountKeysAsync(CancellationToken ct);

    /// <summary>False when a key that is not revoked already has this name.</summary>
    Task<bool> TryInsertKeyAsync(ApiKeyRecord key, CancellationToken ct);

    Task<ApiKeyRecord?> FindKeyAsync(string id, CancellationToken ct);

    Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(CancellationToken ct);

    /// <summary>Revokes the key that is not yet revoked with this id or name; false when there is none.</summary>
    Task<bool> RevokeKeyAsync(string nameOrId, DateTimeOffset when, CancellationToken ct);

    /// <summary>As <see cref="RevokeKeyAsync"/>, under a lock, but refuses to revoke the last admin key that is not revoked.</summary>
    Task<RevokeOutcome> RevokeKeyKeepingAnAdminAsync(string nameOrId, DateTimeOffset when, CancellationToken ct);

    /// <summary>
    /// Under the extension's lock: refuses when a publish of it is queued or running, recognises a
    /// version already published, else inserts <paramref name="operation"/> (state queued). When the
    /// version exists with the same bytes, <paramref name="operation"/> is inserted already succeeded
    /// with <paramref name="logWhenAlreadyPublished"/>.
    /// </summary>
    Task<StartPublishResult> TryStartPublishAsync(OperationRecord operation, Func<VersionRecord, IReadOnlyList<LogLineRecord>> logWhenAlreadyPublished, CancellationToken ct);

    Task<OperationRecord?> GetOperationAsync(string id, CancellationToken ct);

    Task SetOperationStateAsync(string id, string state, string stage, DateTimeOffset? finishedAt, CancellationToken ct);

    /// <summary>Appends lines after the operation's last one; their sequence numbers are assigned here.</summary>
    Task AppendLogAsync(string operationId, IReadOnlyList<LogLineRecord> lines, CancellationToken ct);

    Task<IReadOnlyList<LogLineRecord>> GetLogAsync(string operationId, long after, CancellationToken ct);

    Task<IReadOnlyList<OperationRecord>> GetUnfinishedOperationsAsync(CancellationToken ct);

    Task<ExtensionRecord?> GetExtensionAsync(string nameKey, CancellationToken ct);

    Task<IReadOnlyList<ExtensionRecord>> ListExtensionsAsync(CancellationToken ct);

    Task<IReadOnlyList<VersionRecord>> ListVersionsAsync(string nameKey, CancellationToken ct);

    Task<VersionRecord?> GetVersionAsync(string nameKey, string version, CancellationToken ct);

    Task<IReadOnlyList<VersionFileRecord>> GetVersionFilesAsync(string nameKey, string version, CancellationToken ct);

    /// <summary>
    /// The switch, in one transaction: the version and its files, the active version, history and
    /// the operation's deployment path. The operation itself is completed afterwards by
    /// <see cref="CompleteOperationAsync"/>, once active.json follows.
    /// </summary>
    Task CommitDeploymentAsync(DeploymentCommit commit, CancellationToken ct);

    /// <summary>Appends the operation's last lines and marks it succeeded, in one transaction.</summary>
    Task CompleteOperationAsync(string operationId, IReadOnlyList<LogLineRecord> finalLog, CancellationToken ct);

    Task<RollbackResult> RollbackAsync(string nameKey, string version, string by, DateTimeOffset when, CancellationToken ct);

    Task<IReadOnlyList<HistoryRecord>> GetHistoryAsync(string nameKey, CancellationToken ct);

    /// <summary>The NuGet package built for a version (docs/feed.md), or null while none was built.</summary>
    Task<PackageRecord?> GetPackageAsync(string nameKey, string version, CancellationToken ct);

    /// <summary>
    /// Records the package built for a version, unless one is recorded already (another node built the same
    /// bytes meanwhile); returns the record that holds.
    /// </summary>
    Task<PackageRecord> AddPackageAsync(PackageRecord package, CancellationToken ct);

    /// <summary>The extension, its versions (oldest first) and its history; null when there is no such extension.</summary>
    Task<ExtensionState?> GetExtensionStateAsync(string nameKey, CancellationToken ct);

    /// <summary>
    /// Under the extension's lock, in one transaction: reads its state, lets <paramref name="plan"/> choose
    /// the versions to delete (or refuse), deletes their rows and their files' rows, writes a
    /// <c>delete</c> line of history for each, runs <paramref name="beforeCommit"/> and commits. The
    /// active version is never deleted.
    /// </summary>
    Task<VersionDeletion> DeleteVersionsAsync(
        string nameKey, Func<ExtensionState, VersionDeletionPlan> plan, Action<ExtensionRecord, IReadOnlyList<StoredVersion>> beforeCommit,
        string by, DateTimeOffset when, CancellationToken ct);

    /// <summary>Removes (or with <paramref name="dryRun"/> counts) succeeded and failed operations finished before the time, with their logs; never unfinished ones.</summary>
    Task<int> DeleteFinishedOperationsAsync(DateTimeOffset finishedBefore, bool dryRun, CancellationToken ct);

    /// <summary>Every SHA-256 that a version's files, its kept XIF or its feed package reference (but those of <paramref name="excluding"/>: name key, version), streamed.</summary>
    Task ForEachReferencedBlobAsync(IReadOnlySet<(string NameKey, string Version)>? excluding, Action<string> visit, CancellationToken ct);

    // The web console (SqlMetadataStore.Console.cs).
    Task InsertSessionAsync(ConsoleSessionRecord session, CancellationToken ct);

    Task<ConsoleSessionRecord?> FindSessionAsync(string idHash, CancellationToken ct);

    Task DeleteSessionAsync(string idHash, CancellationToken ct);

    Task<int> DeleteExpiredSessionsAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>Records that <paramref name="name"/> is alive now (the server page lists the nodes seen recently).</summary>
    Task RecordNodeAsync(string name, string version, DateTimeOffset startedAt, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<NodeRecord>> ListNodesAsync(CancellationToken ct);

    Task<IReadOnlyList<ExtensionOverview>> ListExtensionOverviewsAsync(CancellationToken ct);

    Task<IReadOnlyList<VersionOverview>> ListVersionOverviewsAsync(string nameKey, CancellationToken ct);

    /// <summary>The extension's operations, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(string nameKey, int limit, CancellationToken ct);
}
