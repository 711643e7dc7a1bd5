using Microsoft.AspNetCore.Http;
using OneClickPublish.Compatibility;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Api;

namespace OneClickPublish.Server.Console;

/// <summary>
/// The difference in contract between two versions: the CompatibilityChecker's changes (actions,
/// parameters, structures, entities added, removed or changed), the bump they need against the bump
/// made, and the findings a publish of the newer one over the older one reports, with their codes.
/// </summary>
internal sealed class ComparePages(ConsoleContext console)
{
    public async Task<IResult> CompareAsync(HttpContext context, string name, string? from, string? to)
    {
        var (session, signIn) = await ConsoleEndpoints.RequireAsync(console, context).ConfigureAwait(false);
        if (session is null)
        {
            return signIn!;
        }

        var (extension, refusal) = await ExtensionPages.FindAsync(console, context, session, name).ConfigureAwait(false);
        if (extension is null)
        {
            return refusal!;
        }

        var definitions = new List<ExtensionDefinition>();
        foreach (var text in new[] { from, to })
        {
            if (!Names.TryParseVersion(text, out var parsed))
            {
                return ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status400BadRequest, ServerDiagnostics.InvalidVersion, text ?? "(none)");
            }

            var record = await console.Store.GetVersionAsync(extension.NameKey, parsed.ToNormalizedString(), context.RequestAborted).ConfigureAwait(false);
            if (record is null)
            {
                return ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status404NotFound, ServerDiagnostics.VersionNotFound, extension.Name, parsed.ToNormalizedString());
            }

            var definition = console.Inspector.ReadDefinition(record.DefinitionXml, new DiagnosticBag());
            if (definition?.Version is null)
            {
                return ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status409Conflict, ServerDiagnostics.InternalError, $"the stored definition of {record.Version}");
            }

            definitions.Add(definition);
        }

        // Always from the older to the newer: the direction a publish goes.
        var (older, newer) = definitions[0].Version! <= definitions[1].Version! ? (definitions[0], definitions[1]) : (definitions[1], definitions[0]);
        var findings = new DiagnosticBag();
        var changes = CompatibilityChecker.Check(older, newer, findings);
        var required = CompatibilityChecker.RequiredBump(changes);
        var actual = CompatibilityChecker.ActualBump(older.Version!, newer.Version!);
        var root = ConsoleLayout.Root(context);
        var title = $"{extension.Name}: {older.Version!.ToNormalizedString()} → {newer.Version!.ToNormalizedString()}";
        return ConsoleLayout.Page(context, session, title, "extensions", html =>
        {
            html.Open("p", ("class", "lead")).Link($"{root}{ConsoleEndpoints.Prefix}/extensions/{Html.Segment(extension.Name)}", $"All versions of {extension.Name}").Close("p");
            var needsMajor = required == VersionBump.Major;
            html.Open("dl", ("class", "facts"), ("id", "bump"))
                .Element("dt", "Changes").Element("dd", changes.Count == 0 ? "none to actions, structures or entities" : $"{changes.Count(static c => c.IsBreaking)} breaking, {changes.Count(static c => !c.IsBreaking)} addition(s) or rename(s)")
                .Element("dt", "Bump needed").Element("dd", required.ToString())
                .Element("dt", "Bump made").Element("dd", actual.ToString())
                .Element("dt", "Needed a major bump").Element("dd", needsMajor ? (actual == VersionBump.Major ? "yes, and it had one" : "yes, and it did not have one") : "no")
                .Close("dl");
            if (changes.Count > 0)
            {
                html.Element("h2", "Changes").Open("div", ("class", "scroll")).Open("table", ("id", "changes")).Open("thead").Open("tr")
                    .Element("th", "Element", ("scope", "col")).Element("th", "Change", ("scope", "col")).Element("th", "Needs", ("scope", "col"))
                    .Close("tr").Close("thead").Open("tbody");
                foreach (var change in changes)
                {
                    html.Open("tr", ("class", change.IsBreaking ? "breaking" : "addition"))
                        .Element("td", change.ElementPath).Element("td", change.Description)
                        .Element("td", change.IsBreaking ? "major (breaking)" : change.RequiredBump.ToString().ToLowerInvariant()).Close("tr");
                }

                html.Close("tbody").Close("table").Close("div");
            }

            html.Element("h2", "What a publish of the newer over the older reports");
            if (findings.Count == 0)
            {
                html.Element("p", "Nothing: the version moved enough for these changes.", ("class", "msg information"));
            }

            html.Open("ul", ("class", "findings"), ("id", "findings"));
            foreach (var finding in findings)
            {
                var kind = finding.Severity == DiagnosticSeverity.Error ? "error" : "warning";
                html.Open("li", ("class", "msg " + kind)).Element("span", kind, ("class", "visually-hidden")).Text(" ")
                    .Link(ConsoleHelp.PageFor(root, finding.Code), finding.Code, ("class", "code")).Text(" ")
                    .Text(finding.Message);
                if (finding.Location.ElementPath is { Length: > 0 } path)
                {
                    html.Text(" ").Element("span", path, ("class", "location"));
                }

                html.Close("li");
            }

            html.Close("ul");
        });
    }
}
