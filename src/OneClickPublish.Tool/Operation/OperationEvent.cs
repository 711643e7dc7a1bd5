using OneClickPublish.Diagnostics;
using OneClickPublish.Pipeline;

namespace OneClickPublish.Tool.Operation;

/// <summary>One event of the operation log, as the window, the plain log and the JSON output see it.</summary>
internal abstract record OperationEvent(DateTimeOffset Time);

internal sealed record StageStarted(Stage Stage, DateTimeOffset Time) : OperationEvent(Time);

/// <summary>A stage ended; <paramref name="Detail"/> is what the stage line adds after its duration (Save: the XIF's path).</summary>
internal sealed record StageEnded(Stage Stage, bool Succeeded, TimeSpan Duration, DateTimeOffset Time, string? Detail = null) : OperationEvent(Time);

/// <summary>An error, warning or information line, with its code when it has one (compiler errors have CS codes).</summary>
internal sealed record DiagnosticReported(
    DiagnosticSeverity Severity,
    string? Code,
    string Message,
    SourceLocation Location,
    string? HelpLink,
    Stage? Stage,
    DateTimeOffset Time) : OperationEvent(Time)
{
    public static DiagnosticReported From(Diagnostic diagnostic, Stage? stage, DateTimeOffset time) =>
        new(diagnostic.Severity, diagnostic.Code, diagnostic.Message, diagnostic.Location, diagnostic.Descriptor.HelpLink, stage, time);

    /// <summary>The canonical MSBuild form: <c>file(line,col): error CODE: message</c>.</summary>
    public override string ToString()
    {
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        var head = Code is null ? severity : $"{severity} {Code}";
        var where = Location.ToString();
        return where.Length == 0 ? $"{head}: {Message}" : $"{where}: {head}: {Message}";
    }
}

/// <summary>A step of Verify started: no line of its own (the progress bar names it), the line comes when it ends.</summary>
internal sealed record StepStarted(VerifyStep Step, DateTimeOffset Time) : OperationEvent(Time);

/// <summary>A step of Verify ended: its line under the Verify stage.</summary>
internal sealed record StepEnded(VerifyStep Step, StepStatus Status, TimeSpan Duration, DateTimeOffset Time) : OperationEvent(Time)
{
    /// <summary>"Compile the Extension succeeded in 1.2 s", "Update the Extension Source Code: up to date".</summary>
    public string Text => Step.Title() + VerifySteps.Outcome(Status, Duration);
}

internal sealed record StageProgress(Stage Stage, int Percent, string Detail, DateTimeOffset Time) : OperationEvent(Time);

/// <summary>A step the user asked for (a command or a key) starts: the markers start over.</summary>
internal sealed record RunStarted(OneClickStep Step, DateTimeOffset Time) : OperationEvent(Time);

internal sealed record RunFinished(OneClickStep Step, RunResult Result, int Errors, int Warnings, TimeSpan Duration, DateTimeOffset Time) : OperationEvent(Time);

/// <summary>Receives the events of a run, in order.</summary>
internal interface IOperationSink
{
    void Report(OperationEvent operationEvent);
}
