using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using NuGet.Versioning;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Api;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Feed;

/// <summary>
/// The NuGet feed of published extensions: NuGet's V3 protocol (service index, package base address,
/// registration, search) under <c>/nuget/v3</c>, as the official client uses it (docs/feed.md). Keys as for
/// the rest of the API (the read scope), sent by NuGet as HTTP Basic with the key as password; refusals are
/// problem details like everywhere else. Left out of /openapi/v1.json: the contract is NuGet's, not ours.
/// </summary>
internal sealed class FeedEndpoints(FeedCatalog catalog, FeedPackages packages, Uri? publicUrl, ILogger logger)
{
    private static readonly string[] GetAndHead = ["GET", "HEAD"];

    public void Map(IEndpointRouteBuilder app)
    {
        var feed = app.MapGroup(FeedUrls.Root).WithMetadata(new RequiredScope(ApiKeyScope.Read)).ExcludeFromDescription();
        feed.MapMethods("/index.json", GetAndHead, ServiceIndex);
        feed.MapMethods("/flat/{id}/index.json", GetAndHead, VersionsAsync);
        feed.MapMethods("/flat/{id}/{version}/{file}", GetAndHead, PackageFileAsync);
        feed.MapMethods("/registration/{id}/index.json", GetAndHead, RegistrationAsync);
        feed.MapMethods("/registration/{id}/page/{lower}/{upper}.json", GetAndHead, RegistrationPageAsync);
        feed.MapMethods("/registration/{id}/{version}.json", GetAndHead, RegistrationLeafAsync);
        feed.MapMethods("/search", GetAndHead, (Func<HttpContext, Task<IResult>>)SearchAsync);
    }

    /// <summary>Whether a request is one of the feed's (the key check then accepts Basic and may allow anonymous reads).</summary>
    public static bool IsFeedPath(PathString path) => path.StartsWithSegments(FeedUrls.Root, StringComparison.OrdinalIgnoreCase);

    private IResult ServiceIndex(HttpContext context) => Json(FeedDocumentBuilder.Service(Urls(context)));

    private async Task<IResult> VersionsAsync(HttpContext context, string id)
    {
        var extension = await catalog.FindAsync(FeedCaller.Of(context), id, context.RequestAborted).ConfigureAwait(false);
        return extension is null ? NotFound(id) : Json(FeedDocumentBuilder.Versions(await catalog.DescribeAsync(extension, context.RequestAborted).ConfigureAwait(false)));
    }

    private async Task<IResult> PackageFileAsync(HttpContext context, string id, string version, string file)
    {
        var (extension, record) = await FindVersionAsync(context, id, version).ConfigureAwait(false);
        if (extension is null || record is null)
        {
            return NotFound(id, version);
        }

        var lowerId = FeedUrls.Lower(extension.Record.Name);
        var lowerVersion = FeedUrls.Lower(record.Version);
        var nupkg = string.Equals(file, $"{lowerId}.{lowerVersion}.nupkg", StringComparison.OrdinalIgnoreCase);
        if (!nupkg && !string.Equals(file, $"{lowerId}.nuspec", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Result(404, ServerDiagnostics.UnknownEndpoint, context.Request.Method, context.Request.Path.ToString());
        }

        StoredPackage package;
        try
        {
            package = await packages.GetOrBuildAsync(extension.Record, record, context.RequestAborted).ConfigureAwait(false);
        }
        catch (PackageNotBuiltException e)
        {
            logger.LogError("The package of {Extension} {Version} cannot be built: {Reason}", e.Extension, e.Version, e.Reason);
            return Problems.Result(500, FeedDiagnostics.PackageNotBuilt, e.Extension, e.Version, e.Reason);
        }

        // Content-addressed: the blob's SHA-256 is a strong entity tag, and the bytes never change.
        var tag = new EntityTagHeaderValue($"\"{package.Sha256}\"");
        return nupkg
            ? Results.File(package.Path, "application/octet-stream", entityTag: tag)
            : Results.Bytes(ReadNuspec(package.Path), "application/xml", entityTag: tag);
    }

    private async Task<IResult> RegistrationAsync(HttpContext context, string id)
    {
        var extension = await catalog.FindAsync(FeedCaller.Of(context), id, context.RequestAborted).ConfigureAwait(false);
        return extension is null
            ? NotFound(id)
            : Json(FeedDocumentBuilder.Registration(Urls(context), extension.Record.Name, await catalog.DescribeAsync(extension, context.RequestAborted).ConfigureAwait(false)));
    }

    private async Task<IResult> RegistrationPageAsync(HttpContext context, string id, string lower, string upper)
    {
        var extension = await catalog.FindAsync(FeedCaller.Of(context), id, context.RequestAborted).ConfigureAwait(false);
        if (extension is null || !NuGetVersion.TryParse(lower, out var from) || !NuGetVersion.TryParse(upper, out var to))
        {
            return NotFound(id);
        }

        var page = FeedDocumentBuilder.Page(Urls(context), extension.Record.Name, await catalog.DescribeAsync(extension, context.RequestAborted).ConfigureAwait(false), from, to);
        return page is null ? NotFound(id, $"{lower} to {upper}") : Json(page);
    }

    private async Task<IResult> RegistrationLeafAsync(HttpContext context, string id, string version)
    {
        var (extension, record) = await FindVersionAsync(context, id, version).ConfigureAwait(false);
        return extension is null || record is null
            ? NotFound(id, version)
            : Json(FeedDocumentBuilder.Leaf(Urls(context), await catalog.DescribeAsync(extension.Record, record, context.RequestAborted).ConfigureAwait(false)));
    }

    private async Task<IResult> SearchAsync(HttpContext context)
    {
        var (search, error) = FeedSearch.Parse(context.Request.Query);
        if (search is null)
        {
            return Problems.Result(400, error!);
        }

        var urls = Urls(context);
        var matches = new List<SearchResult>();
        foreach (var extension in await catalog.ListAsync(FeedCaller.Of(context), context.RequestAborted).ConfigureAwait(false))
        {
            var versions = search.Filter(await catalog.DescribeAsync(extension, context.RequestAborted).ConfigureAwait(false));
            if (versions.Count > 0 && search.Matches(versions[^1]))
            {
                matches.Add(FeedDocumentBuilder.SearchResult(urls, versions));
            }
        }

        return Json(new SearchResponse(matches.Count, [.. matches.OrderBy(static m => m.PackageId, StringComparer.OrdinalIgnoreCase).Skip(search.Skip).Take(search.Take)]));
    }

    private async Task<(FeedExtension? Extension, VersionRecord? Version)> FindVersionAsync(HttpContext context, string id, string version)
    {
        var extension = await catalog.FindAsync(FeedCaller.Of(context), id, context.RequestAborted).ConfigureAwait(false);
        if (extension is null || !NuGetVersion.TryParse(version, out var wanted))
        {
            return (extension, null);
        }

        // Versions compare as NuGet compares them: 1.0 is 1.0.0, release labels ignore case.
        return (extension, extension.Versions.FirstOrDefault(v => NuGetVersion.Parse(v.Version) == wanted));
    }

    private static byte[] ReadNuspec(string packagePath)
    {
        using var zip = ZipFile.OpenRead(packagePath);
        var entry = zip.Entries.Single(static e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private FeedUrls Urls(HttpContext context) => FeedUrls.For(context.Request, publicUrl);

    private static IResult Json<T>(T document) => Results.Json(document, FeedJson.Options);

    private static IResult NotFound(string id, string? version = null) =>
        Problems.Result(404, FeedDiagnostics.PackageNotFound, id.Length > 100 ? id[..100] + "…" : id, version is null ? string.Empty : $" version {version}");
}
