namespace OneClickPublish.Server.Configuration;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-*</c> headers the server believes. Empty (the default):
/// the headers are ignored, since any client can send them. Each entry is checked at start
/// (<see cref="ProxyAddresses"/>); requests from anywhere else keep their own address and scheme.
/// </summary>
public sealed record TrustedProxyOptions
{
    /// <summary>Addresses of proxies, e.g. <c>127.0.0.1</c> or <c>2001:db8::5</c>.</summary>
    public IReadOnlyList<string> KnownProxies { get; init; } = [];

    /// <summary>Networks of proxies in CIDR notation, e.g. <c>10.0.0.0/8</c> or <c>2001:db8::/32</c>.</summary>
    public IReadOnlyList<string> KnownNetworks { get; init; } = [];

    /// <summary>Whether any proxy is trusted, i.e. whether forwarded headers are read at all.</summary>
    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}
