using OneClickPublish.Diagnostics;
using OneClickPublish.Pipeline;
using OneClickPublish.Tool.Operation;

namespace OneClickPublish.Tool.Window;

internal enum MarkerState
{
    Pending,
    Running,
    Succeeded,
    Failed,
}

/// <summary>What the window's keys do; the window offers a subset depending on the state.</summary>
internal enum WindowAction
{
    VerifyAgain,
    Save,
    Upload,
    Publish,
    Close,
}

/// <summary>
/// The window's model: the five markers, the operation log, the selected line and what can be done
/// next. Events arrive from the build's thread and the view reads from the window's thread, so
/// every member takes the lock.
/// </summary>
internal sealed class OperationState(string title)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Stage, MarkerState> _markers = Enum.GetValues<Stage>().ToDictionary(static s => s, static _ => MarkerState.Pending);
    private readonly List<OperationEvent> _lines = [];
    private int _selected = -1;
    private bool _followTail = true;
    private int _firstLineOfRun;

    public string Title { get; } = title;

    /// <summary>Bumped on every change, so the window redraws only when something changed.</summary>
    public int Version { get; private set; }

    public OneClickStep? Running { get; private set; }

    public bool? LastVerifyHadErrors { get; private set; }

    public RunResult? LastResult { get; private set; }

    public (Stage Stage, int Percent, string Detail)? Progress { get; private set; }

    /// <summary>The step of Verify running now, for the progress bar's label.</summary>
    public VerifyStep? RunningStep { get; private set; }

    public bool Watching { get; set; }

    public MarkerState Marker(Stage stage)
    {
        lock (_gate)
        {
            return _markers[stage];
        }
    }

    public Stage? CurrentStage
    {
        get
        {
            lock (_gate)
            {
                return _markers.Where(static m => m.Value == MarkerState.Running).Select(static m => (Stage?)m.Key).LastOrDefault();
            }
        }
    }

    public IReadOnlyList<OperationEvent> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public int Selected
    {
        get
        {
            lock (_gate)
            {
                return _selected;
            }
        }
    }

    public OperationEvent? SelectedLine
    {
        get
        {
            lock (_gate)
            {
                return _selected >= 0 && _selected < _lines.Count ? _lines[_selected] : null;
            }
        }
    }

    /// <summary>
    /// The keys the seed's window offers: only Close while a step runs; Verify Again while the last
    /// verify had errors (or none ran); Save, Upload and Publish once it had none.
    /// </summary>
    public IReadOnlyList<WindowAction> OfferedActions
    {
        get
        {
            lock (_gate)
            {
                if (Running is not null)
                {
                    return [WindowAction.Close];
                }

                return LastVerifyHadErrors == false
                    ? [WindowAction.Save, WindowAction.Upload, WindowAction.Publish, WindowAction.Close]
                    : [WindowAction.VerifyAgain, WindowAction.Close];
            }
        }
    }

    public void Apply(OperationEvent operationEvent)
    {
        ArgumentNullException.ThrowIfNull(operationEvent);
        lock (_gate)
        {
            switch (operationEvent)
            {
                case RunStarted run:
                    Running = run.Step;
                    Progress = null;
                    foreach (var stage in Enum.GetValues<Stage>())
                    {
                        _markers[stage] = MarkerState.Pending;
                    }

                    _firstLineOfRun = _lines.Count;
                    _followTail = true;
                    RunningStep = null;
                    break;
                case StepStarted step:
                    RunningStep = step.Step;
                    break;
                case StepEnded step:
                    RunningStep = null;
                    AddLine(step);
                    break;
                case StageStarted started:
                    _markers[started.Stage] = MarkerState.Running;
                    Progress = null;
                    AddLine(started);
                    break;
                case StageEnded ended:
                    RunningStep = null;
                    _markers[ended.Stage] = ended.Succeeded ? MarkerState.Succeeded : MarkerState.Failed;
                    if (!ended.Succeeded)
                    {
                        // Earlier stages ran as part of this one's chain and succeeded.
                        foreach (var stage in Enum.GetValues<Stage>().Where(s => s < ended.Stage && _markers[s] == MarkerState.Pending))
                        {
                            _markers[stage] = MarkerState.Succeeded;
                        }
                    }

                    if (Progress?.Stage == ended.Stage)
                    {
                        Progress = null;
                    }

                    AddLine(ended);
                    break;
                case StageProgress progress:
                    Progress = (progress.Stage, progress.Percent, progress.Detail);
                    break;
                case DiagnosticReported diagnostic:
                    AddLine(diagnostic);
                    break;
                case RunFinished finished:
                    Running = null;
                    LastResult = finished.Result;
                    SelectFirstErrorOfRun();
                    break;
            }

            Version++;
        }
    }

    /// <summary>Set by the window from the session after each run (the session knows whether that run verified).</summary>
    public void SetVerifyOutcome(bool? hadErrors)
    {
        lock (_gate)
        {
            if (hadErrors is not null)
            {
                LastVerifyHadErrors = hadErrors;
                Version++;
            }
        }
    }

    public void MoveSelection(int delta)
    {
        lock (_gate)
        {
            if (_lines.Count == 0)
            {
                return;
            }

            _selected = Math.Clamp((_selected < 0 ? _lines.Count - 1 : _selected) + delta, 0, _lines.Count - 1);
            _followTail = _selected == _lines.Count - 1;
            Version++;
        }
    }

    public void SelectLast() => MoveSelection(int.MaxValue / 2);

    public void SelectFirst() => MoveSelection(int.MinValue / 2);

    private void AddLine(OperationEvent line)
    {
        _lines.Add(line);
        if (_followTail)
        {
            _selected = _lines.Count - 1;
        }
    }

    private void SelectFirstErrorOfRun()
    {
        for (var i = _firstLineOfRun; i < _lines.Count; i++)
        {
            if (_lines[i] is DiagnosticReported { Severity: DiagnosticSeverity.Error })
            {
                _selected = i;
                _followTail = false;
                return;
            }
        }
    }
}
