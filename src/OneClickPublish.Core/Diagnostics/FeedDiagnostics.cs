namespace OneClickPublish.Diagnostics;

/// <summary>
/// The Platform Server's NuGet feed (OCP5300–5349, docs/feed.md): the codes in the problem details of
/// a feed request it refuses. Its keys are the server's (OCP5100–5102); these are the feed's own.
/// </summary>
public static class FeedDiagnostics
{
    public static readonly DiagnosticDescriptor PackageNotFound = new(
        "OCP5300", DiagnosticSeverity.Error, "No such package",
        "The feed has no package '{0}'{1}",
        "The feed serves every version published on the server, under the extension's name: check the name and the version ('GET /api/v1/extensions' lists them). A version deleted on the server is gone from the feed, and a key that may not read an extension sees no package of it: use a key that may.");

    public static readonly DiagnosticDescriptor InvalidFeedQuery = new(
        "OCP5301", DiagnosticSeverity.Error, "Invalid feed query",
        "The search parameter '{0}' is '{1}'; it must be {2}",
        "The feed's search takes q (terms), skip (0 or more), take (1 to 1000), prerelease (true or false) and semVerLevel (a version such as 2.0.0), as NuGet's search protocol defines them. A NuGet client sends them right; check a hand-written query.");

    public static readonly DiagnosticDescriptor PackageNotBuilt = new(
        "OCP5302", DiagnosticSeverity.Error, "Package cannot be built",
        "The package of '{0}' {1} cannot be built: {2}",
        "The server builds a version's package from the files it stored when the version was published. One of them is missing from its blob store: the data folder was changed by hand or restored incompletely. The server's administrator should restore the blob store from a backup, or delete the version and publish it again.");
}
