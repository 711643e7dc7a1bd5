namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// A resource's Path (<c>\Source\NET\</c>) and Filename as a relative path inside the project, refusing
/// anything that would leave it: '..', a drive, a network or absolute root, a folder inside Filename.
/// </summary>
public static class StudioResourcePath
{
    private static readonly char[] Forbidden = ['<', '>', ':', '"', '|', '?', '*'];

    /// <summary>Null when the path is acceptable; otherwise why it is not.</summary>
    public static string? Problem(string? path, string? filename)
    {
        if (string.IsNullOrEmpty(filename))
        {
            return "the file name is empty";
        }

        if (filename!.IndexOfAny(['/', '\\']) >= 0)
        {
            return "the file name has a folder in it";
        }

        if (filename is "." or "..")
        {
            return "the file name is '.' or '..'";
        }

        var folder = path ?? string.Empty;
        if (folder.Length >= 2 && folder[1] == ':')
        {
            return "it names a drive";
        }

        if (folder.StartsWith(@"\\", StringComparison.Ordinal) || folder.StartsWith("//", StringComparison.Ordinal))
        {
            return "it names a network path";
        }

        if (folder.Length > 0 && folder[0] == '/')
        {
            return "it is an absolute path";
        }

        foreach (var segment in Segments(folder).Append(filename))
        {
            if (segment is "." or "..")
            {
                return "it has a '.' or '..' segment";
            }

            if (segment.IndexOfAny(Forbidden) >= 0 || segment.Any(char.IsControl))
            {
                return $"'{segment}' has a character file systems refuse";
            }
        }

        return null;
    }

    /// <summary><c>\Source\NET\</c> and <c>Geo.cs</c> give <c>Source/NET/Geo.cs</c>.</summary>
    public static string Combine(string? path, string? filename) =>
        string.Join("/", Segments(path ?? string.Empty).Append(filename ?? string.Empty));

    /// <summary>A relative path with '/' back to the format's Path: <c>Source/NET/Geo.cs</c> gives <c>\Source\NET\</c>.</summary>
    public static string FolderOf(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var at = relativePath.LastIndexOf('/');
        return at < 0 ? "\\" : "\\" + relativePath.Substring(0, at).Replace('/', '\\') + "\\";
    }

    // The leading backslash is the root of the extension, not of a disk: a path of "\" alone is the root folder.
    private static IEnumerable<string> Segments(string folder) =>
        folder.Split(['\\', '/'], StringSplitOptions.RemoveEmptyEntries);
}
