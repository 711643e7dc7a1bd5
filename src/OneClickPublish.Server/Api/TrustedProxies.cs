using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using OneClickPublish.Server.Configuration;

namespace OneClickPublish.Server.Api;

/// <summary>
/// X-Forwarded-For, -Proto, -Host and -Prefix, believed from the configured proxies only: the client's
/// address (in the request log), the scheme, host and path base (in the URLs the server writes) become
/// what the proxy saw. With no proxy configured the middleware is not added, so the headers change nothing.
/// </summary>
internal static class TrustedProxies
{
    public static void Use(IApplicationBuilder app, TrustedProxyOptions? trusted)
    {
        if (trusted is not { Any: true })
        {
            return;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix,
            // Walk a chain of proxies from the nearest one back, as long as each hop came from a trusted
            // address: a value a client wrote itself into the header is never reached.
            ForwardLimit = null,
        };

        // ASP.NET Core trusts loopback by default; here only what the configuration names is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in trusted.KnownProxies)
        {
            if (ProxyAddresses.TryParseAddress(proxy, out var address))
            {
                options.KnownProxies.Add(address);
            }
        }

        foreach (var text in trusted.KnownNetworks)
        {
            if (ProxyAddresses.TryParseNetwork(text, out var network))
            {
                options.KnownIPNetworks.Add(network);
            }
        }

        app.UseForwardedHeaders(options);
    }
}
