using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Server;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Retention;
using OneClickPublish.Server.Security;
using OneClickPublish.Tool.Operation;

namespace OneClickPublish.Tool.Cli;

/// <summary>
/// The Platform Server side of the tool, over OneClickPublish.Server's <see cref="PlatformServer"/>,
/// <see cref="ApiKeyStore"/> and <see cref="GarbageCollector"/>, and Core's <see cref="PlatformClient"/> (the same client the
/// Upload and Publish tasks use).
/// </summary>
/// <param name="warnings">Where the client's warnings go.</param>
/// <param name="configureServer">Applied to the options of <c>oneclick server</c> after they are read: a host of this code (the end-to-end tests' server) adds its services.</param>
internal sealed class PlatformServices(TextWriter? warnings = null, Action<PlatformServerOptions>? configureServer = null) : IPlatformServices
{
    /// <summary>Where <c>oneclick server</c> listens without --urls.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public async Task<IEmbeddedServer> StartEmbeddedAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var server = await StartServerAsync(dataDirectory, "http://127.0.0.1:0", cancellationToken).ConfigureAwait(false);
        try
        {
            var (key, runKeyName) = await KeyForThisRunAsync(dataDirectory, ApiKeyScope.Publish, cancellationToken).ConfigureAwait(false);
            return new EmbeddedServer(server, key, runKeyName, dataDirectory);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<int> RunServerAsync(IReadOnlyDictionary<string, string?> commandLineSettings, string currentDirectory, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        PlatformServer server;
        try
        {
            var configuration = ServerConfiguration.Build(commandLineSettings, OneClickCli.DefaultDataDirectory, currentDirectory);
            var options = ServerConfiguration.Bind(configuration, new PlatformServerOptions { Urls = DefaultUrls, LogFormat = ServerLogFormat.Console });
            configureServer?.Invoke(options);
            server = await StartServerAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (ServerConfigurationException e)
        {
            // One line per bad value, no stack trace: the server did not start.
            foreach (var diagnostic in e.Diagnostics)
            {
                await error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            return ExitCodes.UsageError;
        }

        await using var running = server;

        // With JSON logs stdout is for log collectors: one JSON object per line, so these words go to stderr.
        output = server.LogFormat == ServerLogFormat.Json ? error : output;
        await output.WriteLineAsync($"Platform Server listening at {server.BaseAddress.ToString().TrimEnd('/')} (data in {server.DataDirectory}).").ConfigureAwait(false);
        if (server.InitialApiKey is { } key)
        {
            await output.WriteLineAsync($"First API key (scope publish), shown once — keep it: {key}").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"Publish to it: oneclick publish <project> --server {server.BaseAddress.ToString().TrimEnd('/')} (key in ONECLICK_API_KEY). Ctrl+C stops it.").ConfigureAwait(false);
        await output.WriteLineAsync($"Use what is published: its NuGet feed is {server.BaseAddress.ToString().TrimEnd('/')}/nuget/v3/index.json (a read key as password; docs/feed.md).").ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop cleanly below.
        }

        await server.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await output.WriteLineAsync("Platform Server stopped.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    public Task<int> CreateKeyAsync(ServerTarget target, string name, string scope, IReadOnlyList<string>? extensions, TextWriter output, CancellationToken cancellationToken) =>
        Keys.CreateAsync(target, name, scope, extensions, output, cancellationToken);

    public Task<int> ListKeysAsync(ServerTarget target, bool json, TextWriter output, CancellationToken cancellationToken) =>
        Keys.ListAsync(target, json, output, cancellationToken);

    public Task<int> RevokeKeyAsync(ServerTarget target, string name, TextWriter output, CancellationToken cancellationToken) =>
        Keys.RevokeAsync(target, name, output, cancellationToken);

    private KeyCommands Keys => new(Warn, Json);

    public async Task<int> CollectGarbageAsync(string dataDirectory, bool dryRun, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw DiagnosticException.Create(ToolDiagnostics.NoLocalServer, SourceLocation.None, dataDirectory);
        }

        var options = ServerOptionsFor(dataDirectory);
        var report = await GarbageCollector.RunAsync(options, dryRun, cancellationToken).ConfigureAwait(false);
        await GarbageCollectionOutput.WriteAsync(report, options, json, output).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    public Task<int> StatusAsync(ServerTarget target, string? extension, bool json, TextWriter output, CancellationToken cancellationToken) =>
        WithClientAsync(target, ApiKeyScope.Read, async client =>
        {
            if (extension is null)
            {
                var extensions = await client.GetExtensionsAsync(cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(extensions, Json)).ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                await output.WriteLineAsync(target.Remote is null
                    ? $"Platform Server data in {target.DataDirectory}"
                    : $"Platform Server {client.Server.ToString().TrimEnd('/')}").ConfigureAwait(false);
                if (extensions.Count == 0)
                {
                    await output.WriteLineAsync("No extensions published yet.").ConfigureAwait(false);
                    return ExitCodes.Success;
                }

                var width = Math.Max(9, extensions.Max(static e => e.Name.Length));
                await output.WriteLineAsync($"{"Extension".PadRight(width)}  {"Active",-12}  Versions").ConfigureAwait(false);
                foreach (var e in extensions)
                {
                    await output.WriteLineAsync($"{e.Name.PadRight(width)}  {e.ActiveVersion ?? "-",-12}  {string.Join(", ", e.Versions)}").ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }

            var info = await client.GetExtensionAsync(extension, cancellationToken).ConfigureAwait(false);
            var history = await client.GetHistoryAsync(extension, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new { info.Name, info.ActiveVersion, info.Versions, History = history }, Json)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await WriteExtensionAsync(info, output).ConfigureAwait(false);
            await output.WriteLineAsync("History:").ConfigureAwait(false);
            foreach (var entry in history)
            {
                var change = entry.PreviousVersion is null ? entry.Version : $"{entry.PreviousVersion} → {entry.Version}";
                await output.WriteLineAsync($"  {(entry.Time is { } t ? Date(t) : "?"),-16}  {entry.Action,-8}  {change}  by {entry.By ?? "?"}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, cancellationToken);

    public Task<int> RollbackAsync(ServerTarget target, string extension, string version, bool json, TextWriter output, CancellationToken cancellationToken) =>
        WithClientAsync(target, ApiKeyScope.Publish, async client =>
        {
            var info = await client.RollbackAsync(extension, version, cancellationToken).ConfigureAwait(false);
            if (json)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(info, Json)).ConfigureAwait(false);
            }
            else
            {
                await output.WriteLineAsync($"{info.Name} {info.ActiveVersion} is active again.").ConfigureAwait(false);
                await WriteExtensionAsync(info, output).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, cancellationToken);

    private static async Task WriteExtensionAsync(ExtensionInfo info, TextWriter output)
    {
        await output.WriteLineAsync($"{info.Name}: active version {info.ActiveVersion ?? "none"}").ConfigureAwait(false);
        foreach (var v in info.Versions)
        {
            var active = v.Version == info.ActiveVersion ? "*" : " ";
            await output.WriteLineAsync($" {active} {v.Version,-12}  published {(v.PublishedAt is { } at ? Date(at) : "?")} by {v.PublishedBy ?? "?"}  {v.DeploymentPath}").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A client for the target: the given server and key, or — for the local data folder — a
    /// server started in-process on loopback with a key made for this command and revoked after it.
    /// </summary>
    private async Task<int> WithClientAsync(ServerTarget target, ApiKeyScope scope, Func<PlatformClient, Task<int>> action, CancellationToken cancellationToken)
    {
        PlatformServer? local = null;
        string? runKey = null;
        try
        {
            ServerEndpoint endpoint;
            if (target.Remote is { } remote)
            {
                endpoint = remote;
            }
            else
            {
                if (!Directory.Exists(target.DataDirectory))
                {
                    throw DiagnosticException.Create(ToolDiagnostics.NoLocalServer, SourceLocation.None, target.DataDirectory);
                }

                local = await StartServerAsync(target.DataDirectory, "http://127.0.0.1:0", cancellationToken).ConfigureAwait(false);
                (var key, runKey) = await KeyForThisRunAsync(target.DataDirectory, scope, cancellationToken).ConfigureAwait(false);
                endpoint = new ServerEndpoint(local.BaseAddress, key);
            }

            using var client = new PlatformClient(new PlatformClientOptions { Server = endpoint.Url.ToString(), ApiKey = endpoint.ApiKey, Retries = 1, Log = Warn });
            return await action(client).ConfigureAwait(false);
        }
        finally
        {
            if (local is not null)
            {
                await RevokeQuietlyAsync(target.DataDirectory, runKey).ConfigureAwait(false);
                await local.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The options <c>oneclick server --data</c> would run with on this folder (appsettings.json there, ONECLICK_ variables).</summary>
    internal static PlatformServerOptions ServerOptionsFor(string dataDirectory)
    {
        var configuration = ServerConfiguration.Build(new Dictionary<string, string?> { ["Server:DataDirectory"] = dataDirectory }, dataDirectory, dataDirectory);
        return ServerConfiguration.Bind(configuration, new PlatformServerOptions());
    }

    /// <summary>The client's warnings (a retry and why) go to stderr, so that --json output on stdout stays one answer.</summary>
    private void Warn(Diagnostic diagnostic) => warnings?.WriteLine(diagnostic.ToString());

    private static Task<PlatformServer> StartServerAsync(string dataDirectory, string urls, CancellationToken cancellationToken) =>
        StartServerAsync(new PlatformServerOptions { DataDirectory = dataDirectory, Urls = urls }, cancellationToken);

    private static async Task<PlatformServer> StartServerAsync(PlatformServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await PlatformServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Net.Sockets.SocketException or System.Data.Common.DbException)
        {
            throw DiagnosticException.Create(ToolDiagnostics.EmbeddedServerFailed, SourceLocation.None, e.Message);
        }
    }

    /// <summary>
    /// The key the tool uses with an in-process server: one made for this run and revoked when the
    /// run ends, also when the server just made its first key. The first key, the one the user keeps,
    /// so never reaches a build (nor a binary log of it); the tool never has to keep a key of its own.
    /// </summary>
    private static async Task<(string Key, string RunKeyName)> KeyForThisRunAsync(string dataDirectory, ApiKeyScope scope, CancellationToken cancellationToken)
    {
        using var keys = await ApiKeyStore.OpenAsync(dataDirectory, null, cancellationToken).ConfigureAwait(false);
        var name = $"oneclick-{Environment.UserName}-{DateTimeOffset.UtcNow:yyyyMMddHHmmss}-{Random.Shared.Next(1000, 9999)}";
        name = new string(name.Where(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@').ToArray());
        var created = await keys.CreateAsync(name, scope, cancellationToken).ConfigureAwait(false);
        return (created.Key, name);
    }

    private static async Task RevokeQuietlyAsync(string dataDirectory, string? name)
    {
        if (name is null)
        {
            return;
        }

        try
        {
            using var keys = await ApiKeyStore.OpenAsync(dataDirectory, null, CancellationToken.None).ConfigureAwait(false);
            await keys.RevokeAsync(name, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            // The key dies with nothing else: the server that used it is stopping too.
        }
    }

    private static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private sealed class EmbeddedServer(PlatformServer server, string key, string? runKeyName, string dataDirectory) : IEmbeddedServer
    {
        public ServerEndpoint Endpoint { get; } = new(server.BaseAddress, key);

        public string DataDirectory => server.DataDirectory;

        public string? InitialApiKey => server.InitialApiKey;

        public async Task<DeployedVersion?> LatestDeploymentAsync(CancellationToken cancellationToken)
        {
            using var client = new PlatformClient(new PlatformClientOptions { Server = Endpoint.Url.ToString(), ApiKey = key, Retries = 1 });
            DeployedVersion? latest = null;
            DateTimeOffset latestAt = default;
            foreach (var summary in await client.GetExtensionsAsync(cancellationToken).ConfigureAwait(false))
            {
                var info = await client.GetExtensionAsync(summary.Name, cancellationToken).ConfigureAwait(false);
                foreach (var version in info.Versions.Where(v => v.Version == info.ActiveVersion))
                {
                    var at = version.PublishedAt ?? DateTimeOffset.MinValue;
                    if (latest is null || at > latestAt)
                    {
                        latest = new DeployedVersion(info.Name, version.Version, version.DeploymentPath);
                        latestAt = at;
                    }
                }
            }

            return latest;
        }

        public async ValueTask DisposeAsync()
        {
            await RevokeQuietlyAsync(dataDirectory, runKeyName).ConfigureAwait(false);
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
