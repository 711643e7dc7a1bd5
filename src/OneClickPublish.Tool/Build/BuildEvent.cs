namespace OneClickPublish.Tool.Build;

/// <summary>
/// One line of the event stream written by <c>OneClickPublish.Tasks.Logging.EventStreamLogger</c>:
/// an MSBuild error, warning, message, the start, end or skip of a OneClick target or of the
/// compile, or the end of the build.
/// </summary>
internal sealed record BuildEvent
{
    public required BuildEventType Type { get; init; }

    public string? Code { get; init; }

    public string Message { get; init; } = string.Empty;

    public string? File { get; init; }

    public int Line { get; init; }

    public int Column { get; init; }

    public string? HelpKeyword { get; init; }

    public string? HelpLink { get; init; }

    public string? ProjectFile { get; init; }

    /// <summary>For messages: low, normal, high or critical.</summary>
    public string? Importance { get; init; }

    /// <summary>For target events: the target's name.</summary>
    public string? Target { get; init; }

    /// <summary>For targetSkipped: why the target's tasks did not run (outputsUpToDate, conditionWasFalse, previouslyBuiltSuccessfully…).</summary>
    public string? Reason { get; init; }

    /// <summary>For targetFinished and buildFinished.</summary>
    public bool Succeeded { get; init; }

    public DateTimeOffset? Time { get; init; }
}

internal enum BuildEventType
{
    Error,
    Warning,
    Message,
    TargetStarted,
    TargetFinished,
    TargetSkipped,
    BuildFinished,
}
