using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Api;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Console;
using OneClickPublish.Server.Feed;
using OneClickPublish.Server.Health;
using OneClickPublish.Server.Hosting;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Retention;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server;

/// <summary>
/// The Platform Server, embeddable in-process: <c>oneclick server</c> hosts it, <c>oneclick publish</c>
/// can start one of its own. Start it with <see cref="StartAsync"/>, talk to it at
/// <see cref="BaseAddress"/>, stop it with <see cref="StopAsync"/> or by disposing it.
/// </summary>
public sealed class PlatformServer : IAsyncDisposable
{
    /// <summary>The largest body of a JSON request (every request but the upload PATCH): over it is 413 OCP5123.</summary>
    internal const long MaxJsonBodyBytes = 1 << 20;

    private readonly WebApplication _app;
    private readonly PublishService _publishes;
    private readonly IMetadataStore _store;
    private readonly GarbageCollector _collector;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _housekeeping = new();
    private readonly Task _sweeper;
    private readonly Task _heartbeat;
    private int _stopped;

    private PlatformServer(WebApplication app, PublishService publishes, IMetadataStore store, GarbageCollector collector, ILogger logger, TimeProvider clock, Uri baseAddress, string? initialApiKey, string dataDirectory, string nodeName)
    {
        _app = app;
        _publishes = publishes;
        _store = store;
        _collector = collector;
        _logger = logger;
        _clock = clock;
        BaseAddress = baseAddress;
        InitialApiKey = initialApiKey;
        DataDirectory = dataDirectory;
        _sweeper = HousekeepingAsync(_housekeeping.Token);
        _heartbeat = HeartbeatAsync(nodeName, clock.GetUtcNow(), _housekeeping.Token);
    }

    /// <summary>Where the server listens, with the real port when the options asked for port 0.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The key created at the first start (scope publish), shown once; null when keys already existed.</summary>
    public string? InitialApiKey { get; }

    /// <summary>How the server logs to the console.</summary>
    public ServerLogFormat LogFormat { get; private init; }

    /// <summary>The host's services, for tests.</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>The full path of the data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The server's version, as /health reports it.</summary>
    public static string Version { get; } =
        typeof(PlatformServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// Creates the data directory if needed, opens the metadata store (creating or upgrading its schema;
    /// a database of a newer server is refused, OCP5240), fails the publishes a previous
    /// run left unfinished (OCP5120) and cleans their folders, creates a first key when there is none,
    /// and starts listening.
    /// </summary>
    public static async Task<PlatformServer> StartAsync(PlatformServerOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        PlatformServerOptionsValidator.ThrowIfInvalid(options);
        var connectionString = ServerConfiguration.ConnectionStringOf(options);
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(dataDirectory);

        var store = MetadataStoreFactory.Create(dataDirectory, connectionString);
        SchemaUpgrade schema;
        try
        {
            schema = await store.InitializeAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            (store as IDisposable)?.Dispose();
            throw;
        }

        var keys = new ApiKeyStore(store);
        string? initialKey = null;
        if (await keys.CountAsync(ct).ConfigureAwait(false) == 0)
        {
            try
            {
                initialKey = (await keys.CreateAsync("initial", ApiKeyScope.Publish, ct).ConfigureAwait(false)).Key;
            }
            catch (InvalidOperationException)
            {
                // Another node on the same database, started at the same time, made it: that node shows it.
            }
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PlatformServer).Assembly.GetName().Name,
            ContentRootPath = dataDirectory,
            // The host's default sources would watch appsettings.json for changes, and .NET watches a file
            // through its folder and every folder below it: each write of an upload, a blob or a deployment
            // in the data folder would wake the server for nothing (an inotify event, a read, an lstat,
            // tens of thousands per GiB uploaded). The options are read once at start (ServerConfiguration).
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        ServerLogging.Configure(builder.Logging, options);
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // JSON requests are small; the upload endpoint lifts this and enforces its own limit.
            kestrel.Limits.MaxRequestBodySize = MaxJsonBodyBytes;
        });
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        if (options.CorsOrigins.Count > 0)
        {
            builder.Services.AddCors();
        }

        ServerHealthChecks.Add(builder.Services, store, dataDirectory, options.MinFreeDiskBytes);
        ServerOpenApi.Add(builder.Services, Version);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Problems.Customize);

        // The parts a host may replace (PlatformServerOptions.ConfigureServices): registered first, so that its own come last and win.
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        builder.Services.AddSingleton<IXifInspector, CoreXifInspector>();
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OneClickPublish.Server");
        LogSchema(logger, schema);
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var uploads = new UploadStore(Path.Combine(dataDirectory, "uploads"));
        var blobs = new BlobStore(Path.Combine(dataDirectory, "blobs"));
        var deployments = new DeploymentStore(Path.Combine(dataDirectory, "deployments"));
        var inspector = app.Services.GetRequiredService<IXifInspector>();
        var retention = new VersionRetention(store, deployments, options.Retention, logger);
        var collector = new GarbageCollector(options, store, blobs, retention, logger);
        // A stop gives running publishes the time the host gives its own work (HostOptions.ShutdownTimeout, 30 s by default).
        var stopTimeout = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
        var publishes = new PublishService(options, store, uploads, blobs, deployments, inspector, retention, logger,
            app.Services.GetService<IPublishCheckpoints>(), stopTimeout);
        await publishes.RecoverAsync(singleNode: connectionString is null, ct).ConfigureAwait(false);

        var requests = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OneClickPublish.Server.Requests");
        // First, so that the request log and every URL the server writes see what the proxy saw.
        TrustedProxies.Use(app, options.ForwardedHeaders);
        app.Use((context, next) => RequestLogging.InvokeAsync(context, () => next(context), requests));
        // An error answered without a body (a path or method the API does not have) gets problem details too.
        app.UseStatusCodePages();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                // Kestrel refused what the client sent while the endpoint read it (a body over the limit,
                // arriving too slowly, broken chunked framing): the client's mistake, answered with the
                // status Kestrel chose, our code and our words, never Kestrel's message or a 500.
                logger.LogInformation("Request {Method} {Path} refused with {Status}: {Reason}", context.Request.Method, context.Request.Path, e.StatusCode, e.Message);
                var (status, error) = ClientError(context, e.StatusCode);
                context.Response.Clear();
                await Problems.WriteAsync(context, status, error).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                // The exception's text stays in the log; the client gets the request's id to find it there.
                var traceId = Problems.TraceId(context);
                logger.LogError(e, "Request {Method} {Path} failed (trace {TraceId})", context.Request.Method, context.Request.Path, traceId);
                context.Response.Clear();
                await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, ServerDiagnostics.InternalError, $"request {traceId}").ConfigureAwait(false);
            }
        });
        if (options.CorsOrigins.Count > 0)
        {
            // Before the key check: a browser's preflight carries no key, and is answered here.
            app.UseCors(cors => cors.WithOrigins([.. options.CorsOrigins]).AllowAnyHeader().AllowAnyMethod()
                .WithExposedHeaders("Location", "Retry-After", "Upload-Offset", "Upload-Length", "Upload-SHA256"));
        }

        var feedAccess = new FeedAccess(options.Feed.AllowAnonymousRead);
        var sessions = new ConsoleSessions(store, keys, options.ConsoleSessionLifetime, clock);
        app.Use((context, next) => ApiKeyAuthentication.InvokeAsync(context, () => next(context), keys, feedAccess, sessions));
        // Long polls and event streams end when the server stops, so that they do not hold up its stop.
        var watcher = new OperationWatcher(store, connectionString is null ? null : OperationWatcher.SharedDatabaseRecheck,
            app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        new ServerEndpoints(options, store, uploads, deployments, publishes, new OperationEndpoints(watcher, deployments), retention, new VersionFileEndpoints(store, blobs), new ServerInfoEndpoints(options, Version), Version, logger).Map(app);
        new KeyEndpoints(keys, logger).Map(app);
        new FeedEndpoints(new FeedCatalog(store, blobs, inspector, feedAccess), new FeedPackages(store, blobs, inspector, logger), options.Feed.PublicUrl, logger).Map(app);
        ServerHealthChecks.Map(app, logger);
        ServerOpenApi.Map(app);
        new ConsoleEndpoints(new ConsoleContext(options, store, keys, sessions, deployments, blobs, inspector, dataDirectory, Version,
            SharedDatabase: connectionString is not null, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OneClickPublish.Server.Console"))).Map(app);

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            // The port may be taken: release everything this start opened.
            await publishes.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            (store as IDisposable)?.Dispose();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Where the metadata is, without the connection string's secrets: host and database only.
        logger.LogInformation("Platform Server {Version} started on {Urls}, data in {DataDirectory}, metadata in {Store}, node {Node}",
            Version, string.Join(';', app.Urls), dataDirectory, DescribeStore(connectionString), options.NodeName);
        return new PlatformServer(app, publishes, store, collector, logger, clock, new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)), initialKey, dataDirectory, options.NodeName)
        {
            LogFormat = options.LogFormat,
        };
    }

    private static void LogSchema(ILogger logger, SchemaUpgrade schema)
    {
        if (schema.From == 0)
        {
            logger.LogInformation("Metadata schema created at version {Version}", schema.To);
        }
        else if (schema.Upgraded)
        {
            logger.LogInformation("Metadata schema upgraded from version {From}{Origin} to {Version}",
                schema.From, schema.MadeBeforeVersions ? " (made before schema versions)" : string.Empty, schema.To);
        }
    }

    private static string DescribeStore(string? connectionString)
    {
        if (connectionString is null)
        {
            return "SQLite (metadata.db)";
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL (host {builder.Host}, database {builder.Database})";
    }

    /// <summary>
    /// The answer to a request Kestrel refused while it was read (<see cref="BadHttpRequestException"/>):
    /// its own 4xx status (400 should it ever carry another), with our code for it.
    /// </summary>
    internal static (int Status, Diagnostic Error) ClientError(HttpContext context, int kestrelStatus)
    {
        var status = kestrelStatus is >= 400 and <= 499 ? kestrelStatus : StatusCodes.Status400BadRequest;
        return status switch
        {
            StatusCodes.Status413PayloadTooLarge => (status, Diagnostic.Create(ServerDiagnostics.RequestBodyTooLarge, SourceLocation.None,
                context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? MaxJsonBodyBytes)),
            StatusCodes.Status408RequestTimeout => (status, Diagnostic.Create(ServerDiagnostics.RequestBodyTimeout, SourceLocation.None)),
            _ => (status, Diagnostic.Create(ServerDiagnostics.MalformedRequest, SourceLocation.None, $"the server could not read it as HTTP (status {status})")),
        };
    }

    /// <summary>Stops listening and stops running publishes; they are recovered at the next start (OCP5120, or completed when they had switched).</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _housekeeping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync(ct).ConfigureAwait(false);
        await _publishes.DisposeAsync().ConfigureAwait(false);
        foreach (var task in new[] { _sweeper, _heartbeat })
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The housekeeping loops end by cancellation.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        (_store as IDisposable)?.Dispose();
        _housekeeping.Dispose();
    }

    /// <summary>
    /// One clean-up of the data folder, as the server runs it every 10 minutes: expired uploads, then
    /// the retention of versions and operations and the collection of unreferenced blobs
    /// (<see cref="GarbageCollector"/>; safe beside running publishes and other nodes' clean-ups).
    /// </summary>
    internal async Task<GarbageCollectionReport> CleanUpAsync(CancellationToken ct)
    {
        try
        {
            _publishes.SweepUploads();
        }
        catch (IOException)
        {
            // A file in use now is swept next time.
        }

        return await _collector.CollectAsync(dryRun: false, ct).ConfigureAwait(false);
    }

/// <summary>
    /// Records in the metadata database that this node is alive: at start, then every minute, so the
    /// console's server page lists the nodes seen recently (a node that stopped stops being seen).
    /// </summary>
    private async Task HeartbeatAsync(string nodeName, DateTimeOffset startedAt, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), _clock);
        do
        {
            try
            {
                await _store.RecordNodeAsync(nodeName, Version, startedAt, _clock.GetUtcNow(), ct).ConfigureAwait(false);
            }
            catch (System.Data.Common.DbException e)
            {
                // The database is away for now (/health/ready says so); the next beat tries again.
                _logger.LogWarning(e, "Node {Node} could not record that it is alive", nodeName);
            }
        }
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }


    private async Task HousekeepingAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(10), _clock);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            try
            {
                await CleanUpAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
            {
                // Whatever could not be removed now is removed next time.
                _logger.LogWarning(e, "The clean-up of the data folder failed; it runs again in 10 minutes");
            }
        }
    }
}
