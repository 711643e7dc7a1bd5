using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Api;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// Stands in front of the real server on real sockets and answers the first request that
/// <paramref name="matches"/> with 503 Service Unavailable and a Retry-After, as a proxy does while
/// the server behind it restarts: the one fault the real server cannot produce itself. The body is
/// the server's own problem details (code, title, detail from its catalogue); every other request,
/// the retry included, goes through to the real server. Counts what it sees.
/// </summary>
internal sealed class UnavailableOnce(Func<HttpRequestMessage, bool> matches, TimeSpan retryAfter) : DelegatingHandler(new SocketsHttpHandler())
{
    public const string Reason = "the server is restarting";

    private int _answered;

    /// <summary>Every request, as "METHOD /path", in order (the 503 included).</summary>
    public List<string> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
        }

        if (matches(request) && Interlocked.Exchange(ref _answered, 1) == 0)
        {
            var unavailable = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            {
                Content = JsonContent.Create(Problems.For(503, Diagnostic.Create(ServerDiagnostics.InternalError, SourceLocation.None, Reason)),
                    new System.Net.Http.Headers.MediaTypeHeaderValue("application/problem+json"), JsonSerializerOptions.Web),
                RequestMessage = request,
            };
            unavailable.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
            return unavailable;
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
