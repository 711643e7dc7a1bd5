using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Platform;

/// <summary>
/// Talks to a Platform Server as docs/protocol.md says: resumable, integrity-checked uploads
/// (<see cref="UploadSession"/>), asynchronous publishes followed to their end with their log
/// relayed (<see cref="PublishFollower"/>), listings and rollback. Shared by the MSBuild tasks and
/// the oneclick tool. Every failure is a <see cref="DiagnosticException"/> with a coded diagnostic
/// that says what to do; every request is retried by one <see cref="RetryPolicy"/> (each retry a
/// warning to <see cref="PlatformClientOptions.Log"/>); each call is bounded by
/// <see cref="PlatformClientOptions.Timeout"/> and cancelable.
/// </summary>
public sealed partial class PlatformClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly PlatformConnection _connection;
    private readonly string? _apiKey;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _pollInterval;
    private readonly int _chunkSize;

    /// <summary>Checks the options and prepares the connection; throws a <see cref="DiagnosticException"/> when no valid server URL is set.</summary>
    public PlatformClient(PlatformClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Retries, nameof(options.Retries));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetryDelay, TimeSpan.Zero, nameof(options.RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PollInterval, TimeSpan.Zero, nameof(options.PollInterval));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ChunkSize, nameof(options.ChunkSize));
        if (options.Timeout <= TimeSpan.Zero && options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Timeout must be positive or infinite.");
        }

        Server = ParseServer(options.Server);
        _apiKey = string.IsNullOrWhiteSpace(options.ApiKey) ? null : options.ApiKey.Trim();
        _timeout = options.Timeout;
        _pollInterval = options.PollInterval;
        _chunkSize = options.ChunkSize;

        _http = options.HttpMessageHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30), PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true);
        _http.BaseAddress = Server;
        // Bounded per call by _timeout instead; so no request is cut short while the server holds a long poll (PublishFollower.LongPollWait).
        _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("OneClickPublish", typeof(PlatformClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        if (_apiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        // Through a lambda, so that tests may replace Delay after construction.
        var retry = new RetryPolicy(options.Retries, options.RetryDelay, options.MaxRetryDelay, options.Jitter ?? new Random(), (delay, ct) => Delay(delay, ct), options.Log);
        _connection = new PlatformConnection(_http, Server, retry);
    }

    /// <summary>The server's base URL, always ending with '/'.</summary>
    public Uri Server { get; }

    /// <summary>How the client waits between retries and polls; tests replace it to run without waiting.</summary>
    internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = static (delay, ct) => Task.Delay(delay, ct);

    /// <summary>
    /// Uploads a file and returns the server's upload id once the server has every byte and has
    /// checked the SHA-256. An interrupted transfer resumes from the offset the server reports,
    /// never re-sending bytes the server already has.
    /// </summary>
    public Task<string> UploadAsync(string filePath, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var fullPath = Path.GetFullPath(filePath);
        return RunAsync($"The upload of '{Path.GetFileName(fullPath)}'", needsKey: true,
            ct => new UploadSession(_connection, _chunkSize).RunAsync(fullPath, progress, ct), cancellationToken);
    }

    /// <summary>
    /// Publishes a complete upload and follows the operation to its end, calling
    /// <paramref name="onLine"/> once for each new line of the server's log, in order. A publish
    /// the server ends as failed returns <see cref="PublishState.Failed"/> (its errors were relayed
    /// as lines); a request the server refuses throws.
    /// </summary>
    public Task<PublishResult> PublishAsync(string uploadId, Action<PlatformLogLine> onLine, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        ArgumentNullException.ThrowIfNull(onLine);
        return RunAsync($"The publish of upload {uploadId}", needsKey: true,
            ct => new PublishFollower(_connection, _pollInterval, (delay, token) => Delay(delay, token)).RunAsync(uploadId, onLine, ct), cancellationToken);
    }

    public Task<HealthInfo> HealthAsync(CancellationToken cancellationToken)
    {
        const string what = "The health check";
        return RunAsync(what, needsKey: false, ct => _connection.GetJsonAsync("health", PlatformJson.Default.HealthInfo, what, ct), cancellationToken);
    }

    public Task<IReadOnlyList<ExtensionSummary>> GetExtensionsAsync(CancellationToken cancellationToken)
    {
        const string what = "Listing the extensions";
        return RunAsync<IReadOnlyList<ExtensionSummary>>(
            what,
            needsKey: true,
            async ct => await _connection.GetJsonAsync("api/v1/extensions", PlatformJson.Default.ListExtensionSummary, what, ct).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<ExtensionInfo> GetExtensionAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var what = $"Reading extension {name}";
        return RunAsync(
            what,
            needsKey: true,
            ct => _connection.GetJsonAsync($"api/v1/extensions/{Uri.EscapeDataString(name)}", PlatformJson.Default.ExtensionInfo, what, ct),
            cancellationToken);
    }

    public Task<IReadOnlyList<ExtensionHistoryEntry>> GetHistoryAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var what = $"Reading the history of {name}";
        return RunAsync<IReadOnlyList<ExtensionHistoryEntry>>(
            what,
            needsKey: true,
            async ct => await _connection.GetJsonAsync($"api/v1/extensions/{Uri.EscapeDataString(name)}/history", PlatformJson.Default.ListExtensionHistoryEntry, what, ct).ConfigureAwait(false),
            cancellationToken);
    }

    /// <summary>Makes an earlier, already deployed version active again; returns the extension's state after the switch.</summary>
    public Task<ExtensionInfo> RollbackAsync(string name, string version, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        var what = $"The rollback of {name} to {version}";
        return RunAsync(what, needsKey: true, async ct =>
        {
            // Safe to retry: rolling back to the same version twice leaves the same state.
            using var response = await _connection.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, $"api/v1/extensions/{Uri.EscapeDataString(name)}/rollback")
                {
                    Content = JsonContent.Create(new RollbackRequest(version), PlatformJson.Default.RollbackRequest),
                },
                what,
                idempotent: true,
                ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await _connection.ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
            }

            return await _connection.ReadJsonAsync(response, PlatformJson.Default.ExtensionInfo, what, ct).ConfigureAwait(false);
        }, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static Uri ParseServer(string? server)
    {
        if (string.IsNullOrWhiteSpace(server))
        {
            throw DiagnosticException.Create(PlatformDiagnostics.NoServer, SourceLocation.None);
        }

        var text = server.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw DiagnosticException.Create(PlatformDiagnostics.InvalidServerUrl, SourceLocation.None, text);
        }

        // A base address must end with '/' or relative paths replace its last segment.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
    }

    /// <summary>Bounds a call by the timeout and turns cancellation into the coded Cancelled or TimedOut error.</summary>
    private async Task<T> RunAsync<T>(string what, bool needsKey, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (needsKey && _apiKey is null)
        {
            throw DiagnosticException.Create(PlatformDiagnostics.ApiKeyMissing, SourceLocation.None, Server);
        }

        using var timeout = new CancellationTokenSource();
        if (_timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(_timeout);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await call(linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not DiagnosticException && linked.IsCancellationRequested)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new DiagnosticException(Diagnostic.Create(PlatformDiagnostics.Cancelled, SourceLocation.None, what), e);
            }

            throw new DiagnosticException(Diagnostic.Create(PlatformDiagnostics.TimedOut, SourceLocation.None, what, FormatTimeout(_timeout)), e);
        }
    }

    private static string FormatTimeout(TimeSpan timeout) =>
        timeout.TotalSeconds >= 1
            ? timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
            : timeout.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";
}
