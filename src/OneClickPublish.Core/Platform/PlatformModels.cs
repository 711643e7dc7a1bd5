namespace OneClickPublish.Platform;

/// <summary>The end state of a publish operation.</summary>
public enum PublishState
{
    Succeeded,
    Failed,
}

/// <summary>What a publish operation ended with: its state and, when deployed, where.</summary>
public sealed record PublishResult(
    string OperationId,
    PublishState State,
    string? Extension,
    string? Version,
    string? DeploymentPath)
{
    public bool Succeeded => State == PublishState.Succeeded;
}

/// <summary>The server's answer to <c>GET /health</c>.</summary>
public sealed record HealthInfo(string Status, string? Version);

/// <summary>One line of <c>GET /api/v1/extensions</c>.</summary>
public sealed record ExtensionSummary(string Name, string? ActiveVersion, IReadOnlyList<string> Versions);

/// <summary>One published version of an extension.</summary>
public sealed record ExtensionVersionInfo(
    string Version,
    string? Sha256,
    DateTimeOffset? PublishedAt,
    string? PublishedBy,
    string? DeploymentPath);

/// <summary>An extension with its versions (<c>GET /api/v1/extensions/{name}</c>, and the answer to a rollback).</summary>
public sealed record ExtensionInfo(string Name, string? ActiveVersion, IReadOnlyList<ExtensionVersionInfo> Versions);

/// <summary>One line of an extension's history: who published or rolled back what, and when.</summary>
public sealed record ExtensionHistoryEntry(
    DateTimeOffset? Time,
    string Action,
    string? Version,
    string? PreviousVersion,
    string? By);

/// <summary>
/// An API key as the server lists it (<c>GET /api/v1/keys</c>): never the key itself, which the server
/// does not have. <see cref="Extensions"/> holds the patterns of the extensions it may use; <c>["*"]</c> for every extension.
/// </summary>
public sealed record ApiKeyDescription(
    string? Id,
    string? Name,
    string? Scope,
    IReadOnlyList<string>? Extensions,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? RevokedAt);

/// <summary>The <c>201</c> of <c>POST /api/v1/keys</c>: the new key, <see cref="Key"/> shown this once and stored nowhere.</summary>
public sealed record NewApiKey(
    string? Id,
    string? Name,
    string? Scope,
    IReadOnlyList<string>? Extensions,
    DateTimeOffset? CreatedAt,
    string? Key);
