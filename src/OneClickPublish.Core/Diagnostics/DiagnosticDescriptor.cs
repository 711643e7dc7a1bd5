using System.Globalization;

namespace OneClickPublish.Diagnostics;

/// <summary>
/// One entry of the diagnostics catalogue: a stable code, a default severity, a one-line message
/// template and a details text (what it means, how to fix it). Each code has a page in docs/diagnostics/.
/// </summary>
public sealed record DiagnosticDescriptor(
    string Code,
    DiagnosticSeverity Severity,
    string Title,
    string MessageFormat,
    string Details)
{
    /// <summary>The page's path relative to a docs root (the repository, the package, the tool's folder): see <see cref="DiagnosticHelp"/> for the link a user is shown.</summary>
    public string HelpLink => $"{DiagnosticHelp.PagesFolder}/{Code}.md";

    public string FormatMessage(params object?[] args) =>
        args.Length == 0 ? MessageFormat : string.Format(CultureInfo.InvariantCulture, MessageFormat, args);
}
