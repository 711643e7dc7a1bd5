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
            var (median, cpu) = MedianFromCleanHeap(runs, () => ReadAndVerify(xml));
            medians[size] = median;
            Console.WriteLine($"verify {size,6} actions x 5 parameters ({xml.Length / 1024 / 1024.0:0.0} MB of XML): median {Measure.Ms(median)} (process CPU {Measure.Ms(cpu)}) over {runs} runs");
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
    private static (TimeSpan Wall, TimeSpan Cpu) MedianFromCleanHeap(int runs, Action action)
    {
        var walls = new List<TimeSpan>(runs);
        var cpus = new List<TimeSpan>(runs);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            action();
            walls.Add(watch.Elapsed);
            process.Refresh();
            cpus.Add(process.TotalProcessorTime - cpu);
        }

        walls.Sort();
        cpus.Sort();
        return (walls[runs / 2], cpus[runs / 2]);
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
