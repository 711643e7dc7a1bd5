using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Xif;

namespace OneClickPublish.Server;

/// <summary>
/// How a <see cref="PlatformServer"/> runs. Only <see cref="DataDirectory"/> is required. Every value is
/// checked at start (<see cref="PlatformServerOptionsValidator"/>); <c>oneclick server</c> fills it from
/// configuration (<see cref="ServerConfiguration"/>, keys in <see cref="ServerSettings"/>).
/// </summary>
public sealed class PlatformServerOptions
{
    /// <summary>Created if missing; holds metadata.db (SQLite), blobs/, uploads/ and deployments/.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary>Where Kestrel listens, ';'-separated. Port 0 picks a free port; <see cref="PlatformServer.BaseAddress"/> tells which.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";

    /// <summary>The largest upload accepted (413 above it). Default 2 GiB.</summary>
    public long MaxUploadBytes { get; set; } = 2L << 30;

    /// <summary>Uploads not published within this time are removed. Default 24 hours.</summary>
    public TimeSpan UploadExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Caps on entries, sizes and compression ratio applied to every XIF (the Core reader's limits).</summary>
    public XifLimits XifLimits { get; set; } = XifLimits.Default;

    /// <summary>Null: SQLite in the data directory. Set: PostgreSQL, for several nodes sharing one database (and one data directory).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>A file holding the PostgreSQL connection string (a mounted secret); instead of <see cref="PostgresConnectionString"/>.</summary>
    public string? PostgresConnectionStringFile { get; set; }

    /// <summary>Names this node in operations, so that at start it fails only the publishes it was running itself.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>
    /// The target frameworks this server can run, as short names (net48, net8.0): a publish of an extension none of
    /// them can run is refused (OCP5118), and GET /api/v1/server lists them for clients to check before they upload.
    /// Default: what extensions are built for (docs/server.md): .NET Framework 4.7.2 and 4.8, .NET 8, 9 and 10.
    /// </summary>
    public IReadOnlyList<string> TargetFrameworks { get; set; } = DefaultTargetFrameworks;

    /// <summary>The default of <see cref="TargetFrameworks"/>.</summary>
    public static IReadOnlyList<string> DefaultTargetFrameworks { get; } = ["net472", "net48", "net8.0", "net9.0", "net10.0"];

    /// <summary>Publishes of different extensions that run at the same time. Default 4.</summary>
    public int MaxConcurrentPublishes { get; set; } = 4;

    /// <summary>The console log's format. Default: none, so an embedding terminal UI stays clean.</summary>
    public ServerLogFormat LogFormat { get; set; } = ServerLogFormat.None;

    /// <summary>The least level logged (Logging:LogLevel in <see cref="Configuration"/> refines it per category).</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>More logging providers (tests capture the log with one).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>Origins whose browser pages may call the API (the server's own console needs none). Default: none.</summary>
    public IReadOnlyList<string> CorsOrigins { get; set; } = [];

    /// <summary>Reverse proxies whose X-Forwarded-* headers are believed. Default: none, the headers are ignored.</summary>
    public TrustedProxyOptions ForwardedHeaders { get; set; } = new();

    /// <summary>/health/ready is unhealthy when the data folder's disk has less free space than this. Default 1 GiB.</summary>
    public long MinFreeDiskBytes { get; set; } = 1L << 30;

    /// <summary>The NuGet feed at /nuget/v3/index.json: anonymous reads and the public address (docs/feed.md).</summary>
    public FeedOptions Feed { get; set; } = new();

    /// <summary>How long a web console sign-in lasts. Default 8 hours.</summary>
    public TimeSpan ConsoleSessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Versions kept, finished operations kept, and the grace period of unreferenced blobs (see <see cref="RetentionOptions"/>).</summary>
    public RetentionOptions Retention { get; set; } = new();

    /// <summary>The configuration these options were read from, if any: its <c>Logging</c> section sets levels per category.</summary>
    public IConfiguration? Configuration { get; set; }

    /// <summary>
    /// Services the host adds to the server's container, or replaces, before the server is built: its own
    /// health checks or options, and its own implementation of a part the server takes from the container
    /// (the clock of its periodic work and console sessions, <see cref="TimeProvider"/>; the time a stop gives
    /// running publishes, HostOptions.ShutdownTimeout). A registration made here comes after the server's and wins.
    /// </summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }
}
