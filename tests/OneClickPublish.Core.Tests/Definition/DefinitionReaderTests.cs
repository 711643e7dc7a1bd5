using System.Diagnostics;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using static OneClickPublish.Core.Tests.Definition.DefinitionTestFiles;

namespace OneClickPublish.Core.Tests.Definition;

[TestClass]
public sealed class DefinitionReaderTests
{
    [TestMethod]
    public void The_sample_is_read_completely_without_diagnostics()
    {
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Read(SamplePath, diagnostics);

        Assert.IsNotNull(definition, Codes(diagnostics));
        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
        Assert.AreEqual("HelloExtension", definition.Name);
        Assert.AreEqual("1.0.0", definition.Version?.ToNormalizedString());
        Assert.AreEqual(SamplePath, definition.FilePath);
        Assert.AreEqual(2, definition.Actions.Count);
        var sayHello = definition.Actions[0];
        Assert.AreEqual("act-sayhello", sayHello.Key);
        CollectionAssert.AreEqual(
            new[] { "PersonName:Input:Text", "Times:Input:Integer", "Greeting:Output:Text" },
            sayHello.Parameters.Select(static p => $"{p.Name}:{p.Direction}:{p.DataType}").ToArray());
        Assert.IsTrue(sayHello.Parameters[0].IsMandatory);
        Assert.AreEqual("1", sayHello.Parameters[1].DefaultValue);
        Assert.IsTrue(definition.Actions[1].IsFunction);
        Assert.AreEqual("Person", definition.Actions[1].Parameters[0].RecordType);
        var customer = definition.Entities.Single();
        Assert.AreEqual("HELLO_CUSTOMER", customer.TableName);
        Assert.IsTrue(customer.Attributes[0].IsIdentifier);
        Assert.IsTrue(customer.Attributes[0].IsAutoNumber);
        Assert.AreEqual(DataType.LongInteger, customer.Attributes[0].DataType);
        Assert.AreEqual(37, customer.Attributes[2].Length);
        Assert.AreEqual(8, customer.Attributes[2].Decimals);
        Assert.AreEqual(DeployAction.Images, definition.Resources.Single().DeployAction);
        Assert.AreEqual("Resources/hello.png", definition.Resources.Single().Path);
    }

    [TestMethod]
    public void Values_repeated_across_parameters_are_kept_once()
    {
        const string Xml = """
            <Extension xmlns="urn:oneclickpublish:extension:v1" Name="Shared" Version="1.0.0" Description="d">
              <Actions>
                <Action Name="First" Description="d"><Input Name="Amount" DataType="Integer" Default="10" Description="How many." /></Action>
                <Action Name="Second" Description="d"><Input Name="Amount" DataType="Integer" Default="10" Description="How many." /></Action>
              </Actions>
            </Extension>
            """;

        var definition = DefinitionReader.Parse(Xml, "extension.xml", new DiagnosticBag())!;

        var first = definition.Actions[0].Parameters[0];
        var second = definition.Actions[1].Parameters[0];
        Assert.AreEqual("Amount", second.Name);
        Assert.AreSame(first.Name, second.Name);
        Assert.AreSame(first.DefaultValue, second.DefaultValue);
        Assert.AreSame(first.Description, second.Description);
    }

    [TestMethod]
    public void A_location_set_on_a_read_element_wins_over_the_read_position()
    {
        var definition = DefinitionReader.Read(SamplePath, new DiagnosticBag())!;
        var greeting = definition.Actions[0].Parameters[2];
        var read = greeting.DataTypeLocation;
        var readName = greeting.NameLocation;
        var set = new SourceLocation("other.xml", 99, 7);

        greeting.DataTypeLocation = set;

        Assert.AreNotEqual(set, read);
        Assert.AreEqual(set, greeting.DataTypeLocation);
        Assert.AreEqual(readName, greeting.NameLocation, "the other positions stay as read");

        greeting.Location = SourceLocation.None;
        Assert.AreEqual(SourceLocation.None, greeting.Location);
        Assert.AreEqual(set, greeting.DataTypeLocation);
    }

    [TestMethod]
    public void Every_element_gets_its_file_line_column_and_element_path()
    {
        var definition = DefinitionReader.Read(SamplePath, new DiagnosticBag())!;
        var lines = File.ReadAllLines(SamplePath);

        var greeting = definition.Actions[0].Parameters[2];
        var line = Array.FindIndex(lines, static l => l.Contains("Name=\"Greeting\"", StringComparison.Ordinal)) + 1;
        Assert.AreEqual(new SourceLocation(SamplePath, line, lines[line - 1].IndexOf('<', StringComparison.Ordinal) + 1, "Action SayHello \u203A Output Greeting"), greeting.Location);
        Assert.AreEqual(line, greeting.DataTypeLocation.Line);
        Assert.AreEqual(lines[line - 1].IndexOf("DataType=", StringComparison.Ordinal) + 1, greeting.DataTypeLocation.Column);
        Assert.AreEqual(lines[line - 1].IndexOf("Name=", StringComparison.Ordinal) + 1, greeting.NameLocation.Column);

        Assert.AreEqual("Structure Person \u203A Attribute BirthDate", definition.Structures[0].Attributes[1].Location.ElementPath);
        Assert.AreEqual("Entity Customer", definition.Entities[0].Location.ElementPath);
        Assert.AreEqual("Resource Resources/hello.png", definition.Resources[0].Location.ElementPath);
        var versionLine = Array.FindIndex(lines, static l => l.Contains("Version=", StringComparison.Ordinal)) + 1;
        Assert.AreEqual(versionLine, definition.VersionLocation.Line);
    }

    [TestMethod]
    public void A_missing_file_is_a_coded_error_and_no_definition()
    {
        var diagnostics = new DiagnosticBag();
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "extension.xml");

        var definition = DefinitionReader.Read(path, diagnostics);

        Assert.IsNull(definition);
        var error = diagnostics.Single();
        Assert.AreEqual("OCP1001", error.Code);
        Assert.AreEqual(path, error.Location.File);
        StringAssert.Contains(error.Message, path);
        StringAssert.Contains(error.Message, "oneclick init", "the build log shows the message only: it says how to create a definition");
        StringAssert.Contains(error.Details, "dotnet new oneclick-extension");
    }

    [TestMethod]
    public void A_folder_instead_of_a_file_is_a_coded_error()
    {
        var diagnostics = new DiagnosticBag();

        Assert.IsNull(DefinitionReader.Read(Path.GetTempPath(), diagnostics));
        Assert.AreEqual("OCP1009", diagnostics.Single().Code);
    }

    [TestMethod]
    public void The_encoding_declared_in_the_file_is_honoured()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ocp-{Guid.NewGuid():N}.xml");
        var xml = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<Extension Name=\"Shop\" Version=\"1.0.0\" Description=\"Caf\u00e9 gr\u00fc\u00dfe\" />";
        File.WriteAllBytes(path, System.Text.Encoding.Latin1.GetBytes(xml));
        try
        {
            var definition = DefinitionReader.Read(path, new DiagnosticBag());

            Assert.AreEqual("Caf\u00e9 gr\u00fc\u00dfe", definition!.Description);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    [DataRow("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")]
    [DataRow("")]
    public void A_file_declaring_utf8_with_a_byte_that_is_not_utf8_is_not_well_formed(string declaration)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ocp-{Guid.NewGuid():N}.xml");
        var bytes = System.Text.Encoding.UTF8.GetBytes(declaration + "<Extension Name=\"Shop\" Version=\"1.0.0\" Description=\"Caf# au lait\" />");
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xE9; // Latin-1 'é': not UTF-8 on its own
        File.WriteAllBytes(path, bytes);
        try
        {
            var diagnostics = new DiagnosticBag();

            var definition = DefinitionReader.Read(path, diagnostics);

            Assert.IsNull(definition, definition?.Description);
            Assert.AreEqual("OCP1002", diagnostics.Single().Code, Codes(diagnostics));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    [DataRow("utf-8")]
    [DataRow("iso-8859-1")]
    [DataRow("utf-16")]
    public void Bytes_are_read_in_the_encoding_they_declare_and_decoded_to_the_same_text(string encodingName)
    {
        var encoding = System.Text.Encoding.GetEncoding(encodingName);
        var xml = $"<?xml version=\"1.0\" encoding=\"{encodingName}\"?>\n<Extension Name=\"Shop\" Version=\"1.0.0\" Description=\"Caf\u00e9 gr\u00fc\u00dfe\" />";
        var bytes = encoding.GetPreamble().Concat(encoding.GetBytes(xml)).ToArray();
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Read(bytes, "extension.xml", diagnostics, out var text);

        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
        Assert.AreEqual("Caf\u00e9 gr\u00fc\u00dfe", definition!.Description);
        Assert.AreEqual(xml, text);
        Assert.AreEqual("Caf\u00e9 gr\u00fc\u00dfe", DefinitionReader.Parse(text!, "extension.xml", new DiagnosticBag())!.Description, "the text reads back as the same definition");
    }

    [TestMethod]
    public void Bytes_declaring_utf8_with_a_byte_that_is_not_utf8_are_not_well_formed_and_give_no_text()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Extension Name=\"Shop\" Version=\"1.0.0\" Description=\"Caf# au lait\" />");
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xE9;
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Read(bytes, "extension.xml", diagnostics, out var text);

        Assert.IsNull(definition);
        Assert.IsNull(text);
        Assert.AreEqual("OCP1002", diagnostics.Single().Code, Codes(diagnostics));
        Assert.AreEqual(2, diagnostics.Single().Location.Line, "located where the bad byte is");
    }

    [TestMethod]
    public void Xml_that_is_not_well_formed_is_reported_at_the_line_and_column_of_the_fault()
    {
        const string xml = "<Extension Name=\"Shop\" Version=\"1.0.0\">\n  <Actions>\n    <Action Name=\"A\">\n  </Actions>\n</Extension>";
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Parse(xml, "shop.xml", diagnostics);

        Assert.IsNull(definition);
        var error = diagnostics.Single();
        Assert.AreEqual("OCP1002", error.Code);
        Assert.AreEqual(DiagnosticSeverity.Error, error.Severity);
        Assert.AreEqual("shop.xml", error.Location.File);
        Assert.AreEqual(4, error.Location.Line);
        Assert.AreEqual(5, error.Location.Column);
        Assert.IsFalse(error.Message.Contains("Line 4", StringComparison.Ordinal), "the position belongs in the location, not the message");
    }

    [TestMethod]
    public void An_external_entity_is_refused_and_never_read()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"ocp-secret-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "TOP-SECRET-CONTENT");
        try
        {
            var xml = $"""
                <?xml version="1.0"?>
                <!DOCTYPE Extension [ <!ENTITY secret SYSTEM "file://{secret}"> ]>
                <Extension Name="Shop" Version="1.0.0" Description="d">
                  <Actions><Action Name="A" Description="&secret;" /></Actions>
                </Extension>
                """;
            var diagnostics = new DiagnosticBag();

            var definition = DefinitionReader.Parse(xml, "xxe.xml", diagnostics);

            Assert.IsNull(definition);
            var error = diagnostics.Single();
            Assert.AreEqual("OCP1003", error.Code);
            Assert.AreEqual(2, error.Location.Line);
            Assert.IsFalse(error.Message.Contains("TOP-SECRET", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [TestMethod]
    public void Even_a_harmless_internal_entity_is_refused_not_expanded()
    {
        const string xml = "<!DOCTYPE Extension [ <!ENTITY n \"Shop\"> ]>\n<Extension Name=\"&n;\" Version=\"1.0.0\" Description=\"d\"><Actions><Action Name=\"A\" Description=\"&n;\" /></Actions></Extension>";
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Parse(xml, null, diagnostics);

        Assert.IsNull(definition);
        Assert.AreEqual("OCP1003", diagnostics.Single().Code);
        Assert.AreEqual(1, diagnostics.Single().Location.Line);
    }

    [TestMethod]
    public void Billion_laughs_is_refused_without_expanding_anything()
    {
        var entities = string.Concat(Enumerable.Range(1, 9).Select(static i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">\n"));
        var xml = $"<?xml version=\"1.0\"?>\n<!DOCTYPE Extension [\n<!ENTITY lol0 \"lol\">\n{entities}]>\n<Extension Name=\"Shop\" Version=\"1.0.0\"><Actions><Action Name=\"A\" Description=\"&lol9;\" /></Actions></Extension>";
        var diagnostics = new DiagnosticBag();
        var memoryBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();

        var definition = DefinitionReader.Parse(xml, null, diagnostics);

        Assert.IsNull(definition);
        Assert.AreEqual("OCP1003", diagnostics.Single().Code);
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.IsTrue(GC.GetAllocatedBytesForCurrentThread() - memoryBefore < 50_000_000, "entities were expanded");
    }

    [TestMethod]
    public void A_doctype_in_a_file_is_refused_too()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ocp-{Guid.NewGuid():N}.xml");
        File.WriteAllText(path, "<?xml version=\"1.0\"?>\n<!DOCTYPE Extension SYSTEM \"http://127.0.0.1:1/x.dtd\">\n<Extension Name=\"Shop\" Version=\"1.0.0\" />");
        try
        {
            var diagnostics = new DiagnosticBag();

            Assert.IsNull(DefinitionReader.Read(path, diagnostics));
            Assert.AreEqual("OCP1003", diagnostics.Single().Code);
            Assert.AreEqual(path, diagnostics.Single().Location.File);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    [DataRow("OCP1004", "<Actions><Acton Name=\"A\" Description=\"d\" /></Actions>", DisplayName = "misspelled element")]
    [DataRow("OCP1004", "<Actions><Action Name=\"A\" Description=\"d\"><Inpt Name=\"X\" DataType=\"Text\" /></Action></Actions>", DisplayName = "misspelled parameter")]
    [DataRow("OCP1004", "<Action Name=\"A\" Description=\"d\" />", DisplayName = "action outside Actions")]
    [DataRow("OCP1004", "<Actions><Action Name=\"A\" Description=\"d\"><x:Input xmlns:x=\"urn:other\" Name=\"X\" DataType=\"Text\" /></Action></Actions>", DisplayName = "element of another namespace")]
    [DataRow("OCP1005", "<Actions><Action Name=\"A\" Description=\"d\"><Input Name=\"X\" DataType=\"Text\" Mandatroy=\"true\" /></Action></Actions>", DisplayName = "misspelled attribute")]
    [DataRow("OCP1005", "<Structures><Structure Name=\"S\" Description=\"d\"><Attribute Name=\"Id\" DataType=\"Integer\" Identifier=\"true\" /></Structure></Structures>", DisplayName = "entity-only attribute on a structure")]
    [DataRow("OCP1005", "<Actions><Action Name=\"A\" Description=\"d\"><Input Name=\"X\" DataType=\"Text\" Length=\"10\" /></Action></Actions>", DisplayName = "Length on a parameter")]
    [DataRow("OCP1005", "<Actions Kind=\"x\"><Action Name=\"A\" Description=\"d\" /></Actions>", DisplayName = "attribute on a section")]
    [DataRow("OCP1007", "<Actions><Action Name=\"A\" Description=\"d\"><Input Name=\"X\" DataType=\"Text\" Mandatory=\"yes\" /></Action></Actions>", DisplayName = "boolean that is not true or false")]
    [DataRow("OCP1007", "<Structures><Structure Name=\"S\" Description=\"d\"><Attribute Name=\"X\" DataType=\"Text\" Length=\"ten\" /></Structure></Structures>", DisplayName = "Length that is not a number")]
    [DataRow("OCP1010", "<Actions><Action Name=\"A\" Description=\"d\">charges a card</Action></Actions>", DisplayName = "text content")]
    [DataRow("OCP1011", "<Actions><Action Name=\"A\" Description=\"d\" /></Actions><Actions><Action Name=\"B\" Description=\"d\" /></Actions>", DisplayName = "section twice")]
    public void Reader_reports_what_the_model_cannot_hold(string code, string body)
    {
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Parse(Xml(body), "shop.xml", diagnostics);

        Assert.IsNotNull(definition, "the reader goes on after a bad element");
        Assert.AreEqual(1, diagnostics.Count, Codes(diagnostics));
        Assert.AreEqual(code, diagnostics[0].Code);
        Assert.AreEqual(DiagnosticSeverity.Error, diagnostics[0].Severity);
        Assert.AreEqual(3, diagnostics[0].Location.Line, "the body is on line 3");
        Assert.IsTrue(diagnostics[0].Location.Column > 0);
    }

    [TestMethod]
    public void Several_independent_mistakes_are_all_reported_and_the_rest_is_read()
    {
        var xml = Xml("""
            <Actions>
              <Acton Name="Typo" />
              <Action Name="Good" Description="d" Functoin="true">
                <Input Name="X" DataType="Text" Mandatory="maybe" />
              </Action>
            </Actions>
            <Structures>
              <Structure Name="S" Description="d"><Attribute Name="A" DataType="Text" Length="x" /></Structure>
            </Structures>
            """);
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Parse(xml, "shop.xml", diagnostics);

        Assert.IsNotNull(definition);
        CollectionAssert.AreEqual(
            new[] { "OCP1004@4", "OCP1005@5", "OCP1007@6", "OCP1007@10" },
            diagnostics.Select(static d => $"{d.Code}@{d.Location.Line}").ToArray());
        Assert.AreEqual("Good", definition.Actions.Single().Name);
        Assert.AreEqual("X", definition.Actions[0].Parameters.Single().Name);
        Assert.AreEqual("A", definition.Structures.Single().Attributes.Single().Name);
    }

    [TestMethod]
    public void A_definition_without_namespace_is_read_the_same_way()
    {
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Parse(
            "<Extension Name=\"Shop\" Version=\"1.0.0\"><Actions><Action Name=\"A\"><Input Name=\"X\" DataType=\"Text\" /></Action></Actions></Extension>",
            null,
            diagnostics);

        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
        Assert.AreEqual("X", definition!.Actions[0].Parameters[0].Name);
    }

    [TestMethod]
    public void Schema_location_attributes_for_editors_are_accepted()
    {
        var diagnostics = new DiagnosticBag();

        DefinitionReader.Parse(
            Xml("", DefaultExtensionAttributes + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"urn:oneclickpublish:extension:v1 extension.xsd\""),
            null,
            diagnostics);

        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
    }

    [TestMethod]
    public void A_root_in_another_namespace_is_reported()
    {
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Parse("<Extension xmlns=\"urn:other\" Name=\"Shop\" Version=\"1.0.0\" />", null, diagnostics);

        Assert.IsNotNull(definition);
        Assert.AreEqual("OCP1008", diagnostics.Single().Code);
    }

    [TestMethod]
    public void A_file_of_another_format_is_not_a_definition()
    {
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Parse("<Project Sdk=\"Microsoft.NET.Sdk\" />", "x.csproj", diagnostics);

        Assert.IsNull(definition);
        Assert.AreEqual("OCP1004", diagnostics.Single().Code);
    }

    [TestMethod]
    public void An_empty_file_is_not_well_formed()
    {
        var diagnostics = new DiagnosticBag();

        Assert.IsNull(DefinitionReader.Parse(string.Empty, "empty.xml", diagnostics));
        Assert.AreEqual("OCP1002", diagnostics.Single().Code);
    }

    [TestMethod]
    public void Unknown_data_types_and_deploy_actions_are_kept_for_the_verifier()
    {
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Parse(
            Xml("""<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Strng" /></Action></Actions><Resources><Resource Path="a.dll" DeployAction="Deploy" /></Resources>"""),
            null,
            diagnostics)!;

        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
        Assert.AreEqual(DataType.Unknown, definition.Actions[0].Parameters[0].DataType);
        Assert.AreEqual("Strng", definition.Actions[0].Parameters[0].DataTypeName);
        Assert.IsNull(definition.Resources[0].DeployAction);
        Assert.AreEqual("Deploy", definition.Resources[0].DeployActionText);
    }

    [TestMethod]
    public void A_text_reader_is_read_like_a_string()
    {
        using var text = new StringReader(Xml("<Actions><Action Name=\"A\" Description=\"d\" /></Actions>"));
        var diagnostics = new DiagnosticBag();

        var definition = DefinitionReader.Read(text, "shop.xml", diagnostics);

        Assert.AreEqual("A", definition!.Actions.Single().Name);
        Assert.AreEqual("shop.xml", definition.Actions[0].Location.File);
    }
}
