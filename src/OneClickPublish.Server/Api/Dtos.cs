namespace OneClickPublish.Server.Api;

// The JSON shapes of docs/protocol.md (camelCase by the web defaults; nulls are left out).
internal sealed record CreateUploadRequest(long Length, string? Sha256, string? FileName);

internal sealed record UploadCreated(string UploadId, long Offset, long Length);

internal sealed record UploadStatus(string UploadId, long Offset, long Length, string Sha256, bool Complete);

internal sealed record PublishRequest(string? UploadId);

internal sealed record PublishAccepted(string OperationId, string StatusUrl);

internal sealed record LogLine(
    long Sequence, string Kind, string? Stage, string? Status, string? Code, string? Message, string? Details,
    string? Location, long? DurationMs, DateTimeOffset Time);

internal sealed record OperationStatus(
    string OperationId, string Extension, string Version, string State, string Stage,
    IReadOnlyList<LogLine> Log, long NextAfter, string? DeploymentPath);

internal sealed record ExtensionSummary(string Name, string? ActiveVersion, IReadOnlyList<string> Versions);

internal sealed record VersionDetail(string Version, string Sha256, DateTimeOffset PublishedAt, string PublishedBy, string DeploymentPath);

internal sealed record ExtensionDetail(string Name, string? ActiveVersion, IReadOnlyList<VersionDetail> Versions);

internal sealed record HistoryEntry(DateTimeOffset Time, string Action, string Version, string? PreviousVersion, string By);

internal sealed record RollbackRequest(string? Version);

internal sealed record HealthStatus(string Status, string Version);
