namespace OneClickPublish.Tool.Operation;

/// <summary>The three steps of the Verify stage, in order; each gets a line of its own under Verify, as the seed lists them.</summary>
internal enum VerifyStep
{
    VerifyDefinition,
    UpdateSource,
    Compile,
}

/// <summary>How a step of Verify ended.</summary>
internal enum StepStatus
{
    Succeeded,

    /// <summary>Its targets were skipped because their outputs were up to date: nothing changed since it last succeeded.</summary>
    UpToDate,

    Failed,

    /// <summary>An earlier step failed, so the chain stopped before this one.</summary>
    NotRun,
}

internal static class VerifySteps
{
    /// <summary>The step's name as the seed's window says it.</summary>
    public static string Title(this VerifyStep step) => step switch
    {
        VerifyStep.VerifyDefinition => "Verify the Extension Definition",
        VerifyStep.UpdateSource => "Update the Extension Source Code",
        _ => "Compile the Extension",
    };

    public static string Description(this VerifyStep step) => step switch
    {
        VerifyStep.VerifyDefinition => "The extension definition is read and checked: names, data types, records, entities, resources, version.",
        VerifyStep.UpdateSource => "The generated code is brought in line with the definition, and the implementation file is merged (never losing a method body; a backup is kept).",
        _ => "The project is compiled and the built assembly is checked against the definition: every action implemented with the right signature, the version, the assemblies shipped.",
    };

    /// <summary>The step whose work a target of the pipeline (or the compile) is, or null.</summary>
    public static VerifyStep? OfTarget(string? target) => target switch
    {
        "OneClickPublishVerifyDefinition" => VerifyStep.VerifyDefinition,
        "OneClickPublishUpdateSource" => VerifyStep.UpdateSource,
        "CoreCompile" or "OneClickPublishCheckCompiledAssembly" => VerifyStep.Compile,
        _ => null,
    };

    /// <summary>Whether the target begins its step: Compile is the compile, then the check of the built assembly.</summary>
    public static bool StartsStep(string target) => target != "OneClickPublishCheckCompiledAssembly";

    /// <summary>Whether the target ends its step (CoreCompile ends Compile only when it fails).</summary>
    public static bool EndsStep(string target) => target != "CoreCompile";

    /// <summary>How a step line reads after the step's name: " in 42 ms", ": up to date", " failed after 1.2 s", ": not run".</summary>
    public static string Outcome(StepStatus status, TimeSpan duration) => status switch
    {
        StepStatus.Succeeded => $" succeeded in {OneClickPublish.Diagnostics.PipelineDiagnostics.FormatDuration(duration)}",
        StepStatus.UpToDate => ": up to date",
        StepStatus.Failed => $" failed after {OneClickPublish.Diagnostics.PipelineDiagnostics.FormatDuration(duration)}",
        _ => ": not run",
    };
}
