using OneClickPublish.Tool.Build;

namespace OneClickPublish.Tool.Operation;

/// <summary>
/// Follows Verify's three steps from the target events of the build (the logger streams the
/// pipeline's targets and the compile starting, finishing and being skipped): a step starts with
/// its first target and ends when its last one finishes, failed if a target failed, "up to date"
/// if every target of it was skipped because its outputs were. Targets that are up to date still
/// start and finish (MSBuild skips only their tasks), so the lines come in a build where nothing
/// changed too. Compile is CoreCompile, then the check of the built assembly; the inner builds of a
/// multi-targeted project each compile, and the step ends when the last of them has.
/// </summary>
internal sealed class VerifyStepTracker
{
    private const string OutputsUpToDate = "outputsUpToDate";

    private readonly Dictionary<VerifyStep, StepProgress> _steps = Enum.GetValues<VerifyStep>().ToDictionary(static s => s, static _ => new StepProgress());
    private readonly Dictionary<string, int> _skippedAsUpToDate = new(StringComparer.OrdinalIgnoreCase);
    private bool _sawAny;

    /// <summary>The step events a target event of the Verify stage makes.</summary>
    public IEnumerable<OperationEvent> Observe(BuildEvent buildEvent, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(buildEvent);
        if (buildEvent.Target is not { } target || VerifySteps.OfTarget(target) is not { } step)
        {
            yield break;
        }

        var progress = _steps[step];
        if (progress.Reported)
        {
            yield break; // a multi-targeted project's inner builds generate code again: the step has its line
        }

        switch (buildEvent.Type)
        {
            case BuildEventType.TargetStarted:
                _sawAny = true;
                // The check of the built assembly runs within Compile, after CoreCompile; alone (no compile seen) it starts the step itself.
                if (VerifySteps.StartsStep(target) || progress.Running == 0)
                {
                    progress.Running++;
                }

                if (progress.Started is null)
                {
                    progress.Started = time;
                    yield return new StepStarted(step, time);
                }

                break;

            case BuildEventType.TargetSkipped when buildEvent.Reason == OutputsUpToDate:
                _skippedAsUpToDate[target] = _skippedAsUpToDate.GetValueOrDefault(target) + 1;
                break;

            case BuildEventType.TargetFinished when progress.Started is not null:
                if (_skippedAsUpToDate.GetValueOrDefault(target) is > 0 and var skipped)
                {
                    _skippedAsUpToDate[target] = skipped - 1;
                }
                else
                {
                    progress.Ran = true;
                }

                progress.Failed |= !buildEvent.Succeeded;
                if (VerifySteps.EndsStep(target) || !buildEvent.Succeeded)
                {
                    progress.Running--;
                }

                if (progress.Running <= 0)
                {
                    yield return End(step, progress, time);
                }

                break;
        }
    }

    /// <summary>
    /// The Verify stage ended: every step without its line gets one, so the three lines are always
    /// there. A step still running ended with the stage (a compiler error stops the build inside
    /// CoreCompile's batch); one that never started was up to date if Verify succeeded, else not
    /// run because an earlier step failed. Nothing when the build streamed no target at all (it
    /// failed before the pipeline loaded): there is nothing to say about steps then.
    /// </summary>
    public IEnumerable<OperationEvent> Close(bool verifySucceeded, DateTimeOffset time)
    {
        if (!_sawAny)
        {
            yield break;
        }

        foreach (var (step, progress) in _steps.OrderBy(static s => s.Key))
        {
            if (progress.Reported)
            {
                continue;
            }

            if (progress.Started is not null)
            {
                progress.Failed |= !verifySucceeded;
                yield return End(step, progress, time);
            }
            else
            {
                progress.Reported = true;
                yield return new StepEnded(step, verifySucceeded ? StepStatus.UpToDate : StepStatus.NotRun, TimeSpan.Zero, time);
            }
        }
    }

    private static StepEnded End(VerifyStep step, StepProgress progress, DateTimeOffset time)
    {
        progress.Reported = true;
        var status = progress.Failed ? StepStatus.Failed : progress.Ran ? StepStatus.Succeeded : StepStatus.UpToDate;
        var duration = progress.Started is { } started && time > started ? time - started : TimeSpan.Zero;
        return new StepEnded(step, status, duration, time);
    }

    private sealed class StepProgress
    {
        public DateTimeOffset? Started { get; set; }

        /// <summary>Instances of the step running (the inner builds of a multi-targeted project compile side by side).</summary>
        public int Running { get; set; }

        public bool Failed { get; set; }

        /// <summary>A target of the step ran its tasks (was not skipped as up to date).</summary>
        public bool Ran { get; set; }

        public bool Reported { get; set; }
    }
}
