namespace OneClickPublish.Diagnostics;

/// <summary>
/// Where the page of a code is, for the user who reads the diagnostic: the copy of docs/diagnostics/ shipped
/// in the package or beside the tool, or a hosted copy that a property points at. A relative link would be
/// relative to nothing in a user's project.
/// </summary>
public static class DiagnosticHelp
{
    /// <summary>The pages' folder, relative to the repository, the package root and the tool's folder alike.</summary>
    public const string PagesFolder = "docs/diagnostics";

    /// <summary>
    /// The shipped pages nearest an assembly of ours: beside it (the tool's folder) or two folders up (a task
    /// assembly in the package's <c>tasks/&lt;tfm&gt;/</c>). Null where neither holds them.
    /// </summary>
    public static string? FindShippedPages(string assemblyDirectory)
    {
        foreach (var candidate in new[] { assemblyDirectory, Path.Combine(assemblyDirectory, "..", "..") })
        {
            var pages = Path.GetFullPath(Path.Combine(candidate, "docs", "diagnostics"));
            if (Directory.Exists(pages))
            {
                return pages;
            }
        }

        return null;
    }

    /// <summary>
    /// The link for <paramref name="code"/>: under <paramref name="linkBase"/> when one is set (a URL or folder;
    /// a <c>{0}</c> in it is replaced by the code, else <c>CODE.md</c> is appended), else the shipped page, else
    /// the page's path in the repository.
    /// </summary>
    public static string LinkFor(string code, string? linkBase, string? shippedPages)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        if (!string.IsNullOrWhiteSpace(linkBase))
        {
            var trimmed = linkBase.Trim();
            if (trimmed.Contains("{0}", StringComparison.Ordinal))
            {
                return trimmed.Replace("{0}", code, StringComparison.Ordinal);
            }

            var separator = trimmed.EndsWith('/') || trimmed.EndsWith('\\') ? string.Empty : "/";
            return $"{trimmed}{separator}{code}.md";
        }

        return shippedPages is not null
            ? Path.Combine(shippedPages, code + ".md")
            : $"{PagesFolder}/{code}.md";
    }
}
