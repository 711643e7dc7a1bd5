using System.Globalization;
using System.Net.Http;
using System.Net.Http.Json;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Platform;

/// <summary>
/// Publishes a complete upload and follows the operation to its end (docs/protocol.md): polls the
/// operation's URL, waiting the server's <c>Retry-After</c> or the poll interval when it is longer,
/// reads the log from the last line seen, and hands each new line to the caller once, in order.
/// </summary>
internal sealed class PublishFollower(PlatformConnection connection, TimeSpan pollInterval, Func<TimeSpan, CancellationToken, Task> delay)
{
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
        var retryAfter = RetryPolicy.RetryAfter(accepted);
        var after = 0L;
        var errorRelayed = false;

        while (true)
        {
            var wait = retryAfter is { } asked && asked > pollInterval ? asked : pollInterval;
            await delay(wait, ct).ConfigureAwait(false);

            var pollUri = WithAfter(statusUri, after);
            using var response = await connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, pollUri), what, idempotent: true, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await connection.ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
            }

            var status = await connection.ReadJsonAsync(response, PlatformJson.Default.OperationStatus, what, ct).ConfigureAwait(false);
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
                    retryAfter = RetryPolicy.RetryAfter(response); // queued or running
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

    private static Uri WithAfter(Uri statusUri, long after)
    {
        var builder = new UriBuilder(statusUri);
        var query = builder.Query.TrimStart('?');
        var kept = string.Join("&", query.Split(['&'], StringSplitOptions.RemoveEmptyEntries).Where(static p => !p.StartsWith("after=", StringComparison.OrdinalIgnoreCase)));
        builder.Query = (kept.Length == 0 ? string.Empty : kept + "&") + "after=" + after.ToString(CultureInfo.InvariantCulture);
        return builder.Uri;
    }
}
