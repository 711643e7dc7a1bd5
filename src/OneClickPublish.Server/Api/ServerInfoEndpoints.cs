using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneClickPublish.Frameworks;
using OneClickPublish.Platform;
using OneClickPublish.Server.Security;

namespace OneClickPublish.Server.Api;

/// <summary>
/// <c>GET /api/v1/server</c>: what this server is: its version and the target frameworks it runs
/// (<c>Server:TargetFrameworks</c>, in NuGet's short form), for a client to check a project against
/// before it uploads. The read scope, like every listing: a key of any scope may ask.
/// </summary>
internal sealed class ServerInfoEndpoints(PlatformServerOptions options, string serverVersion)
{
    /// <summary>Normalised once (".NETFramework,Version=v4.8" and "net48" are one framework); the options were checked at start.</summary>
    private readonly ServerInfo _info = new(serverVersion, [.. options.TargetFrameworks
        .Select(FrameworkSupport.ParseRuntime).OfType<NuGet.Frameworks.NuGetFramework>()
        .Select(static f => f.GetShortFolderName()).Distinct(StringComparer.OrdinalIgnoreCase)]);

    public void Map(RouteGroupBuilder api) =>
        api.MapGet("/server", () => Results.Ok(_info)).WithMetadata(new RequiredScope(ApiKeyScope.Read))
            .Produces<ServerInfo>().WithSummary("The server's version and the target frameworks it runs (Server:TargetFrameworks).");
}
