using Microsoft.AspNetCore.Http;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Api;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Console;

/// <summary>The extensions page (one query for all of them) and one extension's page: versions, history, operations, rollback, compare.</summary>
internal sealed class ExtensionPages(ConsoleContext console)
{
    private const int RecentOperations = 20;

    public async Task<IResult> ListAsync(HttpContext context, string? q)
    {
        var (session, signIn) = await ConsoleEndpoints.RequireAsync(console, context).ConfigureAwait(false);
        if (session is null)
        {
            return signIn!;
        }

        var root = ConsoleLayout.Root(context);
        var filter = q?.Trim() ?? string.Empty;
        var all = await console.Store.ListExtensionOverviewsAsync(context.RequestAborted).ConfigureAwait(false);
        // A key limited to some extensions sees those only, as GET /api/v1/extensions lists them.
        var granted = all.Where(e => ApiKeyGrant.Allows(session.Key, e.Name)).ToList();
        var shown = filter.Length == 0 ? granted : granted.Where(e => e.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        return ConsoleLayout.Page(context, session, "Extensions", "extensions", html =>
        {
            html.Open("form", ("method", "get"), ("action", root + ConsoleEndpoints.Prefix + "/"), ("class", "filter"), ("role", "search"))
                .Element("label", "Filter by name", ("for", "filter"))
                .Void("input", ("type", "search"), ("id", "filter"), ("name", "q"), ("value", filter), ("data-filter", "extensions"), ("autocomplete", "off"))
                .Element("button", "Filter", ("type", "submit"))
                .Close("form");
            html.Element("p", $"{shown.Count} of {granted.Count} extension(s)", ("id", "extensions-count"), ("class", "hint"), ("aria-live", "polite"));
            if (granted.Count == 0)
            {
                html.Element("p", "Nothing is published yet. Publish with dotnet build -t:OneClickPublish, or from the Publish page.");
                return;
            }

            html.Open("div", ("class", "scroll")).Open("table", ("id", "extensions")).Open("thead").Open("tr");
            foreach (var heading in new[] { "Name", "Active version", "Last published", "By key", "Last publish" })
            {
                html.Element("th", heading, ("scope", "col"));
            }

            html.Close("tr").Close("thead").Open("tbody");
            foreach (var e in shown)
            {
                html.Open("tr", ("data-name", e.Name.ToLowerInvariant()))
                    .Open("td").Link($"{root}{ConsoleEndpoints.Prefix}/extensions/{Html.Segment(e.Name)}", e.Name).Close("td")
                    .Element("td", e.ActiveVersion ?? "—")
                    .Open("td").Time(e.LastPublishedAt).Close("td")
                    .Element("td", e.LastPublishedBy ?? "—")
                    .Open("td");
                if (e.LastOperationId is { } operation)
                {
                    html.Open("a", ("href", $"{root}{ConsoleEndpoints.Prefix}/operations/{operation}"), ("class", "state " + e.LastOperationState))
                        .Text($"{e.LastOperationState} ({e.LastOperationVersion})").Close("a");
                }
                else
                {
                    html.Text("—");
                }

                html.Close("td").Close("tr");
            }

            html.Close("tbody").Close("table").Close("div");
        }, "extensions.js");
    }

    public async Task<IResult> DetailAsync(HttpContext context, string name)
    {
        var (session, signIn) = await ConsoleEndpoints.RequireAsync(console, context).ConfigureAwait(false);
        if (session is null)
        {
            return signIn!;
        }

        var (extension, refusal) = await FindAsync(console, context, session, name).ConfigureAwait(false);
        if (extension is null)
        {
            return refusal!;
        }

        var ct = context.RequestAborted;
        var versions = await console.Store.ListVersionOverviewsAsync(extension.NameKey, ct).ConfigureAwait(false);
        var history = await console.Store.GetHistoryAsync(extension.NameKey, ct).ConfigureAwait(false);
        var operations = await console.Store.ListOperationsAsync(extension.NameKey, RecentOperations, ct).ConfigureAwait(false);
        var root = ConsoleLayout.Root(context);
        var canRollBack = session.Key.Scope >= ApiKeyScope.Publish;
        var self = $"{root}{ConsoleEndpoints.Prefix}/extensions/{Html.Segment(extension.Name)}";
        return ConsoleLayout.Page(context, session, extension.Name, "extensions", html =>
        {
            html.Open("p", ("class", "lead")).Text("Active version: ").Element("strong", extension.ActiveVersion ?? "none", ("id", "active-version")).Close("p");
            html.Element("div", null, ("id", "rollback-status"), ("role", "status"), ("aria-live", "polite"));
            Versions(html, root, extension, versions, canRollBack, self);
            Compare(html, self, versions);
            History(html, history);
            Operations(html, root, operations);
            if (canRollBack)
            {
                RollbackDialog(html, extension.Name);
            }
        }, "extension.js");
    }

    /// <summary>The extension named in the URL, or the page that refuses it with the API's code (400, 403, 404).</summary>
    public static async Task<(ExtensionRecord? Extension, IResult? Refusal)> FindAsync(ConsoleContext console, HttpContext context, ConsoleSession session, string name)
    {
        if (!Names.IsValidExtensionName(name))
        {
            return (null, ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status400BadRequest, ServerDiagnostics.InvalidExtensionName, name));
        }

        if (!ApiKeyGrant.Allows(session.Key, name))
        {
            return (null, ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status403Forbidden, ServerDiagnostics.ExtensionNotGranted,
                session.Key.Name, name, ApiKeyGrant.Describe(session.Key.Extensions)));
        }

        var extension = await console.Store.GetExtensionAsync(Names.KeyOf(name), context.RequestAborted).ConfigureAwait(false);
        return extension is null
            ? (null, ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status404NotFound, ServerDiagnostics.ExtensionNotFound, name))
            : (extension, null);
    }

    private static void Versions(Html html, string root, ExtensionRecord extension, IReadOnlyList<VersionOverview> versions, bool canRollBack, string self)
    {
        html.Element("h2", "Versions").Open("div", ("class", "scroll")).Open("table", ("id", "versions")).Open("thead").Open("tr");
        foreach (var heading in new[] { "Version", "Published", "By key", "Size", "Files", "SHA-256", "Actions" })
        {
            html.Element("th", heading, ("scope", "col"));
        }

        html.Close("tr").Close("thead").Open("tbody");
        foreach (var v in versions)
        {
            var active = v.Version == extension.ActiveVersion;
            var api = $"{root}/api/v1/extensions/{Html.Segment(extension.Name)}/versions/{Html.Segment(v.Version)}/xif";
            html.Open("tr", ("class", active ? "active" : null), ("data-version", v.Version))
                .Open("td").Link($"{self}/versions/{Html.Segment(v.Version)}", v.Version);
            if (active)
            {
                html.Text(" ").Element("span", "active", ("class", "badge"));
            }

            html.Close("td").Open("td").Time(v.PublishedAt).Close("td")
                .Element("td", v.PublishedBy)
                .Element("td", Html.Bytes(v.TotalBytes))
                .Element("td", v.FileCount.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Open("td").Element("code", v.Sha256[..12], ("title", v.Sha256)).Close("td")
                .Open("td", ("class", "actions"))
                .Link(api, "XIF", ("download", $"{extension.Name}.{v.Version}.xif"), ("aria-label", $"Download the XIF of {v.Version}"));
            if (canRollBack && !active)
            {
                html.Element("button", "Roll back", ("type", "button"), ("class", "rollback"), ("data-version", v.Version),
                    ("aria-label", $"Roll back to {v.Version}"));
            }

            html.Close("td").Close("tr");
        }

        html.Close("tbody").Close("table").Close("div");
    }

    private static void Compare(Html html, string self, IReadOnlyList<VersionOverview> versions)
    {
        if (versions.Count < 2)
        {
            return;
        }

        html.Element("h2", "Compare two versions")
            .Open("form", ("method", "get"), ("action", self + "/compare"), ("class", "compare"));
        foreach (var (field, label, preselect) in new[] { ("from", "From", versions[1].Version), ("to", "To", versions[0].Version) })
        {
            html.Element("label", label, ("for", "compare-" + field)).Open("select", ("id", "compare-" + field), ("name", field));
            foreach (var v in versions)
            {
                html.Element("option", v.Version, ("value", v.Version), ("selected", v.Version == preselect ? string.Empty : null));
            }

            html.Close("select");
        }

        html.Element("button", "Compare", ("type", "submit")).Close("form");
    }

    private static void History(Html html, IReadOnlyList<HistoryRecord> history)
    {
        html.Element("h2", "History").Open("div", ("class", "scroll")).Open("table", ("id", "history")).Open("thead").Open("tr");
        foreach (var heading in new[] { "When", "What", "Version", "Before", "By key" })
        {
            html.Element("th", heading, ("scope", "col"));
        }

        html.Close("tr").Close("thead").Open("tbody");
        foreach (var h in history.OrderByDescending(static h => h.Time))
        {
            html.Open("tr").Open("td").Time(h.Time).Close("td").Element("td", h.Action).Element("td", h.Version)
                .Element("td", h.PreviousVersion ?? "—").Element("td", h.By).Close("tr");
        }

        html.Close("tbody").Close("table").Close("div");
    }

    private static void Operations(Html html, string root, IReadOnlyList<OperationRecord> operations)
    {
        if (operations.Count == 0)
        {
            return;
        }

        html.Element("h2", "Publishes").Open("div", ("class", "scroll")).Open("table", ("id", "operations")).Open("thead").Open("tr");
        foreach (var heading in new[] { "Started", "Version", "State", "By key", "Node" })
        {
            html.Element("th", heading, ("scope", "col"));
        }

        html.Close("tr").Close("thead").Open("tbody");
        foreach (var o in operations)
        {
            html.Open("tr").Open("td").Link($"{root}{ConsoleEndpoints.Prefix}/operations/{o.Id}", o.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC").Close("td")
                .Element("td", o.Version).Open("td").Element("span", o.State, ("class", "state " + o.State)).Close("td")
                .Element("td", o.CreatedBy).Element("td", o.Node).Close("tr");
        }

        html.Close("tbody").Close("table").Close("div");
    }

    private static void RollbackDialog(Html html, string name) =>
        html.Open("dialog", ("id", "rollback-dialog"), ("data-extension", name), ("aria-labelledby", "rollback-title"))
            .Open("form", ("method", "dialog"))
            .Element("h2", "Roll back?", ("id", "rollback-title"))
            .Open("p").Text($"Make version ").Element("strong", string.Empty, ("id", "rollback-version")).Text($" of {name} active again. The switch is atomic: one transaction, then active.json.").Close("p")
            .Open("div", ("class", "buttons"))
            .Element("button", "Cancel", ("value", "cancel"), ("type", "submit"))
            .Element("button", "Roll back", ("value", "confirm"), ("type", "submit"), ("class", "danger"), ("id", "rollback-confirm"))
            .Close("div").Close("form").Close("dialog");
}
