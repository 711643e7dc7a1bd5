using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Api;

/// <summary>A published version's XIF, byte for byte as it was uploaded (kept in the blob store by its SHA-256).</summary>
internal sealed class VersionFileEndpoints(IMetadataStore store, BlobStore blobs)
{
    public void Map(RouteGroupBuilder api) =>
        api.MapGet("/extensions/{name}/versions/{version}/xif", GetXifAsync).WithMetadata(new RequiredScope(ApiKeyScope.Read))
            .Produces(200, contentType: "application/octet-stream").ProducesProblem(400).ProducesProblem(404)
            .WithSummary("The XIF file of a published version, as it was uploaded.");

    private async Task<IResult> GetXifAsync(HttpContext context, string name, string version)
    {
        if (!Names.IsValidExtensionName(name))
        {
            return Problems.Result(400, ServerDiagnostics.InvalidExtensionName, name);
        }

        if (context.RefuseUnlessGranted(name) is { } notGranted)
        {
            return notGranted;
        }

        if (!Names.TryParseVersion(version, out var parsed))
        {
            return Problems.Result(400, ServerDiagnostics.InvalidVersion, version);
        }

        var key = Names.KeyOf(name);
        var extension = await store.GetExtensionAsync(key, context.RequestAborted).ConfigureAwait(false);
        if (extension is null)
        {
            return Problems.Result(404, ServerDiagnostics.ExtensionNotFound, name);
        }

        var normalized = parsed.ToNormalizedString();
        var record = await store.GetVersionAsync(key, normalized, context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return Problems.Result(404, ServerDiagnostics.VersionNotFound, extension.Name, normalized);
        }

        if (!blobs.Exists(record.Sha256))
        {
            return Problems.Result(404, ConsoleDiagnostics.XifNotKept, extension.Name, normalized);
        }

        context.Response.Headers.CacheControl = "private, max-age=31536000, immutable"; // a published version never changes
        return Results.File(blobs.PathOf(record.Sha256.ToLowerInvariant()), "application/octet-stream", $"{extension.Name}.{normalized}.xif",
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{record.Sha256.ToLowerInvariant()}\""), enableRangeProcessing: true);
    }
}
