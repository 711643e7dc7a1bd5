namespace OneClickPublish.Tool.Build;

/// <summary>
/// Runs one build of the extension project with a target of the pipeline and reports the logger's
/// events as they arrive. Behind an interface so the window, the plain and JSON outputs and the key
/// handling are tested with recorded event streams instead of real builds.
/// </summary>
internal interface IBuildRunner
{
    Task<BuildOutcome> RunAsync(BuildRequest request, Action<BuildEvent> onEvent, CancellationToken cancellationToken);
}

/// <summary>
/// What to build: the project, the target, global properties, and environment variables for the
/// build process (a null value removes a variable the tool itself has).
/// </summary>
internal sealed record BuildRequest(
    string ProjectPath,
    string Target,
    IReadOnlyDictionary<string, string> Properties,
    IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>MSBuild's verbosity for the build (<c>-verbosity:</c>): quiet, minimal, normal, detailed or diagnostic; null for MSBuild's default.</summary>
    public string? Verbosity { get; init; }

    /// <summary>Where the build writes a binary log (<c>-bl:</c>), a full path; null for none.</summary>
    public string? BinaryLog { get; init; }
}

/// <summary>
/// How the build process ended. <paramref name="StartFailure"/> is set when it could not start at
/// all; <paramref name="ConsoleOutput"/> keeps the last lines the process printed outside the
/// logger (MSBuild's own switch errors such as MSB1009 are printed before any logger exists).
/// </summary>
internal sealed record BuildOutcome(int ExitCode, string? StartFailure, IReadOnlyList<string> ConsoleOutput)
{
    public bool Started => StartFailure is null;
}
