using System.Reflection;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tests;

namespace OneClickPublish.Server.Tests;

[TestClass]
public sealed class ServerDiagnosticsUsageTests
{
    // Ranges, uniqueness and pages of every catalogue are checked once, in Core.Tests' DiagnosticCatalogueTests.

    [TestMethod]
    public void Every_server_and_feed_code_is_used_by_the_server_or_the_compatibility_checker()
    {
        var root = TestRepository.Root;
        var sources = string.Concat(
            Directory.EnumerateFiles(Path.Combine(root, "src", "OneClickPublish.Server"), "*.cs", SearchOption.AllDirectories)
                .Append(Path.Combine(root, "src", "OneClickPublish.Core", "Compatibility", "CompatibilityChecker.cs"))
                .Select(File.ReadAllText));
        foreach (var catalogue in new[] { typeof(ServerDiagnostics), typeof(FeedDiagnostics) })
        {
            foreach (var field in catalogue.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                StringAssert.Contains(sources, $"{catalogue.Name}.{field.Name}", $"{field.Name} is declared but never reported");
            }
        }

        foreach (var field in typeof(ConsoleDiagnostics).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            StringAssert.Contains(sources, "ConsoleDiagnostics." + field.Name, $"{field.Name} is declared but never reported");
        }
    }
}
