using System.Reflection;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Server.Tests;

[TestClass]
public sealed class ServerDiagnosticsDocsTests
{
    private static List<DiagnosticDescriptor> Descriptors() =>
        [.. typeof(ServerDiagnostics).GetFields(BindingFlags.Public | BindingFlags.Static).Select(static f => (DiagnosticDescriptor)f.GetValue(null)!)];

    [TestMethod]
    public void Codes_are_unique_and_in_the_server_range()
    {
        var codes = Descriptors().Select(static d => d.Code).ToList();
        Assert.AreEqual(codes.Count, codes.Distinct().Count());
        foreach (var code in codes)
        {
            var number = int.Parse(code[3..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(code.StartsWith("OCP", StringComparison.Ordinal) && number is >= 5100 and <= 5299, code);
        }
    }

    [TestMethod]
    public void Every_code_has_a_page_with_title_severity_meaning_example_and_fix()
    {
        var docs = Path.Combine(RepositoryRoot(), "docs", "diagnostics");
        foreach (var descriptor in Descriptors())
        {
            var page = Path.Combine(docs, descriptor.Code + ".md");
            Assert.IsTrue(File.Exists(page), $"missing {page}");
            var text = File.ReadAllText(page);
            StringAssert.StartsWith(text, $"# {descriptor.Code}: {descriptor.Title}", descriptor.Code);
            StringAssert.Contains(text, $"Severity: {descriptor.Severity}", descriptor.Code);
            foreach (var section in new[] { "## What it means", "## Example", "## How to fix it" })
            {
                StringAssert.Contains(text, section, descriptor.Code);
            }
        }
    }

    [TestMethod]
    public void Every_server_code_is_used_by_the_server_or_the_compatibility_checker()
    {
        var root = RepositoryRoot();
        var sources = string.Concat(
            Directory.EnumerateFiles(Path.Combine(root, "src", "OneClickPublish.Server"), "*.cs", SearchOption.AllDirectories)
                .Append(Path.Combine(root, "src", "OneClickPublish.Core", "Compatibility", "CompatibilityChecker.cs"))
                .Select(File.ReadAllText));
        foreach (var field in typeof(ServerDiagnostics).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            StringAssert.Contains(sources, "ServerDiagnostics." + field.Name, $"{field.Name} is declared but never reported");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OneClickPublish.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OneClickPublish.sln not found above " + AppContext.BaseDirectory);
    }
}
