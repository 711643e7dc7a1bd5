namespace OneClickPublish.Server.Retention;

/// <summary>A version the retention deleted (or, in a dry run, would delete).</summary>
public sealed record RemovedVersion(string Extension, string Version, DateTimeOffset PublishedAt);

/// <summary>
/// What one collection removed, or with <see cref="DryRun"/> would remove: versions beyond
/// Server:Retention:KeepVersions, finished operations older than Server:Retention:OperationMaxAge, and
/// blobs no version references (a dry run counts the blobs of the versions it would delete as gone).
/// </summary>
public sealed record GarbageCollectionReport(
    bool DryRun,
    IReadOnlyList<RemovedVersion> Versions,
    int Operations,
    int BlobsScanned,
    int Blobs,
    long BlobBytes,
    TimeSpan Duration);
