namespace OneClickPublish.Tool.Init;

/// <summary>
/// Keeps <c>.oneclick/</c> (backups of merged files, the embedded server's data) out of git: says
/// whether the .gitignore files that apply to a project folder already ignore it, and adds the
/// line to the folder's own .gitignore when they do not. Only the patterns that name the folder
/// are understood (<c>.oneclick/</c>, <c>/.oneclick</c>, <c>**/.oneclick/</c>, <c>sub/dir/.oneclick/</c>,
/// and their negations); anything cleverer is not recognised, and the line is then added once more.
/// </summary>
internal static class GitIgnore
{
    public const string FileName = ".gitignore";

    public const string Entry = ".oneclick/";

    /// <summary>The .gitignore files that apply to <paramref name="projectDirectory"/>, nearest last (git's order of precedence), up to the repository's root.</summary>
    public static IReadOnlyList<string> FilesFor(string projectDirectory)
    {
        var folders = new List<string>();
        for (var dir = new DirectoryInfo(projectDirectory); dir is not null; dir = dir.Parent)
        {
            folders.Add(dir.FullName);
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                break;
            }

            if (dir.Parent is null)
            {
                // Not in a repository: only the project's own folder counts.
                folders.RemoveRange(1, folders.Count - 1);
            }
        }

        folders.Reverse();
        return folders.Select(static f => Path.Combine(f, FileName)).Where(File.Exists).ToList();
    }

    /// <summary>The file among <paramref name="gitIgnoreFiles"/> that ignores the project's .oneclick/ folder, or null.</summary>
    public static string? IgnoringFile(string projectDirectory, IEnumerable<string> gitIgnoreFiles)
    {
        string? ignoredBy = null;
        foreach (var file in gitIgnoreFiles)
        {
            var relative = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(file))!, projectDirectory).Replace('\\', '/');
            relative = relative == "." ? string.Empty : relative;
            switch (Ignores(File.ReadAllText(file), relative))
            {
                case true:
                    ignoredBy = file;
                    break;
                case false:
                    ignoredBy = null;
                    break;
            }
        }

        return ignoredBy;
    }

    /// <summary>
    /// True when the last line of <paramref name="text"/> about the folder ignores it, false when it
    /// un-ignores it (<c>!</c>), null when no line names it. <paramref name="relativeFolder"/> is the
    /// project folder relative to the .gitignore's folder, with '/' ("" for the same folder).
    /// </summary>
    public static bool? Ignores(string text, string relativeFolder)
    {
        bool? result = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r', ' ', '\t');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var negated = line.StartsWith('!');
            var pattern = (negated ? line[1..] : line).TrimEnd('/');
            if (Matches(pattern, relativeFolder))
            {
                result = !negated;
            }
        }

        return result;
    }

    private static bool Matches(string pattern, string relativeFolder)
    {
        const string Name = ".oneclick";
        if (!pattern.Contains('/', StringComparison.Ordinal))
        {
            // A name alone matches at any depth below the .gitignore.
            return pattern == Name;
        }

        if (pattern == "**/" + Name)
        {
            return true;
        }

        // A pattern with a slash is relative to the .gitignore's folder.
        var anchored = pattern.TrimStart('/');
        return anchored == (relativeFolder.Length == 0 ? Name : relativeFolder + "/" + Name)
            || (relativeFolder.Length > 0 && anchored == "**/" + relativeFolder + "/" + Name);
    }

    /// <summary>The text of the project's .gitignore with the entry added: a new file when <paramref name="existing"/> is null, else one line appended.</summary>
    public static string WithEntry(string? existing)
    {
        if (existing is null)
        {
            return "# oneclick: backups of merged files and the local Platform Server's data" + "\n" + Entry + "\n";
        }

        var newLine = existing.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var separator = existing.Length == 0 || existing.EndsWith('\n') ? string.Empty : newLine;
        return existing + separator + Entry + newLine;
    }
}
