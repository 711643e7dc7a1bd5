using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace OneClickPublish.Server.Console;

/// <summary>
/// The console's stylesheet and scripts, embedded in the server's assembly (nothing is fetched at run
/// time, no CDN): read once, served with a strong ETag and revalidated, so a new server's files are
/// picked up at once.
/// </summary>
internal static class ConsoleAssets
{
    private const string ResourcePrefix = "console-assets/";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    public static string Url(string root, string name) => $"{root}/console/assets/{name}?v={Assets[name].ETag[1..9]}";

    public static IResult Serve(HttpContext context, string name)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        var response = context.Response;
        response.Headers.ETag = asset.ETag;
        // The URL carries the content's hash, so a page always asks for what it was rendered with.
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(static n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var name = resource[ResourcePrefix.Length..];
            // The project embeds Console/Assets/*.css and *.js only.
            var type = Path.GetExtension(name) == ".css" ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            assets[name] = new Asset(content, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record Asset(byte[] Content, string ContentType, string ETag);
}
