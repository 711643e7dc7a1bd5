using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneClickPublish.Platform;

// The JSON bodies of docs/protocol.md, declared once: the client sends and reads them, the server
// (OneClickPublish.Server) reads and answers them, and its OpenAPI document (/openapi/v1.json) is
// generated from them. camelCase on the wire; a null member is left out. Members the server always
// fills are still nullable here, because the client must survive a server that leaves one out.

/// <summary>
/// A refusal: RFC 9457 problem details (<c>application/problem+json</c>) with our <c>code</c> as an
/// extension member. <c>message</c> and <c>details</c> are what servers before problem details sent; they are still read.
/// </summary>
internal sealed record ServerErrorBody(string? Code, string? Title, string? Detail, int? Status, string? TraceId, string? Message = null, string? Details = null)
{
    /// <summary>The one-line message: the problem's detail, else an older server's message.</summary>
    [JsonIgnore]
    public string? Text => Detail ?? Message;
}

/// <summary><c>POST /api/v1/uploads</c>: the file to come (its length and SHA-256 in hex) and its name.</summary>
public sealed record CreateUploadRequest(long Length, string? Sha256, string? FileName);

/// <summary>
/// An upload: the answer to <c>POST /api/v1/uploads</c> (id, offset 0, length) and to
/// <c>GET /api/v1/uploads/{uploadId}</c> (with its SHA-256 and whether it is complete).
/// </summary>
public sealed record UploadState(string? UploadId, long Offset, long Length, string? Sha256 = null, bool? Complete = null);

/// <summary><c>POST /api/v1/publish</c>: the complete upload to publish.</summary>
public sealed record PublishRequest(string? UploadId);

/// <summary>The <c>202</c> of <c>POST /api/v1/publish</c>: the operation and where to follow it.</summary>
public sealed record PublishAccepted(string? OperationId, string? StatusUrl);

/// <summary><c>POST /api/v1/extensions/{name}/rollback</c>: the version to make active again.</summary>
public sealed record RollbackRequest(string? Version);

/// <summary>
/// <c>POST /api/v1/keys</c>: a key's name, its scope (<c>read</c>, <c>publish</c> — the default — or
/// <c>admin</c>) and the extensions it may use (patterns such as <c>Geo*</c>; left out for every extension).
/// </summary>
public sealed record CreateApiKeyRequest(string? Name, string? Scope, IReadOnlyList<string>? Extensions = null);

/// <summary><c>GET /api/v1/operations/{operationId}</c>: state, stage and the log lines after <c>?after=</c>.</summary>
public sealed record OperationStatus(
    string? OperationId,
    string? Extension,
    string? Version,
    string? State,
    string? Stage,
    IReadOnlyList<LogLineBody>? Log,
    long? NextAfter,
    string? DeploymentPath);

/// <summary>One line of an operation's log as it travels (<c>kind</c> stage, error, warning or information).</summary>
public sealed record LogLineBody(
    long Sequence,
    string? Kind,
    string? Stage,
    string? Status,
    string? Code,
    string? Message,
    string? Details,
    string? Location,
    long? DurationMs,
    DateTimeOffset? Time)
{
    public PlatformLogLine ToLogLine() => new(
        Sequence,
        Kind?.ToUpperInvariant() switch
        {
            "STAGE" => PlatformLogKind.Stage,
            "ERROR" => PlatformLogKind.Error,
            "WARNING" => PlatformLogKind.Warning,
            _ => PlatformLogKind.Information,
        },
        Stage,
        Status?.ToLowerInvariant(),
        Code,
        Message,
        Details,
        Location,
        DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        Time);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerErrorBody))]
[JsonSerializable(typeof(CreateUploadRequest))]
[JsonSerializable(typeof(UploadState))]
[JsonSerializable(typeof(PublishRequest))]
[JsonSerializable(typeof(PublishAccepted))]
[JsonSerializable(typeof(RollbackRequest))]
[JsonSerializable(typeof(OperationStatus))]
[JsonSerializable(typeof(HealthInfo))]
[JsonSerializable(typeof(ServerInfo))]
[JsonSerializable(typeof(List<ExtensionSummary>))]
[JsonSerializable(typeof(ExtensionInfo))]
[JsonSerializable(typeof(List<ExtensionHistoryEntry>))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(NewApiKey))]
[JsonSerializable(typeof(ApiKeyDescription))]
[JsonSerializable(typeof(List<ApiKeyDescription>))]
internal sealed partial class PlatformJson : JsonSerializerContext;
