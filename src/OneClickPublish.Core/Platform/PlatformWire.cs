using System.Text.Json;
using System.Text.Json.Serialization;

namespace OneClickPublish.Platform;

// The JSON bodies of docs/protocol.md that are not public types of their own.

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

internal sealed record CreateUploadRequest(long Length, string Sha256, string FileName);

internal sealed record UploadState(string? UploadId, long Offset, long Length);

internal sealed record PublishRequest(string UploadId);

internal sealed record PublishAccepted(string? OperationId, string? StatusUrl);

internal sealed record RollbackRequest(string Version);

internal sealed record OperationStatus(
    string? OperationId,
    string? Extension,
    string? Version,
    string? State,
    string? Stage,
    IReadOnlyList<LogLineBody>? Log,
    long? NextAfter,
    string? DeploymentPath);

internal sealed record LogLineBody(
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
[JsonSerializable(typeof(List<ExtensionSummary>))]
[JsonSerializable(typeof(ExtensionInfo))]
[JsonSerializable(typeof(List<ExtensionHistoryEntry>))]
internal sealed partial class PlatformJson : JsonSerializerContext;
