using System.Globalization;
using Microsoft.Extensions.Logging;
using OneClickPublish.Frameworks;

namespace OneClickPublish.Server.Configuration;

/// <summary>
/// Every setting of the server, in one list: the binder reads them from configuration, the tool makes
/// its options and help from them, and docs/server.md documents each (a test holds the two together).
/// </summary>
public static class ServerSettings
{
    public const string Section = "Server";

    public static IReadOnlyList<ServerSetting> All { get; } =
    [
        new("Server:DataDirectory", "--data", ".oneclick/server (under the current folder)",
            "The data folder: metadata.db, blobs/, uploads/, deployments/, and appsettings.json. From the command line or the environment only (appsettings.json lives in it).",
            static (o, v) => Set(() => o.DataDirectory = v, v.Length > 0, "a folder")),
        new("Server:Urls", "--urls", "http://127.0.0.1:5080",
            "Where to listen, ';'-separated (http or https URLs; port 0 picks a free port).",
            static (o, v) => Set(() => o.Urls = v, v.Length > 0, "one or more URLs separated by ';'")),
        new("Server:ConnectionString", null, "none: SQLite in the data folder",
            "PostgreSQL connection string, for several nodes sharing one database and one data folder. A secret: not on the command line, never logged.",
            static (o, v) => Set(() => o.PostgresConnectionString = v, true, string.Empty), Secret: true),
        new("Server:ConnectionStringFile", "--connection-string-file", "none",
            "A file whose whole content is the PostgreSQL connection string (a mounted secret); instead of Server:ConnectionString.",
            static (o, v) => Set(() => o.PostgresConnectionStringFile = v, v.Length > 0, "a file path")),
        new("Server:NodeName", "--node-name", "the machine name",
            "Names this node in operations; at start a node fails only the publishes it ran itself.",
            static (o, v) => Set(() => o.NodeName = v, v.Length is > 0 and <= 200, "a name of 1 to 200 characters")),
        new("Server:MaxUploadBytes", "--max-upload-bytes", "2147483648 (2 GiB)",
            "The largest XIF accepted (413 OCP5200 above it).",
            static (o, v) => Int64(v, x => o.MaxUploadBytes = x)),
        new("Server:UploadExpiry", "--upload-expiry", "1.00:00:00 (24 hours)",
            "Uploads not published within this time (d.hh:mm:ss) are removed.",
            static (o, v) => Time(v, x => o.UploadExpiry = x)),
        new("Server:MaxConcurrentPublishes", "--max-concurrent-publishes", "4",
            "Publishes of different extensions that run at the same time; more wait 'queued'.",
            static (o, v) => Int32(v, x => o.MaxConcurrentPublishes = x)),
        new("Server:TargetFrameworks", "--target-framework", "net472, net48, net8.0, net9.0, net10.0",
            "A target framework this server can run (net48, net8.0, ...): a publish of an extension none of them runs is refused (OCP5118); GET /api/v1/server lists them. Repeatable; a list in appsettings.json.",
            static (o, v) => Set(() => o.TargetFrameworks = [.. o.TargetFrameworks, v], FrameworkSupport.ParseRuntime(v) is not null, ExpectedFramework),
            Clear: static o => o.TargetFrameworks = []),
        new("Server:Xif:MaxEntryCount", "--xif-max-entries", "10000",
            "Entries in one XIF, the manifest included.",
            static (o, v) => Int32(v, x => o.XifLimits = o.XifLimits with { MaxEntryCount = x })),
        new("Server:Xif:MaxEntrySize", "--xif-max-entry-size", "1073741824 (1 GiB)",
            "Uncompressed bytes of one entry.",
            static (o, v) => Int64(v, x => o.XifLimits = o.XifLimits with { MaxEntrySize = x })),
        new("Server:Xif:MaxTotalSize", "--xif-max-total-size", "4294967296 (4 GiB)",
            "Uncompressed bytes of all entries together.",
            static (o, v) => Int64(v, x => o.XifLimits = o.XifLimits with { MaxTotalSize = x })),
        new("Server:Xif:MaxCompressionRatio", "--xif-max-compression-ratio", "100",
            "Uncompressed size over compressed size, for entries over 1 MiB (zip bombs).",
            static (o, v) => Double(v, x => o.XifLimits = o.XifLimits with { MaxCompressionRatio = x })),
        new("Server:LogLevel", "--log-level", "Information",
            "The least level logged: Trace, Debug, Information, Warning, Error, Critical or None. Logging:LogLevel:<category> refines it per category.",
            static (o, v) => Enum<LogLevel>(v, x => o.LogLevel = x)),
        new("Server:LogFormat", "--log-format", "console (oneclick server); none when embedded",
            "console: one readable line per event; json: one JSON object per line; none: no logging.",
            static (o, v) => Enum<ServerLogFormat>(v, x => o.LogFormat = x)),
        new("Server:Cors:Origins", "--cors-origin", "none (no cross-origin requests)",
            "Origins (scheme://host[:port]) whose browser pages may call the API with a key (the server's own console needs none). Repeatable; a list in appsettings.json.",
            static (o, v) => Set(() => o.CorsOrigins = [.. o.CorsOrigins, v], Uri.TryCreate(v, UriKind.Absolute, out var u) && u.AbsolutePath == "/", "an origin such as https://console.example.com"),
            Clear: static o => o.CorsOrigins = []),
        new("Server:ForwardedHeaders:KnownProxies", "--known-proxy", "none (X-Forwarded-* headers are ignored)",
            "Address of a reverse proxy whose X-Forwarded-For, -Proto, -Host and -Prefix headers are believed (the client's address in the log, the scheme and host of the URLs the server writes). Repeatable; a list in appsettings.json.",
            static (o, v) => Set(() => o.ForwardedHeaders = o.ForwardedHeaders with { KnownProxies = [.. o.ForwardedHeaders.KnownProxies, v] },
                ProxyAddresses.TryParseAddress(v, out _), ProxyAddresses.ExpectedAddress),
            Clear: static o => o.ForwardedHeaders = o.ForwardedHeaders with { KnownProxies = [] }),
        new("Server:ForwardedHeaders:KnownNetworks", "--known-network", "none",
            "Network (CIDR, e.g. 10.0.0.0/8) of reverse proxies whose X-Forwarded-* headers are believed, like --known-proxy. Repeatable; a list in appsettings.json.",
            static (o, v) => Set(() => o.ForwardedHeaders = o.ForwardedHeaders with { KnownNetworks = [.. o.ForwardedHeaders.KnownNetworks, v] },
                ProxyAddresses.TryParseNetwork(v, out _), ProxyAddresses.ExpectedNetwork),
            Clear: static o => o.ForwardedHeaders = o.ForwardedHeaders with { KnownNetworks = [] }),
        new("Server:Health:MinFreeDiskBytes", "--min-free-disk-bytes", "1073741824 (1 GiB)",
            "/health/ready is unhealthy when the data folder's disk has less free space than this.",
            static (o, v) => Int64(v, x => o.MinFreeDiskBytes = x)),
        new("Server:Feed:AllowAnonymousRead", "--feed-anonymous-read", "false",
            "true lets a request without a key read the NuGet feed (/nuget/v3/index.json, every extension); false needs a key with the read scope.",
            static (o, v) => Boolean(v, x => o.Feed = o.Feed with { AllowAnonymousRead = x })),
        new("Server:Feed:PublicUrl", "--feed-public-url", "none: the address each request came to",
            "The server's address as consumers reach it (e.g. https://packages.example.com/ behind a proxy that ends TLS): the feed's documents name their URLs under it.",
            static (o, v) => Set(() => o.Feed = o.Feed with { PublicUrl = new Uri(v.EndsWith('/') ? v : v + "/") },
                Uri.TryCreate(v, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && u.Query.Length == 0 && u.Fragment.Length == 0, "an http:// or https:// URL such as https://packages.example.com/")),
        new("Server:Console:SessionLifetime", "--console-session-lifetime", "08:00:00 (8 hours)",
            "How long a web console sign-in lasts (d.hh:mm:ss); a session also ends when its key is revoked or on sign-out.",
            static (o, v) => Time(v, x => o.ConsoleSessionLifetime = x)),
        new("Server:Retention:KeepVersions", "--keep-versions", "0 (keep all)",
            "Versions kept per extension (0, or at least 2): the active one, the one active before it, then the newest; older ones are deleted after each publish and every 10 minutes.",
            static (o, v) => Int32(v, x => o.Retention = o.Retention with { KeepVersions = x })),
        new("Server:Retention:OperationMaxAge", "--operation-max-age", "0 (keep all)",
            "Finished operations and their logs older than this (d.hh:mm:ss) are removed every 10 minutes; unfinished ones never.",
            static (o, v) => Time(v, x => o.Retention = o.Retention with { OperationMaxAge = x })),
        new("Server:Retention:BlobGracePeriod", "--blob-grace-period", "01:00:00 (1 hour)",
            "A blob no version uses is removed only when no publish wrote or used it within this time (d.hh:mm:ss) before the clean-up started.",
            static (o, v) => Time(v, x => o.Retention = o.Retention with { BlobGracePeriod = x })),
    ];

    /// <summary>What a value of Server:TargetFrameworks must be.</summary>
    internal const string ExpectedFramework = "a target framework a process runs, such as net48 or net8.0 (not netstandard)";

    private static string? Set(Action set, bool valid, string expected)
    {
        if (!valid)
        {
            return expected;
        }

        set();
        return null;
    }

    private static string? Int64(string text, Action<long> set) =>
        Set(() => set(long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)),
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _), "a whole number of bytes");

    private static string? Int32(string text, Action<int> set) =>
        Set(() => set(int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)),
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _), "a whole number");

    private static string? Double(string text, Action<double> set) =>
        Set(() => set(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d), "a number");

    private static string? Boolean(string text, Action<bool> set) =>
        Set(() => set(bool.Parse(text)), bool.TryParse(text, out _), "true or false");

    private static string? Time(string text, Action<TimeSpan> set) =>
        Set(() => set(TimeSpan.Parse(text, CultureInfo.InvariantCulture)),
            TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out _), "a duration as d.hh:mm:ss");

    private static string? Enum<T>(string text, Action<T> set)
        where T : struct, System.Enum =>
        Set(() => set(System.Enum.Parse<T>(text, ignoreCase: true)),
            !text.Any(char.IsDigit) && System.Enum.TryParse<T>(text, ignoreCase: true, out _),
            "one of " + string.Join(", ", System.Enum.GetNames<T>()).ToLowerInvariant());
}
