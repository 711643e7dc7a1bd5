using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Core.Tests.CodeGeneration;

/// <summary>.NET Framework projects compile C# 7.3 by default: what we write for them must compile there.</summary>
[TestClass]
public sealed class CSharpLanguageTests
{
    [TestMethod]
    [DataRow("7.3", false)]
    [DataRow("9.0", false)]
    [DataRow("10.0", true)]
    [DataRow("14.0", true)]
    [DataRow("latest", true)]
    [DataRow("preview", true)]
    [DataRow("", true)]
    [DataRow(null, true)]
    public void File_scoped_namespaces_from_CSharp_10(string? version, bool expected)
    {
        Assert.AreEqual(expected, CSharpLanguage.HasFileScopedNamespaces(version));
    }

    [TestMethod]
    public void Generated_code_and_a_new_implementation_file_compile_as_CSharp_7_3()
    {
        var definition = Definition();
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.CSharp7_3);
        var sources = CodeGenerator.Generate(definition).Select(f => f.Content).ToList();
        var implementation = ImplementationMerger.Merge(definition, null, "7.3");
        sources.Add(implementation.Text!);

        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s, options)).ToList();
        var errors = trees.SelectMany(t => t.GetDiagnostics()).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToList();

        Assert.AreEqual(0, errors.Count, string.Join("\n", errors));
        StringAssert.Contains(implementation.Text, "namespace HelloExtension\n{\n    /// <summary>");
    }

    [TestMethod]
    public void A_new_implementation_file_for_a_modern_project_uses_a_file_scoped_namespace()
    {
        var implementation = ImplementationMerger.Merge(Definition(), null, "12.0");

        StringAssert.Contains(implementation.Text, "namespace HelloExtension;\n");
    }

    private static ExtensionDefinition Definition()
    {
        var bag = new DiagnosticBag();
        var definition = DefinitionReader.Parse("""
            <Extension xmlns="urn:oneclickpublish:extension:v1" Name="HelloExtension" Version="1.0.0">
              <Actions>
                <Action Name="SayHello" Description="Greets.">
                  <Input Name="Who" DataType="Text" />
                  <Input Name="When" DataType="Date Time" />
                  <Output Name="Greeting" DataType="Text" />
                  <Output Name="People" DataType="Record List" RecordType="Person" />
                </Action>
              </Actions>
              <Structures>
                <Structure Name="Person"><Attribute Name="Name" DataType="Text" /></Structure>
              </Structures>
            </Extension>
            """, "extension.xml", bag);
        Assert.IsFalse(bag.HasErrors, string.Join("\n", bag));
        return definition!;
    }
}
