using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Verification;
using static OneClickPublish.Core.Tests.Definition.DefinitionTestFiles;
using static OneClickPublish.Core.Tests.Verification.DefinitionVerifierTests;

namespace OneClickPublish.Core.Tests.Verification;

/// <summary>
/// What DefinitionVerifierTests leave open: each limit exactly at its edge (the last value that
/// passes and the first that does not), the words a message gives the user (the reason, the place
/// of the other element), and scopes that must start afresh for each structure, entity or action.
/// Found by mutation testing of Verification/ (docs/benchmarks.md): a rule whose edge or message no
/// test pins can change unseen.
/// </summary>
[TestClass]
public sealed class VerifierLimitsAndMessagesTests
{
    private static readonly string Name50 = "A" + new string('b', 49);
    private static readonly string Key100 = new('k', 100);

    [TestMethod]
    [DataRow("""<Actions><Action Name="{Name50}" Description="d" /></Actions>""", DisplayName = "action name of exactly 50 characters")]
    [DataRow("""<Entities><Entity Name="E" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /><Attribute Name="A234567890123456789012345678" DataType="Text" /></Entity></Entities>""", DisplayName = "entity attribute name of exactly 28 characters")]
    [DataRow("""<Actions><Action Name="A" Key="{Key100}" Description="d" /></Actions>""", DisplayName = "key of exactly 100 characters")]
    [DataRow("""<Actions><Action Name="A" Description="{255}" /></Actions>""", DisplayName = "description of exactly 255 characters")]
    [DataRow("""<Entities><Entity Name="E" TableName="{Table128}" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", DisplayName = "table name of exactly 128 characters")]
    [DataRow("""<Structures><Structure Name="S" Description="d"><Attribute Name="T" DataType="Text" Length="1" /><Attribute Name="U" DataType="Text" Length="2000000000" /><Attribute Name="D" DataType="Decimal" Length="1" Decimals="0" /><Attribute Name="E" DataType="Decimal" Length="38" Decimals="28" /><Attribute Name="F" DataType="Currency" Length="5" Decimals="5" /></Structure></Structures>""", DisplayName = "Length and Decimals at their limits")]
    [DataRow("""<Structures><Structure Name="S" Description="d"><Attribute Name="D" DataType="Decimal" Length="5" Decimals="2" Default="123" /><Attribute Name="T" DataType="Time" Default="23:59" /><Attribute Name="A" DataType="Date Time" Default="2024-02-29 23:59" /><Attribute Name="B" DataType="Date Time" Default="2024-02-29T23:59" /></Structure></Structures>""", DisplayName = "defaults without a point or without seconds")]
    [DataRow("""<Entities><Entity Name="E" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /><Attribute Name="Photo" DataType="Binary Data" /></Entity></Entities>""", DisplayName = "an entity with one Binary Data attribute")]
    [DataRow("""<Structures><Structure Name="S" Description="d"><Attribute Name="N" DataType="Text" /></Structure><Structure Name="T" Description="d"><Attribute Name="N" DataType="Text" /></Structure></Structures><Entities><Entity Name="E" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity><Entity Name="F" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", DisplayName = "attribute names are scoped to their structure or entity")]
    public void A_value_at_its_limit_passes(string body)
    {
        var diagnostics = VerifyXml(Expand(body));

        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
    }

    [TestMethod]
    [DataRow("OCP1021", """<Actions><Action Name="{Name50}x" Description="d" /></Actions>""", "has a name of 51 characters; at most 50 are allowed", DisplayName = "action name of 51 characters")]
    [DataRow("OCP1030", """<Actions><Action Name="A" Key="{Key100}k" Description="d" /></Actions>""", "'kkkk", DisplayName = "key of 101 characters")]
    [DataRow("OCP1078", """<Entities><Entity Name="E" TableName="{Table128}x" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", "invalid table name", DisplayName = "table name of 129 characters")]
    [DataRow("OCP1046", """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Text" Length="0" /></Structure></Structures>""", "Length 0: it must be from 1 to 2000000000", DisplayName = "Text Length 0")]
    [DataRow("OCP1046", """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Email" Length="2000000001" /></Structure></Structures>""", "Length 2000000001: it must be from 1 to 2000000000", DisplayName = "Email Length above the maximum")]
    [DataRow("OCP1046", """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Decimal" Length="0" /></Structure></Structures>""", "Length 0: it must be from 1 to 38 digits", DisplayName = "Decimal Length 0")]
    [DataRow("OCP1046", """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Currency" Length="39" /></Structure></Structures>""", "Length 39: it must be from 1 to 38 digits", DisplayName = "Currency Length 39")]
    [DataRow("OCP1046", """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Integer" Length="10" /></Structure></Structures>""", "Length 10: Integer has no Length", DisplayName = "Length on Integer")]
    [DataRow("OCP1046", """<Entities><Entity Name="E" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /><Attribute Name="X" DataType="Text" Length="0" /></Entity></Entities>""", "Length 0", DisplayName = "Length checked on entity attributes too")]
    [DataRow("OCP1047", """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Text" Decimals="2" /></Structure></Structures>""", "Decimals 2: Text has no Decimals", DisplayName = "Decimals on Text")]
    [DataRow("OCP1047", """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Decimal" Decimals="-1" /></Structure></Structures>""", "Decimals -1: it must be from 0 to 28", DisplayName = "Decimals -1")]
    [DataRow("OCP1047", """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Decimal" Length="38" Decimals="29" /></Structure></Structures>""", "Decimals 29: it must be from 0 to 28", DisplayName = "Decimals 29")]
    [DataRow("OCP1047", """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Decimal" Length="4" Decimals="5" /></Structure></Structures>""", "Decimals 5: it is more than Length 4", DisplayName = "Decimals one above Length")]
    [DataRow("OCP1048", """<Actions><Action Name="A" Description="d"><Output Name="X" DataType="Integer" Default="1" /></Action></Actions>""", "cannot have a default value: an output has no default", DisplayName = "default on an output")]
    [DataRow("OCP1048", """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Binary Data" Default="AAAA" /></Action></Actions>""", "cannot have a default value: Binary Data has no literal value", DisplayName = "default on Binary Data")]
    [DataRow("OCP1045", """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Long Integer" Default="1.5" /></Action></Actions>""", "(a whole number of at most 64 bits)", DisplayName = "Long Integer default with decimals")]
    [DataRow("OCP1045", """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Date Time" Default="2024-01-01" /></Action></Actions>""", "(yyyy-MM-dd HH:mm:ss)", DisplayName = "Date Time default without a time")]
    [DataRow("OCP1049", """<Entities><Entity Name="E" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /><Attribute Name="O" DataType="Object" /></Entity></Entities>""", "cannot be of data type Object: entity attributes are database columns", DisplayName = "Object attribute in an entity")]
    [DataRow("OCP1079", """<Entities><Entity Name="E" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /><Attribute Name="Order" DataType="Text" /></Entity></Entities>""", "a reserved word of SQL Server, Oracle, PostgreSQL or MySQL", DisplayName = "attribute named Order")]
    [DataRow("OCP1081", """<Entities><Entity Name="E" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /><Attribute Name="Photo" DataType="Binary Data" /><Attribute Name="Scan" DataType="Binary Data" /></Entity></Entities>""", "has 2 Binary Data attributes (Photo, Scan)", DisplayName = "two Binary Data attributes")]
    [DataRow("OCP1006", """<Actions><Action Name="A" Description="d"><Input Name="X" /></Action></Actions>""", "has no DataType", DisplayName = "parameter without a data type")]
    [DataRow("OCP1006", """<Actions><Action Description="d" /></Actions>""", "Action has no Name", DisplayName = "action without a name")]
    [DataRow("OCP1006", """<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource DeployAction="Images" /></Resources>""", "Resource has no Path", DisplayName = "resource without a path")]
    public void A_value_past_its_limit_is_reported_with_its_reason(string code, string body, string messagePart)
    {
        var diagnostics = VerifyXml(Expand(body));

        var diagnostic = diagnostics.Single(d => d.Code == code);
        StringAssert.Contains(diagnostic.Message, messagePart, Codes(diagnostics));
    }

    [TestMethod]
    [DataRow(true, false, "is marked Identifier, which only applies to entity attributes")]
    [DataRow(false, true, "is marked AutoNumber, which only applies to entity attributes")]
    public void A_structure_attribute_marked_as_an_entity_column_is_refused(bool identifier, bool autoNumber, string message)
    {
        // The reader refuses the flags on a structure's attribute; a definition built in code (the import) can still carry them.
        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Parse(
            Xml("""<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Integer" /></Structure></Structures>"""), "shop.xml", diagnostics)!;
        definition.Structures[0].Attributes[0].IsIdentifier = identifier;
        definition.Structures[0].Attributes[0].IsAutoNumber = autoNumber;

        DefinitionVerifier.Verify(definition, diagnostics);

        var refused = diagnostics.Single();
        Assert.AreEqual("OCP1077", refused.Code);
        StringAssert.Contains(refused.Message, message);
    }

    [TestMethod]
    public void An_extension_named_as_a_keyword_is_refused_with_the_reason()
    {
        var diagnostics = VerifyXml("""<Actions><Action Name="A" Description="d" /></Actions>""", """Name="event" Version="1.0.0" Description="d" Namespace="Events" """);

        Assert.AreEqual("Extension 'event' cannot be named 'event': it is a C# keyword", diagnostics.Single().Message, Codes(diagnostics));
    }

    [TestMethod]
    public void An_entity_without_a_description_is_warned_about_as_its_attributes_are_not()
    {
        var diagnostics = VerifyXml("""<Entities><Entity Name="E"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""");

        Assert.AreEqual("OCP1028", diagnostics.Single().Code, Codes(diagnostics));
    }

    [TestMethod]
    public void An_extension_without_a_version_is_told_which_attribute_is_missing()
    {
        var diagnostics = VerifyXml("""<Actions><Action Name="A" Description="d" /></Actions>""", """Name="Shop" Description="d" """);

        StringAssert.Contains(diagnostics.Single().Message, "has no Version");
    }

    [TestMethod]
    [DataRow("""<Structures><Structure Name="class" Description="d"><Attribute Name="N" DataType="Text" /></Structure></Structures>""", "'class': it is a C# keyword", DisplayName = "structure named as a keyword")]
    [DataRow("""<Structures><Structure Name="IShop" Description="d"><Attribute Name="N" DataType="Text" /></Structure></Structures>""", "it is the name of the generated interface", DisplayName = "structure named as the interface")]
    [DataRow("""<Structures><Structure Name="ShopActions" Description="d"><Attribute Name="N" DataType="Text" /></Structure></Structures>""", "it is the name of the entry class", DisplayName = "structure named as the entry class")]
    [DataRow("""<Entities><Entity Name="shop" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", "it is the extension's name, which is also the default namespace", DisplayName = "entity named as the extension")]
    [DataRow("""<Actions><Action Name="A" Description="d"><Input Name="int" DataType="Text" /></Action></Actions>""", "'int': it is a C# keyword", DisplayName = "parameter named as a keyword")]
    [DataRow("""<Actions><Action Name="ShopActions" Description="d" /></Actions>""", "a member cannot have the name of its class 'ShopActions'", DisplayName = "action named as the entry class")]
    [DataRow("""<Structures><Structure Name="S" Description="d"><Attribute Name="event" DataType="Text" /></Structure></Structures>""", "'event': it is a C# keyword", DisplayName = "attribute named as a keyword")]
    [DataRow("""<Structures><Structure Name="Card" Description="d"><Attribute Name="Card_" DataType="Text" /><Attribute Name="Card" DataType="Text" /></Structure></Structures>""", "its C# property is 'Card_' (an attribute named like its class is mapped), which is the attribute 'Card_' (line 3)", DisplayName = "attribute named as its class, mapped onto another")]
    public void A_reserved_name_says_why(string body, string messagePart)
    {
        var diagnostics = VerifyXml(body);

        StringAssert.Contains(diagnostics.Single(static d => d.Code == "OCP1023").Message, messagePart, Codes(diagnostics));
    }

    [TestMethod]
    [DataRow("Equals")]
    [DataRow("GetHashCode")]
    [DataRow("GetType")]
    [DataRow("ToString")]
    [DataRow("Finalize")]
    [DataRow("MemberwiseClone")]
    [DataRow("ReferenceEquals")]
    public void Each_member_of_object_is_a_reserved_action_name(string name)
    {
        var diagnostics = VerifyXml($"""<Actions><Action Name="{name}" Description="d" /></Actions>""");

        StringAssert.Contains(diagnostics.Single(static d => d.Code == "OCP1023").Message, $"it would hide object.{name}", Codes(diagnostics));
    }

    [TestMethod]
    public void An_attribute_named_like_its_class_takes_its_mapped_name_so_a_later_attribute_of_that_name_clashes()
    {
        var diagnostics = VerifyXml("""<Structures><Structure Name="Card" Description="d"><Attribute Name="Card" DataType="Text" /><Attribute Name="Card_" DataType="Text" /></Structure></Structures>""");

        var duplicate = diagnostics.Single(static d => d.Code == "OCP1022");
        StringAssert.Contains(duplicate.Message, "the same name as attribute 'Card' (line 3)", Codes(diagnostics));
    }

    [TestMethod]
    [DataRow("""<Actions><Action Name="Pay" Description="d"><Input Name="Amount" DataType="Decimal" /><Output Name="amount" DataType="Decimal" /></Action></Actions>""", "has the same name as input 'Amount' (line 3)", DisplayName = "two parameters")]
    [DataRow("""<Structures><Structure Name="Card" Description="d"><Attribute Name="N" DataType="Text" /></Structure></Structures><Entities><Entity Name="card" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", "Entity 'card' has the same name as structure 'Card' (line 3)", DisplayName = "a structure and an entity")]
    [DataRow("""<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="lib/a.dll" /><Resource Path="LIB\A.dll" /></Resources>""", "has the same name as resource 'lib/a.dll' (line 3)", DisplayName = "two resources")]
    [DataRow("""<Entities><Entity Name="A" TableName="T" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity><Entity Name="B" TableName="t" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", "The table 't' of entity 'B' has the same name as the table of entity 'A' (line 3)", DisplayName = "two tables")]
    [DataRow("""<Actions><Action Name="A" Key="k1" Description="d" /></Actions><Entities><Entity Name="E" Key="k1" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", "key 'k1', already used by action 'A' (line 3)", DisplayName = "an entity's key")]
    public void A_duplicate_names_the_first_element_and_its_line(string body, string messagePart)
    {
        var diagnostics = VerifyXml(body);

        var duplicate = diagnostics.Single(static d => d.Code is "OCP1022" or "OCP1024");
        StringAssert.Contains(duplicate.Message, messagePart, Codes(diagnostics));
    }

    [TestMethod]
    [DataRow("""<Actions><Action Name="A" Key="k1" Description="d" /></Actions><Entities><Entity Name="E" Description="d"><Attribute Name="Id" Key="k1" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", DisplayName = "entity attribute")]
    [DataRow("""<Actions><Action Name="A" Key="k1" Description="d" /></Actions><Structures><Structure Name="S" Description="d"><Attribute Name="N" Key="k1" DataType="Text" /></Structure></Structures>""", DisplayName = "structure attribute")]
    [DataRow("""<Actions><Action Name="A" Key="k1" Description="d" /></Actions><Resources><Resource Path="a.txt" Key="k1" DeployAction="Ignore" /></Resources>""", DisplayName = "resource")]
    public void Keys_of_attributes_and_resources_are_checked_against_every_other_key(string body)
    {
        var diagnostics = VerifyXml(body);

        Assert.AreEqual("OCP1024", diagnostics.Single().Code, Codes(diagnostics));
    }

    [TestMethod]
    [DataRow("""<Structures><Structure Description="d"><Attribute Name="N" DataType="Text" /></Structure><Structure Description="d"><Attribute Name="N" DataType="Text" /></Structure></Structures>""", DisplayName = "two structures without a name")]
    [DataRow("""<Entities><Entity Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity><Entity Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", DisplayName = "two entities without a name or table")]
    [DataRow("""<Structures><Structure Name="S" Description="d"><Attribute DataType="Text" /><Attribute DataType="Text" /></Structure></Structures>""", DisplayName = "two attributes without a name")]
    public void Elements_without_a_name_are_reported_once_each_and_never_as_duplicates(string body)
    {
        var diagnostics = VerifyXml(body);

        Assert.IsTrue(diagnostics.Count == 2 && diagnostics.All(static d => d.Code == "OCP1006"), Codes(diagnostics));
    }

    [TestMethod]
    public void Two_attributes_with_one_invalid_name_are_still_reported_as_duplicates()
    {
        var diagnostics = VerifyXml("""<Structures><Structure Name="S" Description="d"><Attribute Name="A-b" DataType="Text" /><Attribute Name="a-B" DataType="Text" /></Structure></Structures>""");

        CollectionAssert.AreEqual(new[] { "OCP1020", "OCP1020", "OCP1022" }, diagnostics.Select(static d => d.Code).ToArray(), Codes(diagnostics));
    }

    [TestMethod]
    [DataRow("C:", "it is absolute")]
    [DataRow(@"\lib\a.dll", "it is absolute")]
    [DataRow("/lib/a.dll", "it is absolute")]
    [DataRow("lib/a:b.dll", "it contains a character not allowed in a path")]
    [DataRow("\0lib/a.dll", "it contains a character not allowed in a path")]
    [DataRow("lib/a*.dll", "it contains a character not allowed in a path")]
    [DataRow("lib/../a.dll", "it goes up with '..'")]
    [DataRow("lib//a.dll", "it has an empty segment (a doubled or trailing '/')")]
    [DataRow("lib/a.dll", null)]
    public void A_resource_path_must_be_plain_and_relative(string path, string? problem)
    {
        Assert.AreEqual(problem, ResourceRules.ResourcePathProblem(path));
    }

    [TestMethod]
    public void A_resource_given_twice_is_reported_once_and_looked_for_on_disk_once()
    {
        var folder = Directory.CreateTempSubdirectory("ocp-verify-").FullName;
        try
        {
            var diagnostics = new DiagnosticBag();
            var definition = DefinitionReader.Parse(
                Xml("""<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="missing.dll" /><Resource Path="Missing.dll" /></Resources>"""),
                Path.Combine(folder, "extension.xml"), diagnostics)!;

            DefinitionVerifier.Verify(definition, diagnostics, new DefinitionVerifierOptions { BaseDirectory = folder });

            CollectionAssert.AreEqual(new[] { "OCP1090", "OCP1022" }, diagnostics.Select(static d => d.Code).ToArray(), Codes(diagnostics));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void A_deploy_action_set_on_the_model_wins_over_its_text()
    {
        // Definitions built in code (the Integration Studio import) set DeployAction and leave the text as it was.
        var folder = Directory.CreateTempSubdirectory("ocp-verify-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "notes.txt"), []);
            var diagnostics = new DiagnosticBag();
            var definition = DefinitionReader.Parse(
                Xml("""<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="notes.txt" DeployAction="Binaries" /></Resources>"""),
                Path.Combine(folder, "extension.xml"), diagnostics)!;
            definition.Resources[0].DeployAction = DeployAction.Ignore;

            DefinitionVerifier.Verify(definition, diagnostics, new DefinitionVerifierOptions { BaseDirectory = folder });

            Assert.AreEqual(0, diagnostics.Count, "an empty file deployed nowhere is fine: " + Codes(diagnostics));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [DataRow("/icons/pay.png", "/icons/pay.png", DisplayName = "absolute icon path: named as written")]
    [DataRow("icons/pay.png", "icons/pay.png", DisplayName = "missing icon: named with its full path")]
    public void An_icon_that_cannot_be_found_names_where_it_was_looked_for(string icon, string expectedPath)
    {
        var folder = Directory.CreateTempSubdirectory("ocp-verify-").FullName;
        try
        {
            var diagnostics = new DiagnosticBag();
            var definition = DefinitionReader.Parse(
                Xml($"""<Actions><Action Name="Pay" Icon="{icon}" Description="d" /></Actions>"""),
                Path.Combine(folder, "extension.xml"), diagnostics)!;

            DefinitionVerifier.Verify(definition, diagnostics, new DefinitionVerifierOptions { BaseDirectory = folder });

            var expected = Path.IsPathRooted(expectedPath) ? expectedPath : Path.Combine(folder, expectedPath);
            Assert.AreEqual($"Action 'Pay' has icon '{icon}', which was not found at '{expected}'", diagnostics.Single().Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void An_element_without_a_line_is_named_without_one_and_reported_where_it_is_known()
    {
        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Parse(
            Xml("""<Actions><Action Name="Pay" Description="d" /><Action Name="PAY" Description="d" /></Actions>"""), "shop.xml", diagnostics)!;
        var first = definition.Actions[0];
        var second = definition.Actions[1];
        first.Location = SourceLocation.None;
        second.NameLocation = SourceLocation.None;

        DefinitionVerifier.Verify(definition, diagnostics);

        var duplicate = diagnostics.Single();
        Assert.AreEqual("Action 'PAY' has the same name as action 'Pay' (names are compared ignoring case)", duplicate.Message);
        Assert.AreEqual(second.Location, duplicate.Location, "without the Name's own place, the element's");
    }

    [TestMethod]
    public void A_place_known_by_its_line_alone_is_used()
    {
        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Parse(
            Xml("""<Actions><Action Name="Pay" Description="d" /><Action Name="PAY" Description="d" /></Actions>"""), "shop.xml", diagnostics)!;
        var place = new SourceLocation(File: null, Line: 42, Column: 7);
        definition.Actions[1].NameLocation = place;

        DefinitionVerifier.Verify(definition, diagnostics);

        Assert.AreEqual(place, diagnostics.Single().Location);
    }

    [TestMethod]
    public void Verify_refuses_null_arguments()
    {
        var definition = DefinitionReader.Parse(Xml("""<Actions><Action Name="A" Description="d" /></Actions>"""), "shop.xml", new DiagnosticBag())!;

        Assert.ThrowsExactly<ArgumentNullException>(() => DefinitionVerifier.Verify(null!, new DiagnosticBag()));
        Assert.ThrowsExactly<ArgumentNullException>(() => DefinitionVerifier.Verify(definition, null!));
    }

    private static string Expand(string body) => body
        .Replace("{Name50}", Name50, StringComparison.Ordinal)
        .Replace("{Key100}", Key100, StringComparison.Ordinal)
        .Replace("{Table128}", "T" + new string('t', 127), StringComparison.Ordinal)
        .Replace("{255}", new string('d', 255), StringComparison.Ordinal);
}
