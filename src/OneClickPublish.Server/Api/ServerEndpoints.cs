using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Retention;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Api;

/// <summary>The HTTP surface of docs/protocol.md, over the stores and the publish service.</summary>
internal sealed class ServerEndpoints(
    PlatformServerOptions options,
    IMetadataStore store,
    UploadStore uploads,
    DeploymentStore deployments,
    PublishService publishes,
    OperationEndpoints operations,
    VersionRetention retention,
    VersionFileEndpoints versionFiles,
    ServerInfoEndpoints serverInfo,
    string serverVersion,
    ILogger logger)
{
    private const string OffsetHeader = "Upload-Offset";
    private const string LengthHeader = "Upload-Length";

    /// <summary>
    /// The SHA-256 of the whole file (64 hex digits): on the PATCH bringing the last byte of an upload
    /// created without one, and on HEAD when the server knows it. Not tus's Upload-Checksum, which is
    /// the checksum of one request's body (base64), nor RFC 9530's Repr-Digest (a structured field in
    /// base64): our hashes are hex everywhere else, and this names the one algorithm the protocol uses.
    /// </summary>
    internal const string Sha256Header = "Upload-SHA256";
    private const string UploadContentType = "application/offset+octet-stream";
    private const string JsonType = "application/json";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Map(IEndpointRouteBuilder app)
    {
        // The metadata (what each endpoint reads, answers and refuses) is what /openapi/v1.json says.
        // The handlers read their bodies themselves, to answer a bad one in our words; Accepts<T> would
        // also make routing refuse other content types with a 415 of its own, so the body is documented only.
        app.MapGet("/health", () => Results.Ok(new HealthInfo("ok", serverVersion)))
            .Produces<HealthInfo>().WithSummary("The server's version; checks nothing (see /health/ready).");

        var api = app.MapGroup("/api/v1").ProducesProblem(401).ProducesProblem(403).ProducesProblem(500);
        api.MapPost("/uploads", (Func<HttpContext, Task<IResult>>)CreateUploadAsync).WithMetadata(new RequiredScope(ApiKeyScope.Publish))
            .WithMetadata(new RequestBodyDocumentation(typeof(CreateUploadRequest), JsonType)).Produces<UploadState>(201).ProducesProblem(400).ProducesProblem(413)
            .WithSummary("Create a resumable upload; without 'sha256', the hash comes in Upload-SHA256 with the last byte.");
        api.MapMethods("/uploads/{uploadId}", ["HEAD"], HeadUpload).WithMetadata(new RequiredScope(ApiKeyScope.Publish))
            .Produces(200).Produces(404).WithSummary("The upload's offset and length, in Upload-Offset and Upload-Length; its SHA-256 in Upload-SHA256 when known.");
        api.MapGet("/uploads/{uploadId}", GetUpload).WithMetadata(new RequiredScope(ApiKeyScope.Publish))
            .Produces<UploadState>().ProducesProblem(404).WithSummary("The upload's state.");
        api.MapPatch("/uploads/{uploadId}", PatchUploadAsync).WithMetadata(new RequiredScope(ApiKeyScope.Publish))
            .WithMetadata(new RequestBodyDocumentation(typeof(byte[]), UploadContentType)).Produces(204).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .ProducesProblem(413).ProducesProblem(415).ProducesProblem(422).WithSummary("Append bytes at Upload-Offset.")
            .WithMetadata(new HeaderDocumentation(OffsetHeader, "The offset of the body's first byte: the server's offset.", Required: true))
            .WithMetadata(new HeaderDocumentation(Sha256Header, "The SHA-256 of the whole file (64 hex digits): required on the PATCH that brings the last byte of an upload created without 'sha256'; not used otherwise.", Required: false));
        api.MapPost("/publish", (Func<HttpContext, Task<IResult>>)PublishAsync).WithMetadata(new RequiredScope(ApiKeyScope.Publish))
            .WithMetadata(new RequestBodyDocumentation(typeof(PublishRequest), JsonType)).Produces<PublishAccepted>(202).ProducesProblem(400).ProducesProblem(404)
            .ProducesProblem(409).ProducesProblem(413).ProducesProblem(422).WithSummary("Publish a complete upload (asynchronous).");
        operations.Map(api);
        api.MapGet("/extensions", (Func<HttpContext, Task<IResult>>)ListExtensionsAsync).WithMetadata(new RequiredScope(ApiKeyScope.Read))
            .Produces<List<ExtensionSummary>>().WithSummary("The extensions, their versions and the active one.");
        api.MapGet("/extensions/{name}", GetExtensionAsync).WithMetadata(new RequiredScope(ApiKeyScope.Read))
            .Produces<ExtensionInfo>().ProducesProblem(400).ProducesProblem(404).WithSummary("An extension and its versions.");
        api.MapGet("/extensions/{name}/history", GetHistoryAsync).WithMetadata(new RequiredScope(ApiKeyScope.Read))
            .Produces<List<ExtensionHistoryEntry>>().ProducesProblem(400).ProducesProblem(404).WithSummary("Who published or rolled back what, and when.");
        api.MapPost("/extensions/{name}/rollback", RollbackAsync).WithMetadata(new RequiredScope(ApiKeyScope.Publish))
            .WithMetadata(new RequestBodyDocumentation(typeof(RollbackRequest), JsonType)).Produces<ExtensionInfo>().ProducesProblem(400).ProducesProblem(404)
            .ProducesProblem(409).ProducesProblem(413).ProducesProblem(500).WithSummary("Make an earlier version active again, atomically.");
        api.MapDelete("/extensions/{name}/versions/{version}", DeleteVersionAsync).WithMetadata(new RequiredScope(ApiKeyScope.Admin))
            .Produces<ExtensionInfo>().ProducesProblem(400).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Delete a version that is not the active one: its rows and its folder (its blobs go with the next collection).");
        versionFiles.Map(api);
        serverInfo.Map(api);
    }

    private async Task<IResult> CreateUploadAsync(HttpContext context)
    {
        var (request, error) = await ReadBodyAsync<CreateUploadRequest>(context).ConfigureAwait(false);
        if (request is null)
        {
            return error!;
        }

        // Without 'sha256' the hash comes with the last byte (Upload-SHA256): the client hashes while it sends.
        if (request.Length <= 0 || (request.Sha256 is { } sha && !IsSha256(sha)))
        {
            return Error(400, ServerDiagnostics.MalformedRequest, "an upload needs a positive 'length', and a 'sha256' of 64 hexadecimal characters when it has one");
        }

        if (request.Length > options.MaxUploadBytes)
        {
            return Error(413, ServerDiagnostics.UploadTooLarge, request.Length, options.MaxUploadBytes);
        }

        var fileName = Path.GetFileName(request.FileName ?? "upload.xif");
        if (fileName.Length is 0 or > 255)
        {
            fileName = "upload.xif";
        }

        var upload = uploads.Create(request.Length, request.Sha256, fileName, context.CallerName());
        return Results.Created($"{context.Request.PathBase}/api/v1/uploads/{upload.Id}", new UploadState(upload.Id, 0, upload.Length));
    }

    private IResult HeadUpload(HttpContext context, string uploadId)
    {
        var upload = uploads.Get(uploadId);
        if (upload is null)
        {
            return Results.NotFound();
        }

        context.Response.Headers[OffsetHeader] = uploads.OffsetOf(uploadId).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers[LengthHeader] = upload.Length.ToString(CultureInfo.InvariantCulture);
        if (upload.Sha256 is { } sha256)
        {
            context.Response.Headers[Sha256Header] = sha256;
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.Ok();
    }

    private IResult GetUpload(HttpContext context, string uploadId)
    {
        var upload = uploads.Get(uploadId);
        if (upload is null)
        {
            return Error(404, ServerDiagnostics.UploadNotFound, uploadId);
        }

        var offset = uploads.OffsetOf(uploadId);
        context.Response.Headers[OffsetHeader] = offset.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers[LengthHeader] = upload.Length.ToString(CultureInfo.InvariantCulture);
        return Results.Ok(new UploadState(upload.Id, offset, upload.Length, upload.Sha256, upload.Complete));
    }

    private async Task<IResult> PatchUploadAsync(HttpContext context, string uploadId)
    {
        // Every answer to a PATCH says where the upload stands (docs/protocol.md), refusals before a byte too.
        if (uploads.Get(uploadId) is not null)
        {
            context.Response.Headers[OffsetHeader] = uploads.OffsetOf(uploadId).ToString(CultureInfo.InvariantCulture);
        }

        if (!string.Equals(context.Request.ContentType, UploadContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Error(415, ServerDiagnostics.UploadContentType, context.Request.ContentType ?? "(none)");
        }

        if (!long.TryParse(context.Request.Headers[OffsetHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return Error(400, ServerDiagnostics.MalformedRequest, $"the PATCH needs an {OffsetHeader} header with the offset of its first byte");
        }

        // The size of the upload was checked when it was created; here only the rest of it is accepted.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        string? finalSha256 = null;
        var upload = uploads.Get(uploadId);
        if (upload is { Sha256: null } && context.Request.Headers[Sha256Header].ToString() is { Length: > 0 } given)
        {
            if (!IsSha256(given))
            {
                return Error(400, ServerDiagnostics.MalformedRequest, $"the {Sha256Header} header must be the file's SHA-256 in 64 hexadecimal characters");
            }

            finalSha256 = given.ToLowerInvariant();
        }

        var result = await uploads.AppendAsync(uploadId, offset, context.Request.Body, context.Request.ContentLength, finalSha256, context.RequestAborted).ConfigureAwait(false);
        context.Response.Headers[OffsetHeader] = result.Offset.ToString(CultureInfo.InvariantCulture);
        return result.Status switch
        {
            AppendStatus.Appended or AppendStatus.Completed => Results.NoContent(),
            AppendStatus.NotFound => Error(404, ServerDiagnostics.UploadNotFound, uploadId),
            AppendStatus.Busy => Error(409, ServerDiagnostics.UploadBusy, uploadId),
            AppendStatus.OffsetMismatch => Error(409, ServerDiagnostics.UploadOffsetMismatch, result.Offset, offset),
            AppendStatus.BeyondLength => Error(413, ServerDiagnostics.UploadBeyondLength, (upload?.Length ?? 0) - result.Offset, upload?.Length ?? 0),
            AppendStatus.HashMissing => Error(400, ServerDiagnostics.UploadHashMissing, uploadId),
            _ => Error(422, ServerDiagnostics.UploadHashMismatch, result.ActualSha256, result.ExpectedSha256),
        };
    }

    private async Task<IResult> PublishAsync(HttpContext context)
    {
        var (request, error) = await ReadBodyAsync<PublishRequest>(context).ConfigureAwait(false);
        if (request is null)
        {
            return error!;
        }

        if (request.UploadId is not { } uploadId || !UploadStore.IsValidId(uploadId))
        {
            return request.UploadId is null
                ? Error(400, ServerDiagnostics.MalformedRequest, "the body needs an 'uploadId'")
                : Error(404, ServerDiagnostics.UploadNotFound, request.UploadId);
        }

        var accepted = await publishes.AcceptAsync(uploadId, context.Caller(), context.RequestAborted).ConfigureAwait(false);
        if (accepted.OperationId is not { } operationId)
        {
            return Problems.Result(accepted.StatusCode, accepted.Error!);
        }

        // Relative, so it is right however the client reached the server; under the path base a trusted proxy forwarded.
        var statusUrl = $"{context.Request.PathBase}/api/v1/operations/{operationId}";
        context.Response.Headers.Location = statusUrl;
        context.Response.Headers.RetryAfter = "1";
        return Results.Json(new PublishAccepted(operationId, statusUrl), statusCode: StatusCodes.Status202Accepted);
    }

    private async Task<IResult> ListExtensionsAsync(HttpContext context)
    {
        // A key limited to some extensions lists those only: a list is not a refusal.
        var caller = context.Caller();
        var list = new List<ExtensionSummary>();
        foreach (var extension in (await store.ListExtensionsAsync(context.RequestAborted).ConfigureAwait(false)).Where(e => ApiKeyGrant.Allows(caller, e.Name)))
        {
            var versions = await store.ListVersionsAsync(extension.NameKey, context.RequestAborted).ConfigureAwait(false);
            list.Add(new ExtensionSummary(extension.Name, extension.ActiveVersion, [.. versions.Select(static v => v.Version)]));
        }

        return Results.Ok(list);
    }

    private async Task<IResult> GetExtensionAsync(HttpContext context, string name)
    {
        if (!Names.IsValidExtensionName(name))
        {
            return Error(400, ServerDiagnostics.InvalidExtensionName, name);
        }

        if (context.RefuseUnlessGranted(name) is { } notGranted)
        {
            return notGranted;
        }

        var detail = await DetailAsync(name, context.RequestAborted).ConfigureAwait(false);
        return detail is null ? Error(404, ServerDiagnostics.ExtensionNotFound, name) : Results.Ok(detail);
    }

    private async Task<IResult> GetHistoryAsync(HttpContext context, string name)
    {
        if (!Names.IsValidExtensionName(name))
        {
            return Error(400, ServerDiagnostics.InvalidExtensionName, name);
        }

        if (context.RefuseUnlessGranted(name) is { } notGranted)
        {
            return notGranted;
        }

        if (await store.GetExtensionAsync(Names.KeyOf(name), context.RequestAborted).ConfigureAwait(false) is null)
        {
            return Error(404, ServerDiagnostics.ExtensionNotFound, name);
        }

        var history = await store.GetHistoryAsync(Names.KeyOf(name), context.RequestAborted).ConfigureAwait(false);
        return Results.Ok(history.Select(static h => new ExtensionHistoryEntry(h.Time, h.Action, h.Version, h.PreviousVersion, h.By)).ToList());
    }

    private async Task<IResult> RollbackAsync(HttpContext context, string name)
    {
        if (!Names.IsValidExtensionName(name))
        {
            return Error(400, ServerDiagnostics.InvalidExtensionName, name);
        }

        if (context.RefuseUnlessGranted(name) is { } notGranted)
        {
            return notGranted;
        }

        var (request, error) = await ReadBodyAsync<RollbackRequest>(context).ConfigureAwait(false);
        if (request is null)
        {
            return error!;
        }

        if (!Names.TryParseVersion(request.Version, out var parsed))
        {
            return Error(400, ServerDiagnostics.InvalidVersion, request.Version ?? "(none)");
        }

        var key = Names.KeyOf(name);
        var version = parsed.ToNormalizedString();
        var existing = await store.GetVersionAsync(key, version, context.RequestAborted).ConfigureAwait(false);
        if (existing is not null && deployments.Resolve(existing.DeploymentPath) is var folder && !Directory.Exists(folder))
        {
            return Error(409, ServerDiagnostics.DeployFailed, $"the folder of version {version} ({folder}) is missing");
        }

        var result = await store.RollbackAsync(key, version, context.CallerName(), DateTimeOffset.UtcNow, context.RequestAborted).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case RollbackOutcome.ExtensionNotFound:
                return Error(404, ServerDiagnostics.ExtensionNotFound, name);
            case RollbackOutcome.VersionNotFound:
                return Error(404, ServerDiagnostics.VersionNotFound, name, version);
            case RollbackOutcome.PublishRunning:
                return Error(409, ServerDiagnostics.PublishAlreadyRunning, name, result.RunningOperationId);
            default:
                var extension = await store.GetExtensionAsync(key, context.RequestAborted).ConfigureAwait(false);
                try
                {
                    deployments.WriteActive(extension!.Name, version);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Switched in the database already: the answer says so, not "internal error"; the next start repairs the file.
                    logger.LogError(e, "Rollback of {Extension} to {Version} by key {Key} is recorded, but active.json could not be written", extension!.Name, version, context.CallerName());
                    return Error(500, ServerDiagnostics.RolledBackPointerNotWritten, extension.Name, version, e.Message);
                }

                logger.LogInformation("Rollback of {Extension} to {Version} by key {Key}", extension.Name, version, context.CallerName());
                return Results.Ok(await DetailAsync(name, context.RequestAborted).ConfigureAwait(false));
        }
    }

    private async Task<IResult> DeleteVersionAsync(HttpContext context, string name, string version)
    {
        if (!Names.IsValidExtensionName(name))
        {
            return Error(400, ServerDiagnostics.InvalidExtensionName, name);
        }

        if (!Names.TryParseVersion(version, out var parsed))
        {
            return Error(400, ServerDiagnostics.InvalidVersion, version);
        }

        var normalized = parsed.ToNormalizedString();
        var deletion = await retention.DeleteAsync(Names.KeyOf(name), normalized, context.CallerName(), context.RequestAborted).ConfigureAwait(false);
        switch (deletion.Outcome)
        {
            case VersionDeletionOutcome.ExtensionNotFound:
                return Error(404, ServerDiagnostics.ExtensionNotFound, name);
            case VersionDeletionOutcome.VersionNotFound:
                return Error(404, ServerDiagnostics.VersionNotFound, deletion.Extension!.Name, normalized);
            case VersionDeletionOutcome.ActiveVersion:
                return Error(409, ServerDiagnostics.ActiveVersionNotDeletable, deletion.Extension!.Name, normalized);
            default:
                logger.LogInformation("Version {Version} of {Extension} deleted by key {Key}", normalized, deletion.Extension!.Name, context.CallerName());
                return Results.Ok(await DetailAsync(name, context.RequestAborted).ConfigureAwait(false));
        }
    }

    private async Task<ExtensionInfo?> DetailAsync(string name, CancellationToken ct)
    {
        var extension = await store.GetExtensionAsync(Names.KeyOf(name), ct).ConfigureAwait(false);
        if (extension is null)
        {
            return null;
        }

        var versions = await store.ListVersionsAsync(extension.NameKey, ct).ConfigureAwait(false);
        return new ExtensionInfo(extension.Name, extension.ActiveVersion,
            [.. versions.Select(v => new ExtensionVersionInfo(v.Version, v.Sha256, v.PublishedAt, v.PublishedBy, deployments.Resolve(v.DeploymentPath)))]);
    }

    internal static async Task<(T? Body, IResult? Error)> ReadBodyAsync<T>(HttpContext context)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, Json, context.RequestAborted).ConfigureAwait(false);
            return body is null ? (null, Error(400, ServerDiagnostics.MalformedRequest, "the body is empty")) : (body, null);
        }
        catch (JsonException e)
        {
            // Where, in our words: the serializer's message names the server's own types.
            var where = e.Path is { Length: > 0 } path ? $"at {path}, " : string.Empty;
            return (null, Error(400, ServerDiagnostics.MalformedRequest, $"the body is not the expected JSON ({where}line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1})"));
        }
    }

    private static bool IsSha256(string text) => text.Length == 64 && text.All(char.IsAsciiHexDigit);

    private static IResult Error(int status, DiagnosticDescriptor descriptor, params object?[] args) => Problems.Result(status, descriptor, args);
}
