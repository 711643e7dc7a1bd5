namespace OneClickPublish.Diagnostics;

/// <summary>
/// Stage lines of the operation log (OCP0001–0099). They are information, logged by the tasks
/// and relayed from the server, so that the build log has a line per stage and the tool can follow
/// the stages from the same event stream. The first argument is always the stage's name.
/// </summary>
public static class PipelineDiagnostics
{
    public static readonly DiagnosticDescriptor StageStarted = new(
        "OCP0001", DiagnosticSeverity.Information, "Stage started",
        "{0} started",
        "A stage of 1-Click Publish (Verify, Save, Upload, Publish or Deploy) started.");

    public static readonly DiagnosticDescriptor StageSucceeded = new(
        "OCP0002", DiagnosticSeverity.Information, "Stage succeeded",
        "{0} succeeded in {1}",
        "A stage of 1-Click Publish ended without errors; warnings, if any, are listed before this line.");

    public static readonly DiagnosticDescriptor StageFailed = new(
        "OCP0003", DiagnosticSeverity.Information, "Stage failed",
        "{0} failed after {1}",
        "A stage of 1-Click Publish ended with errors. The errors are listed before this line; fix them and run the chain again (Verify Again).");

    public static readonly DiagnosticDescriptor Progress = new(
        "OCP0004", DiagnosticSeverity.Information, "Stage progress",
        "{0}: {1}% ({2})",
        "How far a long stage (Upload, Publish, Deploy) has come. Shown at detailed verbosity and by the oneclick tool's progress bar.");

    /// <summary>Formats a duration the way every stage line shows it.</summary>
    public static string FormatDuration(TimeSpan duration) =>
        duration.TotalSeconds < 10
            ? $"{duration.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} ms"
            : $"{duration.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s";
}
