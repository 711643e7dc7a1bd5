using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OneClickPublish.Server.Console;

/// <summary>The server: its version, the health checks of /health/ready, storage used, the metadata database and the nodes seen recently.</summary>
internal sealed class ServerPages(ConsoleContext console)
{
    /// <summary>A node that said it was alive within this time counts as seen recently (nodes say so every minute).</summary>
    public static readonly TimeSpan Recently = TimeSpan.FromMinutes(3);

    public async Task<IResult> ServerAsync(HttpContext context)
    {
        var (session, signIn) = await ConsoleEndpoints.RequireAsync(console, context).ConfigureAwait(false);
        if (session is null)
        {
            return signIn!;
        }

        var ct = context.RequestAborted;
        var health = await context.RequestServices.GetRequiredService<HealthCheckService>().CheckHealthAsync(ct).ConfigureAwait(false);
        var nodes = await console.Store.ListNodesAsync(ct).ConfigureAwait(false);
        var storage = new[] { "blobs", "deployments", "uploads" }.Select(f => (Folder: f, Bytes: FolderBytes(Path.Combine(console.DataDirectory, f)))).ToList();
        var now = DateTimeOffset.UtcNow;
        return ConsoleLayout.Page(context, session, "Server", "server", html =>
        {
            html.Open("dl", ("class", "facts"), ("id", "server-facts"))
                .Element("dt", "Version").Element("dd", console.Version, ("id", "server-version"))
                .Element("dt", "This node").Element("dd", console.Options.NodeName)
                .Element("dt", "Metadata").Element("dd", console.SharedDatabase ? "PostgreSQL (shared by the nodes)" : "SQLite (metadata.db in the data folder)", ("id", "server-database"))
                .Element("dt", "Health").Element("dd", health.Status.ToString(), ("id", "server-health"), ("class", "state " + (health.Status == HealthStatus.Healthy ? "succeeded" : "failed")))
                .Close("dl");
            html.Element("h2", "Health checks").Open("ul", ("id", "health-checks"));
            foreach (var (name, entry) in health.Entries)
            {
                html.Open("li", ("class", "state " + (entry.Status == HealthStatus.Healthy ? "succeeded" : "failed"))).Element("strong", name).Text($": {entry.Status}").Close("li");
            }

            html.Close("ul");
            html.Element("h2", "Storage used").Open("table", ("id", "storage")).Open("thead").Open("tr")
                .Element("th", "Folder", ("scope", "col")).Element("th", "Size", ("scope", "col")).Close("tr").Close("thead").Open("tbody");
            foreach (var (folder, bytes) in storage)
            {
                html.Open("tr").Element("td", folder + "/").Element("td", Html.Bytes(bytes)).Close("tr");
            }

            html.Close("tbody").Close("table")
                .Element("p", "Deployments are hard links to the blobs where the file system allows: their size counts the same bytes again.", ("class", "hint"));
            html.Element("h2", "Nodes").Open("table", ("id", "nodes")).Open("thead").Open("tr");
            foreach (var heading in new[] { "Node", "Version", "Started", "Last seen", "Recently" })
            {
                html.Element("th", heading, ("scope", "col"));
            }

            html.Close("tr").Close("thead").Open("tbody");
            foreach (var node in nodes)
            {
                var recent = now - node.SeenAt <= Recently;
                html.Open("tr", ("class", recent ? null : "stale")).Element("td", node.Name).Element("td", node.Version)
                    .Open("td").Time(node.StartedAt).Close("td").Open("td").Time(node.SeenAt).Close("td").Element("td", recent ? "yes" : "no").Close("tr");
            }

            html.Close("tbody").Close("table");
        });
    }

    /// <summary>The bytes of the files under <paramref name="folder"/>; what cannot be read is left out.</summary>
    private static long FolderBytes(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        long total = 0;
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            total += file.Length;
        }

        return total;
    }
}
