using System.Reflection;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Core.Tests.CodeGeneration;

[TestClass]
public sealed class SourceDiagnosticsTests
{
    private static IEnumerable<DiagnosticDescriptor> Descriptors() =>
        typeof(SourceDiagnostics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(static f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(static f => (DiagnosticDescriptor)f.GetValue(null)!);

    [TestMethod]
    public void Codes_are_unique_and_in_the_UpdateSource_range()
    {
        var codes = Descriptors().Select(static d => d.Code).ToList();

        Assert.IsTrue(codes.Count >= 8);
        Assert.AreEqual(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
        foreach (var code in codes)
        {
            StringAssert.Matches(code, new System.Text.RegularExpressions.Regex("^OCP20(0[1-9]|[1-9][0-9])$"));
        }
    }

    [TestMethod]
    public void Every_code_has_a_documentation_page_with_its_title_and_severity()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "OneClickPublish.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new AssertFailedException("repository root not found");
        }

        foreach (var descriptor in Descriptors())
        {
            var page = Path.Combine(root, descriptor.HelpLink);
            Assert.IsTrue(File.Exists(page), page);
            var text = File.ReadAllText(page);
            StringAssert.StartsWith(text, $"# {descriptor.Code}: {descriptor.Title}\n");
            StringAssert.Contains(text, $"**Severity:** {descriptor.Severity.ToString().ToLowerInvariant()}");
            StringAssert.Contains(text, "## How to fix it");
        }
    }
}
