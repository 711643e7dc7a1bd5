using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Json;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Platform;

/// <summary>
/// Publishes a complete upload and follows the operation to its end (docs/protocol.md): asks the
/// operation's URL for the log after the last line seen with <c>?wait=</c> (a long poll: the server
/// answers as soon as there is a line or the operation ends), from the first request after the
/// <c>202</c>, and hands each new line to the caller once, in order.
/// </summary>
/// <remarks>
/// A server from before long polls ignores <c>?wait=</c> and answers at once. An answer without a
/// new line for an operation still running, well before the wait asked for, is taken for that
/// (or for a server that is stopping): the next request then waits the server's <c>Retry-After</c>,
/// or the poll interval when it is longer, as polling always did, so the client does not spin.
/// </remarks>
internal sealed class PublishFollower(PlatformConnection connection, TimeSpan pollInterval, Func<TimeSpan, CancellationToken, Task> delay)
{
    /// <summary>
    /// How long each request asks the server to wait for the next line. Under the idle timeouts of
    /// common proxies and load balancers (60 s and more); the client sets no timeout per request
    /// (<see cref="PlatformClient"/>: only the whole call is bounded, by its Timeout), so no request
    /// is given up while the server waits.
    /// </summary>
    internal static readonly TimeSpan LongPollWait = TimeSpan.FromSeconds(30);

    private Uri Server => connection.Server;

    public async Task<PublishResult> RunAsync(string uploadId, Action<PlatformLogLine> onLine, CancellationToken ct)
    {
        var what = $"The publish of upload {uploadId}";

        // Not idempotent: a publish that may have reached the server is not sent again (the
        // second would be refused as already running); only a request that never connected is.
        using var accepted = await connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "api/v1/publish")
            {
                Content = JsonContent.Create(new PublishRequest(uploadId), PlatformJson.Default.PublishRequest),
            },
            what,
            idempotent: false,
            ct).ConfigureAwait(false);
        if (!accepted.IsSuccessStatusCode)
        {
            throw await connection.ErrorFromResponseAsync(accepted, what, 1, ct).ConfigureAwait(false);
        }

        var body = accepted.Content.Headers.ContentLength == 0
            ? new PublishAccepted(null, null)
            : await connection.ReadJsonAsync(accepted, PlatformJson.Default.PublishAccepted, what, ct).ConfigureAwait(false);
        var statusUri = StatusUri(accepted, body, what);
        var operationId = body.OperationId ?? statusUri.Segments[^1];
        var after = 0L;
        var errorRelayed = false;
        TimeSpan? pace = null;

        while (true)
        {
            if (pace is { } wait)
            {
                await delay(wait, ct).ConfigureAwait(false);
            }

            var pollUri = WithQuery(statusUri, after);
            var clock = Stopwatch.StartNew();
            using var response = await connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, pollUri), what, idempotent: true, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await connection.ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
            }

            var status = await connection.ReadJsonAsync(response, PlatformJson.Default.OperationStatus, what, ct).ConfigureAwait(false);
            var answeredIn = clock.Elapsed;
            var relayed = 0;
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
                relayed++;
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
                    // Queued or running. Lines came, or the server waited: ask again at once. Neither:
                    // a server that does not wait (or is stopping), so wait as plain polling does.
                    pace = relayed > 0 || answeredIn.Ticks >= LongPollWait.Ticks / 2 ? null : Max(RetryPolicy.RetryAfter(response), pollInterval);
                    break;
            }
        }
    }

    /// <summary>Where the operation is followed: the Location header, else the body's status URL, else the operation id.</summary>
    private Uri StatusUri(HttpResponseMessage accepted, PublishAccepted body, string what)
    {
        var requestUri = accepted.RequestMessage?.RequestUri ?? Server;
        if (accepted.Headers.Location is { } location)
        {
            return location.IsAbsoluteUri ? location : new Uri(requestUri, location);
        }

        if (!string.IsNullOrEmpty(body.StatusUrl))
        {
            return new Uri(requestUri, body.StatusUrl);
        }

        if (!string.IsNullOrEmpty(body.OperationId))
        {
            return new Uri(Server, "api/v1/operations/" + Uri.EscapeDataString(body.OperationId));
        }

        throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, "no Location header and no operation id");
    }

    private static TimeSpan Max(TimeSpan? retryAfter, TimeSpan pollInterval) =>
        retryAfter is { } asked && asked > pollInterval ? asked : pollInterval;

    /// <summary>The status URL with <c>after</c> and <c>wait</c> of this request, any other parameter of the server's URL kept.</summary>
    private static Uri WithQuery(Uri statusUri, long after)
    {
        var builder = new UriBuilder(statusUri);
        var query = builder.Query.TrimStart('?');
        var kept = string.Join("&", query.Split(['&'], StringSplitOptions.RemoveEmptyEntries)
            .Where(static p => !p.StartsWith("after=", StringComparison.OrdinalIgnoreCase) && !p.StartsWith("wait=", StringComparison.OrdinalIgnoreCase)));
        builder.Query = (kept.Length == 0 ? string.Empty : kept + "&")
            + "after=" + after.ToString(CultureInfo.InvariantCulture)
            + "&wait=" + ((int)LongPollWait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return builder.Uri;
    }
}
