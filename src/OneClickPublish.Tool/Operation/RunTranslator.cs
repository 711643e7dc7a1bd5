using System.Globalization;
using System.Text.RegularExpressions;
using OneClickPublish.Diagnostics;
using OneClickPublish.Pipeline;
using OneClickPublish.Tool.Build;

namespace OneClickPublish.Tool.Operation;

/// <summary>
/// Turns the logger's events of one build into operation-log events: the stage lines (OCP0001–
/// OCP0004, logged by the tasks and relayed from the server) become stage events, the target
/// events of the Verify stage become its three step lines (<see cref="VerifyStepTracker"/>),
/// errors, warnings and coded messages become diagnostic lines. At the end it closes what the build left open: a
/// compiler error stops the build before the Verify task can log "Verify failed", so a stage still
/// running when the build ends is ended here, failed if the build failed.
/// </summary>
internal sealed partial class RunTranslator(OneClickStep step, TimeProvider clock)
{
    private readonly Dictionary<Stage, DateTimeOffset> _open = [];
    private readonly HashSet<Stage> _ended = [];
    private readonly HashSet<Stage> _failed = [];
    private readonly HashSet<Stage> _stagesWithErrors = [];
    private readonly List<string> _errorCodes = [];
    private readonly VerifyStepTracker _steps = new();

    /// <summary>MSBuild's "the target does not exist in the project".</summary>
    private const string MissingTargetCode = "MSB4057";
    private readonly DateTimeOffset _startedAt = clock.GetUtcNow();
    private Stage? _current;
    private bool _buildFinished;
    private bool _buildSucceeded;

    /// <summary>At -v detailed and above: the build's own messages (no code) are lines of the log too.</summary>
    public bool ShowBuildMessages { get; init; }

    public int Errors { get; private set; }

    public int Warnings { get; private set; }

    public IReadOnlyList<string> ErrorCodes => _errorCodes;

    /// <summary>Null when this run did not verify; otherwise whether Verify reported errors or failed.</summary>
    public bool? VerifyHadErrors =>
        _ended.Contains(Stage.Verify) || _open.ContainsKey(Stage.Verify) || _stagesWithErrors.Contains(Stage.Verify)
            ? _failed.Contains(Stage.Verify) || _stagesWithErrors.Contains(Stage.Verify)
            : null;

    public bool Failed => Errors > 0 || _failed.Count > 0 || (_buildFinished && !_buildSucceeded);

    /// <summary>Counts an error the tool reported itself (before or instead of a build).</summary>
    public void CountError(string code)
    {
        Errors++;
        _errorCodes.Add(code);
    }

    public IEnumerable<OperationEvent> Translate(BuildEvent buildEvent)
    {
        ArgumentNullException.ThrowIfNull(buildEvent);
        var time = buildEvent.Time ?? clock.GetUtcNow();
        switch (buildEvent.Type)
        {
            case BuildEventType.Error:
                Errors++;
                if (buildEvent.Code is not null)
                {
                    _errorCodes.Add(buildEvent.Code);
                }

                _stagesWithErrors.Add(_current ?? FirstStageNotDone());
                yield return LineOf(DiagnosticSeverity.Error, buildEvent, time);
                if (buildEvent.Code == MissingTargetCode && buildEvent.Message.Contains("\"OneClick", StringComparison.Ordinal))
                {
                    // MSBuild's own words do not say why the pipeline is missing; the injection's known limits do.
                    yield return DiagnosticReported.From(Diagnostic.Create(ToolDiagnostics.PipelineNotInjected, SourceLocation.None, step.Target()), _current, time);
                }

                break;

            case BuildEventType.Warning:
                Warnings++;
                yield return LineOf(DiagnosticSeverity.Warning, buildEvent, time);
                break;

            case BuildEventType.Message when StageLine(buildEvent) is StageEnded { Succeeded: false } ended
                                             && !_open.ContainsKey(ended.Stage) && !_ended.Contains(ended.Stage) && _failed.Count > 0:
                // A later stage's error handler runs when an earlier stage it depends on failed:
                // that stage never started, and the chain stopped at the first failure.
                break;

            case BuildEventType.Message when StageLine(buildEvent) is { } stageEvent:
                foreach (var e in Apply(stageEvent))
                {
                    yield return e;
                }

                break;

            case BuildEventType.Message when !string.IsNullOrEmpty(buildEvent.Code) || ShowBuildMessages:
                yield return LineOf(DiagnosticSeverity.Information, buildEvent, time);
                break;

            case BuildEventType.TargetStarted or BuildEventType.TargetFinished or BuildEventType.TargetSkipped when _open.ContainsKey(Stage.Verify):
                foreach (var e in _steps.Observe(buildEvent, time))
                {
                    yield return e;
                }

                break;

            case BuildEventType.BuildFinished:
                _buildFinished = true;
                _buildSucceeded = buildEvent.Succeeded;
                break;

            default:
                // Uncoded messages and target events are in the stream for other readers; the
                // operation log has only stage, error, warning and information lines.
                break;
        }
    }

    /// <summary>Ends the run: explains a build that failed without saying why, and closes open stages.</summary>
    public IEnumerable<OperationEvent> Complete(BuildOutcome outcome, bool cancelled = false)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var now = clock.GetUtcNow();
        if (cancelled)
        {
            // Killed on purpose: no error to explain, the open stages just end.
        }
        else if (!outcome.Started)
        {
            Errors++;
            _errorCodes.Add(ToolDiagnostics.BuildNotStarted.Code);
            _stagesWithErrors.Add(_current ?? FirstStageNotDone());
            yield return DiagnosticReported.From(
                Diagnostic.Create(ToolDiagnostics.BuildNotStarted, SourceLocation.None, outcome.StartFailure), _current, now);
        }
        else if (Errors == 0 && (outcome.ExitCode != 0 || (_buildFinished && !_buildSucceeded)))
        {
            // MSBuild's own errors (a missing project, a bad switch, a logger that did not load)
            // are printed on its console, not through loggers.
            Errors++;
            _errorCodes.Add(ToolDiagnostics.BuildFailedWithoutErrors.Code);
            _stagesWithErrors.Add(_current ?? FirstStageNotDone());
            var printed = outcome.ConsoleOutput.Where(static l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).ToList();
            var text = printed.Count > 0 ? string.Join(" | ", printed) : outcome.ConsoleOutput.LastOrDefault() ?? "(nothing printed)";
            yield return DiagnosticReported.From(
                Diagnostic.Create(ToolDiagnostics.BuildFailedWithoutErrors, SourceLocation.None, outcome.ExitCode, text), _current, now);
        }

        var failed = Failed || outcome.ExitCode != 0 || cancelled;
        foreach (var (stage, startedAt) in _open.OrderBy(static p => p.Key).ToList())
        {
            foreach (var e in Apply(new StageEnded(stage, !failed && !_stagesWithErrors.Contains(stage), now - startedAt, now)))
            {
                yield return e;
            }
        }

        if (failed && _failed.Count == 0 && !cancelled)
        {
            // The build failed and no stage said so (it failed before the first stage line): the
            // failure belongs to the first stage that did not succeed.
            var stage = _stagesWithErrors.Count > 0 ? _stagesWithErrors.Min() : FirstStageNotDone();
            foreach (var e in Apply(new StageEnded(stage, false, now - _startedAt, now)))
            {
                yield return e;
            }
        }
    }

    private IEnumerable<OperationEvent> Apply(OperationEvent stageEvent)
    {
        switch (stageEvent)
        {
            case StageStarted started:
                if (_open.ContainsKey(started.Stage))
                {
                    yield break;
                }

                _open[started.Stage] = started.Time;
                _ended.Remove(started.Stage);
                _current = started.Stage;
                break;
            case StageEnded ended:
                if (ended.Stage == Stage.Verify)
                {
                    // Verify's step lines come under it, before its own end line.
                    foreach (var e in _steps.Close(ended.Succeeded, ended.Time))
                    {
                        yield return e;
                    }
                }

                _open.Remove(ended.Stage);
                _ended.Add(ended.Stage);
                if (!ended.Succeeded)
                {
                    _failed.Add(ended.Stage);
                }

                _current = _open.Count > 0 ? _open.Keys.Max() : null;
                break;
            case StageProgress progress:
                if (!_open.ContainsKey(progress.Stage) && !_ended.Contains(progress.Stage))
                {
                    // A progress line before the stage line: the stage has started all the same.
                    foreach (var e in Apply(new StageStarted(progress.Stage, progress.Time)))
                    {
                        yield return e;
                    }
                }

                break;
        }

        yield return stageEvent;
    }

    private Stage FirstStageNotDone()
    {
        foreach (var stage in Enum.GetValues<Stage>())
        {
            if (!_ended.Contains(stage) || _failed.Contains(stage))
            {
                return stage;
            }
        }

        return step.LastStage();
    }

    private OperationEvent? StageLine(BuildEvent e)
    {
        var time = e.Time ?? clock.GetUtcNow();
        if (e.Code == PipelineDiagnostics.StageStarted.Code && StartedPattern().Match(e.Message) is { Success: true } s && TryStage(s, out var started))
        {
            return new StageStarted(started, time);
        }

        if (e.Code == PipelineDiagnostics.StageSucceeded.Code && SucceededPattern().Match(e.Message) is { Success: true } ok && TryStage(ok, out var succeeded))
        {
            return new StageEnded(succeeded, true, ParseDuration(ok.Groups["duration"].Value, succeeded, time), time, ok.Groups["detail"].Success ? ok.Groups["detail"].Value : null);
        }

        if (e.Code == PipelineDiagnostics.StageFailed.Code && FailedPattern().Match(e.Message) is { Success: true } ko && TryStage(ko, out var failed))
        {
            return new StageEnded(failed, false, ParseDuration(ko.Groups["duration"].Value, failed, time), time, ko.Groups["detail"].Success ? ko.Groups["detail"].Value : null);
        }

        if (e.Code == PipelineDiagnostics.Progress.Code && ProgressPattern().Match(e.Message) is { Success: true } p && TryStage(p, out var stage))
        {
            var percent = int.Parse(p.Groups["percent"].Value, CultureInfo.InvariantCulture);
            return new StageProgress(stage, Math.Clamp(percent, 0, 100), p.Groups["detail"].Value, time);
        }

        return null;
    }

    private static bool TryStage(Match match, out Stage stage) =>
        Enum.TryParse(match.Groups["stage"].Value, ignoreCase: true, out stage) && Enum.IsDefined(stage);

    /// <summary>Reads back <see cref="PipelineDiagnostics.FormatDuration"/>; falls back to the time the tool saw.</summary>
    private TimeSpan ParseDuration(string text, Stage stage, DateTimeOffset time)
    {
        var match = DurationPattern().Match(text);
        if (match.Success && double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return match.Groups["unit"].Value == "ms" ? TimeSpan.FromMilliseconds(value) : TimeSpan.FromSeconds(value);
        }

        return _open.TryGetValue(stage, out var startedAt) ? time - startedAt : TimeSpan.Zero;
    }

    private DiagnosticReported LineOf(DiagnosticSeverity severity, BuildEvent e, DateTimeOffset time)
    {
        // MSBuild gives a message logged without a file the project file and the task's line
        // (an error without a line gets just the project file). That points at nothing the user wrote.
        var pointsAtTask = e.File is not null && string.Equals(e.File, e.ProjectFile, StringComparison.OrdinalIgnoreCase)
            && (severity == DiagnosticSeverity.Information || e.Line == 0);
        var location = string.IsNullOrEmpty(e.File) || pointsAtTask ? SourceLocation.None : new SourceLocation(e.File, e.Line, e.Column);
        return new(severity, string.IsNullOrEmpty(e.Code) ? null : e.Code, e.Message, location, HelpLinkOf(e), _current, time);
    }

    private static string? HelpLinkOf(BuildEvent e)
    {
        if (!string.IsNullOrEmpty(e.HelpLink))
        {
            return e.HelpLink;
        }

        return e.Code is not null && e.Code.StartsWith("OCP", StringComparison.Ordinal) ? $"docs/diagnostics/{e.Code}.md" : null;
    }

    [GeneratedRegex(@"^(?<stage>\w+) started$")]
    private static partial Regex StartedPattern();

    [GeneratedRegex(@"^(?<stage>\w+) succeeded in (?<duration>\d+(?:\.\d+)? (?:ms|s))(?:: (?<detail>.*))?$")]
    private static partial Regex SucceededPattern();

    [GeneratedRegex(@"^(?<stage>\w+) failed after (?<duration>\d+(?:\.\d+)? (?:ms|s))(?:: (?<detail>.*))?$")]
    private static partial Regex FailedPattern();

    [GeneratedRegex(@"^(?<stage>\w+): (?<percent>\d{1,3})% \((?<detail>.*)\)$")]
    private static partial Regex ProgressPattern();

    [GeneratedRegex(@"^(?<value>\d+(\.\d+)?) (?<unit>ms|s)$")]
    private static partial Regex DurationPattern();
}
