using Microsoft.AspNetCore.Http;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Api;
using OneClickPublish.Server.Feed;

namespace OneClickPublish.Server.Console;

/// <summary>One version: its definition rendered readably (actions with their parameters and descriptions, structures, entities, resources) and its files.</summary>
internal sealed class VersionPages(ConsoleContext console)
{
    public async Task<IResult> DefinitionAsync(HttpContext context, string name, string version)
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

        if (!Names.TryParseVersion(version, out var parsed))
        {
            return ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status400BadRequest, ServerDiagnostics.InvalidVersion, version);
        }

        var normalized = parsed.ToNormalizedString();
        var record = await console.Store.GetVersionAsync(extension.NameKey, normalized, context.RequestAborted).ConfigureAwait(false);
        if (record is null)
        {
            return ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status404NotFound, ServerDiagnostics.VersionNotFound, extension.Name, normalized);
        }

        var files = await console.Store.GetVersionFilesAsync(extension.NameKey, normalized, context.RequestAborted).ConfigureAwait(false);
        var definition = console.Inspector.ReadDefinition(record.DefinitionXml, new DiagnosticBag());
        var root = ConsoleLayout.Root(context);
        return ConsoleLayout.Page(context, session, $"{extension.Name} {normalized}", "extensions", html =>
        {
            html.Open("p", ("class", "lead"))
                .Link($"{root}{ConsoleEndpoints.Prefix}/extensions/{Html.Segment(extension.Name)}", $"All versions of {extension.Name}")
                .Text(" · published ").Time(record.PublishedAt).Text($" by {record.PublishedBy}")
                .Text(" · ").Link($"{root}/api/v1/extensions/{Html.Segment(extension.Name)}/versions/{Html.Segment(normalized)}/xif", "Download the XIF", ("download", $"{extension.Name}.{normalized}.xif"))
                .Close("p");
            if (definition is null)
            {
                html.Element("p", "The stored definition could not be read.", ("class", "msg error"));
            }
            else
            {
                Definition(html, definition);
            }

            Consume(html, FeedUrls.For(context.Request, console.Options.Feed.PublicUrl), extension.Name, normalized);
            html.Element("h2", "Files").Open("div", ("class", "scroll")).Open("table", ("id", "files")).Open("thead").Open("tr")
                .Element("th", "Path", ("scope", "col")).Element("th", "Size", ("scope", "col")).Element("th", "SHA-256", ("scope", "col"))
                .Close("tr").Close("thead").Open("tbody");
            foreach (var file in files)
            {
                html.Open("tr").Element("td", file.Path).Element("td", Html.Bytes(file.Size)).Open("td").Element("code", file.Sha256[..12], ("title", file.Sha256)).Close("td").Close("tr");
            }

            html.Close("tbody").Close("table").Close("div");
        });
    }

    /// <summary>
    /// How another project takes this version from the server's feed (docs/feed.md): the source, once, with
    /// a read key the person fills in (never the signed-in key: it must not appear in a page), then the package.
    /// </summary>
    private static void Consume(Html html, FeedUrls feed, string name, string version) =>
        html.Open("section", ("id", "consume"), ("aria-labelledby", "consume-title"))
            .Element("h2", "Use it in a project", ("id", "consume-title"))
            .Element("p", "Add the server's feed once, with a key of the read scope, then the package:")
            .Open("pre").Element("code", $"dotnet nuget add source {feed.ServiceIndex} -n oneclick -u any -p <read key> --store-password-in-clear-text", ("id", "consume-source")).Close("pre")
            .Open("pre").Element("code", $"dotnet add package {name} --version {version}", ("id", "consume-package")).Close("pre")
            .Close("section");

    private static void Definition(Html html, ExtensionDefinition definition)
    {
        if (!string.IsNullOrWhiteSpace(definition.Description))
        {
            html.Element("p", definition.Description, ("class", "description"));
        }

        html.Element("h2", $"Actions ({definition.Actions.Count})");
        foreach (var action in definition.Actions)
        {
            html.Open("section", ("class", "element action"), ("aria-label", "Action " + action.Name))
                .Open("h3").Text(action.Name);
            if (action.IsFunction)
            {
                html.Text(" ").Element("span", "function", ("class", "badge"));
            }

            html.Close("h3");
            Description(html, action.Description);
            if (action.Parameters.Count > 0)
            {
                html.Open("table", ("class", "parameters")).Open("thead").Open("tr");
                foreach (var heading in new[] { "Parameter", "Direction", "Type", "Mandatory", "Description" })
                {
                    html.Element("th", heading, ("scope", "col"));
                }

                html.Close("tr").Close("thead").Open("tbody");
                foreach (var p in action.Parameters)
                {
                    html.Open("tr").Element("td", p.Name).Element("td", p.Direction.ToString()).Element("td", TypeOf(p))
                        .Element("td", p.IsMandatory ? "yes" : "no").Element("td", p.Description ?? string.Empty).Close("tr");
                }

                html.Close("tbody").Close("table");
            }

            html.Close("section");
        }

        Records(html, "Structures", definition.Structures.Select(static s => (s.Name, s.Description, s.Attributes)));
        Records(html, "Entities", definition.Entities.Select(static e => (e.Name, e.Description, e.Attributes)));
        if (definition.Resources.Count > 0)
        {
            html.Element("h2", $"Resources ({definition.Resources.Count})").Open("ul", ("class", "resources"));
            foreach (var resource in definition.Resources)
            {
                html.Open("li").Element("code", resource.Path).Text($" — {resource.DeployActionText}").Close("li");
            }

            html.Close("ul");
        }
    }

    private static void Records(Html html, string title, IEnumerable<(string Name, string? Description, List<AttributeDefinition> Attributes)> records)
    {
        var list = records.ToList();
        if (list.Count == 0)
        {
            return;
        }

        html.Element("h2", $"{title} ({list.Count})");
        foreach (var (name, description, attributes) in list)
        {
            html.Open("section", ("class", "element record"), ("aria-label", name)).Element("h3", name);
            Description(html, description);
            html.Open("table", ("class", "parameters")).Open("thead").Open("tr");
            foreach (var heading in new[] { "Attribute", "Type", "Mandatory", "Description" })
            {
                html.Element("th", heading, ("scope", "col"));
            }

            html.Close("tr").Close("thead").Open("tbody");
            foreach (var a in attributes)
            {
                var type = TypeOf(a) + (a.Length is { } length ? $" ({length})" : string.Empty) + (a.IsIdentifier ? ", identifier" : string.Empty);
                html.Open("tr").Element("td", a.Name).Element("td", type).Element("td", a.IsMandatory ? "yes" : "no").Element("td", a.Description ?? string.Empty).Close("tr");
            }

            html.Close("tbody").Close("table").Close("section");
        }
    }

    private static void Description(Html html, string? description)
    {
        if (!string.IsNullOrWhiteSpace(description))
        {
            html.Element("p", description, ("class", "description"));
        }
    }

    private static string TypeOf(TypedElement element) =>
        element.RecordType is { Length: > 0 } record ? $"{element.DataTypeName} of {record}" : element.DataTypeName;
}
