using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using OneClickPublish.Net472.Harness;
using OneClickPublish.Tests;

namespace OneClickPublish.Core.Tests.Net472;

/// <summary>
/// Core's net472 build is what Visual Studio's MSBuild.exe runs (tasks/net472/). Here it runs under Mono, in
/// tests/OneClickPublish.Net472.Harness, on the same cases as the net8.0 build in this process (both compile
/// CoreWork.cs), and every output must be the same: the report (each diagnostic's code, file, line, column and
/// message; what the merge changed; each XIF entry's size and SHA-256), the generated and merged sources, the
/// backups, and each XIF's entry names, entry bytes and manifest. Only compressed bytes may differ (another deflater).
/// </summary>
[TestClass]
public sealed class Net472HarnessTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly string Harness = Path.Combine(TestRepository.Root, "tests", "OneClickPublish.Net472.Harness", "bin", Configuration, "net472", "OneClickPublish.Net472.Harness.exe");

    [TestMethod]
    public void Core_on_net472_under_Mono_does_what_Core_on_net8_does()
    {
        var mono = FindMono() ?? throw new AssertFailedException(
            "mono is not installed, and this test runs Core's net472 build under it: apt-get update && apt-get install -y mono-complete (mono-runtime alone lacks the netstandard facade). CI's .ci/run installs it.");
        Assert.IsTrue(File.Exists(Harness), $"The harness was not built: {Harness} (it is built with this test project).");

        using var work = new TempDirectory();
        var cases = Path.Combine(work.Path, "cases");
        WriteCases(cases);
        var onMono = Path.Combine(work.Path, "net472");
        var inProcess = Path.Combine(work.Path, "net8.0");
        CopyDirectory(cases, onMono);
        CopyDirectory(cases, inProcess);

        var (exitCode, output) = Run(mono, Harness, onMono);
        Assert.AreEqual(0, exitCode, "the harness failed under Mono:\n" + output);
        CoreWork.Run(inProcess);

        var report = File.ReadAllText(Path.Combine(inProcess, CoreWork.ReportFile));
        Assert.AreEqual(report, File.ReadAllText(Path.Combine(onMono, CoreWork.ReportFile)), "reports differ (net8.0 expected, net472 actual)");
        AssertCasesRanAsIntended(report);

        var files = RelativeFiles(inProcess);
        CollectionAssert.AreEqual(files, RelativeFiles(onMono), "the two runs left different files");
        foreach (var file in files)
        {
            var expected = Path.Combine(inProcess, file);
            var actual = Path.Combine(onMono, file);
            if (file.EndsWith(CoreWork.XifFile, StringComparison.Ordinal))
            {
                AssertSameEntries(expected, actual);
            }
            else
            {
                CollectionAssert.AreEqual(File.ReadAllBytes(expected), File.ReadAllBytes(actual), file);
            }
        }
    }

    /// <summary>The sample with one change per case: merges that change the implementation, and each kind of verify error.</summary>
    private static void WriteCases(string root)
    {
        var sample = Path.Combine(TestRepository.Root, "samples", "HelloExtension");
        string Case(string name, Func<string, string>? edit = null)
        {
            var folder = Path.Combine(root, name);
            CopyDirectory(sample, folder);
            File.Delete(Path.Combine(folder, "HelloExtension.csproj"));
            Directory.CreateDirectory(Path.Combine(folder, "bin"));
            File.WriteAllBytes(Path.Combine(folder, "bin", "HelloExtension.dll"), Enumerable.Range(0, 300_000).Select(static i => (byte)(i * 7 % 251)).ToArray());
            if (edit is not null)
            {
                var definition = Path.Combine(folder, "extension.xml");
                var before = File.ReadAllText(definition);
                var after = edit(before);
                Assert.AreNotEqual(before, after, name);
                File.WriteAllText(definition, after);
            }

            return folder;
        }

        Case("merge-renamed-input-and-new-action", xml => xml
            .Replace("<Input Name=\"Times\"", "<Input Name=\"Count\"", StringComparison.Ordinal)
            .Replace("</Actions>", """
                  <Action Name="SayGoodbye" Key="act-saygoodbye" Description="Says goodbye.">
                    <Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who." />
                    <Output Name="Farewell" DataType="Text" Description="The farewell." />
                  </Action>
                </Actions>
                """, StringComparison.Ordinal));
        File.Delete(Path.Combine(Case("implementation-created"), "HelloExtensionActions.cs"));
        Case("unchanged");
        var studio = Path.Combine(root, "studio-geo");
        Directory.CreateDirectory(studio);
        File.WriteAllBytes(Path.Combine(studio, CoreWork.StudioInput), OneClickPublish.Tests.IntegrationStudio.StudioXifFixtures.Geo());
        Case("four-mistakes", xml => xml
            .Replace("<Action Name=\"Describe\"", "<Action Name=\"SayHello\"", StringComparison.Ordinal)
            .Replace("Name=\"Times\" DataType=\"Integer\"", "Name=\"Times\" DataType=\"Integr\"", StringComparison.Ordinal)
            .Replace("Version=\"1.0.0\"", "Version=\"1.0\"", StringComparison.Ordinal)
            .Replace("Identifier=\"true\" ", string.Empty, StringComparison.Ordinal));
        Case("not-well-formed", xml => xml.Replace("</Actions>", "</Action>", StringComparison.Ordinal));
        Case("recursive-structure", xml => xml.Replace("<Attribute Name=\"BirthDate\" DataType=\"Date\"",
            "<Attribute Name=\"Self\" DataType=\"Record\" RecordType=\"Person\" Description=\"Loop.\" /><Attribute Name=\"BirthDate\" DataType=\"Date\"", StringComparison.Ordinal));
        Case("record-without-record-type", xml => xml.Replace("RecordType=\"Person\" Mandatory=\"true\"", "Mandatory=\"true\"", StringComparison.Ordinal));
        Case("missing-resource", xml => xml.Replace("Resources/hello.png", "Resources/missing.png", StringComparison.Ordinal));
    }

    /// <summary>Equal reports prove little if nothing happened: each case did what it is there for.</summary>
    private static void AssertCasesRanAsIntended(string report)
    {
        var sections = report.Split("== ", StringSplitOptions.RemoveEmptyEntries).ToDictionary(static s => s[..s.IndexOf('\n', StringComparison.Ordinal)], StringComparer.Ordinal);
        StringAssert.Contains(sections["studio-geo"], "studio: Geo 3 actions, 19 parameters, 2 structures");
        StringAssert.Contains(sections["studio-geo"], "studio read back: ok, resources equal");
        StringAssert.Contains(sections["merge-renamed-input-and-new-action"], "change: ParametersChanged SayHello");
        StringAssert.Contains(sections["merge-renamed-input-and-new-action"], "change: StubAdded SayGoodbye");
        StringAssert.Contains(sections["implementation-created"], "change: FileCreated");
        StringAssert.Contains(sections["frameworks"], "OCP3018: The project targets net461, whose support by Microsoft ended on 2022-04-26");
        StringAssert.Contains(sections["frameworks"], "OCP3018: The project targets net6.0-windows, whose support by Microsoft ended on 2024-11-12");
        Assert.AreEqual(2, sections["frameworks"].Split("OCP3018").Length - 1, sections["frameworks"]);
        StringAssert.Contains(sections["frameworks"], "net48 runs net472\nnet10.0 runs net6.0\nnet10.0 does not run net48\n.NETFramework,Version=v4.8 runs netstandard2.0\n");
        foreach (var valid in new[] { "merge-renamed-input-and-new-action", "implementation-created", "unchanged" })
        {
            StringAssert.Contains(sections[valid], "read back: ok", valid);
            StringAssert.Contains(sections[valid], "entry: bin/HelloExtension.dll 300000 ", valid);
        }

        foreach (var broken in new[] { "four-mistakes", "not-well-formed", "recursive-structure", "record-without-record-type", "missing-resource" })
        {
            StringAssert.Matches(sections[broken], new System.Text.RegularExpressions.Regex(@"verify: Error OCP1\d{3} \{root\}/" + broken + @"/extension\.xml\([1-9]\d*,[1-9]\d*\)"), broken);
            Assert.IsFalse(sections[broken].Contains("entry:", StringComparison.Ordinal), broken);
        }

        Assert.IsTrue(sections["four-mistakes"].Split('\n').Count(static l => l.StartsWith("verify: Error", StringComparison.Ordinal)) >= 4, sections["four-mistakes"]);
    }

    private static void AssertSameEntries(string expected, string actual)
    {
        using var a = ZipFile.OpenRead(expected);
        using var b = ZipFile.OpenRead(actual);
        CollectionAssert.AreEqual(a.Entries.Select(static e => e.FullName).ToList(), b.Entries.Select(static e => e.FullName).ToList(), "entry names and order");
        Assert.AreEqual("manifest.json", a.Entries[0].FullName);
        for (var i = 0; i < a.Entries.Count; i++)
        {
            CollectionAssert.AreEqual(Read(a.Entries[i]), Read(b.Entries[i]), a.Entries[i].FullName);
            Assert.AreEqual(a.Entries[i].LastWriteTime, b.Entries[i].LastWriteTime, a.Entries[i].FullName);
        }
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static List<string> RelativeFiles(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static string? FindMono() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(static dir => Path.Combine(dir, "mono"))
            .FirstOrDefault(File.Exists);

    private static (int ExitCode, string Output) Run(string mono, string harness, string root)
    {
        var start = new ProcessStartInfo(mono)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(harness);
        start.ArgumentList.Add(root);
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the harness did not finish within 3 minutes under Mono");
        }

        output.Append(stdout.GetAwaiter().GetResult()).Append(stderr.GetAwaiter().GetResult());
        return (process.ExitCode, output.ToString());
    }
}
