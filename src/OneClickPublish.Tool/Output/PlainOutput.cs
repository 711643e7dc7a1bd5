using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Operation;

namespace OneClickPublish.Tool.Output;

/// <summary>
/// The operation log as plain lines, for CI logs and pipes: stage lines, and errors and warnings
/// in MSBuild's canonical form (<c>file(line,col): error CODE: message</c>) so that problem
/// matchers of CI systems and editors pick them up. Colours only when asked (a terminal without NO_COLOR).
/// </summary>
internal sealed class PlainOutput(TextWriter writer, bool color = false) : IOperationSink
{
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Green = "\u001b[32m";
    private const string Reset = "\u001b[0m";

    private readonly Lock _gate = new();
    private readonly Dictionary<Pipeline.Stage, int> _lastPercent = [];

    public void Report(OperationEvent operationEvent)
    {
        var line = Format(operationEvent);
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private string? Format(OperationEvent operationEvent) => operationEvent switch
    {
        StageStarted s => $"{s.Stage} started",
        StageEnded { Succeeded: true } s => Paint(Green, $"{s.Stage} succeeded in {PipelineDiagnostics.FormatDuration(s.Duration)}{Suffix(s.Detail)}"),
        StageEnded s => Paint(Red, $"{s.Stage} failed after {PipelineDiagnostics.FormatDuration(s.Duration)}{Suffix(s.Detail)}"),
        DiagnosticReported { Severity: DiagnosticSeverity.Error } d => Paint(Red, d.ToString()),
        DiagnosticReported { Severity: DiagnosticSeverity.Warning } d => Paint(Yellow, d.ToString()),
        DiagnosticReported d => d.ToString(),
        // Verify's steps, indented under their stage; canonical error lines stay unindented for problem matchers.
        StepEnded { Status: StepStatus.Failed } step => Paint(Red, "  " + step.Text),
        StepEnded { Status: StepStatus.NotRun } step => "  " + step.Text,
        StepEnded step => Paint(Green, "  " + step.Text),
        StageProgress p => Progress(p),
        RunFinished f => Summary(f),
        _ => null,
    };

    /// <summary>Progress every 10 points at most: a log is not a progress bar.</summary>
    private string? Progress(StageProgress progress)
    {
        lock (_gate)
        {
            if (_lastPercent.TryGetValue(progress.Stage, out var last) && progress.Percent < 100 && progress.Percent - last < 10)
            {
                return null;
            }

            if (last == 100 && progress.Percent == 100)
            {
                return null;
            }

            _lastPercent[progress.Stage] = progress.Percent;
        }

        return progress.Detail.Length == 0 ? $"{progress.Stage}: {progress.Percent}%" : $"{progress.Stage}: {progress.Percent}% ({progress.Detail})";
    }

    private string Summary(RunFinished finished)
    {
        var counts = $"{finished.Errors} error(s), {finished.Warnings} warning(s), {PipelineDiagnostics.FormatDuration(finished.Duration)}";
        return finished.Result switch
        {
            RunResult.Succeeded => Paint(Green, $"{finished.Step} done: {counts}"),
            RunResult.Cancelled => Paint(Yellow, $"{finished.Step} cancelled: {counts}"),
            _ => Paint(Red, $"{finished.Step} failed: {counts}"),
        };
    }

    private static string Suffix(string? detail) => string.IsNullOrEmpty(detail) ? string.Empty : ": " + detail;

    private string Paint(string code, string text) => color ? code + text + Reset : text;
}
