using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Tasks;

/// <summary>
/// Turns Core's diagnostics into MSBuild errors, warnings and messages, with code, file, line and
/// column, so that NoWarn, WarningsAsErrors and -warnaserror apply to them like to any compiler's.
/// </summary>
internal sealed class DiagnosticLogger(TaskLoggingHelper log, Func<string?> projectFile, Func<string?> helpLinkBase)
{
    public const string Subcategory = "OneClickPublish";

    /// <summary>The pages shipped with this task assembly (the package's docs/, or the tool's folder), looked up once.</summary>
    private static readonly Lazy<string?> ShippedPages = new(() =>
        DiagnosticHelp.FindShippedPages(Path.GetDirectoryName(typeof(DiagnosticLogger).Assembly.Location) ?? AppContext.BaseDirectory));

    /// <summary>The link MSBuild shows for a code: a hosted copy when OneClickPublishHelpLinkBase says so, else the shipped page.</summary>
    public string HelpLinkFor(Diagnostic diagnostic) => DiagnosticHelp.LinkFor(diagnostic.Code, helpLinkBase(), ShippedPages.Value);

    public void Log(Diagnostic diagnostic)
    {
        var location = diagnostic.Location;
        var message = Describe(diagnostic);
        // Without a file MSBuild would name our .targets file; the user's project is the better pointer.
        var file = location.File ?? projectFile() ?? string.Empty;
        switch (diagnostic.Severity)
        {
            case DiagnosticSeverity.Error:
                log.LogError(Subcategory, diagnostic.Code, diagnostic.Code, HelpLinkFor(diagnostic), file, location.Line, location.Column, 0, 0, message);
                break;
            case DiagnosticSeverity.Warning:
                log.LogWarning(Subcategory, diagnostic.Code, diagnostic.Code, HelpLinkFor(diagnostic), file, location.Line, location.Column, 0, 0, message);
                break;
            default:
                log.LogMessage(Subcategory, diagnostic.Code, diagnostic.Code, file, location.Line, location.Column, 0, 0, MessageImportance.High, message);
                break;
        }
    }

    public void LogAll(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Log(diagnostic);
        }
    }

    /// <summary>The element path is added when the message does not already say where: a line alone does not name the action.</summary>
    private static string Describe(Diagnostic diagnostic)
    {
        var path = diagnostic.Location.ElementPath;
        return string.IsNullOrEmpty(path) || diagnostic.Message.Contains(path, StringComparison.Ordinal)
            ? diagnostic.Message
            : $"{diagnostic.Message} [{path}]";
    }
}
