using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>Help links lead somewhere from a user's project: to the pages the package ships, or to a hosted copy.</summary>
[TestClass]
public sealed class HelpLinkTests
{
    [TestMethod]
    public void The_package_ships_a_page_for_every_code_and_a_readme_for_users()
    {
        using var package = ZipFile.OpenRead(PackedPackage.NupkgPath);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        var codes = AllCodes();
        Assert.IsTrue(codes.Count > 100, "the catalogues were found");
        var missing = codes.Where(c => !entries.Contains($"docs/diagnostics/{c}.md")).ToList();
        Assert.AreEqual(0, missing.Count, "no page in the package for " + string.Join(", ", missing));

        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        var text = readme.ReadToEnd();
        StringAssert.Contains(text, "dotnet add package OneClickPublish");
        Assert.IsFalse(text.Contains("## Repository layout", StringComparison.Ordinal), "the repository's README is not the package's");
    }

    [TestMethod]
    public void A_warning_of_a_real_build_links_to_its_page_in_the_restored_package()
    {
        var sample = SampleProject.Copy();
        sample.EditDefinition(xml => xml.Replace(" Description=\"Builds a greeting for a person.\"", string.Empty, StringComparison.Ordinal));

        var events = Build(sample);

        var warnings = events.Where(e => e.GetProperty("type").GetString() == "warning" && e.GetProperty("code").GetString()!.StartsWith("OCP", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(warnings.Count > 0, "the missing description is a warning");
        foreach (var warning in warnings)
        {
            var link = warning.GetProperty("helpLink").GetString()!;
            Assert.IsTrue(Path.IsPathRooted(link), link);
            Assert.IsTrue(File.Exists(link), $"{link} does not exist");
            Assert.AreEqual(warning.GetProperty("code").GetString() + ".md", Path.GetFileName(link));
            StringAssert.Contains(link, PackedPackage.Version, "the page of the package this build restored");
        }
    }

    [TestMethod]
    public void OneClickPublishHelpLinkBase_points_links_at_a_hosted_copy()
    {
        var sample = SampleProject.Copy();
        sample.EditDefinition(xml => xml.Replace(" Description=\"Builds a greeting for a person.\"", string.Empty, StringComparison.Ordinal));

        var events = Build(sample, "-p:OneClickPublishHelpLinkBase=https://docs.example.test/diagnostics/{0}.html");

        var warning = events.First(e => e.GetProperty("type").GetString() == "warning" && e.GetProperty("code").GetString()!.StartsWith("OCP", StringComparison.Ordinal));
        Assert.AreEqual($"https://docs.example.test/diagnostics/{warning.GetProperty("code").GetString()}.html", warning.GetProperty("helpLink").GetString());
    }

    /// <summary>Builds with the package's own event-stream logger, which records each diagnostic's help link as MSBuild received it.</summary>
    private static List<JsonElement> Build(SampleProject sample, params string[] arguments)
    {
        var restore = DotNet.Run(sample.Directory, "restore", sample.ProjectFile, "-nologo");
        Assert.IsTrue(restore.Succeeded, restore.ToString());
        var root = DotNet.Run(sample.Directory, "msbuild", sample.ProjectFile, "-nologo", "-getProperty:NuGetPackageRoot").Output.Trim();
        var tasks = Directory.GetFiles(Path.Combine(root, "oneclickpublish", PackedPackage.Version.ToLowerInvariant(), "tasks"), "OneClickPublish.Tasks.dll", SearchOption.AllDirectories)
            .First(f => f.Contains("net8.0", StringComparison.Ordinal) || f.Contains("net10.0", StringComparison.Ordinal));
        var log = Path.Combine(sample.Directory, "events.jsonl");
        var result = sample.Build(["--no-restore", $"-logger:OneClickPublish.Tasks.Logging.EventStreamLogger,{tasks};LogFile={log}", .. arguments]);
        Assert.IsTrue(result.Succeeded, result.ToString());
        return File.ReadAllLines(log).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    private static List<string> AllCodes() =>
        typeof(DiagnosticDescriptor).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Code)
            .Distinct()
            .ToList();
}
