using OneClickPublish.Diagnostics;

namespace OneClickPublish.Xif;

/// <summary>
/// The one rule for entry paths, shared by the writer (which refuses to write what the reader
/// would refuse) and the reader: relative, '/'-separated, no '.' or '..' segments, no empty
/// segments, nothing a Windows or Unix file system would read differently.
/// </summary>
public static class XifPath
{
    public const int MaxLength = 1024;

    private static readonly HashSet<string> DeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>The comparer for entry paths: case-insensitive, because two names differing only in case collide on Windows and macOS.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>Returns null when <paramref name="path"/> is a valid entry path, else the coded problem.</summary>
    public static Diagnostic? Validate(string path, SourceLocation location)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(location);
        if (path.StartsWith('/') || path.StartsWith('\\') || IsDriveRooted(path))
        {
            return Diagnostic.Create(XifDiagnostics.EntryPathAbsolute, location, path);
        }

        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return Diagnostic.Create(XifDiagnostics.EntryPathBackslash, location, path);
        }

        if (path.Length == 0)
        {
            return Diagnostic.Create(XifDiagnostics.EntryPathInvalid, location, path, "it is empty");
        }

        if (path.Length > MaxLength)
        {
            return Diagnostic.Create(XifDiagnostics.EntryPathInvalid, location, path, $"it is longer than {MaxLength} characters");
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "." or "..")
            {
                return Diagnostic.Create(XifDiagnostics.EntryPathTraversal, location, path);
            }

            var problem = SegmentProblem(segment);
            if (problem is not null)
            {
                return Diagnostic.Create(XifDiagnostics.EntryPathInvalid, location, path, problem);
            }
        }

        return null;
    }

    private static bool IsDriveRooted(string path) =>
        path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]);

    private static string? SegmentProblem(string segment)
    {
        if (segment.Length == 0)
        {
            return "it has an empty segment (a leading, doubled or trailing '/')";
        }

        foreach (var c in segment)
        {
            if (char.IsControl(c))
            {
                return "it contains a control character";
            }

            if (c is '<' or '>' or ':' or '"' or '|' or '?' or '*')
            {
                return $"it contains '{c}'";
            }
        }

        if (segment.EndsWith('.') || segment.EndsWith(' '))
        {
            return $"segment '{segment}' ends with a dot or a space";
        }

        var stem = segment.Split('.')[0];
        if (DeviceNames.Contains(stem))
        {
            return $"segment '{segment}' is a reserved device name on Windows";
        }

        return null;
    }
}
