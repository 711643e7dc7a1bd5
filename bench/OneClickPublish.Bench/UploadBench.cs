using System.Diagnostics;
using System.Globalization;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;

namespace OneClickPublish.Bench;

/// <summary>
/// Uploads one file to a running Platform Server with the Upload code (PlatformClient) and prints
/// its throughput. bench/upload-vs-curl.sh runs it side by side with curl against the same server.
/// Usage: upload --server URL [--api-key KEY | env ONECLICK_API_KEY] --file PATH [--chunk-mib N]
/// </summary>
public static class UploadBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? server = null, apiKey = Environment.GetEnvironmentVariable("ONECLICK_API_KEY"), file = null;
        var chunkMiB = 64;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--server": server = args[i + 1]; break;
                case "--api-key": apiKey = args[i + 1]; break;
                case "--file": file = args[i + 1]; break;
                case "--chunk-mib": chunkMiB = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        if (server is null || file is null)
        {
            Console.Error.WriteLine("usage: upload --server URL [--api-key KEY] --file PATH [--chunk-mib N]");
            return 2;
        }

        var options = new PlatformClientOptions
        {
            Server = server,
            ApiKey = apiKey,
            Timeout = TimeSpan.FromHours(1),
            ChunkSize = chunkMiB * 1024 * 1024,
        };
        var length = new FileInfo(file).Length;
        var watch = Stopwatch.StartNew();
        TimeSpan? firstByte = null;
        var progress = new FirstReport(() => firstByte ??= watch.Elapsed);
        try
        {
            using var client = new PlatformClient(options);
            var uploadId = await client.UploadAsync(file, progress, CancellationToken.None).ConfigureAwait(false);
            watch.Stop();
            var seconds = watch.Elapsed.TotalSeconds;
            var mibPerSecond = length / 1024.0 / 1024.0 / seconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"upload {uploadId}: {length} bytes in {seconds:0.000} s = {mibPerSecond:0.0} MiB/s (before the first byte: {firstByte?.TotalSeconds ?? 0:0.000} s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CLIENT_SECONDS={seconds:0.000}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CLIENT_HASH_SECONDS={firstByte?.TotalSeconds ?? 0:0.000}"));
            return 0;
        }
        catch (DiagnosticException e)
        {
            Console.Error.WriteLine(e.Diagnostic.ToString());
            return 1;
        }
    }

    /// <summary>Notes when the first byte leaves (the create is done by then; against an older server, the SHA-256 too).</summary>
    private sealed class FirstReport(Action first) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            if (value.BytesTransferred > 0)
            {
                first();
            }
        }
    }
}
