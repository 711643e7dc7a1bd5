using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace OneClickPublish.Tool.Build;

/// <summary>
/// Runs <c>dotnet build</c> as a child process with the event-stream logger and follows the events
/// file while the build runs.
/// </summary>
internal sealed class DotnetBuildRunner(string? loggerAssembly = null, string? dotnetHost = null) : IBuildRunner
{
    private const int ConsoleLinesKept = 40;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public async Task<BuildOutcome> RunAsync(BuildRequest request, Action<BuildEvent> onEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onEvent);

        var eventsFile = Path.Combine(Path.GetTempPath(), $"oneclick-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        var startInfo = new ProcessStartInfo(dotnetHost ?? BuildCommandLine.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in BuildCommandLine.Arguments(request, loggerAssembly ?? BuildCommandLine.DefaultLoggerAssembly, eventsFile))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in request.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var console = new ConsoleTail(ConsoleLinesKept);
        using var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        process.OutputDataReceived += (_, e) => console.Add(e.Data);
        process.ErrorDataReceived += (_, e) => console.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new BuildOutcome(-1, $"{startInfo.FileName}: {e.Message}", []);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await using var registration = cancellationToken.Register(() => Kill(process)).ConfigureAwait(false);
            // Follows until the process has exited. Not WaitForExitAsync: it also waits for the end
            // of the redirected output, which long-lived build servers that inherit it never close.
            await FollowAsync(eventsFile, process, exited.Task, onEvent).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return new BuildOutcome(process.ExitCode, null, console.Lines());
        }
        finally
        {
            TryDelete(eventsFile);
        }
    }

    /// <summary>Reads complete lines from the events file until the process has exited and the file is drained.</summary>
    private static async Task FollowAsync(string eventsFile, Process process, Task exitedSignal, Action<BuildEvent> onEvent)
    {
        FileStream? stream = null;
        var pending = new List<byte>();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var exited = process.HasExited;
                if (stream is null && File.Exists(eventsFile))
                {
                    stream = new FileStream(eventsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                }

                var readAny = false;
                if (stream is not null)
                {
                    int read;
                    while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                    {
                        readAny = true;
                        Split(buffer.AsSpan(0, read), pending, onEvent);
                    }
                }

                if (exited)
                {
                    // The process is gone, so the file is complete: one last pass has read it all.
                    if (pending.Count > 0)
                    {
                        Emit(pending, onEvent);
                    }

                    return;
                }

                if (!readAny)
                {
                    // Wake at once when the build ends: the tool's time on top of the build's stays small.
                    await Task.WhenAny(Task.Delay(PollInterval), exitedSignal).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static void Split(ReadOnlySpan<byte> chunk, List<byte> pending, Action<BuildEvent> onEvent)
    {
        while (!chunk.IsEmpty)
        {
            var newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                pending.AddRange(chunk);
                return;
            }

            pending.AddRange(chunk[..newline]);
            Emit(pending, onEvent);
            chunk = chunk[(newline + 1)..];
        }
    }

    private static void Emit(List<byte> pending, Action<BuildEvent> onEvent)
    {
        var line = Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pending));
        pending.Clear();
        if (BuildEventReader.Parse(line) is { } buildEvent)
        {
            onEvent(buildEvent);
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The last lines the build printed on its console, kept to explain a build that failed before logging.</summary>
    private sealed class ConsoleTail(int capacity)
    {
        private readonly Queue<string> _lines = new();
        private readonly Lock _gate = new();

        public void Add(string? line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                return;
            }

            lock (_gate)
            {
                _lines.Enqueue(line);
                if (_lines.Count > capacity)
                {
                    _lines.Dequeue();
                }
            }
        }

        public IReadOnlyList<string> Lines()
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }
}
