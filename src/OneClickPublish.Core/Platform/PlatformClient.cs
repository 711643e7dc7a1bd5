using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Platform;

/// <summary>
/// Talks to a Platform Server as docs/protocol.md says: resumable, integrity-checked uploads,
/// asynchronous publishes followed to their end with their log relayed, listings and rollback.
/// Shared by the MSBuild tasks and the oneclick tool. Every failure is a
/// <see cref="DiagnosticException"/> with a coded diagnostic that says what to do; transient
/// failures (dropped or refused connections, 5xx) are retried with a doubling delay; each call
/// is bounded by <see cref="PlatformClientOptions.Timeout"/> and cancelable.
/// </summary>
public sealed class PlatformClient : IDisposable
{
    private const string UploadOffsetHeader = "Upload-Offset";
    private const int MaxRefusalsWithoutProgress = 3;

    private readonly HttpClient _http;
    private readonly string? _apiKey;
    private readonly int _retries;
    private readonly TimeSpan _retryDelay;
    private readonly TimeSpan _maxRetryDelay;
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
        _retries = options.Retries;
        _retryDelay = options.RetryDelay;
        _maxRetryDelay = options.MaxRetryDelay < options.RetryDelay ? options.RetryDelay : options.MaxRetryDelay;
        _timeout = options.Timeout;
        _pollInterval = options.PollInterval;
        _chunkSize = options.ChunkSize;

        _http = options.HttpMessageHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30), PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true);
        _http.BaseAddress = Server;
        _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // bounded per call by _timeout instead
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("OneClickPublish", typeof(PlatformClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        if (_apiKey is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }
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
        return RunAsync($"The upload of '{Path.GetFileName(fullPath)}'", needsKey: true, ct => UploadCoreAsync(fullPath, progress, ct), cancellationToken);
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
        return RunAsync($"The publish of upload {uploadId}", needsKey: true, ct => PublishCoreAsync(uploadId, onLine, ct), cancellationToken);
    }

    public Task<HealthInfo> HealthAsync(CancellationToken cancellationToken) =>
        RunAsync("The health check", needsKey: false, ct => GetJsonAsync("health", PlatformJson.Default.HealthInfo, ct), cancellationToken);

    public Task<IReadOnlyList<ExtensionSummary>> GetExtensionsAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<ExtensionSummary>>(
            "Listing the extensions",
            needsKey: true,
            async ct => await GetJsonAsync("api/v1/extensions", PlatformJson.Default.ListExtensionSummary, ct).ConfigureAwait(false),
            cancellationToken);

    public Task<ExtensionInfo> GetExtensionAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync(
            $"Reading extension {name}",
            needsKey: true,
            ct => GetJsonAsync($"api/v1/extensions/{Uri.EscapeDataString(name)}", PlatformJson.Default.ExtensionInfo, ct),
            cancellationToken);
    }

    public Task<IReadOnlyList<ExtensionHistoryEntry>> GetHistoryAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return RunAsync<IReadOnlyList<ExtensionHistoryEntry>>(
            $"Reading the history of {name}",
            needsKey: true,
            async ct => await GetJsonAsync($"api/v1/extensions/{Uri.EscapeDataString(name)}/history", PlatformJson.Default.ListExtensionHistoryEntry, ct).ConfigureAwait(false),
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
            using var response = await SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, $"api/v1/extensions/{Uri.EscapeDataString(name)}/rollback")
                {
                    Content = JsonContent.Create(new RollbackRequest(version), PlatformJson.Default.RollbackRequest),
                },
                what,
                idempotent: true,
                ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
            }

            return await ReadJsonAsync(response, PlatformJson.Default.ExtensionInfo, what, ct).ConfigureAwait(false);
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

    private async Task<string> UploadCoreAsync(string path, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        var what = $"The upload of '{name}'";
        var (length, sha256) = await HashFileAsync(path, ct).ConfigureAwait(false);
        var uploadId = await CreateUploadAsync(path, length, sha256, what, ct).ConfigureAwait(false);
        var offset = 0L;
        var failures = 0;
        var refusals = 0;
        progress?.Report(new TransferProgress(offset, length));

        while (offset < length)
        {
            var start = offset;
            var count = Math.Min(_chunkSize, length - start);
            HttpResponseMessage? response = null;
            DiagnosticException? failure;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Patch, UploadPath(uploadId))
                {
                    Content = new FileSegmentContent(path, start, count, sent => progress?.Report(new TransferProgress(start + sent, length))),
                };
                request.Headers.Add(UploadOffsetHeader, start.ToString(CultureInfo.InvariantCulture));
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not DiagnosticException && FindDiagnostic(e) is { } local)
            {
                throw local; // the local file failed, not the connection: retrying will not help
            }
            catch (Exception e) when (IsTransportFailure(e, ct))
            {
                failure = TransportError(e, failures + 1);
                if (!IsRetryableTransportFailure(e, idempotent: true))
                {
                    throw failure;
                }

                goto Retry;
            }

            using (response)
            {
                switch (response.StatusCode)
                {
                    case HttpStatusCode.NoContent or HttpStatusCode.OK:
                        // Never assume the body arrived whole: without the server's new offset, ask for it.
                        var acknowledged = ReadOffset(response, what) ?? await GetUploadOffsetAsync(uploadId, what, ct).ConfigureAwait(false);
                        if (acknowledged is null)
                        {
                            uploadId = await CreateUploadAsync(path, length, sha256, what, ct).ConfigureAwait(false);
                            offset = 0;
                            continue;
                        }

                        offset = acknowledged.Value;
                        failures = 0;
                        refusals = offset > start ? 0 : refusals + 1;
                        if (refusals > MaxRefusalsWithoutProgress)
                        {
                            throw DiagnosticException.Create(PlatformDiagnostics.UploadOffsetConflict, new SourceLocation(path), path, Server, start);
                        }

                        continue;
                    case HttpStatusCode.Conflict:
                        // The server's offset is the truth: resume from it (bytes it has are not sent again).
                        var serverOffset = ReadOffset(response, what)
                            ?? throw await ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
                        offset = serverOffset;
                        if (serverOffset != start)
                        {
                            refusals = 0;
                            continue;
                        }

                        // Refused at the server's own offset: the server is still busy with the request
                        // that dropped (it keeps writing what reached it). Give it a moment.
                        if (++refusals > Math.Max(MaxRefusalsWithoutProgress, _retries))
                        {
                            throw DiagnosticException.Create(PlatformDiagnostics.UploadOffsetConflict, new SourceLocation(path), path, Server, start);
                        }

                        await Delay(BackoffDelay(refusals, RetryAfter(response)), ct).ConfigureAwait(false);
                        continue;
                    case (HttpStatusCode)422: // UnprocessableEntity, unnamed on .NET Framework
                        var mismatch = await ReadErrorBodyAsync(response, ct).ConfigureAwait(false);
                        throw DiagnosticException.Create(PlatformDiagnostics.HashMismatch, new SourceLocation(path), Server, name, ServerSays(mismatch));
                    case HttpStatusCode.RequestEntityTooLarge:
                        throw await TooLargeAsync(response, path, length, ct).ConfigureAwait(false);
                    case HttpStatusCode.NotFound:
                        // The server lost or expired the upload: start a new one, once per failure allowed.
                        failure = await ErrorFromResponseAsync(response, what, failures + 1, ct).ConfigureAwait(false);
                        if (++failures > _retries)
                        {
                            throw failure;
                        }

                        uploadId = await CreateUploadAsync(path, length, sha256, what, ct).ConfigureAwait(false);
                        offset = 0;
                        continue;
                    default:
                        failure = await ErrorFromResponseAsync(response, what, failures + 1, ct).ConfigureAwait(false);
                        if (!IsTransient(response.StatusCode))
                        {
                            throw failure;
                        }

                        retryAfter = RetryAfter(response);
                        break;
                }
            }

        Retry:
            if (++failures > _retries)
            {
                throw failure;
            }

            await Delay(BackoffDelay(failures, retryAfter), ct).ConfigureAwait(false);
            var resumed = await GetUploadOffsetAsync(uploadId, what, ct).ConfigureAwait(false);
            if (resumed is null)
            {
                uploadId = await CreateUploadAsync(path, length, sha256, what, ct).ConfigureAwait(false);
                offset = 0;
            }
            else
            {
                offset = resumed.Value;
            }
        }

        if (offset != length)
        {
            throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, $"the server reports {offset} bytes received of {length}");
        }

        progress?.Report(new TransferProgress(length, length));
        return uploadId;
    }

    private static string UploadPath(string uploadId) => "api/v1/uploads/" + Uri.EscapeDataString(uploadId);

    private static async Task<(long Length, string Sha256)> HashFileAsync(string path, CancellationToken ct)
    {
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1024 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (file.ConfigureAwait(false))
            {
                var length = file.Length;
                if (length == 0)
                {
                    throw DiagnosticException.Create(PlatformDiagnostics.FileUnreadable, new SourceLocation(path), path, "the file is empty");
                }

                var hash = await SHA256.HashDataAsync(file, ct).ConfigureAwait(false);
                return (length, Convert.ToHexStringLower(hash));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : e.Message;
            throw DiagnosticException.Create(PlatformDiagnostics.FileUnreadable, new SourceLocation(path), path, reason);
        }
    }

    private async Task<string> CreateUploadAsync(string path, long length, string sha256, string what, CancellationToken ct)
    {
        // Retrying a create at worst leaves an unused upload that the server expires.
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "api/v1/uploads")
            {
                Content = JsonContent.Create(new CreateUploadRequest(length, sha256, Path.GetFileName(path)), PlatformJson.Default.CreateUploadRequest),
            },
            what,
            idempotent: true,
            ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            throw await TooLargeAsync(response, path, length, ct).ConfigureAwait(false);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
        }

        var state = await ReadJsonAsync(response, PlatformJson.Default.UploadState, what, ct).ConfigureAwait(false);
        return string.IsNullOrEmpty(state.UploadId)
            ? throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, "no uploadId in the answer")
            : state.UploadId;
    }

    /// <summary>The server's offset of an upload, or null when the server no longer has it.</summary>
    private async Task<long?> GetUploadOffsetAsync(string uploadId, string what, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, UploadPath(uploadId)), what, idempotent: true, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
        }

        return ReadOffset(response, what)
            ?? throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, "no Upload-Offset header");
    }

    private long? ReadOffset(HttpResponseMessage response, string what)
    {
        if (!response.Headers.TryGetValues(UploadOffsetHeader, out var values))
        {
            return null;
        }

        var text = values.FirstOrDefault();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, $"Upload-Offset '{text}' is not a number");
    }

    private async Task<DiagnosticException> TooLargeAsync(HttpResponseMessage response, string path, long length, CancellationToken ct)
    {
        var body = await ReadErrorBodyAsync(response, ct).ConfigureAwait(false);
        return DiagnosticException.Create(PlatformDiagnostics.UploadTooLarge, new SourceLocation(path), path, length, Server, ServerSays(body));
    }

    private async Task<PublishResult> PublishCoreAsync(string uploadId, Action<PlatformLogLine> onLine, CancellationToken ct)
    {
        var what = $"The publish of upload {uploadId}";

        // Not idempotent: a publish that may have reached the server is not sent again (the
        // second would be refused as already running); only a request that never connected is.
        using var accepted = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "api/v1/publish")
            {
                Content = JsonContent.Create(new PublishRequest(uploadId), PlatformJson.Default.PublishRequest),
            },
            what,
            idempotent: false,
            ct).ConfigureAwait(false);
        if (!accepted.IsSuccessStatusCode)
        {
            throw await ErrorFromResponseAsync(accepted, what, 1, ct).ConfigureAwait(false);
        }

        var body = accepted.Content.Headers.ContentLength == 0
            ? new PublishAccepted(null, null)
            : await ReadJsonAsync(accepted, PlatformJson.Default.PublishAccepted, what, ct).ConfigureAwait(false);
        var requestUri = accepted.RequestMessage?.RequestUri ?? Server;
        Uri statusUri;
        if (accepted.Headers.Location is { } location)
        {
            statusUri = location.IsAbsoluteUri ? location : new Uri(requestUri, location);
        }
        else if (!string.IsNullOrEmpty(body.StatusUrl))
        {
            statusUri = new Uri(requestUri, body.StatusUrl);
        }
        else if (!string.IsNullOrEmpty(body.OperationId))
        {
            statusUri = new Uri(Server, "api/v1/operations/" + Uri.EscapeDataString(body.OperationId));
        }
        else
        {
            throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, "no Location header and no operation id");
        }

        var operationId = body.OperationId ?? statusUri.Segments[^1];
        var retryAfter = RetryAfter(accepted);
        var after = 0L;
        var errorRelayed = false;

        while (true)
        {
            var wait = retryAfter is { } asked && asked > _pollInterval ? asked : _pollInterval;
            await Delay(wait, ct).ConfigureAwait(false);

            var pollUri = WithAfter(statusUri, after);
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, pollUri), what, idempotent: true, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
            }

            var status = await ReadJsonAsync(response, PlatformJson.Default.OperationStatus, what, ct).ConfigureAwait(false);
            foreach (var line in (status.Log ?? []).OrderBy(static l => l.Sequence))
            {
                // The server sends only lines after 'after'; a repeated line is relayed once anyway.
                if (line.Sequence <= after)
                {
                    continue;
                }

                var logLine = line.ToLogLine();
                errorRelayed |= logLine.Kind == PlatformLogKind.Error;
                onLine(logLine);
                after = line.Sequence;
            }

            if (status.NextAfter is { } next && next > after)
            {
                after = next;
            }

            switch (status.State?.ToUpperInvariant())
            {
                case "SUCCEEDED":
                    return new PublishResult(operationId, PublishState.Succeeded, status.Extension, status.Version, status.DeploymentPath);
                case "FAILED":
                    if (!errorRelayed)
                    {
                        var message = PlatformDiagnostics.PublishFailedWithoutError.FormatMessage(Server, operationId);
                        onLine(new PlatformLogLine(after + 1, PlatformLogKind.Error, status.Stage, null, PlatformDiagnostics.PublishFailedWithoutError.Code, message, PlatformDiagnostics.PublishFailedWithoutError.Details, null, null, DateTimeOffset.UtcNow));
                    }

                    return new PublishResult(operationId, PublishState.Failed, status.Extension, status.Version, status.DeploymentPath);
                case null:
                    throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, "no state in the operation's status");
                default:
                    retryAfter = RetryAfter(response); // queued or running
                    break;
            }
        }
    }

    private static Uri WithAfter(Uri statusUri, long after)
    {
        var builder = new UriBuilder(statusUri);
        var query = builder.Query.TrimStart('?');
        var kept = string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries).Where(static p => !p.StartsWith("after=", StringComparison.OrdinalIgnoreCase)));
        builder.Query = (kept.Length == 0 ? string.Empty : kept + "&") + "after=" + after.ToString(CultureInfo.InvariantCulture);
        return builder.Uri;
    }

    private async Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken ct)
    {
        var what = "GET /" + path;
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), what, idempotent: true, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
        }

        return await ReadJsonAsync(response, type, what, ct).ConfigureAwait(false);
    }

    private async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string what, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, ct).ConfigureAwait(false)
                ?? throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, "an empty JSON body");
        }
        catch (JsonException e)
        {
            throw new DiagnosticException(Diagnostic.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, e.Message), e);
        }
    }

    /// <summary>
    /// Sends a request, retrying dropped or refused connections and 5xx answers with a doubling
    /// delay. Returns the first answer that is not a transient failure; throws once retries are spent.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, string what, bool idempotent, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                using var request = createRequest();
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransportFailure(e, ct))
            {
                if (attempt > _retries || !IsRetryableTransportFailure(e, idempotent))
                {
                    throw TransportError(e, attempt);
                }

                await Delay(BackoffDelay(attempt, null), ct).ConfigureAwait(false);
                continue;
            }

            if (!IsTransient(response.StatusCode))
            {
                return response;
            }

            using (response)
            {
                if (attempt > _retries)
                {
                    throw await ErrorFromResponseAsync(response, what, attempt, ct).ConfigureAwait(false);
                }

                await Delay(BackoffDelay(attempt, RetryAfter(response)), ct).ConfigureAwait(false);
            }
        }
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

    /// <summary>True for failures of the connection itself, not for our own cancellation or a problem with the local file.</summary>
    private static bool IsTransportFailure(Exception e, CancellationToken ct)
    {
        if (ct.IsCancellationRequested || FindDiagnostic(e) is not null)
        {
            return false;
        }

        // An OperationCanceledException we did not ask for is a connect timeout of the handler.
        return e is HttpRequestException or IOException or OperationCanceledException;
    }

    private static bool IsRetryableTransportFailure(Exception e, bool idempotent)
    {
        var error = (e as HttpRequestException)?.HttpRequestError;
        if (error == HttpRequestError.NameResolutionError)
        {
            return false; // a name that does not resolve will not resolve in a second either
        }

        // A request that never connected never reached the server, so even a POST may go again.
        return idempotent || error == HttpRequestError.ConnectionError;
    }

    private DiagnosticException TransportError(Exception e, int attempts)
    {
        if (FindDiagnostic(e) is { } diagnostic)
        {
            return diagnostic;
        }

        var reason = e.GetBaseException().Message;
        var error = (e as HttpRequestException)?.HttpRequestError;
        var diagnosticOut = error is HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError
            ? Diagnostic.Create(PlatformDiagnostics.ServerUnreachable, SourceLocation.None, Server, reason)
            : Diagnostic.Create(PlatformDiagnostics.ConnectionLost, SourceLocation.None, Server, attempts, reason);
        return new DiagnosticException(diagnosticOut, e);
    }

    private static DiagnosticException? FindDiagnostic(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DiagnosticException diagnostic)
            {
                return diagnostic;
            }
        }

        return null;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or (HttpStatusCode)429 // TooManyRequests, unnamed on .NET Framework
        || ((int)status >= 500 && status is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported);

    private TimeSpan BackoffDelay(int failures, TimeSpan? retryAfter)
    {
        var doubled = _retryDelay * Math.Pow(2, Math.Min(failures - 1, 20));
        var delay = doubled > _maxRetryDelay ? _maxRetryDelay : doubled;
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>
    /// The coded error for a refused request: the key problems and 5xx get this client's codes
    /// (they say what to set); any other coded error body is relayed with the server's own code.
    /// </summary>
    private async Task<DiagnosticException> ErrorFromResponseAsync(HttpResponseMessage response, string what, int attempts, CancellationToken ct)
    {
        var body = await ReadErrorBodyAsync(response, ct).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        Diagnostic diagnostic;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            diagnostic = Diagnostic.Create(PlatformDiagnostics.ApiKeyRejected, SourceLocation.None, Server, ServerSays(body));
        }
        else if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            diagnostic = Diagnostic.Create(PlatformDiagnostics.ApiKeyForbidden, SourceLocation.None, Server, ServerSays(body));
        }
        else if (IsTransient(response.StatusCode))
        {
            // The format goes on with ". Check ...": no doubled full stop.
            var message = (body?.Message is { Length: > 0 } m ? m : response.ReasonPhrase ?? "no message").TrimEnd('.');
            if (body?.Code is { Length: > 0 } code)
            {
                message = $"{code}: {message}";
            }

            diagnostic = Diagnostic.Create(PlatformDiagnostics.ServerFault, SourceLocation.None, Server, status, attempts, message);
        }
        else if (body?.Code is { Length: > 0 } serverCode)
        {
            var descriptor = ServerDescriptors.For(serverCode, DiagnosticSeverity.Error, body.Details);
            diagnostic = new Diagnostic(descriptor, body.Message ?? $"{what} was refused (HTTP {status})", SourceLocation.None);
        }
        else
        {
            diagnostic = Diagnostic.Create(PlatformDiagnostics.UnexpectedResponse, SourceLocation.None, Server, what, status, ServerSays(body));
        }

        return new DiagnosticException(diagnostic);
    }

    private static string ServerSays(ServerErrorBody? body) =>
        body?.Message is { Length: > 0 } message
            ? body.Code is { Length: > 0 } code ? $" (server: {code} {message})" : $" (server: {message})"
            : string.Empty;

    /// <summary>The server's <c>{code,message,details}</c>, or its plain text as the message, or null.</summary>
    private static async Task<ServerErrorBody?> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            if (JsonSerializer.Deserialize(text, PlatformJson.Default.ServerErrorBody) is { } body && (body.Code is not null || body.Message is not null))
            {
                return body;
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the text itself.
        }

        var firstLine = text.AsSpan().Trim();
        var cut = firstLine.IndexOfAny('\r', '\n');
        var message = (cut < 0 ? firstLine : firstLine[..cut]).ToString();
        return new ServerErrorBody(null, message.Length > 200 ? message[..200] + "…" : message, null);
    }
}
