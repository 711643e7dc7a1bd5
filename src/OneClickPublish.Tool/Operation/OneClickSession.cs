using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Build;

namespace OneClickPublish.Tool.Operation;

/// <summary>Where the extension is published to: a server URL and its API key.</summary>
internal sealed record ServerEndpoint(Uri Url, string ApiKey);

/// <summary>
/// The settings of a session: the project, how to find the server (a fixed endpoint, or a
/// provider that starts the embedded server when a step first needs one), extra properties.
/// </summary>
internal sealed record SessionSettings(string ProjectPath)
{
    /// <summary>Gives the server to publish to, the first time a step needs one; may report information lines (the embedded server says where it runs).</summary>
    public Func<IOperationSink, CancellationToken, Task<ServerEndpoint>>? Server { get; init; }

    /// <summary>Runs after each build, before the run's last event: adds lines such as where the extension is deployed.</summary>
    public Func<OneClickStep, RunResult, IOperationSink, CancellationToken, Task>? AfterRun { get; init; }

    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>MSBuild's verbosity for each build (<c>-v</c>), its long name; null for MSBuild's default.</summary>
    public string? Verbosity { get; init; }

    /// <summary>
    /// Where the first build of the session writes its binary log (<c>--binlog</c>), a full path; later
    /// builds (Verify Again, --watch) write beside it with a number, so that none overwrites another.
    /// </summary>
    public string? BinaryLog { get; init; }

    /// <summary>Error codes that mean the server could not be reached (exit code 2), not that the extension is wrong.</summary>
    public IReadOnlySet<string> ServerUnreachableCodes { get; init; } = DefaultServerUnreachableCodes;

    /// <summary>
    /// The Platform client's codes for a server that cannot be used (key rejected OCP5004, key
    /// without permission OCP5005, unreachable OCP5006, 5xx OCP5007, timed out OCP5008, unexpected or
    /// malformed answers OCP5010 and OCP5016, connection lost OCP5017), the embedded server that could not start (OCP7010)
    /// and a server's data it cannot open: written by a newer server (OCP5240), or an upgrade that failed (OCP5241).
    /// </summary>
    public static IReadOnlySet<string> DefaultServerUnreachableCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "OCP5004", "OCP5005", "OCP5006", "OCP5007", "OCP5008", "OCP5010", "OCP5016", "OCP5017",
        ToolDiagnostics.EmbeddedServerFailed.Code,
        ServerDiagnostics.SchemaNewerThanServer.Code, ServerDiagnostics.SchemaUpgradeFailed.Code,
    };
}

/// <summary>
/// Runs the steps the user asks for, one build of the extension each, and reports their events.
/// Remembers whether the last verify had errors: that decides which keys the window offers.
/// </summary>
internal sealed class OneClickSession(IBuildRunner runner, SessionSettings settings, TimeProvider clock)
{
    public const string ServerProperty = "OneClickPublishServer";
    public const string ApiKeyVariable = "ONECLICK_API_KEY";

    public SessionSettings Settings => settings;

    /// <summary>Null until a run verified; then whether that verify had errors.</summary>
    public bool? LastVerifyHadErrors { get; private set; }

    public RunResult? LastResult { get; private set; }

    public ServerEndpoint? Server { get; private set; }

    /// <summary>Builds run so far, to name each one's binary log.</summary>
    private int _builds;

    public async Task<RunResult> RunAsync(OneClickStep step, IOperationSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var started = clock.GetUtcNow();
        sink.Report(new RunStarted(step, started));
        var translator = new RunTranslator(step, clock) { ShowBuildMessages = Build.BuildVerbosity.ShowsBuildMessages(settings.Verbosity) };
        var result = await RunCoreAsync(step, translator, sink, cancellationToken).ConfigureAwait(false);
        if (settings.AfterRun is not null && result != RunResult.Cancelled)
        {
            await settings.AfterRun(step, result, sink, cancellationToken).ConfigureAwait(false);
        }
        if (translator.VerifyHadErrors is { } verifyHadErrors)
        {
            LastVerifyHadErrors = verifyHadErrors;
        }

        LastResult = result;
        var now = clock.GetUtcNow();
        sink.Report(new RunFinished(step, result, translator.Errors, translator.Warnings, now - started, now));
        return result;
    }

    /// <summary>The first build's log at the path asked for; the second at <c>name-2.binlog</c>, and so on.</summary>
    private string? BinaryLogOf(int build)
    {
        if (settings.BinaryLog is not { } path || build == 1)
        {
            return settings.BinaryLog;
        }

        var directory = Path.GetDirectoryName(path) ?? string.Empty;
        return Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(path)}-{build}{Path.GetExtension(path)}");
    }

    private async Task<RunResult> RunCoreAsync(OneClickStep step, RunTranslator translator, IOperationSink sink, CancellationToken cancellationToken)
    {
        var properties = new Dictionary<string, string>(settings.Properties, StringComparer.OrdinalIgnoreCase);
        // A build that needs no server gets no key, not even one the user's shell has: the build would
        // read it into a property, and a binary log records every property.
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal) { [ApiKeyVariable] = null };
        if (step.NeedsServer() && settings.Server is not null)
        {
            try
            {
                Server ??= await settings.Server(sink, cancellationToken).ConfigureAwait(false);
            }
            catch (DiagnosticException e)
            {
                sink.Report(DiagnosticReported.From(e.Diagnostic, null, clock.GetUtcNow()));
                translator.CountError(e.Diagnostic.Code);
                return settings.ServerUnreachableCodes.Contains(e.Diagnostic.Code) ? RunResult.ServerUnreachable : RunResult.ExtensionErrors;
            }

            properties[ServerProperty] = Server.Url.ToString().TrimEnd('/');
            // The key goes through the environment, never the command line: process lists show arguments.
            environment[ApiKeyVariable] = Server.ApiKey;
        }

        var request = new BuildRequest(settings.ProjectPath, step.Target(), properties, environment)
        {
            Verbosity = settings.Verbosity,
            BinaryLog = BinaryLogOf(++_builds),
        };
        BuildOutcome outcome;
        try
        {
            outcome = await runner.RunAsync(request, e =>
            {
                foreach (var operationEvent in translator.Translate(e))
                {
                    sink.Report(operationEvent);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            foreach (var operationEvent in translator.Complete(new BuildOutcome(-1, null, []), cancelled: true))
            {
                sink.Report(operationEvent);
            }

            sink.Report(DiagnosticReported.From(Diagnostic.Create(ToolDiagnostics.Cancelled, SourceLocation.None, step), null, clock.GetUtcNow()));
            return RunResult.Cancelled;
        }

        foreach (var operationEvent in translator.Complete(outcome))
        {
            sink.Report(operationEvent);
        }

        if (!translator.Failed && outcome.ExitCode == 0)
        {
            return RunResult.Succeeded;
        }

        return translator.ErrorCodes.Any(settings.ServerUnreachableCodes.Contains) ? RunResult.ServerUnreachable : RunResult.ExtensionErrors;
    }
}
