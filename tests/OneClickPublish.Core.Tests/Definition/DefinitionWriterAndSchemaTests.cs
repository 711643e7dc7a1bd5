using System.Xml;
using System.Xml.Schema;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Verification;
using static OneClickPublish.Core.Tests.Definition.DefinitionTestFiles;

namespace OneClickPublish.Core.Tests.Definition;

[TestClass]
public sealed class DefinitionWriterAndSchemaTests
{
    [TestMethod]
    public void Writing_what_was_read_and_reading_it_again_gives_the_same_definition()
    {
        var first = DefinitionReader.Read(SamplePath, new DiagnosticBag())!;

        var written = DefinitionWriter.WriteToString(first);
        var diagnostics = new DiagnosticBag();
        var second = DefinitionReader.Parse(written, "again.xml", diagnostics)!;

        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
        Assert.AreEqual(written, DefinitionWriter.WriteToString(second));
        Assert.AreEqual(Describe(first), Describe(second));
        DefinitionVerifier.Verify(second, diagnostics);
        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
    }

    [TestMethod]
    public void A_model_built_in_code_is_written_with_canonical_names_and_without_false_flags()
    {
        var definition = new ExtensionDefinition { Name = "Shop", Version = NuGet.Versioning.NuGetVersion.Parse("2.0.0"), Description = "A & B <shop>" };
        var action = new ActionDefinition { Name = "Pay", Description = "Pays." };
        action.Parameters.Add(new ParameterDefinition { Name = "Amount", DataType = DataType.LongInteger, IsMandatory = true });
        action.Parameters.Add(new ParameterDefinition { Name = "Receipt", DataType = DataType.Text, Direction = ParameterDirection.Output });
        definition.Actions.Add(action);

        var xml = DefinitionWriter.WriteToString(definition);

        StringAssert.Contains(xml, "Version=\"2.0.0\"");
        StringAssert.Contains(xml, "DataType=\"Long Integer\"");
        StringAssert.Contains(xml, "A &amp; B &lt;shop&gt;");
        Assert.IsFalse(xml.Contains("Function", StringComparison.Ordinal));
        StringAssert.StartsWith(xml, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        var read = DefinitionReader.Parse(xml, null, new DiagnosticBag())!;
        Assert.AreEqual("A & B <shop>", read.Description);
        Assert.AreEqual(ParameterDirection.Output, read.Actions[0].Parameters[1].Direction);
    }

    [TestMethod]
    public void Writing_a_file_replaces_it_whole_and_leaves_no_temporary_file()
    {
        var folder = Directory.CreateTempSubdirectory("ocp-writer-").FullName;
        try
        {
            var path = Path.Combine(folder, "extension.xml");
            File.WriteAllText(path, "old");
            var definition = DefinitionReader.Read(SamplePath, new DiagnosticBag())!;

            DefinitionWriter.WriteFile(definition, path);

            Assert.AreEqual(DefinitionWriter.WriteToString(definition), File.ReadAllText(path));
            Assert.AreEqual(1, Directory.GetFiles(folder).Length);
            Assert.IsNotNull(DefinitionReader.Read(path, new DiagnosticBag()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void The_sample_and_the_writers_output_are_valid_against_the_embedded_schema()
    {
        var definition = DefinitionReader.Read(SamplePath, new DiagnosticBag())!;

        Assert.AreEqual(string.Empty, SchemaErrors(File.ReadAllText(SamplePath)));
        Assert.AreEqual(string.Empty, SchemaErrors(DefinitionWriter.WriteToString(definition)));
    }

    [TestMethod]
    public void Every_attribute_of_every_element_is_known_to_the_reader_the_schema_and_the_verifier_alike()
    {
        const string xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <Extension xmlns="urn:oneclickpublish:extension:v1" Name="Shop" Version="1.0.0-rc.1+b.7" Namespace="Acme.Shop" Key="ext" Description="d">
              <Actions>
                <Action Name="Pay" Key="a1" Description="d" Function="true" Icon="pay.png">
                  <Input Name="Amount" Key="p1" Description="d" DataType="Currency" Mandatory="true" Default="1.50" RecordType="Card" />
                  <Output Name="Receipt" Key="p2" Description="d" DataType="Record" RecordType="Card" />
                </Action>
              </Actions>
              <Structures>
                <Structure Name="Card" Key="s1" Description="d">
                  <Attribute Name="Number" Key="s1a" Description="d" DataType="Text" Mandatory="true" Default="x" Length="20" />
                  <Attribute Name="Limit" DataType="Decimal" Length="10" Decimals="2" Default="0.00" RecordType="Card" />
                </Structure>
              </Structures>
              <Entities>
                <Entity Name="Payment" Key="e1" Description="d" TableName="SHOP_PAYMENT">
                  <Attribute Name="Id" Key="e1a" Description="d" DataType="Long Integer" Identifier="true" AutoNumber="true" Mandatory="true" Default="0" />
                  <Attribute Name="Amount" DataType="Currency" Length="18" Decimals="2" RecordType="Card" />
                </Entity>
              </Entities>
              <Resources>
                <Resource Path="lib/x.dll" Key="r1" Description="d" DeployAction="Binaries" />
              </Resources>
            </Extension>
            """;
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Parse(xml, "all.xml", diagnostics)!;
        DefinitionVerifier.Verify(definition, diagnostics);

        Assert.AreEqual(string.Empty, SchemaErrors(xml));
        Assert.AreEqual(string.Empty, SchemaErrors(DefinitionWriter.WriteToString(definition)));
        // RecordType on non-record types is the only thing to say: it is read, then reported as ignored.
        Assert.IsTrue(diagnostics.All(static d => d.Code == "OCP1043"), Codes(diagnostics));
        Assert.AreEqual(3, diagnostics.Count, Codes(diagnostics));
    }

    [TestMethod]
    [DataRow("<Actions><Acton Name=\"A\" /></Actions>", DisplayName = "misspelled element")]
    [DataRow("<Actions><Action Name=\"A\"><Input Name=\"X\" DataType=\"Strng\" /></Action></Actions>", DisplayName = "unknown data type")]
    [DataRow("<Actions><Action Name=\"A B\" /></Actions>", DisplayName = "invalid name")]
    [DataRow("<Actions><Action Name=\"A\"><Input Name=\"X\" DataType=\"Text\" Mandatroy=\"true\" /></Action></Actions>", DisplayName = "misspelled attribute")]
    public void The_schema_flags_mistakes_an_editor_should_underline(string body)
    {
        Assert.AreNotEqual(string.Empty, SchemaErrors(Xml(body)));
    }

    [TestMethod]
    public void The_schema_refuses_a_version_that_is_not_SemVer()
    {
        Assert.AreNotEqual(string.Empty, SchemaErrors(Xml("", "Name=\"Shop\" Version=\"1.0\"")));
        Assert.AreEqual(string.Empty, SchemaErrors(Xml("", "Name=\"Shop\" Version=\"1.2.3-beta.1+sha.5\"")));
    }

    private static string SchemaErrors(string xml)
    {
        var errors = new List<string>();
        var settings = DefinitionReader.CreateSafeSettings();
        settings.ValidationType = ValidationType.Schema;
        settings.Schemas = DefinitionSchema.Load();
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return string.Join("\n", errors);
    }

    private static string Describe(ExtensionDefinition d) =>
        string.Join(
            "|",
            new[] { $"{d.Name} {d.VersionText} {d.Namespace} {d.Description}" }
                .Concat(d.Actions.SelectMany(static a => new[] { $"A {a.Name} {a.Key} {a.IsFunction} {a.Description}" }
                    .Concat(a.Parameters.Select(static p => $"P {p.Name} {p.Direction} {p.DataType} {p.IsMandatory} {p.DefaultValue} {p.RecordType} {p.Description}"))))
                .Concat(d.Structures.SelectMany(static s => s.Attributes.Select(a => $"S {s.Name} {a.Name} {a.DataType} {a.Length} {a.Decimals} {a.IsMandatory}")))
                .Concat(d.Entities.SelectMany(static e => e.Attributes.Select(a => $"E {e.Name} {e.TableName} {a.Name} {a.DataType} {a.IsIdentifier} {a.IsAutoNumber} {a.Length} {a.Decimals} {a.DefaultValue}")))
                .Concat(d.Resources.Select(static r => $"R {r.Path} {r.DeployAction} {r.Description}")));
}
