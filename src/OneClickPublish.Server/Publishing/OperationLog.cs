using OneClickPublish.Diagnostics;
using OneClickPublish.Pipeline;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Publishing;

/// <summary>Builds the lines of an operation's log (the protocol's stage, error, warning and information lines).</summary>
internal static class OperationLog
{
    public static LogLineRecord StageStarted(Stage stage) =>
        StageLine(stage, "started", PipelineDiagnostics.StageStarted, null, stage.ToString());

    public static LogLineRecord StageSucceeded(Stage stage, TimeSpan duration) =>
        StageLine(stage, "succeeded", PipelineDiagnostics.StageSucceeded, duration, stage.ToString(), PipelineDiagnostics.FormatDuration(duration));

    public static LogLineRecord StageFailed(Stage stage, TimeSpan duration) =>
        StageLine(stage, "failed", PipelineDiagnostics.StageFailed, duration, stage.ToString(), PipelineDiagnostics.FormatDuration(duration));

    public static LogLineRecord FromDiagnostic(Diagnostic diagnostic)
    {
        var kind = diagnostic.Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "information",
        };
        var location = diagnostic.Location.ToString();
        return new LogLineRecord(0, kind, null, null, diagnostic.Code, diagnostic.Message, diagnostic.Details,
            location.Length == 0 ? null : location, null, DateTimeOffset.UtcNow);
    }

    public static LogLineRecord Line(DiagnosticDescriptor descriptor, params object?[] args) =>
        FromDiagnostic(Diagnostic.Create(descriptor, SourceLocation.None, args));

    private static LogLineRecord StageLine(Stage stage, string status, DiagnosticDescriptor descriptor, TimeSpan? duration, params object?[] args) =>
        new(0, "stage", stage.ToString(), status, descriptor.Code, descriptor.FormatMessage(args), null, null,
            duration is { } d ? (long)d.TotalMilliseconds : null, DateTimeOffset.UtcNow);
}
