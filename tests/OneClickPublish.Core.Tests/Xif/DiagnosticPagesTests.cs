using System.Reflection;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Tests.Xif;

/// <summary>Every code of the XIF and Compile catalogues is in its range, unique, and has its page in docs/diagnostics.</summary>
[TestClass]
public sealed class DiagnosticPagesTests
{
    private static IEnumerable<DiagnosticDescriptor> Descriptors(Type catalogue) =>
        catalogue.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OneClickPublish.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("OneClickPublish.sln not found above the test folder.");
    }

    [TestMethod]
    [DataRow(typeof(XifDiagnostics), 4001, 4099)]
    [DataRow(typeof(CompileDiagnostics), 3001, 3099)]
    public void Every_code_is_in_range_unique_and_documented(Type catalogue, int first, int last)
    {
        var descriptors = Descriptors(catalogue).ToList();
        Assert.IsTrue(descriptors.Count > 0);
        Assert.AreEqual(descriptors.Count, descriptors.Select(d => d.Code).Distinct().Count(), "codes are unique");
        foreach (var descriptor in descriptors)
        {
            var number = int.Parse(descriptor.Code.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(number >= first && number <= last, $"{descriptor.Code} is outside {first}-{last}");
            var page = Path.Combine(RepositoryRoot(), "docs", "diagnostics", descriptor.Code + ".md");
            Assert.IsTrue(File.Exists(page), $"{page} is missing");
            var text = File.ReadAllText(page);
            StringAssert.StartsWith(text, $"# {descriptor.Code}: {descriptor.Title}");
            foreach (var section in new[] { "## What it means", "## Example", "## How to fix it" })
            {
                StringAssert.Contains(text, section, $"{descriptor.Code}.md");
            }
        }
    }
}
