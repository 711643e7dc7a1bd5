using OneClickPublish.Pipeline;

namespace OneClickPublish.Tool.Operation;

/// <summary>
/// What the user can ask for: each is one build of the extension with one of the pipeline's
/// targets, and each target runs the chain up to its stage (Publish runs the whole chain).
/// </summary>
internal enum OneClickStep
{
    Verify,
    Save,
    Upload,
    Publish,
}

internal static class OneClickSteps
{
    public static string Target(this OneClickStep step) => "OneClick" + step;

    /// <summary>The last stage the step's chain reaches.</summary>
    public static Stage LastStage(this OneClickStep step) => step switch
    {
        OneClickStep.Verify => Stage.Verify,
        OneClickStep.Save => Stage.Save,
        OneClickStep.Upload => Stage.Upload,
        _ => Stage.Deploy,
    };

    public static bool NeedsServer(this OneClickStep step) => step is OneClickStep.Upload or OneClickStep.Publish;
}

/// <summary>How a run ended; each maps to an exit code.</summary>
internal enum RunResult
{
    Succeeded,
    ExtensionErrors,
    ServerUnreachable,
    Cancelled,
}
