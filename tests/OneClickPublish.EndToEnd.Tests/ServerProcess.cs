using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OneClickPublish.Server.Security;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// A real Platform Server process (`oneclick server`) on a free loopback port, with a data folder of
/// its own and an API key created there before it starts. A server whose publishes are held at a
/// checkpoint (so that a test can kill it there) is the same command run by the test host
/// (tests/OneClickPublish.TestServer), which registers the hold as a service of the server.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    private ServerProcess(string dataDirectory, int port, string apiKey)
    {
        DataDirectory = dataDirectory;
        Port = port;
        ApiKey = apiKey;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public string ApiKey { get; }

    public string Output { get { lock (_output) { return _output.ToString(); } } }

    /// <param name="holdAt">BeforeDeploy, BeforeActivate or AfterSwitch: every publish waits there until the process ends.</param>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null, string? holdAt = null)
    {
        var data = Path.Combine(PackedPackage.WorkRoot, "server-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var store = await ApiKeyStore.OpenAsync(data).ConfigureAwait(false);
        var key = await store.CreateAsync("e2e", ApiKeyScope.Publish).ConfigureAwait(false);
        var server = new ServerProcess(data, FreePort(), key.Key);
        await server.RestartAsync(environment, holdAt).ConfigureAwait(false);
        return server;
    }

    /// <summary>Starts (again) on the same port and data folder; <paramref name="holdAt"/> as in <see cref="StartAsync"/>.</summary>
    public async Task RestartAsync(IReadOnlyDictionary<string, string>? environment = null, string? holdAt = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { holdAt is null ? ToolBuild.ToolDll : TestServerBuild.Dll, "server", "--data", DataDirectory, "--urls", Url })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove(TestServerBuild.HoldVariable);
        start.Environment.Remove(TestServerBuild.ReleaseVariable);
        if (holdAt is not null)
        {
            start.Environment[TestServerBuild.HoldVariable] = holdAt;
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (_output) { _output.AppendLine(e.Data); } } };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (_output) { _output.AppendLine(e.Data); } } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url + "/health")).ConfigureAwait(false);
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

            await Task.Delay(250).ConfigureAwait(false);
        }

        throw new TimeoutException($"The server did not answer /health within 90 s:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine loses power.</summary>
    public void Kill()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process?.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The oneclick tool, built once per test run.</summary>
internal static class ToolBuild
{
    private static readonly Lazy<string> Dll = new(Build);

    public static string ToolDll => Dll.Value;

    private static string Build()
    {
        var output = Path.Combine(PackedPackage.WorkRoot, "tool");
        var result = DotNet.Run(PackedPackage.RepositoryRoot, "build", "src/OneClickPublish.Tool/OneClickPublish.Tool.csproj", "-c", "Release", "-o", output, "-nologo", "-v:q");
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Building the oneclick tool failed:\n" + result);
        }

        return Path.Combine(output, "oneclick.dll");
    }
}

/// <summary>The test host of `oneclick server` with a publish hold (tests/OneClickPublish.TestServer), built once per test run.</summary>
internal static class TestServerBuild
{
    /// <summary>Read by the test host: the checkpoint where every publish waits.</summary>
    public const string HoldVariable = "ONECLICK_TEST_SERVER_HOLD";

    /// <summary>Read by the test host: a file whose creation releases the held publishes (unset: held until the process ends).</summary>
    public const string ReleaseVariable = "ONECLICK_TEST_SERVER_RELEASE";

    private static readonly Lazy<string> Built = new(Build);

    public static string Dll => Built.Value;

    private static string Build()
    {
        var output = Path.Combine(PackedPackage.WorkRoot, "test-server");
        var result = DotNet.Run(PackedPackage.RepositoryRoot, "build", "tests/OneClickPublish.TestServer/OneClickPublish.TestServer.csproj", "-c", "Release", "-o", output, "-nologo", "-v:q");
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Building the test server failed:\n" + result);
        }

        return Path.Combine(output, "OneClickPublish.TestServer.dll");
    }
}
