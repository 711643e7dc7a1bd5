using OneClickPublish.Tool.Operation;

namespace OneClickPublish.Tool;

/// <summary>The tool's exit codes, documented in docs/tool.md.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The extension has errors (definition, source, compile, or rejected by the server's checks).</summary>
    public const int ExtensionErrors = 1;

    /// <summary>The Platform Server could not be reached (down, wrong URL, refused key, timed out).</summary>
    public const int ServerUnreachable = 2;

    /// <summary>The command line is not valid.</summary>
    public const int UsageError = 3;

    /// <summary>Ctrl+C: the shells' convention for a process ended by SIGINT.</summary>
    public const int Cancelled = 130;

    public static int Of(RunResult result) => result switch
    {
        RunResult.Succeeded => Success,
        RunResult.ServerUnreachable => ServerUnreachable,
        RunResult.Cancelled => Cancelled,
        _ => ExtensionErrors,
    };
}
