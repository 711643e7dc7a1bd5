using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using OneClickPublish.Diagnostics;
using OneClickPublish.IntegrationStudio;

namespace OneClickPublish.Bench;

/// <summary>
/// Integration Studio's .xif, shaped like the largest real ones (issue 8): 100 actions, 350 parameters,
/// 20 structures, 10 MB of resources, about 13 MB of XML. Generates the file (written here following the
/// format page, as the tests' fixtures are), then times in this process (a) reading it with the resources
/// streamed to files, (b) writing the export's XML into one zlib stream against ZLibStream compressing the
/// same XML bytes (target: at most 1.5x), runs interleaved. The whole <c>oneclick import</c> (wall time and
/// peak working set) is timed by bench/import-xif.sh, which calls this with --generate-only.
/// Options: --runs N (5), --generate-only PATH.
/// </summary>
internal static class StudioXifBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var runs = IntOption(args, "--runs", 5);
        var root = Path.Combine(Path.GetTempPath(), "ocp-bench-studio-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var xml = GenerateXml();
            var xif = Compress(xml);
            var only = StringOption(args, "--generate-only", null);
            if (only is not null)
            {
                File.WriteAllBytes(only, xif);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {only}: {xif.Length / 1e6:0.0} MB, {xml.Length / 1e6:0.0} MB of XML"));
                return Task.FromResult(0);
            }

            var path = Path.Combine(root, "Big.xif");
            File.WriteAllBytes(path, xif);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"file {xif.Length / 1e6:0.0} MB, XML {xml.Length / 1e6:0.0} MB"));

            StudioExtension? read = null;
            var readTime = Measure.Median(runs, () => read = Read(path, Path.Combine(root, "sink")));
            Console.WriteLine($"read (resources streamed to files): median {Measure.Ms(readTime)}, {read!.Actions.Count} actions, {read.Actions.Sum(a => a.Parameters.Count)} parameters, {read.Structures.Count} structures");

            // The export's writer over the kept tree with the same resource bytes, against ZLibStream on the same XML.
            var data = read.Resources.ToDictionary(r => r.Node, r => Path.Combine(root, "sink", r.RelativePath));
            var exportTimes = new List<TimeSpan>();
            var zlibTimes = new List<TimeSpan>();
            for (var i = 0; i < runs + 1; i++)
            {
                var export = Time(() => Export(read.Root, data));
                var zlib = Time(() => Compress(xml));
                if (i > 0)
                {
                    exportTimes.Add(export);
                    zlibTimes.Add(zlib);
                }
            }

            var exportMedian = Median(exportTimes);
            var zlibMedian = Median(zlibTimes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"export: median {Measure.Ms(exportMedian)}; ZLibStream on the same XML: median {Measure.Ms(zlibMedian)}; ratio {exportMedian / zlibMedian:0.00} (target <= 1.5)"));
            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static StudioExtension Read(string path, string sink)
    {
        if (Directory.Exists(sink))
        {
            Directory.Delete(sink, recursive: true);
        }

        var options = new StudioXifReadOptions
        {
            OpenResourceData = resource =>
            {
                var file = Path.Combine(sink, resource.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                return File.Create(file);
            },
        };
        var diagnostics = new DiagnosticBag();
        return StudioXifReader.Read(path, diagnostics, options) ?? throw new InvalidOperationException(string.Join('\n', diagnostics));
    }

    private static long Export(StudioNode root, Dictionary<StudioNode, string> data)
    {
        var export = StudioExport.Of(root, data);
        var output = Path.Combine(Path.GetTempPath(), "ocp-bench-export-" + Guid.NewGuid().ToString("N") + ".xif");
        try
        {
            StudioXifWriter.Write(export, "/", output);
            return new FileInfo(output).Length;
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>The XML of a large extension, element by element as the format page shows them.</summary>
    private static byte[] GenerateXml()
    {
        var random = new Random(8);
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n");
        xml.Append("<Extension Key=\"").Append(Key(0)).Append("\" CodeKey=\"4390E34A-6719-45EE-AB5D-4EF5709B6D82\" Name=\"Big\" ApplicationServerType=\"NET\" Database=\"All\" System=\"No\" Valid=\"Yes\" Description=\"\" LastUpgradeVersion=\"11.0.0.200\" ActivationCode=\"\" IsOpenSourceProduct=\"No\" Generation=\"3\" Hash=\"\" Version=\"11.14.25.134\" LastModifiedUTC=\"2024-03-01 10:00:00\" DirectUpgradeFrom=\"\">\r\n");
        xml.Append("  <Resources>\r\n");
        for (var r = 0; r < 40; r++)
        {
            // 10 MB in all: 40 files of 256 KB; half incompressible (binaries), half text-like (sources).
            var bytes = new byte[256 * 1024];
            if (r % 2 == 0)
            {
                random.NextBytes(bytes);
            }
            else
            {
                for (var i = 0; i < bytes.Length; i++)
                {
                    bytes[i] = (byte)"public void Method() { return; }\r\n"[i % 34];
                }
            }

            var folder = r % 2 == 0 ? @"\Source\NET\Bin\" : @"\Source\NET\";
            xml.Append("    <Resource Key=\"").Append(Key(1000 + r)).Append("\" Filename=\"File").Append(r).Append(r % 2 == 0 ? ".dll" : ".cs")
                .Append("\" Description=\"\" ImportDetails=\"\" CompileAction=\"").Append(r % 2 == 0 ? "Binaries" : "Ignore").Append("\" LastModified=\"2024-03-01 10:00:00\" Path=\"").Append(folder).Append("\" CodeReference=\"No\">\r\n");
            xml.Append("      <Data>").Append(Convert.ToBase64String(bytes)).Append("</Data>\r\n      <References />\r\n    </Resource>\r\n");
        }

        xml.Append("  </Resources>\r\n  <Actions>\r\n");
        var parameter = 0;
        for (var a = 0; a < 100; a++)
        {
            xml.Append("    <Action Key=\"").Append(Key(2000 + a)).Append("\" Name=\"Action").Append(a).Append("\" Description=\"Does thing ").Append(a).Append("\" ImportDetails=\"\" IsFunction=\"No\">\r\n");
            xml.Append("      <Body></Body>\r\n      <JavaBody></JavaBody>\r\n      <Variables>\r\n");
            var count = a < 50 ? 4 : 3; // 350 parameters
            for (var p = 0; p < count; p++, parameter++)
            {
                var input = p % 2 == 0;
                var record = p == 2 && a % 5 == 0;
                xml.Append("        <").Append(input ? "InputParameter" : "OutputParameter").Append(" Key=\"").Append(Key(5000 + parameter)).Append("\" Name=\"P").Append(p)
                    .Append("\" Description=\"\"").Append(input ? " IsMandatory=\"Yes\"" : string.Empty).Append(" Type=\"").Append(record ? "rtRecord" : "rtText").Append("\" Default=\"\" RecordType=\"")
                    .Append(record ? Key(9000 + (a % 20)) + "," : string.Empty).Append("\">\r\n");
                xml.Append("          <Expression Name=\"Default\" StringText=\"\"><Empty position=\"1\" Type=\"rtNone\" /></Expression>\r\n");
                xml.Append("        </").Append(input ? "InputParameter" : "OutputParameter").Append(">\r\n");
            }

            xml.Append("      </Variables>\r\n    </Action>\r\n");
        }

        xml.Append("  </Actions>\r\n  <Structures>\r\n");
        for (var s = 0; s < 20; s++)
        {
            xml.Append("    <Structure Key=\"").Append(Key(9000 + s)).Append("\" Name=\"Structure").Append(s).Append("\" Description=\"\" ImportDetails=\"\">\r\n");
            for (var t = 0; t < 6; t++)
            {
                xml.Append("      <Attribute Key=\"").Append(Key(10000 + (s * 10) + t)).Append("\" Name=\"Field").Append(t).Append("\" Description=\"\" IsMandatory=\"No\" Type=\"rtText\" DefaultValue=\"\" Decimals=\"\" Length=\"50\" RecordType=\"\">\r\n");
                xml.Append("        <Expression Name=\"DefaultValue\" StringText=\"\"><Empty position=\"1\" Type=\"rtNone\" /></Expression>\r\n");
                xml.Append("        <Expression Name=\"Decimals\" StringText=\"\"><Empty position=\"1\" Type=\"rtNone\" /></Expression>\r\n");
                xml.Append("        <Expression Name=\"Length\" StringText=\"50\"><Integer position=\"1\" value=\"50\" Type=\"rtInteger\"></Integer></Expression>\r\n");
                xml.Append("      </Attribute>\r\n");
            }

            xml.Append("    </Structure>\r\n");
        }

        xml.Append("  </Structures>\r\n  <Entities />\r\n  <Technologies />\r\n</Extension>");
        return [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(xml.ToString())];
    }

    private static string Key(int n) => StudioKeys.FromBytes(new Guid(n, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]).ToByteArray());

    private static byte[] Compress(byte[] xml)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(xml);
        }

        return output.ToArray();
    }

    private static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        times.Sort();
        return times[times.Count / 2];
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        StringOption(args, name, null) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? StringOption(string[] args, string name, string? fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
