using System.Globalization;
using Microsoft.AspNetCore.Http;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Console;

/// <summary>
/// A publish, live: the five markers with the current one highlighted, the operation's log line by line
/// and the selected line's details and help page. The page holds the log as it was when it was served;
/// operation.js follows the rest from the API's event stream (GET /api/v1/operations/{id}/events, with the
/// session cookie) from the last line the page has, without a reload.
/// </summary>
internal sealed class OperationPages(ConsoleContext console)
{
    public async Task<IResult> OperationAsync(HttpContext context, string operationId, string? origin)
    {
        var (session, signIn) = await ConsoleEndpoints.RequireAsync(console, context).ConfigureAwait(false);
        if (session is null)
        {
            return signIn!;
        }

        var operation = operationId.Length == 32 && operationId.All(char.IsAsciiHexDigitLower)
            ? await console.Store.GetOperationAsync(operationId, context.RequestAborted).ConfigureAwait(false)
            : null;
        if (operation is null)
        {
            return ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status404NotFound, ServerDiagnostics.OperationNotFound, operationId);
        }

        if (!ApiKeyGrant.Allows(session.Key, operation.Extension))
        {
            return ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status403Forbidden, ServerDiagnostics.ExtensionNotGranted,
                session.Key.Name, operation.Extension, ApiKeyGrant.Describe(session.Key.Extensions));
        }

        var log = await console.Store.GetLogAsync(operation.Id, 0, context.RequestAborted).ConfigureAwait(false);
        var fromBrowser = origin == "browser";
        var markers = OperationMarkers.Compute(log, fromBrowser);
        var current = OperationMarkers.Current(markers);
        var root = ConsoleLayout.Root(context);
        return ConsoleLayout.Page(context, session, $"Publish of {operation.Extension} {operation.Version}", "extensions", html =>
        {
            html.Open("div", ("id", "operation"), ("data-id", operation.Id), ("data-after", log.Count == 0 ? "0" : log[^1].Sequence.ToString(CultureInfo.InvariantCulture)),
                ("data-state", operation.State), ("data-origin", fromBrowser ? "browser" : "client"), ("data-root", root));
            html.Open("p", ("class", "lead"))
                .Link($"{root}{ConsoleEndpoints.Prefix}/extensions/{Html.Segment(operation.Extension)}", operation.Extension)
                .Text($" {operation.Version} · by key {operation.CreatedBy} on node {operation.Node} · started ").Time(operation.CreatedAt)
                .Text(" · ").Element("span", operation.State, ("id", "operation-state"), ("class", "state " + operation.State), ("role", "status"), ("aria-live", "polite"))
                .Close("p");
            Markers(html, markers, current, fromBrowser);
            html.Open("div", ("class", "operation-panes"));
            Log(html, root, log);
            Details(html, root, log);
            html.Close("div").Close("div");
        }, "markers.js", "operation.js");
    }

    public static void Markers(Html html, IReadOnlyDictionary<OneClickPublish.Pipeline.Stage, string> markers, OneClickPublish.Pipeline.Stage? current, bool fromBrowser)
    {
        html.Open("ol", ("class", "markers"), ("id", "markers"), ("aria-label", "Stages"));
        foreach (var stage in OperationMarkers.Stages)
        {
            var state = markers[stage];
            var label = stage == OneClickPublish.Pipeline.Stage.Verify && fromBrowser ? "Verify (server)" : stage.ToString();
            html.Open("li", ("class", $"marker {state}{(stage == current ? " current" : string.Empty)}"), ("data-stage", stage.ToString()),
                    ("aria-current", stage == current ? "step" : null))
                .Element("span", label, ("class", "marker-name")).Text(" ")
                .Element("span", state, ("class", "marker-state"))
                .Close("li");
        }

        html.Close("ol");
    }

    private static void Log(Html html, string root, IReadOnlyList<LogLineRecord> log)
    {
        html.Open("section", ("class", "log-pane"), ("aria-labelledby", "log-title")).Element("h2", "Operation log", ("id", "log-title"))
            .Open("div", ("class", "scroll log-scroll"), ("id", "log-scroll"))
            .Open("table", ("id", "log"), ("class", "log")).Open("thead").Open("tr")
            .Element("th", "Time", ("scope", "col")).Element("th", "Kind", ("scope", "col")).Element("th", "Code", ("scope", "col")).Element("th", "Message", ("scope", "col"))
            .Close("tr").Close("thead").Open("tbody", ("id", "log-lines"));
        foreach (var line in log)
        {
            Line(html, root, line);
        }

        html.Close("tbody").Close("table").Close("div").Close("section");
    }

    /// <summary>One log line; its details travel in data attributes for the details pane (operation.js builds new rows the same way).</summary>
    private static void Line(Html html, string root, LogLineRecord line)
    {
        var kind = line.Kind == "stage" ? "stage " + line.Status : line.Kind;
        html.Open("tr", ("class", "line " + kind), ("tabindex", "0"), ("data-seq", line.Sequence.ToString(CultureInfo.InvariantCulture)),
                ("data-kind", line.Kind), ("data-stage", line.Stage), ("data-status", line.Status), ("data-code", line.Code), ("data-message", line.Message), ("data-details", line.Details), ("data-location", line.Location))
            .Open("td").Time(line.Time).Close("td")
            .Element("td", line.Kind == "stage" ? line.Status : line.Kind, ("class", "kind"))
            .Open("td");
        if (line.Code is { } code)
        {
            html.Link(ConsoleHelp.PageFor(root, code), code, ("class", "code"));
        }

        html.Close("td").Open("td").Text(line.Message);
        // Null when the line has none, never empty (OperationLog).
        if (line.Location is { } location)
        {
            html.Text(" ").Element("span", location, ("class", "location"));
        }

        html.Close("td").Close("tr");
    }

    /// <summary>The details of the first error (as the window selects it), else of the last line; operation.js follows the selection.</summary>
    private static void Details(Html html, string root, IReadOnlyList<LogLineRecord> log)
    {
        var selected = log.FirstOrDefault(static l => l.Kind == "error") ?? (log.Count > 0 ? log[^1] : null);
        html.Open("section", ("class", "details-pane"), ("id", "details"), ("aria-labelledby", "details-title"), ("aria-live", "polite"))
            .Element("h2", "Details", ("id", "details-title"));
        if (selected is null)
        {
            html.Element("p", "No line yet.", ("id", "details-message"));
        }
        else
        {
            html.Element("p", selected.Message, ("id", "details-message"), ("class", "msg " + selected.Kind))
                .Element("p", selected.Location, ("id", "details-location"), ("class", "location"))
                .Element("p", selected.Details ?? (selected.Code is { } c ? ConsoleHelp.Descriptor(c)?.Details : null), ("id", "details-text"));
            if (selected.Code is { } code)
            {
                html.Open("p").Link(ConsoleHelp.PageFor(root, code), $"Help: {code}", ("id", "details-help")).Close("p");
            }
        }

        html.Close("section");
    }
}
