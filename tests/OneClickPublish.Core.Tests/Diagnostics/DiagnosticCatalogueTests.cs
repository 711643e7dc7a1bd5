using System.Reflection;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tests;

namespace OneClickPublish.Core.Tests.Diagnostics;

/// <summary>
/// One check for every catalogue: each area keeps to its code range, no code is used twice across
/// areas (catalogues are written separately), and each code has its documentation page.
/// </summary>
[TestClass]
public sealed class DiagnosticCatalogueTests
{
    private static readonly (Type Catalogue, int First, int Last)[] Catalogues =
    [
        (typeof(PipelineDiagnostics), 1, 99),
        (typeof(TaskDiagnostics), 100, 199),
        (typeof(DefinitionDiagnostics), 1001, 1099),
        (typeof(SourceDiagnostics), 2001, 2099),
        (typeof(CompileDiagnostics), 3001, 3099),
        (typeof(XifDiagnostics), 4001, 4099),
        (typeof(PlatformDiagnostics), 5001, 5099),
        (typeof(ServerDiagnostics), 5100, 5299),
        (typeof(FeedDiagnostics), 5300, 5349),
        (typeof(ConsoleDiagnostics), 5350, 5399),
        (typeof(ImportExportDiagnostics), 6001, 6099),
        (typeof(ToolDiagnostics), 7001, 7099),
    ];

    [TestMethod]
    public void Every_catalogue_in_core_is_listed_here()
    {
        var catalogues = typeof(DiagnosticDescriptor).Assembly.GetTypes()
            .Where(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Any(f => f.FieldType == typeof(DiagnosticDescriptor)))
            .ToHashSet();

        CollectionAssert.AreEquivalent(catalogues.ToList(), Catalogues.Select(c => c.Catalogue).ToList());
    }

    [TestMethod]
    public void Codes_are_in_their_area_s_range_and_unique_across_areas()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (catalogue, first, last) in Catalogues)
        {
            foreach (var descriptor in Descriptors(catalogue))
            {
                var number = int.Parse(descriptor.Code[3..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.IsTrue(descriptor.Code.StartsWith("OCP", StringComparison.Ordinal) && descriptor.Code.Length == 7, descriptor.Code);
                Assert.IsTrue(number >= first && number <= last, $"{descriptor.Code} of {catalogue.Name} is outside {first}–{last}");
                Assert.IsTrue(seen.TryAdd(descriptor.Code, catalogue.Name), $"{descriptor.Code} is in {seen.GetValueOrDefault(descriptor.Code)} and {catalogue.Name}");
            }
        }
    }

    [TestMethod]
    public void Every_code_has_a_page_with_its_title_severity_meaning_example_and_fix()
    {
        var root = TestRepository.Root;
        foreach (var descriptor in Catalogues.SelectMany(c => Descriptors(c.Catalogue)))
        {
            var page = Path.Combine(root, descriptor.HelpLink);
            Assert.IsTrue(File.Exists(page), $"{descriptor.Code} has no page {descriptor.HelpLink}");
            var text = File.ReadAllText(page);
            StringAssert.StartsWith(text, $"# {descriptor.Code}: {descriptor.Title}", descriptor.Code);
            StringAssert.Matches(text, new System.Text.RegularExpressions.Regex($"(?i)severity\\W+{descriptor.Severity}"), descriptor.Code);
            foreach (var section in new[] { "## What it means", "## Example" })
            {
                StringAssert.Contains(text, section, descriptor.Code);
            }

            Assert.IsTrue(text.Contains("## How to fix", StringComparison.Ordinal) || text.Contains("## What to do", StringComparison.Ordinal), descriptor.Code);
        }
    }

    private static IEnumerable<DiagnosticDescriptor> Descriptors(Type catalogue) =>
        catalogue.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);
}
