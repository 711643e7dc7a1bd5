using System.Text.RegularExpressions;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Verification;
using static OneClickPublish.Core.Tests.Definition.DefinitionTestFiles;

namespace OneClickPublish.Core.Tests.Verification;

/// <summary>The XML example on each definition diagnostic's page really produces that code, so the docs cannot drift.</summary>
[TestClass]
public sealed partial class DiagnosticPageExampleTests
{
    [TestMethod]
    public void The_xml_example_of_every_definition_page_produces_its_code()
    {
        var pages = Directory.GetFiles(Path.Combine(RepositoryRoot, "docs", "diagnostics"), "OCP10*.md");
        var checkedPages = 0;
        foreach (var page in pages)
        {
            var code = Path.GetFileNameWithoutExtension(page);
            var match = XmlBlock().Match(File.ReadAllText(page));
            if (!match.Success)
            {
                continue; // examples of a command or of code, not of a definition
            }

            var folder = Directory.CreateTempSubdirectory("ocp-doc-").FullName;
            try
            {
                // The OCP1091 example is about a zero-byte file; give it one.
                Directory.CreateDirectory(Path.Combine(folder, "config"));
                File.WriteAllBytes(Path.Combine(folder, "config", "settings.json"), []);
                var diagnostics = new DiagnosticBag();
                var definition = DefinitionReader.Parse(match.Groups[1].Value, Path.Combine(folder, "extension.xml"), diagnostics);
                if (definition is not null)
                {
                    DefinitionVerifier.Verify(definition, diagnostics, new DefinitionVerifierOptions { BaseDirectory = folder });
                }

                Assert.IsTrue(diagnostics.Any(d => d.Code == code), $"{code}'s example gives: {Codes(diagnostics)}");
                checkedPages++;
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        Assert.IsTrue(checkedPages >= 40, $"only {checkedPages} pages with an XML example");
    }

    [GeneratedRegex("```xml\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex XmlBlock();
}
