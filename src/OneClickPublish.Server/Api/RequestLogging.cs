using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OneClickPublish.Server.Security;

namespace OneClickPublish.Server.Api;

/// <summary>
/// One log line per request, once it is answered: method, path, status, duration, the key's id and
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
                (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, key?.Id ?? "-", key?.Name ?? "-", Activity.Current?.Id ?? context.TraceIdentifier);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "RequestAnswered", Level = LogLevel.Information,
        Message = "{Method} {Path} {Status} in {DurationMs} ms (key {KeyId} {KeyName}, trace {TraceId})")]
    private static partial void Answered(ILogger logger, string method, string path, int status, long durationMs, string keyId, string keyName, string traceId);
}
