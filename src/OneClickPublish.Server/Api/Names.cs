using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using NuGet.Versioning;

namespace OneClickPublish.Server.Api;

/// <summary>The rules for names and versions in URLs, manifests and folder names.</summary>
internal static partial class Names
{
    /// <summary>The definition's name rules: a letter, then letters, digits or '_', at most 50 characters.</summary>
    public static bool IsValidExtensionName([NotNullWhen(true)] string? name) => name is not null && ExtensionNamePattern().IsMatch(name);

    /// <summary>Case-insensitive identity of an extension, as definition names are compared.</summary>
    public static string KeyOf(string name) => name.ToLowerInvariant();

    /// <summary>Parses SemVer 2.0 strictly; the normalized form names the version everywhere (URLs, folders, database).</summary>
    public static bool TryParseVersion([NotNullWhen(true)] string? text, [NotNullWhen(true)] out NuGetVersion? version)
    {
        version = null;
        return text is not null && text.Length <= 100 && NuGetVersion.TryParseStrict(text, out version);
    }

    // \z, not $: in .NET '$' also matches before a final '\n', which would let "Geo\n" pass for a name.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]{0,49}\z")]
    private static partial Regex ExtensionNamePattern();
}
