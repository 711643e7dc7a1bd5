using System.Globalization;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Verification;

namespace OneClickPublish.Bench;

/// <summary>
/// VerifyDefinition in process: read + verify of generated definitions of 1,000, 10,000 and 50,000
/// actions with 5 parameters each. Targets (issue 2): 10k under 300 ms, 50k/10k at most 5.5x.
/// </summary>
public static class VerifyBench
{
    private static readonly int[] Sizes = [1_000, 10_000, 50_000];

    public static Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var runs = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 9;
        var medians = new Dictionary<int, TimeSpan>();

        // Steady state, as in a long-lived build node: let tiered JIT promote the reader and verifier
        // (Measure.Median's single warm-up run leaves them in tier 0 on a busy machine).
        var warmUp = DefinitionWriter.WriteToString(Generate(1_000));
        for (var i = 0; i < 40; i++)
        {
            ReadAndVerify(warmUp);
        }

        Thread.Sleep(500); // the background tier-1 compiler works after a delay
        foreach (var size in Sizes)
        {
            var xml = DefinitionWriter.WriteToString(Generate(size));
            var (median, cpu, gc) = MedianFromCleanHeap(runs, () => ReadAndVerify(xml));
            medians[size] = median;
            Console.WriteLine($"verify {size,6} actions x 5 parameters ({xml.Length / 1024 / 1024.0:0.0} MB of XML): median {Measure.Ms(median)} (process CPU {Measure.Ms(cpu)}) over {runs} runs");
            // The GC-pause analysis in docs/benchmarks.md: how much of a run is the collector's, and of which generation.
            Console.WriteLine($"        GC in the median run: {Measure.Ms(gc.Pause)} paused, {gc.Gen0} gen0 / {gc.Gen1} gen1 / {gc.Gen2} gen2 collections, {gc.Allocated / 1024 / 1024} MB allocated (concurrent GC: {(System.Runtime.GCSettings.LatencyMode != System.Runtime.GCLatencyMode.Batch ? "on" : "off")})");
        }

        var ratio = medians[50_000].TotalMilliseconds / medians[10_000].TotalMilliseconds;
        Console.WriteLine($"load average while measuring: {LoadAverage()}");
        var within = medians[10_000].TotalMilliseconds < 300;
        Console.WriteLine($"verify 10k: {Measure.Ms(medians[10_000])} (target < 300 ms): {(within ? "ok" : "MISSED")}");
        Console.WriteLine($"verify 50k/10k ratio: {ratio.ToString("0.00", CultureInfo.InvariantCulture)}x (target <= 5.5x): {(ratio <= 5.5 ? "ok" : "MISSED")}");
        return Task.FromResult(within && ratio <= 5.5 ? 0 : 1);
    }

    /// <summary>
    /// Like <see cref="Measure.Median"/>, but each run starts from a collected heap (as BenchmarkDotNet
    /// does by default): otherwise run n pays for collecting the models of runs 1..n-1, which a build
    /// verifying one definition never does. Also gives the median CPU time of the process (every
    /// thread, the GC's included), which says more than wall time when the machine is shared.
    /// </summary>
    private static (TimeSpan Wall, TimeSpan Cpu, GcCost Gc) MedianFromCleanHeap(int runs, Action action)
    {
        var walls = new List<TimeSpan>(runs);
        var costs = new List<(TimeSpan Wall, GcCost Gc)>(runs);
        var cpus = new List<TimeSpan>(runs);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var before = GcCost.Now();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            action();
            walls.Add(watch.Elapsed);
            costs.Add((watch.Elapsed, GcCost.Now() - before));
            process.Refresh();
            cpus.Add(process.TotalProcessorTime - cpu);
        }

        walls.Sort();
        cpus.Sort();
        return (walls[runs / 2], cpus[runs / 2], costs.OrderBy(static c => c.Wall).ElementAt(runs / 2).Gc);
    }

    /// <summary>The collector's share of a run: pause time, collections per generation, bytes allocated.</summary>
    private readonly record struct GcCost(TimeSpan Pause, int Gen0, int Gen1, int Gen2, long Allocated)
    {
        public static GcCost Now() => new(GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes(precise: false));

        // CollectionCount(0) counts every collection; a gen1 one is also a gen0 one: report each by its own generation.
        public static GcCost operator -(GcCost after, GcCost before)
        {
            var gen2 = after.Gen2 - before.Gen2;
            var gen1 = after.Gen1 - before.Gen1 - gen2;
            return new(after.Pause - before.Pause, after.Gen0 - before.Gen0 - gen1 - gen2, gen1, gen2, after.Allocated - before.Allocated);
        }
    }

    private static void ReadAndVerify(string xml)
    {
        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Parse(xml, "extension.xml", diagnostics)
            ?? throw new InvalidOperationException("The generated definition did not parse.");
        DefinitionVerifier.Verify(definition, diagnostics);
        if (diagnostics.Count > 0)
        {
            throw new InvalidOperationException($"The generated definition is not clean: {diagnostics[0]}");
        }
    }

    /// <summary>A realistic shape: mixed data types, records, defaults, keys and descriptions on everything.</summary>
    public static ExtensionDefinition Generate(int actions)
    {
        var definition = new ExtensionDefinition
        {
            Name = "BenchExtension",
            VersionText = "1.0.0",
            Version = NuGet.Versioning.NuGetVersion.Parse("1.0.0"),
            Namespace = "Bench.Extension",
            Description = "Generated for the VerifyDefinition benchmark.",
        };
        var structures = Math.Max(1, actions / 100);
        for (var s = 0; s < structures; s++)
        {
            var structure = new StructureDefinition { Name = $"Item{s}", Key = $"str-{s}", Description = "A generated structure." };
            structure.Attributes.Add(new AttributeDefinition { Name = "Label", DataTypeName = "Text", DataType = DataType.Text, Length = 50, IsMandatory = true });
            structure.Attributes.Add(new AttributeDefinition { Name = "Amount", DataTypeName = "Decimal", DataType = DataType.Decimal, Length = 18, Decimals = 2, DefaultValue = "0.00" });
            if (s > 0)
            {
                structure.Attributes.Add(new AttributeDefinition { Name = "Previous", DataTypeName = "Record", DataType = DataType.Record, RecordType = $"Item{s - 1}" });
            }

            definition.Structures.Add(structure);
        }

        for (var a = 0; a < actions; a++)
        {
            var action = new ActionDefinition { Name = $"Action{a}", Key = $"act-{a}", Description = "A generated action.", IsFunction = a % 10 == 0 };
            action.Parameters.Add(new ParameterDefinition { Name = "Text", DataTypeName = "Text", DataType = DataType.Text, IsMandatory = true, Description = "Some text." });
            action.Parameters.Add(new ParameterDefinition { Name = "Count", DataTypeName = "Integer", DataType = DataType.Integer, DefaultValue = "10" });
            action.Parameters.Add(new ParameterDefinition { Name = "Item", DataTypeName = "Record", DataType = DataType.Record, RecordType = $"Item{a % structures}" });
            action.Parameters.Add(new ParameterDefinition { Name = "When", Direction = ParameterDirection.Output, DataTypeName = "Date Time", DataType = DataType.DateTime });
            if (action.IsFunction)
            {
                action.Parameters.Add(new ParameterDefinition { Name = "Flag", DataTypeName = "Boolean", DataType = DataType.Boolean, DefaultValue = "false" });
            }
            else
            {
                action.Parameters.Add(new ParameterDefinition { Name = "Items", Direction = ParameterDirection.Output, DataTypeName = "Record List", DataType = DataType.RecordList, RecordType = $"Item{a % structures}" });
            }

            definition.Actions.Add(action);
        }

        return definition;
    }

    /// <summary>The 1-minute load average on Linux (the figures mean little when it is far above the core count); "n/a" elsewhere.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? $"{File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores" : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
