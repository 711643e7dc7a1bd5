using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OneClickPublish.Tool.Tests.Server;

/// <summary>
/// `oneclick server` as its own process (the tool built beside these tests), with everything it
/// writes captured: what a team running it sees on its console.
/// </summary>
internal sealed class ServerToolProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _standardOutput = new();
    private readonly Process _process;

    private ServerToolProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        _process.OutputDataReceived += (_, e) =>
        {
            Append(e.Data);
            lock (_output)
            {
                _standardOutput.AppendLine(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Url { get; }

    public string Output { get { lock (_output) { return _output.ToString(); } } }

    /// <summary>Only what went to stdout.</summary>
    public string StandardOutput { get { lock (_output) { return _standardOutput.ToString(); } } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the server with these arguments (a free port is added unless --urls is among them) and environment.</summary>
    public static ServerToolProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var args = arguments.ToList();
        var url = $"http://127.0.0.1:{FreePort()}";
        if (!args.Contains("--urls") && !args.Contains("keys") && !args.Contains("gc")) // 'server keys …' and 'server gc' take no --urls
        {
            args.AddRange(["--urls", url]);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "oneclick.dll"));
        start.ArgumentList.Add("server");
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the test sets: no ONECLICK_ setting of the machine running the tests leaks in.
        foreach (var name in start.Environment.Keys.Where(static k => k.StartsWith("ONECLICK_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new ServerToolProcess(Process.Start(start)!, url);
    }

    /// <summary>Waits until /health answers; fails with the output when the process ends first.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.IsFalse(_process.HasExited, $"the server exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri(Url + "/health"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the server did not answer /health within 60 s:\n{Output}");
    }

    /// <summary>Waits for the process to end by itself (a refused configuration) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit(); // the output events are drained only after this
        return _process.ExitCode;
    }

    /// <summary>Waits until the output holds <paramref name="text"/> (the console log is written asynchronously).</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, $"'{text}' never appeared in:\n{Output}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
