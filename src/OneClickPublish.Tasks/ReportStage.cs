using System.Diagnostics;
using Microsoft.Build.Framework;
using OneClickPublish.Diagnostics;
using OneClickPublish.Pipeline;

namespace OneClickPublish.Tasks;

/// <summary>
/// Logs a stage line (started / succeeded / failed, with its duration) of the 1-Click chain, so
/// the build log reads as the operation log and the oneclick tool can follow the stages.
/// </summary>
public sealed class ReportStage : OneClickTask
{
    [Required]
    public string Stage { get; set; } = string.Empty;

    /// <summary>Started, Succeeded or Failed.</summary>
    [Required]
    public string Status { get; set; } = string.Empty;

    /// <summary>Optional text shown after the stage line, such as the XIF's path.</summary>
    public string? Detail { get; set; }

    private protected override void ExecuteCore(DiagnosticBag diagnostics)
    {
        if (!Enum.TryParse<Stage>(Stage, ignoreCase: true, out var stage))
        {
            throw DiagnosticException.Create(TaskDiagnostics.MissingParameter, SourceLocation.None, nameof(ReportStage), $"a stage among {string.Join(", ", Enum.GetNames<Stage>())}");
        }

        // Start times live with the build, keyed by project, so a stage's end line can say how long it took.
        var key = $"OneClickPublish.Stage.{stage}.{BuildEngine.ProjectFileOfTaskNode}";
        var engine = (IBuildEngine4)BuildEngine;
        switch (Status.ToUpperInvariant())
        {
            case "STARTED":
                engine.RegisterTaskObject(key, Stopwatch.StartNew(), RegisteredTaskObjectLifetime.Build, allowEarlyCollection: false);
                diagnostics.Report(PipelineDiagnostics.StageStarted, SourceLocation.None, stage);
                break;
            case "SUCCEEDED":
                var succeeded = Diagnostic.Create(PipelineDiagnostics.StageSucceeded, SourceLocation.None, stage, Elapsed(engine, key));
                diagnostics.Add(NullIfEmpty(Detail) is { } detail ? succeeded with { Message = $"{succeeded.Message}: {detail}" } : succeeded);
                break;
            case "FAILED":
                // MSBuild runs a target's OnError also when a target it depends on failed: a stage that
                // never started (Save after a failed Verify) did not fail, it did not run.
                if (engine.UnregisterTaskObject(key, RegisteredTaskObjectLifetime.Build) is Stopwatch started)
                {
                    diagnostics.Report(PipelineDiagnostics.StageFailed, SourceLocation.None, stage, PipelineDiagnostics.FormatDuration(started.Elapsed));
                }

                break;
            default:
                throw DiagnosticException.Create(TaskDiagnostics.MissingParameter, SourceLocation.None, nameof(ReportStage), "Status Started, Succeeded or Failed");
        }
    }

    private static string Elapsed(IBuildEngine4 engine, string key) =>
        engine.UnregisterTaskObject(key, RegisteredTaskObjectLifetime.Build) is Stopwatch watch
            ? PipelineDiagnostics.FormatDuration(watch.Elapsed)
            : PipelineDiagnostics.FormatDuration(TimeSpan.Zero);
}
