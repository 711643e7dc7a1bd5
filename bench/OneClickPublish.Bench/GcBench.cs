using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using OneClickPublish.Server;
using OneClickPublish.Server.Retention;
using OneClickPublish.Server.Security;

namespace OneClickPublish.Bench;

/// <summary>
/// The collection figure of issue 9 point 6: "GC of 10,000 blobs with 1,000 versions: under 5 s,
/// memory flat". A data folder is made directly (schema by the server's own store, rows by SQL,
/// blob files with real SHA-256 names, all two hours old): N versions, 5 files each, all distinct,
/// so half the blobs are referenced and half are garbage. For each size it prints, side by side:
/// - baseline: the least any collector must do — list every blob file with its time and read every
///   reference into a set of strings (what a simple collector holds), then delete the garbage files
///   by their known paths (timed apart: "walk" and "delete");
/// - dry run: the collector's mark and walk (GarbageCollector.RunAsync, --dry-run);
/// - run: the real collection (moves the garbage aside, marks again, deletes), on a fresh copy each time;
/// - the managed heap's peak growth during each (sampled every millisecond) and the allocations.
/// "Memory flat": the collector holds the marked set (32 bytes a reference) and nothing per blob. The
/// heap figures include garbage not yet collected; run with DOTNET_GCgen0size=0x80000 to make them
/// close to the live memory (bench/gc.sh runs both).
/// Options: --sizes 1000,10000,50000 (blobs), --versions N (default: blobs / 10), --runs N (5), --keep.
/// </summary>
public static class GcBench
{
    private const int FilesPerVersion = 5;
    private const double TargetSeconds = 5;

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var sizes = Option(args, "--sizes", "1000,10000,50000").Split(',').Select(static s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var runs = int.Parse(Option(args, "--runs", "5"), CultureInfo.InvariantCulture);
        var fixedVersions = Option(args, "--versions", "0") is var v && v != "0" ? int.Parse(v, CultureInfo.InvariantCulture) : (int?)null;
        var root = Path.Combine(Path.GetTempPath(), "ocp-bench-gc-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"gc: {runs} runs per figure (median), load {Load()}");
        Console.WriteLine($"gen0 budget: {Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? "default"}");
        Console.WriteLine($"{"blobs",7} {"versions",8} | {"walk",9} {"delete",9} {"dry run",9} {"run",9} {"dry/walk",8} {"run/(w+d)",9} | {"heap+ base",10} {"heap+ dry",10} {"heap+ run",10} | {"alloc run",10}");
        var ok = true;
        try
        {
            foreach (var blobs in sizes)
            {
                var data = Path.Combine(root, blobs.ToString(CultureInfo.InvariantCulture));
                var versions = fixedVersions ?? blobs / 10;
                var garbage = await CreateAsync(data, blobs, versions);
                var garbagePaths = garbage.Select(c => BlobPath(data, c)).ToList();
                var options = new PlatformServerOptions { DataDirectory = data };

                var baseline = Sample(runs, () => { Baseline(data); return Task.CompletedTask; }, prepare: null);
                var delete = Sample(runs, () =>
                {
                    foreach (var path in garbagePaths)
                    {
                        File.Delete(path);
                    }

                    return Task.CompletedTask;
                }, prepare: () => Restore(data, garbage));
                var dry = Sample(runs, () => GarbageCollector.RunAsync(options, dryRun: true), prepare: null);
                var real = Sample(runs, async () =>
                {
                    var report = await GarbageCollector.RunAsync(options, dryRun: false);
                    if (report.Blobs != garbage.Count)
                    {
                        throw new InvalidOperationException($"the collection removed {report.Blobs} blobs, not {garbage.Count}");
                    }
                }, prepare: () => Restore(data, garbage));

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{blobs,7} {versions,8} | {Measure.Ms(baseline.Time),9} {Measure.Ms(delete.Time),9} {Measure.Ms(dry.Time),9} {Measure.Ms(real.Time),9} {dry.Time / baseline.Time,7:0.00}x {real.Time / (baseline.Time + delete.Time),8:0.00}x | {Mb(baseline.Heap),10} {Mb(dry.Heap),10} {Mb(real.Heap),10} | {Mb(real.Allocated),10}"));
                if (blobs == 10_000 && real.Time.TotalSeconds >= TargetSeconds)
                {
                    ok = false;
                }
            }

            Console.WriteLine(ok ? $"gc: 10,000 blobs under {TargetSeconds} s: PASS" : $"gc: 10,000 blobs under {TargetSeconds} s: FAIL");
            return ok ? 0 : 1;
        }
        finally
        {
            if (args.Contains("--keep"))
            {
                Console.WriteLine($"kept {root}");
            }
            else if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>The data folder: versions of 5 distinct files each, and the rest of the blobs used by no version.</summary>
    private static async Task<List<byte[]>> CreateAsync(string data, int blobs, int versions)
    {
        (await ApiKeyStore.OpenAsync(data)).Dispose(); // the server's schema, made by the server's store
        var random = new Random(blobs);
        var garbage = new List<byte[]>();
        using var connection = new SqliteConnection($"Data Source={Path.Combine(data, "metadata.db")};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        for (var v = 0; v < versions; v++)
        {
            var name = $"Ext{v / 100:000}";
            var version = $"1.{v % 100}.0";
            Execute(connection, transaction, "INSERT OR REPLACE INTO extensions (name_key, name, active_version) VALUES (@k, @n, @v)", ("@k", name.ToLowerInvariant()), ("@n", name), ("@v", version));
            Execute(connection, transaction,
                "INSERT INTO versions (name_key, version, sha256, published_at, published_by, deployment_path, definition) VALUES (@k, @v, @s, @t, 'bench', @p, '<Extension/>')",
                ("@k", name.ToLowerInvariant()), ("@v", version), ("@s", new string('0', 64)), ("@t", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)), ("@p", Path.Combine(data, "deployments", name, version)));
            for (var f = 0; f < FilesPerVersion; f++)
            {
                var sha = WriteBlob(data, Content(random));
                Execute(connection, transaction, "INSERT INTO version_files (name_key, version, path, sha256, size) VALUES (@k, @v, @p, @s, 2048)",
                    ("@k", name.ToLowerInvariant()), ("@v", version), ("@p", $"bin/File{f}.dll"), ("@s", sha));
            }
        }

        transaction.Commit();
        while (garbage.Count < blobs - (versions * FilesPerVersion))
        {
            var content = Content(random);
            WriteBlob(data, content);
            garbage.Add(content);
        }

        return garbage;
    }

    private static byte[] Content(Random random)
    {
        var bytes = new byte[2048];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string BlobPath(string data, byte[] content)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        return Path.Combine(data, "blobs", sha[..2], sha);
    }

    private static string WriteBlob(string data, byte[] content)
    {
        var path = BlobPath(data, content);
        var sha = Path.GetFileName(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddHours(-2)); // past the default grace period
        return sha;
    }

    private static void Restore(string data, List<byte[]> garbage)
    {
        foreach (var content in garbage)
        {
            WriteBlob(data, content);
        }
    }

    /// <summary>What any collector must do at least: every blob file with its time, and every reference.</summary>
    private static void Baseline(string data)
    {
        var references = new HashSet<string>(StringComparer.Ordinal);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "metadata.db")};Mode=ReadOnly"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT sha256 FROM version_files";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                references.Add(reader.GetString(0));
            }
        }

        var files = new DirectoryInfo(Path.Combine(data, "blobs")).EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => !references.Contains(f.Name) && f.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1)).ToList();
        GC.KeepAlive(files);
    }

    private sealed record Figure(TimeSpan Time, long Heap, long Allocated);

    /// <summary>Median time, and the largest managed-heap growth and allocation over the runs (after a warm-up).</summary>
    private static Figure Sample(int runs, Func<Task> action, Action? prepare)
    {
        prepare?.Invoke();
        action().GetAwaiter().GetResult(); // warm-up: JIT, file cache
        var times = new List<TimeSpan>();
        long heap = 0, allocated = 0;
        for (var i = 0; i < runs; i++)
        {
            prepare?.Invoke();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var before = GC.GetTotalMemory(forceFullCollection: false);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            long peak = before;
            using var done = new CancellationTokenSource();
            var sampler = Task.Run(() =>
            {
                while (!done.IsCancellationRequested)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
                    Thread.Sleep(1);
                }
            });
            var watch = Stopwatch.StartNew();
            action().GetAwaiter().GetResult();
            watch.Stop();
            done.Cancel();
            sampler.GetAwaiter().GetResult();
            times.Add(watch.Elapsed);
            heap = Math.Max(heap, Math.Max(peak, GC.GetTotalMemory(false)) - before);
            allocated = Math.Max(allocated, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
        }

        times.Sort();
        return new Figure(times[times.Count / 2], heap, allocated);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Constants of the bench.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024).ToString("0.00", CultureInfo.InvariantCulture) + " MB";

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] + $" on {Environment.ProcessorCount} cores" : "n/a";
}
