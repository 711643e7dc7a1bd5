using System.Globalization;
using Microsoft.AspNetCore.Http;
using NuGet.Versioning;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Feed.Packaging;

namespace OneClickPublish.Server.Feed;

/// <summary>
/// A search of the feed, as NuGet's search protocol defines its parameters: <c>q</c> (terms), <c>skip</c>,
/// <c>take</c>, <c>prerelease</c> and <c>semVerLevel</c>. Every term must match: a plain term matches a
/// package whose id, description or tags contain it (ignoring case); <c>id:x</c> matches ids containing x,
/// <c>packageid:x</c> the id x exactly.
/// </summary>
internal sealed record FeedSearch(IReadOnlyList<string> Terms, int Skip, int Take, bool Prerelease, bool SemVer2)
{
    public const int MaxTake = 1000;

    private const int DefaultTake = 20;

    /// <summary>The query of <paramref name="query"/>, or the coded refusal of its first bad parameter (400, OCP5301).</summary>
    public static (FeedSearch? Search, Diagnostic? Error) Parse(IQueryCollection query)
    {
        var terms = query["q"].ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!TryInt(query, "skip", 0, 0, int.MaxValue, out var skip, out var error)
            || !TryInt(query, "take", DefaultTake, 1, MaxTake, out var take, out error)
            || !TryBool(query, "prerelease", out var prerelease, out error)
            || !TrySemVerLevel(query, out var semVer2, out error))
        {
            return (null, error);
        }

        return (new FeedSearch(terms, skip, take, prerelease, semVer2), null);
    }

    /// <summary>The versions of a package that this search's filters let through (none when it is filtered out).</summary>
    public IReadOnlyList<FeedVersion> Filter(IEnumerable<FeedVersion> versions) =>
        [.. versions.Where(v => (Prerelease || !v.Version.IsPrerelease) && (SemVer2 || !v.Version.IsSemVer2))];

    /// <summary>Whether every term matches the package as <paramref name="latest"/> describes it.</summary>
    public bool Matches(FeedVersion latest) => Terms.All(term => MatchesTerm(term, latest));

    private static bool MatchesTerm(string term, FeedVersion latest)
    {
        var colon = term.IndexOf(':', StringComparison.Ordinal);
        var field = colon > 0 ? term[..colon].ToLowerInvariant() : null;
        var value = colon > 0 ? term[(colon + 1)..] : term;
        return field switch
        {
            "packageid" => string.Equals(latest.PackageId, value, StringComparison.OrdinalIgnoreCase),
            "id" => Contains(latest.PackageId, value),
            _ => Contains(latest.PackageId, term) || Contains(latest.Description, term) || ExtensionPackageBuilder.Tags.Any(t => Contains(t, term)),
        };
    }

    private static bool Contains(string text, string value) => text.Contains(value, StringComparison.OrdinalIgnoreCase);

    private static bool TryInt(IQueryCollection query, string name, int fallback, int min, int max, out int value, out Diagnostic? error)
    {
        var text = query[name].ToString();
        error = null;
        value = fallback;
        if (text.Length == 0)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        error = Invalid(name, text, max == int.MaxValue ? $"a whole number of at least {min}" : $"a whole number from {min} to {max}");
        return false;
    }

    private static bool TryBool(IQueryCollection query, string name, out bool value, out Diagnostic? error)
    {
        var text = query[name].ToString();
        error = null;
        value = false;
        if (text.Length == 0 || bool.TryParse(text, out value))
        {
            return true;
        }

        error = Invalid(name, text, "true or false");
        return false;
    }

    /// <summary>semVerLevel=2.0.0 (or any version from 2.0.0 on) opts into SemVer 2.0.0 versions; without it they are left out.</summary>
    private static bool TrySemVerLevel(IQueryCollection query, out bool semVer2, out Diagnostic? error)
    {
        var text = query["semVerLevel"].ToString();
        error = null;
        semVer2 = false;
        if (text.Length == 0)
        {
            return true;
        }

        if (NuGetVersion.TryParse(text, out var level))
        {
            semVer2 = level.Major >= 2;
            return true;
        }

        error = Invalid("semVerLevel", text, "a version such as 2.0.0");
        return false;
    }

    private static Diagnostic Invalid(string name, string value, string expected) =>
        Diagnostic.Create(FeedDiagnostics.InvalidFeedQuery, SourceLocation.None, name, value.Length > 100 ? value[..100] + "…" : value, expected);
}
