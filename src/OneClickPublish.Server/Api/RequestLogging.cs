using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OneClickPublish.Server.Security;

namespace OneClickPublish.Server.Api;

/// <summary>
/// One log line per request, once it is answered: method, path, status, duration, the client's address, the key's id and
/// name (never the key: the Authorization header is not read here) and the trace id that a 500's
/// problem details names. The query string is left out, so nothing a client puts in it is logged.
/// </summary>
internal static partial class RequestLogging
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next, ILogger logger)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            var key = context.Items.TryGetValue(typeof(ApiKeyInfo), out var item) && item is ApiKeyInfo info ? info : null;
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 499 : context.Response.StatusCode;
            Answered(logger, context.Request.Method, context.Request.Path.ToString(), status,
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, Client(context), key?.Id ?? "-", key?.Name ?? "-", Activity.Current?.Id ?? context.TraceIdentifier);
        }
    }

    /// <summary>Who sent the request: behind a trusted proxy, the address the proxy forwarded (see <see cref="TrustedProxies"/>).</summary>
    private static string Client(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "-";

    [LoggerMessage(EventId = 1, EventName = "RequestAnswered", Level = LogLevel.Information,
        Message = "{Method} {Path} {Status} in {DurationMs} ms (from {Client}, key {KeyId} {KeyName}, trace {TraceId})")]
    private static partial void Answered(ILogger logger, string method, string path, int status, long durationMs, string client, string keyId, string keyName, string traceId);
}
