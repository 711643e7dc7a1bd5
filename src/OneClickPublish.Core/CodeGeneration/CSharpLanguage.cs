using System.Globalization;

namespace OneClickPublish.CodeGeneration;

/// <summary>What the project's C# can compile, from MSBuild's LangVersion (7.3 for .NET Framework projects by default).</summary>
public static class CSharpLanguage
{
    /// <summary>
    /// File-scoped namespaces came with C# 10. A numeric version below 10 has none; an empty value or a word
    /// (latest, preview, latestMajor, default) is taken as a compiler of today's, which has them.
    /// </summary>
    public static bool HasFileScopedNamespaces(string? languageVersion)
    {
        if (string.IsNullOrWhiteSpace(languageVersion))
        {
            return true;
        }

        var text = languageVersion.Trim();
        var major = text.Split('.')[0];
        return !int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number >= 10;
    }
}
