namespace OneClickPublish.Tool.Build;

/// <summary>MSBuild's verbosity levels, as <c>dotnet build -v</c> takes them: q[uiet], m[inimal], n[ormal], d[etailed], diag[nostic].</summary>
internal static class BuildVerbosity
{
    /// <summary>Every spelling -v accepts, short and long.</summary>
    public static IReadOnlyList<string> Accepted { get; } = ["q", "quiet", "m", "minimal", "n", "normal", "d", "detailed", "diag", "diagnostic"];

    /// <summary>The long name of a level (what the build is given), or null when the text is not one.</summary>
    public static string? Normalize(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "q" or "quiet" => "quiet",
        "m" or "minimal" => "minimal",
        "n" or "normal" => "normal",
        "d" or "detailed" => "detailed",
        "diag" or "diagnostic" => "diagnostic",
        _ => null,
    };

    /// <summary>Whether the operation log shows the build's own messages (those without a code): at detailed and diagnostic.</summary>
    public static bool ShowsBuildMessages(string? verbosity) => verbosity is "detailed" or "diagnostic";
}
