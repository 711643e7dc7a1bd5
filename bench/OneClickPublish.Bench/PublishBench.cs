using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Platform;
using OneClickPublish.Server;
using OneClickPublish.Xif;

namespace OneClickPublish.Bench;

/// <summary>
/// The publish figures of issue 3, against a real PlatformServer started in this process on
/// loopback, in a temporary data folder, over HTTP with the real PlatformClient:
/// 1. concurrent: N distinct small extensions uploaded and published at once; all must succeed;
///    p50/p95 of the time from the common start to deployed.
/// 2. dedup: version 1.0.0 shipping 100 MB of DLL-like files, then 1.1.0 shipping the same files
///    plus one changed small file; the growth of the server's blob store + metadata (target &lt; 5 MB).
/// Issue 9 adds to 1. the gap between the client's p95 and the server's own deploy-end p95 (target
/// within 100 ms: the client follows with long polls, so it learns of the end when it happens).
/// Options: --count N (20), --big-files N (10), --big-file-mb N (10), --only concurrent|dedup, --keep (leave the temp folder).
/// bench/publish-follow.sh runs 1. of this build and of a baseline build side by side.
/// </summary>
public static class PublishBench
{
    private const double TargetGrowthMb = 5;
    private const double TargetGapMs = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var count = IntOption(args, "--count", 20);
        var bigFiles = IntOption(args, "--big-files", 10);
        var bigFileMb = IntOption(args, "--big-file-mb", 10);
        var keep = args.Contains("--keep");
        var onlyAt = Array.IndexOf(args, "--only");
        var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1] : null;

        var root = Path.Combine(Path.GetTempPath(), "ocp-bench-publish-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var concurrentOk = only is null or "concurrent" ? await ConcurrentAsync(Path.Combine(root, "concurrent"), count).ConfigureAwait(false) : true;
            if (only is null)
            {
                Console.WriteLine();
            }

            var dedupOk = only is null or "dedup" ? await DedupAsync(Path.Combine(root, "dedup"), bigFiles, bigFileMb).ConfigureAwait(false) : true;
            return concurrentOk && dedupOk ? 0 : 1;
        }
        finally
        {
            if (keep)
            {
                Console.WriteLine($"kept {root}");
            }
            else
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task<bool> ConcurrentAsync(string root, int count)
    {
        var data = Path.Combine(root, "server");
        var options = new PlatformServerOptions { DataDirectory = data };
        await using var server = await PlatformServer.StartAsync(options).ConfigureAwait(false);

        // Packages are built before the clock starts: the figure is the server's, not SaveXif's.
        var random = new Random(20261124);
        var xifs = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var small = new byte[32 * 1024];
            random.NextBytes(small);
            xifs.Add(BuildXif(Path.Combine(root, "src", i.ToString(CultureInfo.InvariantCulture)), $"BenchExt{i:00}", "1.0.0",
                [("bin/BenchExt.dll", small)]));
        }

        // One publish of another extension first, so the clock measures a warm server and client, not the JIT.
        var warmUp = await PublishOneAsync(server, BuildXif(Path.Combine(root, "src", "warmup"), "BenchWarmUp", "1.0.0", [("bin/BenchExt.dll", new byte[1024])]), Stopwatch.StartNew()).ConfigureAwait(false);
        if (!warmUp.Succeeded)
        {
            Console.WriteLine($"publish/concurrent: warm-up FAILED {warmUp.Error}");
            return false;
        }

        var start = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        var runs = xifs.Select(xif => Task.Run(() => PublishOneAsync(server, xif, start))).ToList();
        var results = await Task.WhenAll(runs).ConfigureAwait(false);
        var wall = start.Elapsed;

        var succeeded = results.Where(static r => r.Succeeded).ToList();
        var client = succeeded.Select(static r => r.Elapsed).Order().ToList();
        var serverSide = succeeded.Where(static r => r.DeployedAt is not null)
            .Select(r => r.DeployedAt!.Value - startedAt).Order().ToList();
        var uploaded = succeeded.Select(static r => r.Uploaded).Order().ToList();
        var processing = succeeded.Where(static r => r.ProcessingTime is not null)
            .Select(static r => r.ProcessingTime!.Value).Order().ToList();

        Console.WriteLine($"publish/concurrent: {count} distinct small extensions (32 KiB binary + definition) uploaded and published at once,");
        Console.WriteLine("  after one warm-up publish; the XIFs are built before the clock starts;");
        Console.WriteLine($"  server MaxConcurrentPublishes = {options.MaxConcurrentPublishes} (default; the others wait 'queued'), client follows with long polls (wait=30)");
        Console.WriteLine($"  succeeded                                      {succeeded.Count}/{count}");
        foreach (var failure in results.Where(static r => !r.Succeeded))
        {
            Console.WriteLine($"  FAILED {failure.Error}");
        }

        if (succeeded.Count > 0)
        {
            Console.WriteLine($"  start -> deployed, seen by the client (polls)  p50 {Measure.Ms(Percentile(client, 0.50)),10}   p95 {Measure.Ms(Percentile(client, 0.95)),10}   max {Measure.Ms(client[^1]),10}");
        }

        if (succeeded.Count > 0)
        {
            Console.WriteLine($"  start -> upload complete                       p50 {Measure.Ms(Percentile(uploaded, 0.50)),10}   p95 {Measure.Ms(Percentile(uploaded, 0.95)),10}   max {Measure.Ms(uploaded[^1]),10}");
        }

        if (serverSide.Count > 0)
        {
            Console.WriteLine($"  start -> deployed, server's Deploy-end time    p50 {Measure.Ms(Percentile(serverSide, 0.50)),10}   p95 {Measure.Ms(Percentile(serverSide, 0.95)),10}   max {Measure.Ms(serverSide[^1]),10}");
        }

        if (processing.Count > 0)
        {
            Console.WriteLine($"  one publish on the server (Publish+Deploy)     p50 {Measure.Ms(Percentile(processing, 0.50)),10}   p95 {Measure.Ms(Percentile(processing, 0.95)),10}");
        }

        Console.WriteLine($"  all {count} done in                                {Measure.Ms(wall)}");
        var ok = succeeded.Count == count;
        Console.WriteLine($"  all succeeded: {(ok ? "OK" : "NO")}");
        if (client.Count > 0 && serverSide.Count > 0)
        {
            // Both from the common start: how much later than the server's own deploy end the client learns of it.
            var gap = Percentile(client, 0.95) - Percentile(serverSide, 0.95);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  p95 client - p95 server deploy end            {Measure.Ms(gap)} (target within {TargetGapMs:0} ms): {(gap.TotalMilliseconds <= TargetGapMs ? "OK" : "OVER")}"));
        }

        return ok;
    }

    private static async Task<RunResult> PublishOneAsync(PlatformServer server, string xif, Stopwatch start)
    {
        try
        {
            using var client = new PlatformClient(ClientOptions(server));
            var lines = new List<PlatformLogLine>();
            var uploadId = await client.UploadAsync(xif, null, CancellationToken.None).ConfigureAwait(false);
            var uploaded = start.Elapsed;
            var result = await client.PublishAsync(uploadId, lines.Add, CancellationToken.None).ConfigureAwait(false);
            var elapsed = start.Elapsed;
            if (!result.Succeeded)
            {
                var errors = string.Join("; ", lines.Where(static l => l.Kind == PlatformLogKind.Error).Select(static l => $"{l.Code} {l.Message}"));
                return new RunResult(false, elapsed, uploaded, null, null, $"{Path.GetFileName(xif)}: {errors}");
            }

            // The server's own times: first stage started, Deploy succeeded.
            var stages = lines.Where(static l => l.IsStageLine && l.Time is not null).ToList();
            var deployed = stages.LastOrDefault(static l => l.Stage == "Deploy" && l.Status == "succeeded")?.Time;
            var begun = stages.FirstOrDefault(static l => l.Status == "started")?.Time;
            return new RunResult(true, elapsed, uploaded, deployed, deployed - begun, null);
        }
        catch (DiagnosticException e)
        {
            return new RunResult(false, start.Elapsed, start.Elapsed, null, null, $"{Path.GetFileName(xif)}: {e.Diagnostic}");
        }
    }

    private static async Task<bool> DedupAsync(string root, int bigFiles, int bigFileMb)
    {
        var data = Path.Combine(root, "server");
        await using var server = await PlatformServer.StartAsync(new PlatformServerOptions { DataDirectory = data }).ConfigureAwait(false);
        using var client = new PlatformClient(ClientOptions(server));

        // DLL-like: random bytes, which neither deflate nor any content-defined trick can shrink.
        var random = new Random(42);
        var shared = new List<(string Path, byte[] Content)>();
        for (var i = 0; i < bigFiles; i++)
        {
            var content = new byte[bigFileMb * 1024 * 1024];
            random.NextBytes(content);
            shared.Add(($"bin/Vendor.Library{i:00}.dll", content));
        }

        var small1 = new byte[16 * 1024];
        random.NextBytes(small1);
        var small2 = (byte[])small1.Clone();
        small2[100] ^= 0xFF; // the one file a fix changes

        var xif1 = BuildXif(Path.Combine(root, "v1"), "DedupExt", "1.0.0", [.. shared, ("bin/DedupExt.dll", small1)]);
        var xif2 = BuildXif(Path.Combine(root, "v2"), "DedupExt", "1.1.0", [.. shared, ("bin/DedupExt.dll", small2)]);
        var shippedMb = (bigFiles * (long)bigFileMb * 1024 * 1024 + small1.Length) / 1048576.0;

        var before = DiskUse.Of(data);
        var first = await PublishAsync(client, xif1).ConfigureAwait(false);
        var afterFirst = DiskUse.Of(data);
        var second = await PublishAsync(client, xif2).ConfigureAwait(false);
        var afterSecond = DiskUse.Of(data);
        if (first is not null || second is not null)
        {
            Console.WriteLine($"publish/dedup: FAILED {first ?? second}");
            return false;
        }

        var growth = afterSecond - afterFirst;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"publish/dedup: 1.0.0 ships {bigFiles} x {bigFileMb} MB random 'DLLs' + a 16 KiB DLL ({shippedMb:0.0} MB);");
        Console.WriteLine($"  1.1.0 ships the same {bigFiles} files + that 16 KiB DLL changed. Sizes in MB (1 MB = 2^20 bytes):");
        Console.WriteLine("                                                  empty     after 1.0.0   after 1.1.0   growth 1.0.0->1.1.0");
        Row("blobs/ + metadata (metadata.db, -wal, -shm)", before.BlobsAndMetadata, afterFirst.BlobsAndMetadata, afterSecond.BlobsAndMetadata);
        Row("deployments/ summed as if copies", before.DeploymentsApparent, afterFirst.DeploymentsApparent, afterSecond.DeploymentsApparent);
        Row("deployments/ files not linked to a blob", before.DeploymentsOwn, afterFirst.DeploymentsOwn, afterSecond.DeploymentsOwn);
        Row("whole data folder, du -sb (links once)", before.DataFolderDu, afterFirst.DataFolderDu, afterSecond.DataFolderDu);
        Console.WriteLine($"  deployment files hard-linked to their blob      {afterSecond.LinkedFiles}/{afterSecond.DeployedFiles}");
        Console.WriteLine($"  uploads/ left after both publishes (MB)         {Mb(afterSecond.Uploads)}");

        var ok = growth.BlobsAndMetadata < TargetGrowthMb * 1048576 && growth.DataFolderDu < TargetGrowthMb * 1048576;
        Console.WriteLine(string.Create(inv,
            $"  growth of blobs + metadata {Mb(growth.BlobsAndMetadata)} MB, of the whole data folder with deployments/ {Mb(growth.DataFolderDu)} MB (target < {TargetGrowthMb:0} MB): {(ok ? "OK" : "OVER")}"));
        return ok;

        static void Row(string label, long empty, long v1, long v2) =>
            Console.WriteLine($"  {label,-46} {Mb(empty),8}   {Mb(v1),11}   {Mb(v2),11}   {Mb(v2 - v1),11}");
    }

    private static async Task<string?> PublishAsync(PlatformClient client, string xif)
    {
        var lines = new List<PlatformLogLine>();
        try
        {
            var uploadId = await client.UploadAsync(xif, null, CancellationToken.None).ConfigureAwait(false);
            var result = await client.PublishAsync(uploadId, lines.Add, CancellationToken.None).ConfigureAwait(false);
            return result.Succeeded
                ? null
                : string.Join("; ", lines.Where(static l => l.Kind == PlatformLogKind.Error).Select(static l => $"{l.Code} {l.Message}"));
        }
        catch (DiagnosticException e)
        {
            return e.Diagnostic.ToString();
        }
    }

    private static PlatformClientOptions ClientOptions(PlatformServer server) => new()
    {
        Server = server.BaseAddress.ToString(),
        ApiKey = server.InitialApiKey,
        Timeout = TimeSpan.FromMinutes(10),
    };

    /// <summary>Writes a definition with DefinitionWriter and the given binaries, and packs them with XifWriter.</summary>
    internal static string BuildXif(string folder, string name, string version, IReadOnlyList<(string Path, byte[] Content)> binaries)
    {
        Directory.CreateDirectory(folder);
        var definitionPath = Path.Combine(folder, "extension.xml");
        DefinitionWriter.WriteFile(Definition(name, version), definitionPath);
        var entries = new List<XifSourceEntry>();
        foreach (var (path, content) in binaries)
        {
            var source = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            File.WriteAllBytes(source, content);
            entries.Add(new XifSourceEntry(source, path, XifEntryKind.Binary));
        }

        var xif = Path.Combine(folder, $"{name}.{version}.xif");
        XifWriter.Write(new XifPackageSpec
        {
            ExtensionName = name,
            ExtensionVersion = version,
            DefinitionPath = definitionPath,
            Entries = entries,
            // Random bytes do not deflate; storing them keeps the setup fast and changes nothing on the server.
            CompressionLevel = CompressionLevel.NoCompression,
        }, xif);
        return xif;
    }

    private static ExtensionDefinition Definition(string name, string version)
    {
        var definition = new ExtensionDefinition
        {
            Name = name,
            VersionText = version,
            Namespace = name,
            Description = "A benchmark extension.",
        };
        var action = new ActionDefinition { Name = "SayHello", Key = "act-sayhello", Description = "Greets." };
        action.Parameters.Add(new ParameterDefinition { Name = "PersonName", DataType = DataType.Text, IsMandatory = true, Description = "Who.", Direction = ParameterDirection.Input, Parent = action });
        action.Parameters.Add(new ParameterDefinition { Name = "Times", DataType = DataType.Integer, Description = "How often.", Direction = ParameterDirection.Input, Parent = action });
        action.Parameters.Add(new ParameterDefinition { Name = "Greeting", DataType = DataType.Text, Description = "The greeting.", Direction = ParameterDirection.Output, Parent = action });
        definition.Actions.Add(action);
        var structure = new StructureDefinition { Name = "Person", Key = "str-person", Description = "A person." };
        structure.Attributes.Add(new AttributeDefinition { Name = "Name", DataType = DataType.Text, IsMandatory = true, Length = 100, Description = "Full name.", Parent = structure });
        definition.Structures.Add(structure);
        return definition;
    }

    private static TimeSpan Percentile(List<TimeSpan> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    // "+ 0.0" turns the -0.0 of a few bytes less (active.json's timestamp) into 0.00.
    private static string Mb(long bytes) => (Math.Round(bytes / 1048576.0, 2) + 0.0).ToString("0.00", CultureInfo.InvariantCulture);

    private static int IntOption(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record RunResult(bool Succeeded, TimeSpan Elapsed, TimeSpan Uploaded, DateTimeOffset? DeployedAt, TimeSpan? ProcessingTime, string? Error);

    /// <summary>What the server's data folder holds, in bytes, split the ways the target is stated.</summary>
    private sealed record DiskUse(long BlobsAndMetadata, long DeploymentsApparent, long DeploymentsOwn, long DataFolderDu, long Uploads, int DeployedFiles, int LinkedFiles)
    {
        public static DiskUse operator -(DiskUse a, DiskUse b) => new(
            a.BlobsAndMetadata - b.BlobsAndMetadata, a.DeploymentsApparent - b.DeploymentsApparent, a.DeploymentsOwn - b.DeploymentsOwn,
            a.DataFolderDu - b.DataFolderDu, a.Uploads - b.Uploads, a.DeployedFiles - b.DeployedFiles, a.LinkedFiles - b.LinkedFiles);

        public static DiskUse Of(string data)
        {
            var blobs = SumFiles(Path.Combine(data, "blobs"));
            var metadata = Directory.EnumerateFiles(data, "metadata.db*").Sum(static f => new FileInfo(f).Length);
            var deployments = Path.Combine(data, "deployments");
            var apparent = 0L;
            var own = 0L;
            var deployed = 0;
            var linked = 0;
            if (Directory.Exists(deployments))
            {
                foreach (var file in Directory.EnumerateFiles(deployments, "*", SearchOption.AllDirectories))
                {
                    var length = new FileInfo(file).Length;
                    apparent += length;
                    if (Path.GetFileName(file) == "active.json")
                    {
                        own += length;
                        continue;
                    }

                    deployed++;
                    if (LinkCount(file) > 1)
                    {
                        linked++;
                    }
                    else
                    {
                        own += length;
                    }
                }
            }

            return new DiskUse(blobs + metadata, apparent, own, DuBytes(data), SumFiles(Path.Combine(data, "uploads")), deployed, linked);
        }

        private static long SumFiles(string folder) => Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(static f => new FileInfo(f).Length)
            : 0;

        /// <summary>du counts a file with several hard links once, which is what the disk really holds.</summary>
        private static long DuBytes(string folder) =>
            long.Parse(Run("du", "-sb", folder).Split('\t')[0], CultureInfo.InvariantCulture);

        private static int LinkCount(string file) =>
            int.Parse(Run("stat", "-c", "%h", file).Trim(), CultureInfo.InvariantCulture);

        private static string Run(string command, params string[] arguments)
        {
            var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
    }
}
