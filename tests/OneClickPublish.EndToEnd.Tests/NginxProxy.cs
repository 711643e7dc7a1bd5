using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// Debian's nginx, run from the repository's <c>deploy/nginx/oneclick.conf</c> with its own prefix,
/// pid file, logs and temp folders in a folder of the test run, listening with TLS on a free loopback
/// port in front of a server process. Only the listen address, the certificate's paths and the
/// upstream's port are changed in the documented file: everything else is tested as users get it.
/// </summary>
internal sealed class NginxProxy : IAsyncDisposable
{
    private const string DocumentedFile = "deploy/nginx/oneclick.conf";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private NginxProxy(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Url = new Uri($"https://127.0.0.1:{port}/");
    }

    public Uri Url { get; }

    public string ErrorLog => ReadShared(Path.Combine(_directory, "error.log")) + Output;

    public string AccessLog => ReadShared(Path.Combine(_directory, "access.log"));

    private string Output { get { lock (_output) { return _output.ToString(); } } }

    /// <summary>The nginx binary, or null when it is not installed here (Debian: apt-get install nginx).</summary>
    public static string? Find() =>
        new[] { "/usr/sbin", "/usr/local/sbin", "/usr/local/nginx/sbin" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            .Select(static d => Path.Combine(d, "nginx"))
            .FirstOrDefault(File.Exists);

    /// <summary>The documented configuration, as it is in the repository.</summary>
    public static string DocumentedConfiguration => File.ReadAllText(Path.Combine(PackedPackage.RepositoryRoot, DocumentedFile));

    public static async Task<NginxProxy> StartAsync(string nginx, int upstreamPort, TestCertificate certificate)
    {
        var directory = Path.Combine(PackedPackage.WorkRoot, "nginx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(directory, "temp"));
        var port = ServerProcess.FreePort();
        var site = DocumentedConfiguration;
        site = ReplaceOnce(site, "listen 443 ssl;", $"listen 127.0.0.1:{port} ssl;");
        site = ReplaceOnce(site, "ssl_certificate /etc/ssl/oneclick/fullchain.pem;", $"ssl_certificate {certificate.CertificateFile};");
        site = ReplaceOnce(site, "ssl_certificate_key /etc/ssl/oneclick/privkey.pem;", $"ssl_certificate_key {certificate.KeyFile};");
        site = ReplaceOnce(site, "server 127.0.0.1:5080;", $"server 127.0.0.1:{upstreamPort};");
        File.WriteAllText(Path.Combine(directory, "oneclick.conf"), site);

        // What /etc/nginx/nginx.conf gives the site on a Debian machine, with every path in the test's folder.
        var temp = Path.Combine(directory, "temp");
        File.WriteAllText(Path.Combine(directory, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log info;
            events { worker_connections 256; }
            http {
                # Request lines with the bytes each request brought (headers and body), for the tests to read.
                log_format requests '$request_method $uri $status $request_length';
                access_log {{directory}}/access.log requests;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{directory}}/oneclick.conf;
            }
            """);

        var start = new ProcessStartInfo(nginx)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-p", directory + "/", "-e", Path.Combine(directory, "error.log"), "-c", Path.Combine(directory, "nginx.conf") })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var proxy = new NginxProxy(process, directory, port);
        process.OutputDataReceived += (_, e) => proxy.Append(e.Data);
        process.ErrorDataReceived += (_, e) => proxy.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await proxy.WaitUntilListeningAsync(port).ConfigureAwait(false);
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode}:\n{ErrorLog}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }
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

    private static string ReplaceOnce(string text, string line, string replacement)
    {
        var first = text.IndexOf(line, StringComparison.Ordinal);
        if (first < 0 || text.IndexOf(line, first + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"{DocumentedFile} must have the line '{line}' exactly once: the test adapts it to the test's ports and certificate.");
        }

        return text.Replace(line, replacement, StringComparison.Ordinal);
    }

    private static string ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return string.Empty;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
