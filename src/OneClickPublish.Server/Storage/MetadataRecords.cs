namespace OneClickPublish.Server.Storage;

/// <summary>
/// An API key as stored: never the key itself, only the SHA-256 of it. <see cref="Extensions"/> is the
/// comma-separated list of the extensions it may use (Geo*,Maps), null for every extension.
/// </summary>
internal sealed record ApiKeyRecord(string Id, string Name, string Scope, string HashHex, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? Extensions = null);

internal enum RevokeOutcome
{
    Revoked,
    NotFound,

    /// <summary>Refused: it is the last admin key not revoked, and over HTTP no key could manage keys after it.</summary>
    LastAdmin,
}

internal static class OperationStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public static bool IsFinished(string state) => state is Succeeded or Failed;
}

internal sealed record OperationRecord(
    string Id,
    string NameKey,
    string Extension,
    string Version,
    string UploadId,
    string Sha256,
    string State,
    string Stage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string CreatedBy,
    string Node,
    string? DeploymentPath);

/// <summary>One line of an operation's log, as the protocol shows it.</summary>
internal sealed record LogLineRecord(
    long Sequence,
    string Kind,
    string? Stage,
    string? Status,
    string? Code,
    string? Message,
    string? Details,
    string? Location,
    long? DurationMs,
    DateTimeOffset Time);

internal sealed record ExtensionRecord(string NameKey, string Name, string? ActiveVersion);

internal sealed record VersionRecord(
    string NameKey,
    string Version,
    string Sha256,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    string DeploymentPath,
    string DefinitionXml);

internal sealed record VersionFileRecord(string Path, string Sha256, long Size);

/// <summary>The NuGet package of a version: a blob like a version's files, referenced from the packages table.</summary>
internal sealed record PackageRecord(string NameKey, string Version, string Sha256, long Size, DateTimeOffset BuiltAt);

internal sealed record HistoryRecord(DateTimeOffset Time, string Action, string Version, string? PreviousVersion, string By);

/// <summary>What the atomic switch of a publish writes: the version, its files and the active version.</summary>
internal sealed record DeploymentCommit(
    string OperationId,
    string Extension,
    VersionRecord Version,
    IReadOnlyList<VersionFileRecord> Files);

internal enum StartPublishOutcome
{
    Started,
    AlreadyRunning,
    AlreadyPublishedSameBytes,
    AlreadyPublishedOtherBytes,
}

internal sealed record StartPublishResult(StartPublishOutcome Outcome, string? RunningOperationId = null, VersionRecord? Existing = null);

internal enum RollbackOutcome
{
    Done,
    ExtensionNotFound,
    VersionNotFound,
    PublishRunning,
}

internal sealed record RollbackResult(RollbackOutcome Outcome, string? PreviousVersion = null, string? RunningOperationId = null);
