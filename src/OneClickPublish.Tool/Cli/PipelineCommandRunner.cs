using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Operation;
using OneClickPublish.Tool.Output;
using OneClickPublish.Tool.Window;

namespace OneClickPublish.Tool.Cli;

/// <summary>What a pipeline command (publish, verify, save, upload) was asked to do.</summary>
internal sealed record PipelineRequest(
    OneClickStep Step,
    string ProjectPath,
    bool Json,
    bool Watch,
    bool NoWindow,
    string? Server,
    string? ApiKey,
    string DataDirectory,
    IReadOnlyDictionary<string, string> Properties)
{
    /// <summary>-v: MSBuild's verbosity for the build, its long name; null when not given.</summary>
    public string? Verbosity { get; init; }

    /// <summary>--binlog: the binary log's full path; null when not given.</summary>
    public string? BinaryLog { get; init; }
}

/// <summary>
/// Runs a pipeline command: the session over the extension's own build, the server to publish to
/// (the one given, or an embedded one started when first needed), and one of three faces — the
/// window in a terminal (publish), plain lines, or JSON lines.
/// </summary>
internal sealed class PipelineCommandRunner(ToolContext context)
{
    public async Task<int> RunAsync(PipelineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var fixedEndpoint = request.Server is null ? null : OneClickCli.Endpoint(request.Server, request.ApiKey, context);
        var dataDirectory = Path.GetFullPath(request.DataDirectory, context.CurrentDirectory);
        IEmbeddedServer? embedded = null;
        try
        {
            var properties = new Dictionary<string, string>(Build.BuildCommandLine.ToolProperties(context.ToolDirectory), StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in request.Properties)
            {
                properties[name] = value; // the user's -p wins
            }

            var settings = new SessionSettings(request.ProjectPath)
            {
                Properties = properties,
                Verbosity = request.Verbosity,
                BinaryLog = request.BinaryLog,
                Server = fixedEndpoint is not null
                    ? (sink, _) =>
                    {
                        WarnOfKeyInBinaryLog(request, fixedEndpoint, sink);
                        return Task.FromResult(fixedEndpoint);
                    }
                    : async (sink, token) =>
                    {
                        embedded = await StartEmbeddedAsync(dataDirectory, token).ConfigureAwait(false);
                        sink.Report(Information(ToolDiagnostics.EmbeddedServerStarted, embedded.Endpoint.Url.ToString().TrimEnd('/'), embedded.DataDirectory));
                        if (embedded.InitialApiKey is { } initial)
                        {
                            // At once, not after a successful publish: the server shows its first key only now,
                            // and a run that fails at Verify must not lose it.
                            sink.Report(Information(ToolDiagnostics.FirstApiKeySaved, ApiKeyFile.Write(embedded.DataDirectory, initial)));
                        }

                        WarnOfKeyInBinaryLog(request, embedded.Endpoint, sink);

                        return embedded.Endpoint;
                    },
                AfterRun = async (step, result, sink, token) =>
                {
                    if (step == OneClickStep.Publish && result == RunResult.Succeeded && embedded is not null)
                    {
                        await ReportDeploymentAsync(embedded, sink, token).ConfigureAwait(false);
                    }
                },
            };
            var session = new OneClickSession(context.BuildRunner(), settings, context.Clock);

            if (request.Json)
            {
                return await RunLinearAsync(session, request, new JsonOutput(context.Out), cancellationToken).ConfigureAwait(false);
            }

            if (request.Step == OneClickStep.Publish && !request.NoWindow && context.IsTerminal)
            {
                var console = context.Console();
                var watcher = request.Watch ? context.Watcher(ProjectDirectory(request)) : null;
                try
                {
                    var window = new PublishWindow(console, session, context.Keys(console), watcher, context.Clock);
                    return await window.RunAsync(request.Step, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    (watcher as IDisposable)?.Dispose();
                }
            }

            return await RunLinearAsync(session, request, new PlainOutput(context.Out, color: context.IsTerminal && !context.NoColor), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (embedded is not null)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Plain and JSON: run the step; with --watch, verify again on every change until Ctrl+C.</summary>
    private async Task<int> RunLinearAsync(OneClickSession session, PipelineRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        var result = await session.RunAsync(request.Step, sink, cancellationToken).ConfigureAwait(false);
        if (!request.Watch)
        {
            return ExitCodes.Of(result);
        }

        var watcher = context.Watcher(ProjectDirectory(request));
        try
        {
            watcher.Drain();
            while (!cancellationToken.IsCancellationRequested)
            {
                string changed;
                try
                {
                    changed = await watcher.NextChangeAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                sink.Report(Information(ToolDiagnostics.FilesChanged, changed));
                result = await session.RunAsync(OneClickStep.Verify, sink, cancellationToken).ConfigureAwait(false);
                watcher.Drain();
            }
        }
        finally
        {
            (watcher as IDisposable)?.Dispose();
        }

        return ExitCodes.Of(result);
    }

    private async Task<IEmbeddedServer> StartEmbeddedAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        try
        {
            return await context.Platform.StartEmbeddedAsync(dataDirectory, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            throw DiagnosticException.Create(ToolDiagnostics.EmbeddedServerFailed, SourceLocation.None, e.Message);
        }
    }

    private async Task ReportDeploymentAsync(IEmbeddedServer embedded, IOperationSink sink, CancellationToken cancellationToken)
    {
        var deployed = await embedded.LatestDeploymentAsync(cancellationToken).ConfigureAwait(false);
        if (deployed is not null)
        {
            sink.Report(Information(ToolDiagnostics.Deployed, deployed.Extension, deployed.Version, deployed.DeploymentPath ?? "(the server did not say)"));
        }

        // Never the key itself: plain and JSON output end up in CI logs, which are often public.
        var data = Path.GetRelativePath(context.CurrentDirectory, embedded.DataDirectory);
        var keyFile = ApiKeyFile.PathIn(embedded.DataDirectory);
        var key = File.Exists(keyFile)
            ? $"the API key in {Path.GetRelativePath(context.CurrentDirectory, keyFile)}"
            : $"a key from 'oneclick keys create --name NAME --data {data}'";
        sink.Report(Information(ToolDiagnostics.ReachServerAgain,
            $"'oneclick server --data {data}' (then --server with its URL and {key}), or 'oneclick status --data {data}'"));
    }

    /// <summary>
    /// A binary log records the build's properties, and the build reads the API key from the
    /// environment into one: say so where the log is written, so that it is not shared like a text log.
    /// </summary>
    private void WarnOfKeyInBinaryLog(PipelineRequest request, ServerEndpoint endpoint, IOperationSink sink)
    {
        if (request.BinaryLog is { } binaryLog)
        {
            sink.Report(Information(ToolDiagnostics.BinaryLogHoldsApiKey, binaryLog, endpoint.Url.ToString().TrimEnd('/')));
        }
    }

    private static string ProjectDirectory(PipelineRequest request) => Path.GetDirectoryName(request.ProjectPath) ?? ".";

    private DiagnosticReported Information(DiagnosticDescriptor descriptor, params object?[] args) =>
        DiagnosticReported.From(Diagnostic.Create(descriptor, SourceLocation.None, args), null, context.Clock.GetUtcNow());
}
