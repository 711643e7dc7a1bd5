using Microsoft.AspNetCore.Http;

namespace OneClickPublish.Server.Feed;

/// <summary>
/// The feed's URLs. NuGet's documents carry absolute URLs, so they are made from the server's public address
/// (<c>Server:Feed:PublicUrl</c>) or, without one, from the address the request came to. Package ids and
/// versions in URLs are lower case, as the protocol has clients build them.
/// </summary>
internal sealed class FeedUrls
{
    public const string Root = "/nuget/v3";

    private readonly string _base;

    public FeedUrls(Uri serverBase)
    {
        ArgumentNullException.ThrowIfNull(serverBase);
        var text = serverBase.AbsoluteUri;
        _base = (text.EndsWith('/') ? text : text + "/") + Root.TrimStart('/') + "/";
    }

    public static FeedUrls For(HttpRequest request, Uri? publicUrl) =>
        new(publicUrl ?? new Uri($"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}/"));

    public string ServiceIndex => _base + "index.json";

    public string PackageBaseAddress => _base + "flat/";

    public string RegistrationsBaseUrl => _base + "registration/";

    public string Search => _base + "search";

    public string Versions(string id) => $"{PackageBaseAddress}{Lower(id)}/index.json";

    public string PackageContent(string id, string version) => $"{PackageBaseAddress}{Lower(id)}/{Lower(version)}/{Lower(id)}.{Lower(version)}.nupkg";

    public string Nuspec(string id, string version) => $"{PackageBaseAddress}{Lower(id)}/{Lower(version)}/{Lower(id)}.nuspec";

    public string RegistrationIndex(string id) => $"{RegistrationsBaseUrl}{Lower(id)}/index.json";

    public string RegistrationPage(string id, string lower, string upper) => $"{RegistrationsBaseUrl}{Lower(id)}/page/{Lower(lower)}/{Lower(upper)}.json";

    public string RegistrationLeaf(string id, string version) => $"{RegistrationsBaseUrl}{Lower(id)}/{Lower(version)}.json";

    public static string Lower(string text) => text.ToLowerInvariant();
}
