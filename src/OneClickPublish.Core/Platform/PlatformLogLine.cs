using OneClickPublish.Diagnostics;

namespace OneClickPublish.Platform;

/// <summary>The four kinds of operation-log line.</summary>
public enum PlatformLogKind
{
    Stage,
    Error,
    Warning,
    Information,
}

/// <summary>
/// One line of a publish operation's log on the server, relayed to the build log or the window:
/// a stage line (Stage, Status = started/succeeded/failed, Duration) or a coded error, warning or
/// information (Code, Message, Details, Location).
/// </summary>
public sealed record PlatformLogLine(
    long Sequence,
    PlatformLogKind Kind,
    string? Stage,
    string? Status,
    string? Code,
    string? Message,
    string? Details,
    string? Location,
    TimeSpan? Duration,
    DateTimeOffset? Time)
{
    public bool IsStageLine => Kind == PlatformLogKind.Stage;

    public DiagnosticSeverity Severity => Kind switch
    {
        PlatformLogKind.Error => DiagnosticSeverity.Error,
        PlatformLogKind.Warning => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Information,
    };

    /// <summary>
    /// The line as a diagnostic: stage lines become the pipeline's stage lines (OCP0001–0003);
    /// coded lines keep the server's code, severity, message and details, with the catalogue's
    /// title when the code is one this client knows.
    /// </summary>
    public Diagnostic ToDiagnostic()
    {
        var location = string.IsNullOrEmpty(Location) ? SourceLocation.None : new SourceLocation(File: null, ElementPath: Location);
        if (Kind == PlatformLogKind.Stage)
        {
            var stage = Stage ?? "Server";
            var duration = PipelineDiagnostics.FormatDuration(Duration ?? TimeSpan.Zero);
            return Status switch
            {
                "succeeded" => Diagnostic.Create(PipelineDiagnostics.StageSucceeded, location, stage, duration),
                "failed" => Diagnostic.Create(PipelineDiagnostics.StageFailed, location, stage, duration),
                _ => Diagnostic.Create(PipelineDiagnostics.StageStarted, location, stage),
            };
        }

        var message = Message ?? string.Empty;
        if (string.IsNullOrEmpty(Code))
        {
            var fallback = Severity switch
            {
                DiagnosticSeverity.Error => PlatformDiagnostics.ServerError,
                DiagnosticSeverity.Warning => PlatformDiagnostics.ServerWarning,
                _ => PlatformDiagnostics.ServerInformation,
            };
            return new Diagnostic(WithDetails(fallback), message, location);
        }

        return new Diagnostic(ServerDescriptors.For(Code, Severity, Details), message, location);
    }

    private DiagnosticDescriptor WithDetails(DiagnosticDescriptor descriptor) =>
        string.IsNullOrEmpty(Details) ? descriptor : descriptor with { Details = Details };
}
