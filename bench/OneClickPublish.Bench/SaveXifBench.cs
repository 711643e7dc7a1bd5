using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using OneClickPublish.Xif;

namespace OneClickPublish.Bench;

/// <summary>
/// SaveXif against System.IO.Compression.ZipFile.CreateFromDirectory packing the same files at the
/// same compression level, side by side in this process, runs interleaved so both see the same
/// machine load. Target (issue 2): XifWriter median at most 1.3x the ZipFile median.
/// Options: --size-mb N (200), --runs N (5), --level Optimal|Fastest|SmallestSize|NoCompression.
/// </summary>
internal static class SaveXifBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var sizeMb = IntOption(args, "--size-mb", 200);
        var runs = IntOption(args, "--runs", 5);
        var level = Enum.Parse<CompressionLevel>(StringOption(args, "--level", nameof(CompressionLevel.Optimal)));

        var root = Path.Combine(Path.GetTempPath(), "ocp-bench-savexif-" + Guid.NewGuid().ToString("N"));
        try
        {
            var project = Path.Combine(root, "project");
            var spec = Generate(project, sizeMb * 1024L * 1024L, level);
            var xifPath = Path.Combine(root, "out", "Bench.1.0.0.xif");
            var zipPath = Path.Combine(root, "out", "Bench.zip");
            Directory.CreateDirectory(Path.GetDirectoryName(xifPath)!);

            void WriteXif() => XifWriter.Write(spec, xifPath);
            void WriteZip()
            {
                File.Delete(zipPath);
                ZipFile.CreateFromDirectory(project, zipPath, level, includeBaseDirectory: false);
            }

            // Warm-up (JIT, file cache), then interleave so that load changes hit both alike.
            WriteXif();
            WriteZip();
            var xifTimes = new List<TimeSpan>();
            var zipTimes = new List<TimeSpan>();
            for (var i = 0; i < runs; i++)
            {
                if (i % 2 == 0)
                {
                    xifTimes.Add(Time(WriteXif));
                    zipTimes.Add(Time(WriteZip));
                }
                else
                {
                    zipTimes.Add(Time(WriteZip));
                    xifTimes.Add(Time(WriteXif));
                }
            }

            var xif = Median(xifTimes);
            var zip = Median(zipTimes);
            var ratio = xif.TotalMilliseconds / zip.TotalMilliseconds;
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine($"savexif: {spec.Entries.Count + 1} files, {sizeMb} MB, level {level}, {runs} runs each (interleaved), medians");
            Console.WriteLine($"  XifWriter.Write                 {Measure.Ms(xif),12}   output {new FileInfo(xifPath).Length / 1048576.0:0.0} MB");
            Console.WriteLine($"  ZipFile.CreateFromDirectory     {Measure.Ms(zip),12}   output {new FileInfo(zipPath).Length / 1048576.0:0.0} MB");
            Console.WriteLine($"  ratio XifWriter / ZipFile       {ratio.ToString("0.00", inv),12}x  (target <= 1.30x) {(ratio <= 1.3 ? "OK" : "OVER")}");
            return Task.FromResult(ratio <= 1.3 ? 0 : 1);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Binary-like content: a few large assemblies and many small ones, each a mix of 64 KiB
    /// blocks of random bytes (already-compressed resources, signatures) and blocks of repetitive
    /// structured bytes (metadata tables, IL, strings) that deflate well.
    /// </summary>
    private static XifPackageSpec Generate(string project, long totalBytes, CompressionLevel level)
    {
        var random = new Random(20261124);
        var words = Enumerable.Range(0, 512).Select(_ => RandomToken(random)).ToArray();
        var entries = new List<XifSourceEntry>();
        var block = new byte[64 * 1024];
        long written = 0;
        var index = 0;
        while (written < totalBytes)
        {
            // Sizes: mostly 50 KB-2 MB, one file in ten 5-20 MB.
            long size = index % 10 == 0 ? random.Next(5, 21) * 1024L * 1024L : random.Next(50, 2048) * 1024L;
            size = Math.Min(size, totalBytes - written);
            var relative = $"bin/{(index % 3 == 0 ? "runtimes/" : string.Empty)}Lib{index:D4}.dll";
            var path = Path.Combine(project, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using (var file = File.Create(path))
            {
                for (long left = size; left > 0; left -= block.Length)
                {
                    if (random.Next(100) < 45)
                    {
                        random.NextBytes(block);
                    }
                    else
                    {
                        FillStructured(block, words, random);
                    }

                    file.Write(block, 0, (int)Math.Min(left, block.Length));
                }
            }

            entries.Add(new XifSourceEntry(path, relative, XifEntryKind.Binary, Definition.DeployAction.Binaries));
            written += size;
            index++;
        }

        var definition = Path.Combine(project, "extension.xml");
        File.WriteAllText(definition, "<Extension xmlns=\"urn:oneclickpublish:extension:v1\" Name=\"Bench\" Version=\"1.0.0\" />");
        return new XifPackageSpec
        {
            ExtensionName = "Bench",
            ExtensionVersion = "1.0.0",
            DefinitionPath = definition,
            Entries = entries,
            CompressionLevel = level,
        };
    }

    private static void FillStructured(byte[] block, string[] words, Random random)
    {
        var i = 0;
        while (i < block.Length)
        {
            var word = words[random.Next(words.Length)];
            for (var j = 0; j < word.Length && i < block.Length; j++)
            {
                block[i++] = (byte)word[j];
            }

            if (i < block.Length)
            {
                block[i++] = (byte)random.Next(0, 8); // small integers, as in metadata tables
            }
        }
    }

    private static string RandomToken(Random random)
    {
        var chars = new char[random.Next(3, 14)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next('A', 'z' + 1);
        }

        return new string(chars);
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

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string StringOption(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
