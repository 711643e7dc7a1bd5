using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Server.Security;

/// <summary>
/// The extensions a key may use, as the seed's system grants permissions per extension: a list of
/// patterns, each an extension name (<c>Maps</c>), a name's beginning followed by <c>*</c>
/// (<c>Geo*</c>) or <c>*</c> alone; compared ignoring case, as extension names are. A key without a
/// list (every key made before lists existed, and every admin key) may use every extension.
/// </summary>
public static partial class ApiKeyGrant
{
    /// <summary>The pattern that grants every extension.</summary>
    public const string All = "*";

    /// <summary>More patterns than a team names by hand: a bound on what one key row holds.</summary>
    public const int MaxPatterns = 100;

    /// <summary>Whether <paramref name="key"/> may publish, roll back, delete or read <paramref name="extensionName"/>.</summary>
    public static bool Allows(ApiKeyInfo key, string extensionName)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Extensions is not { } patterns || patterns.Any(p => Matches(p, extensionName));
    }

    /// <summary>Whether one pattern covers the name: the name itself, or a beginning of it before '*', ignoring case.</summary>
    public static bool Matches(string pattern, string extensionName)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(extensionName);
        return pattern.EndsWith('*')
            ? extensionName.StartsWith(pattern[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(pattern, extensionName, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Letters, digits and '_' from a letter, as extension names, and at most a final '*'; or '*' alone.</summary>
    public static bool IsValidPattern([NotNullWhen(true)] string? pattern) => pattern is not null && PatternRule().IsMatch(pattern);

    /// <summary>
    /// The list as stored: trimmed, without repeats (ignoring case), in the order given; null (every
    /// extension) for no list or a list holding '*'. An error for an empty list, too many patterns or
    /// a pattern that is not one.
    /// </summary>
    public static IReadOnlyList<string>? Normalize(IReadOnlyList<string>? patterns, out Diagnostic? error)
    {
        error = null;
        if (patterns is null)
        {
            return null;
        }

        if (patterns.Count is 0 or > MaxPatterns)
        {
            error = Diagnostic.Create(ServerDiagnostics.InvalidExtensionPattern, SourceLocation.None, "(a list of " + patterns.Count + ")",
                patterns.Count == 0 ? "a key must be granted at least one extension; leave the list out for every extension" : $"a key takes at most {MaxPatterns} patterns");
            return null;
        }

        var kept = new List<string>();
        foreach (var raw in patterns)
        {
            var pattern = raw?.Trim();
            if (!IsValidPattern(pattern))
            {
                error = Diagnostic.Create(ServerDiagnostics.InvalidExtensionPattern, SourceLocation.None, raw ?? "(null)",
                    "use an extension name (Maps), the beginning of names followed by '*' (Geo*), or '*' for every extension");
                return null;
            }

            if (!kept.Contains(pattern, StringComparer.OrdinalIgnoreCase))
            {
                kept.Add(pattern);
            }
        }

        return kept.Contains(All) ? null : kept;
    }

    /// <summary>How the column stores a list: comma-separated (patterns never hold a comma); null for every extension.</summary>
    internal static string? Store(IReadOnlyList<string>? patterns) => patterns is null ? null : string.Join(',', patterns);

    internal static IReadOnlyList<string>? Read(string? column) =>
        string.IsNullOrEmpty(column) ? null : column.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The list as people read it: "Geo*, Maps", or "every extension".</summary>
    public static string Describe(IReadOnlyList<string>? patterns) => patterns is null ? "every extension" : string.Join(", ", patterns);

    // \z, not $: '$' also matches before a final '\n'. A pattern is a name, possibly cut short, then an optional '*'.
    [GeneratedRegex(@"^(\*|[A-Za-z][A-Za-z0-9_]{0,49}\*?)\z")]
    private static partial Regex PatternRule();
}
