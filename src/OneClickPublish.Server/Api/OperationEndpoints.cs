using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Api;

/// <summary>
/// Following an operation (docs/protocol.md): its status and log after <c>?after=</c>, waiting up to
/// <c>?wait=</c> seconds for the next line (a long poll), and the same as server-sent events. All
/// three read through one <see cref="OperationWatcher"/>.
/// </summary>
internal sealed class OperationEndpoints(OperationWatcher watcher, DeploymentStore deployments)
{
    private const string EventStreamType = "text/event-stream";

    /// <summary>An event stream with nothing to say sends a comment this often, so that proxies do not close it as idle.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public void Map(RouteGroupBuilder api)
    {
        var after = new QueryIntegerDocumentation("after", 0, null);
        var wait = new QueryIntegerDocumentation("wait", 0, OperationWatcher.MaxWaitSeconds);
        api.MapGet("/operations/{operationId}", GetStatusAsync).WithMetadata(new RequiredScope(ApiKeyScope.Read), after, wait)
            .Produces<OperationStatus>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("An operation's state and its log after ?after=; with ?wait=, answers when a line is added, the operation ends or the wait is over.");
        api.MapGet("/operations/{operationId}/log", GetStatusAsync).WithMetadata(new RequiredScope(ApiKeyScope.Read), after, wait)
            .Produces<OperationStatus>().ProducesProblem(400).ProducesProblem(404)
            .WithSummary("The same answer as /operations/{operationId}, under the name of following the log.");
        api.MapGet("/operations/{operationId}/events", GetEventsAsync).WithMetadata(new RequiredScope(ApiKeyScope.Read), after)
            .Produces(200, contentType: EventStreamType).ProducesProblem(400).ProducesProblem(404)
            .WithSummary("The operation's log lines and state changes as server-sent events, from ?after= or Last-Event-ID, until it ends.");
    }

    private async Task<IResult> GetStatusAsync(
        HttpContext context,
        string operationId,
        [Description("Only log lines with a greater sequence number are returned (default 0: all).")] string? after,
        [Description("Seconds (0-60, default 0) to wait for a line after 'after' when there is none yet and the operation is not finished.")] string? wait)
    {
        var (from, afterError) = ParseAfter(after, "after");
        if (afterError is not null)
        {
            return afterError;
        }

        if (!TryParseWait(wait, out var waitTime))
        {
            return Problems.Result(400, ServerDiagnostics.InvalidWait, OperationWatcher.MaxWaitSeconds, wait);
        }

        OperationSnapshot? snapshot;
        try
        {
            snapshot = IsOperationId(operationId) ? await watcher.ReadAsync(operationId, from, waitTime, context.RequestAborted).ConfigureAwait(false) : null;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty; // the client went away while it waited: nobody to answer
        }

        if (snapshot is null)
        {
            return Problems.Result(404, ServerDiagnostics.OperationNotFound, operationId);
        }

        if (context.RefuseUnlessGranted(snapshot.Operation.Extension) is { } notGranted)
        {
            return notGranted;
        }

        if (!snapshot.IsFinished)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        context.Response.Headers.CacheControl = "no-store";
        return Results.Ok(Status(snapshot, from, withLog: true));
    }

    private async Task<IResult> GetEventsAsync(
        HttpContext context,
        string operationId,
        [Description("Start after this sequence number (default 0); a Last-Event-ID header, as a reconnecting EventSource sends, wins.")] string? after)
    {
        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString();
        var (from, error) = lastEventId.Length > 0 ? ParseAfter(lastEventId, "Last-Event-ID") : ParseAfter(after, "after");
        if (error is not null)
        {
            return error;
        }

        var ct = context.RequestAborted;
        var snapshot = IsOperationId(operationId) ? await watcher.ReadAsync(operationId, from, TimeSpan.Zero, ct).ConfigureAwait(false) : null;
        if (snapshot is null)
        {
            return Problems.Result(404, ServerDiagnostics.OperationNotFound, operationId);
        }

        if (context.RefuseUnlessGranted(snapshot.Operation.Extension) is { } notGranted)
        {
            return notGranted;
        }

        var response = context.Response;
        response.ContentType = EventStreamType;
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass each event on as it comes
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var events = new StringBuilder("retry: 1000\n\n");
        (string State, string Stage)? sent = null;
        try
        {
            while (true)
            {
                foreach (var line in snapshot.Log)
                {
                    from = line.Sequence;
                    Event(events, "line", JsonSerializer.Serialize(LineBody(line), json), id: line.Sequence);
                }

                var state = (snapshot.Operation.State, snapshot.Operation.Stage);
                if (sent != state)
                {
                    sent = state;
                    Event(events, "status", JsonSerializer.Serialize(Status(snapshot, from, withLog: false), json), id: null);
                }

                if (events.Length == 0)
                {
                    events.Append(": keep-alive\n\n");
                }

                await response.WriteAsync(events.ToString(), ct).ConfigureAwait(false);
                await response.Body.FlushAsync(ct).ConfigureAwait(false);
                events.Clear();

                // Finished: the last status was sent and the stream ends. Stopping: it ends too, and the
                // client reconnects (to this node or another) with the Last-Event-ID it has.
                if (snapshot.IsFinished || watcher.IsStopping)
                {
                    return Results.Empty;
                }

                snapshot = await watcher.ReadAsync(operationId, from, Heartbeat, ct).ConfigureAwait(false);
                if (snapshot is null)
                {
                    return Results.Empty;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Results.Empty; // the client closed the stream
        }
    }

    /// <summary>One event as the text/event-stream format writes it; the JSON data holds no line feed.</summary>
    private static void Event(StringBuilder events, string name, string data, long? id)
    {
        if (id is { } sequence)
        {
            events.Append("id: ").Append(sequence.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        events.Append("event: ").Append(name).Append("\ndata: ").Append(data).Append("\n\n");
    }

    private OperationStatus Status(OperationSnapshot snapshot, long from, bool withLog)
    {
        var operation = snapshot.Operation;
        var log = snapshot.Log;
        return new OperationStatus(
            operation.Id, operation.Extension, operation.Version, operation.State, operation.Stage,
            withLog ? [.. log.Select(LineBody)] : [],
            log.Count == 0 ? from : log[^1].Sequence,
            operation.DeploymentPath is { } path ? deployments.Resolve(path) : null);
    }

    private static LogLineBody LineBody(LogLineRecord l) =>
        new(l.Sequence, l.Kind, l.Stage, l.Status, l.Code, l.Message, l.Details, l.Location, l.DurationMs, l.Time);

    private static bool IsOperationId(string operationId) => operationId.Length == 32 && operationId.All(char.IsAsciiHexDigitLower);

    /// <summary>A sequence number (absent: 0), or the coded 400 that names where the bad one came from.</summary>
    private static (long Value, IResult? Error) ParseAfter(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return (0, null);
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? (value, null)
            : (0, Problems.Result(400, ServerDiagnostics.MalformedRequest, $"'{name}' must be a sequence number, not '{text}'"));
    }

    /// <summary>Whole seconds from 0 to <see cref="OperationWatcher.MaxWaitSeconds"/>; absent is 0 (answer at once, as before long polls).</summary>
    private static bool TryParseWait(string? text, out TimeSpan wait)
    {
        wait = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > OperationWatcher.MaxWaitSeconds)
        {
            return false;
        }

        wait = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
