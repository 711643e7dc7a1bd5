using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Platform;

/// <summary>
/// The HTTP side of the Platform client: sends a request through the <see cref="RetryPolicy"/>,
/// and turns what went wrong (a connection that failed, a refused request, a body that cannot be
/// read) into coded <see cref="DiagnosticException"/>s. The upload session, the publish follower
/// and the listings all send through here, so they fail and retry the same way.
/// </summary>
internal sealed class PlatformConnection(HttpClient http, Uri server, RetryPolicy retry)
{
    public Uri Server { get; } = server;

    public RetryPolicy Retry { get; } = retry;

    /// <summary>
    /// Whether this server refused an upload created without its SHA-256 (a server before the
    /// Upload-SHA256 extension): the client's further uploads hash the file before creating them,
    /// without asking again. Set at most once, from false to true, so a race between uploads is harmless.
    /// </summary>
    public bool HashBeforeCreate { get; set; }

    /// <summary>
    /// Sends a request; a failed connection (when <see cref="RetryPolicy.CanRetry"/> allows) and a
    /// transient answer are retried through the policy, each retry logged. Returns the first answer
    /// that is not transient, for the caller to read; throws the coded error once retries are spent.
    /// </summary>
    /// <param name="createRequest">Makes the request anew for each attempt (a request is sent once only).</param>
    /// <param name="what">What the request does, for messages: "The upload of 'x.xif'".</param>
    /// <param name="idempotent">Whether sending it twice does no harm; if not, it is only sent again when it never connected.</param>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, string what, bool idempotent, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                using var request = createRequest();
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransportFailure(e, ct))
            {
                if (attempt > Retry.Retries || !RetryPolicy.CanRetry(e, idempotent))
                {
                    throw TransportError(e, attempt);
                }

                await Retry.WaitBeforeRetryAsync(attempt, what, RetryPolicy.ReasonOf(e), null, ct).ConfigureAwait(false);
                continue;
            }

            if (!RetryPolicy.IsTransient(response.StatusCode))
            {
                return response;
            }

            using (response)
            {
                if (attempt > Retry.Retries)
                {
                    throw await ErrorFromResponseAsync(response, what, attempt, ct).ConfigureAwait(false);
                }

                await Retry.WaitBeforeRetryAsync(attempt, what, await TransientReasonAsync(response, ct).ConfigureAwait(false), RetryPolicy.RetryAfter(response), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends a request the caller handles itself, once: the upload's PATCH, whose retries resume at the server's offset.</summary>
    public Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct) =>
        http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);

    public async Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> type, string what, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), what, idempotent: true, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
        }

        return await ReadJsonAsync(response, type, what, ct).ConfigureAwait(false);
    }

    public async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string what, CancellationToken ct)
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

    /// <summary>The reason a retry warning gives for a transient answer: its status and the server's own code and message.</summary>
    public static async Task<string> TransientReasonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await ReadErrorBodyAsync(response, ct).ConfigureAwait(false);
        return RetryPolicy.ReasonOf(response.StatusCode, body?.Code, body?.Text);
    }

    /// <summary>True for failures of the connection itself, not for our own cancellation or a problem with the local file.</summary>
    public static bool IsTransportFailure(Exception e, CancellationToken ct)
    {
        if (ct.IsCancellationRequested || FindDiagnostic(e) is not null)
        {
            return false;
        }

        // An OperationCanceledException we did not ask for is a connect timeout of the handler.
        return e is HttpRequestException or IOException or OperationCanceledException;
    }

    public DiagnosticException TransportError(Exception e, int attempts)
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

    /// <summary>A coded error hidden in an exception the handler wrapped (the local file failed while its bytes were sent).</summary>
    public static DiagnosticException? FindDiagnostic(Exception? e)
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

    /// <summary>
    /// The coded error for a refused request: the key problems and 5xx get this client's codes
    /// (they say what to set); any other coded error body is relayed with the server's own code.
    /// </summary>
    public async Task<DiagnosticException> ErrorFromResponseAsync(HttpResponseMessage response, string what, int attempts, CancellationToken ct)
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
        else if (RetryPolicy.IsTransient(response.StatusCode))
        {
            // The format goes on with ". Check ...": no doubled full stop.
            var message = (body?.Text is { Length: > 0 } m ? m : response.ReasonPhrase ?? "no message").TrimEnd('.');
            if (body?.Code is { Length: > 0 } code)
            {
                message = $"{code}: {message}";
            }

            diagnostic = Diagnostic.Create(PlatformDiagnostics.ServerFault, SourceLocation.None, Server, status, attempts, message);
        }
        else if (body?.Code is { Length: > 0 } serverCode)
        {
            var descriptor = ServerDescriptors.For(serverCode, DiagnosticSeverity.Error, body.Details);
            diagnostic = new Diagnostic(descriptor, body.Text ?? $"{what} was refused (HTTP {status})", SourceLocation.None);
        }
        else
        {
            diagnostic = Diagnostic.Create(PlatformDiagnostics.UnexpectedResponse, SourceLocation.None, Server, what, status, ServerSays(body));
        }

        return new DiagnosticException(diagnostic);
    }

    public static string ServerSays(ServerErrorBody? body) =>
        body?.Text is { Length: > 0 } message
            ? body.Code is { Length: > 0 } code ? $" (server: {code} {message})" : $" (server: {message})"
            : string.Empty;

    /// <summary>The server's problem details (or an older server's <c>{code,message,details}</c>), or its plain text as the message, or null.</summary>
    public static async Task<ServerErrorBody?> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken ct)
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
            if (JsonSerializer.Deserialize(text, PlatformJson.Default.ServerErrorBody) is { } body && (body.Code is not null || body.Text is not null))
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
        return new ServerErrorBody(Code: null, Title: null, Detail: message.Length > 200 ? message[..200] + "…" : message, Status: null, TraceId: null);
    }
}
