using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Verification;
using static OneClickPublish.Core.Tests.Definition.DefinitionTestFiles;

namespace OneClickPublish.Core.Tests.Verification;

[TestClass]
public sealed class DefinitionVerifierTests
{
    private const string Long51 = "A23456789012345678901234567890123456789012345678901";
    private const string Attribute29 = "A2345678901234567890123456789";

    [TestMethod]
    public void The_sample_verifies_without_errors_or_warnings()
    {
        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Read(SamplePath, diagnostics)!;

        DefinitionVerifier.Verify(definition, diagnostics, new DefinitionVerifierOptions { BaseDirectory = SampleDirectory });

        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
    }

    [TestMethod]
    public void A_minimal_valid_definition_is_clean()
    {
        var diagnostics = VerifyXml("""<Actions><Action Name="Ping" Description="d"><Input Name="Host" DataType="Text" /></Action></Actions>""");

        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
    }

    [TestMethod]
    // Names
    [DataRow("OCP1020", null, """<Actions><Action Name="Say Hello" Description="d" /></Actions>""", DisplayName = "name with a space")]
    [DataRow("OCP1020", null, """<Actions><Action Name="1st" Description="d" /></Actions>""", DisplayName = "name starting with a digit")]
    [DataRow("OCP1020", null, """<Actions><Action Name="_a" Description="d" /></Actions>""", DisplayName = "name starting with _")]
    [DataRow("OCP1020", null, """<Actions><Action Name="Grüße" Description="d" /></Actions>""", DisplayName = "non-ASCII letter")]
    [DataRow("OCP1020", """Name="My-Shop" Version="1.0.0" Description="d" Namespace="Shop" """, """<Actions><Action Name="A" Description="d" /></Actions>""", DisplayName = "invalid extension name")]
    [DataRow("OCP1021", null, $"""<Actions><Action Name="{Long51}" Description="d" /></Actions>""", DisplayName = "action name of 51 characters")]
    [DataRow("OCP1021", null, $"""<Entities><Entity Name="E" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /><Attribute Name="{Attribute29}" DataType="Text" /></Entity></Entities>""", DisplayName = "entity attribute name of 29 characters")]
    [DataRow("OCP1022", null, """<Actions><Action Name="Pay" Description="d" /><Action Name="PAY" Description="d" /></Actions>""", DisplayName = "two actions, names differing in case")]
    [DataRow("OCP1022", null, """<Actions><Action Name="Pay" Description="d"><Input Name="Amount" DataType="Decimal" /><Output Name="amount" DataType="Decimal" /></Action></Actions>""", DisplayName = "input and output with one name")]
    [DataRow("OCP1022", null, """<Structures><Structure Name="Card" Description="d"><Attribute Name="N" DataType="Text" /></Structure></Structures><Entities><Entity Name="card" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", DisplayName = "structure and entity with one name")]
    [DataRow("OCP1022", null, """<Structures><Structure Name="Card" Description="d"><Attribute Name="N" DataType="Text" /><Attribute Name="n" DataType="Text" /></Structure></Structures>""", DisplayName = "two attributes with one name")]
    [DataRow("OCP1022", null, """<Entities><Entity Name="A" TableName="T" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity><Entity Name="B" TableName="t" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", DisplayName = "two entities with one table")]
    [DataRow("OCP1022", null, """<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="lib/a.dll" /><Resource Path="LIB\A.dll" /></Resources>""", DisplayName = "one resource twice")]
    [DataRow("OCP1023", null, """<Actions><Action Name="Pay" Description="d"><Input Name="class" DataType="Text" /></Action></Actions>""", DisplayName = "parameter named as a C# keyword")]
    [DataRow("OCP1023", null, """<Actions><Action Name="ShopActions" Description="d" /></Actions>""", DisplayName = "action named as the entry class")]
    [DataRow("OCP1023", null, """<Actions><Action Name="ToString" Description="d" /></Actions>""", DisplayName = "action hiding an object member")]
    [DataRow("OCP1023", null, """<Structures><Structure Name="IShop" Description="d"><Attribute Name="N" DataType="Text" /></Structure></Structures>""", DisplayName = "structure named as the interface")]
    [DataRow("OCP1023", null, """<Structures><Structure Name="Shop" Description="d"><Attribute Name="N" DataType="Text" /></Structure></Structures>""", DisplayName = "structure named as the extension")]
    [DataRow("OCP1023", null, """<Structures><Structure Name="Card" Description="d"><Attribute Name="Card_" DataType="Text" /><Attribute Name="Card" DataType="Text" /></Structure></Structures>""", DisplayName = "attribute named as its structure, whose mapped property name is taken")]
    [DataRow("OCP1023", null, """<Structures><Structure Name="Card" Description="d"><Attribute Name="GetType" DataType="Text" /></Structure></Structures>""", DisplayName = "attribute hiding an object member")]
    [DataRow("OCP1024", null, """<Actions><Action Name="A" Key="k1" Description="d" /><Action Name="B" Key="k1" Description="d" /></Actions>""", DisplayName = "two actions with one key")]
    [DataRow("OCP1024", null, """<Actions><Action Name="A" Key="k1" Description="d"><Input Name="X" Key="k1" DataType="Text" /></Action></Actions>""", DisplayName = "action and parameter with one key")]
    [DataRow("OCP1030", null, """<Actions><Action Name="A" Key="my key" Description="d" /></Actions>""", DisplayName = "key with a space")]
    [DataRow("OCP1030", null, """<Actions><Action Name="A" Key="" Description="d" /></Actions>""", DisplayName = "empty key")]
    [DataRow("OCP1025", """Name="Shop" Version="1.0.0" Description="d" Namespace="My..Shop" """, """<Actions><Action Name="A" Description="d" /></Actions>""", DisplayName = "namespace with an empty part")]
    [DataRow("OCP1025", """Name="Shop" Version="1.0.0" Description="d" Namespace="My.class" """, """<Actions><Action Name="A" Description="d" /></Actions>""", DisplayName = "namespace with a keyword")]
    [DataRow("OCP1025", """Name="Shop" Version="1.0.0" Description="d" Namespace="My.2nd" """, """<Actions><Action Name="A" Description="d" /></Actions>""", DisplayName = "namespace part starting with a digit")]
    [DataRow("OCP1026", """Name="Shop" Version="1.0" Description="d" """, """<Actions><Action Name="A" Description="d" /></Actions>""", DisplayName = "version with two parts")]
    [DataRow("OCP1026", """Name="Shop" Version="1.0.0.0" Description="d" """, """<Actions><Action Name="A" Description="d" /></Actions>""", DisplayName = "version with four parts")]
    [DataRow("OCP1026", """Name="Shop" Version="01.0.0" Description="d" """, """<Actions><Action Name="A" Description="d" /></Actions>""", DisplayName = "version with a leading zero")]
    [DataRow("OCP1026", """Name="Shop" Version="v1.0.0" Description="d" """, """<Actions><Action Name="A" Description="d" /></Actions>""", DisplayName = "version with a v")]
    [DataRow("OCP1006", """Name="Shop" Description="d" """, """<Actions><Action Name="A" Description="d" /></Actions>""", DisplayName = "no version")]
    [DataRow("OCP1006", null, """<Actions><Action Description="d" /></Actions>""", DisplayName = "action without a name")]
    [DataRow("OCP1006", null, """<Actions><Action Name="A" Description="d"><Input Name="X" /></Action></Actions>""", DisplayName = "parameter without a data type")]
    [DataRow("OCP1006", null, """<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource DeployAction="Images" /></Resources>""", DisplayName = "resource without a path")]
    // Descriptions and emptiness (warnings)
    [DataRow("OCP1027", null, """<Actions><Action Name="A" Description="{256}" /></Actions>""", DisplayName = "description of 256 characters")]
    [DataRow("OCP1028", null, """<Actions><Action Name="A" /></Actions>""", DisplayName = "action without description")]
    [DataRow("OCP1028", null, """<Structures><Structure Name="S"><Attribute Name="N" DataType="Text" /></Structure></Structures>""", DisplayName = "structure without description")]
    [DataRow("OCP1028", """Name="Shop" Version="1.0.0" """, """<Actions><Action Name="A" Description="d" /></Actions>""", DisplayName = "extension without description")]
    [DataRow("OCP1029", null, "", DisplayName = "extension with nothing in it")]
    [DataRow("OCP1029", null, """<Resources><Resource Path="a.txt" DeployAction="Ignore" /></Resources>""", DisplayName = "extension with only resources")]
    // Data types and values
    [DataRow("OCP1040", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Strng" /></Action></Actions>""", DisplayName = "unknown data type")]
    [DataRow("OCP1041", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Record" /></Action></Actions>""", DisplayName = "Record without RecordType")]
    [DataRow("OCP1041", null, """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Record List" /></Structure></Structures>""", DisplayName = "Record List without RecordType")]
    [DataRow("OCP1042", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Record" RecordType="Nope" /></Action></Actions>""", DisplayName = "RecordType naming nothing")]
    [DataRow("OCP1043", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Text" RecordType="Nope" /></Action></Actions>""", DisplayName = "RecordType on Text")]
    [DataRow("OCP1044", null, """<Structures><Structure Name="Node" Description="d"><Attribute Name="Next" DataType="Record" RecordType="Node" /></Structure></Structures>""", DisplayName = "structure containing itself")]
    [DataRow("OCP1044", null, """<Structures><Structure Name="A" Description="d"><Attribute Name="B" DataType="Record" RecordType="B" /></Structure><Structure Name="B" Description="d"><Attribute Name="As" DataType="Record List" RecordType="a" /></Structure></Structures>""", DisplayName = "two structures containing each other through a list")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Integer" Default="2147483648" /></Action></Actions>""", DisplayName = "Integer default overflowing")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Long Integer" Default="9223372036854775808" /></Action></Actions>""", DisplayName = "Long Integer default overflowing")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Integer" Default="1.5" /></Action></Actions>""", DisplayName = "Integer default with decimals")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Decimal" Default="1,5" /></Action></Actions>""", DisplayName = "Decimal default with a comma")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Decimal" Default="1." /></Action></Actions>""", DisplayName = "Decimal default ending with a point")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Decimal" Default=".5" /></Action></Actions>""", DisplayName = "Decimal default starting with a point")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Decimal" Default="+-5" /></Action></Actions>""", DisplayName = "Decimal default with two signs")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Currency" Default="99999999999999999999999999999999" /></Action></Actions>""", DisplayName = "Currency default overflowing")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Boolean" Default="yes" /></Action></Actions>""", DisplayName = "Boolean default yes")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Date" Default="2024-13-01" /></Action></Actions>""", DisplayName = "Date default with month 13")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Date" Default="01/02/2024" /></Action></Actions>""", DisplayName = "Date default not ISO")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Time" Default="25:00:00" /></Action></Actions>""", DisplayName = "Time default at 25 o'clock")]
    [DataRow("OCP1045", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Date Time" Default="2024-02-30 10:00:00" /></Action></Actions>""", DisplayName = "Date Time default on 30 February")]
    [DataRow("OCP1045", null, """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Text" Length="3" Default="abcd" /></Structure></Structures>""", DisplayName = "Text default longer than Length")]
    [DataRow("OCP1045", null, """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Decimal" Length="5" Decimals="2" Default="1.234" /></Structure></Structures>""", DisplayName = "Decimal default with too many decimals")]
    [DataRow("OCP1045", null, """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Decimal" Length="5" Decimals="2" Default="1234.5" /></Structure></Structures>""", DisplayName = "Decimal default with too many digits")]
    [DataRow("OCP1046", null, """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Integer" Length="10" /></Structure></Structures>""", DisplayName = "Length on Integer")]
    [DataRow("OCP1046", null, """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Text" Length="0" /></Structure></Structures>""", DisplayName = "Length 0 on Text")]
    [DataRow("OCP1046", null, """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Decimal" Length="39" /></Structure></Structures>""", DisplayName = "Length 39 on Decimal")]
    [DataRow("OCP1047", null, """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Text" Decimals="2" /></Structure></Structures>""", DisplayName = "Decimals on Text")]
    [DataRow("OCP1047", null, """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Decimal" Length="4" Decimals="5" /></Structure></Structures>""", DisplayName = "Decimals above Length")]
    [DataRow("OCP1047", null, """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Decimal" Decimals="29" /></Structure></Structures>""", DisplayName = "Decimals 29")]
    [DataRow("OCP1048", null, """<Actions><Action Name="A" Description="d"><Output Name="X" DataType="Integer" Default="1" /></Action></Actions>""", DisplayName = "default on an output")]
    [DataRow("OCP1048", null, """<Actions><Action Name="A" Description="d"><Input Name="X" DataType="Binary Data" Default="AAAA" /></Action></Actions>""", DisplayName = "default on Binary Data")]
    [DataRow("OCP1049", null, """<Structures><Structure Name="S" Description="d"><Attribute Name="X" DataType="Text" /></Structure></Structures><Entities><Entity Name="E" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /><Attribute Name="S" DataType="Record" RecordType="S" /></Entity></Entities>""", DisplayName = "Record attribute in an entity")]
    // Actions
    [DataRow("OCP1060", null, """<Actions><Action Name="A" Function="true" Description="d"><Input Name="X" DataType="Text" /></Action></Actions>""", DisplayName = "function without output")]
    [DataRow("OCP1060", null, """<Actions><Action Name="A" Function="true" Description="d"><Output Name="X" DataType="Text" /><Output Name="Y" DataType="Text" /></Action></Actions>""", DisplayName = "function with two outputs")]
    [DataRow("OCP1061", null, """<Actions><Action Name="A" Description="d"><Output Name="X" DataType="Text" Mandatory="true" /></Action></Actions>""", DisplayName = "mandatory output")]
    // Structures and entities
    [DataRow("OCP1070", null, """<Structures><Structure Name="S" Description="d" /></Structures>""", DisplayName = "structure without attributes")]
    [DataRow("OCP1070", null, """<Entities><Entity Name="E" Description="d" /></Entities>""", DisplayName = "entity without attributes")]
    [DataRow("OCP1071", null, """<Entities><Entity Name="E" Description="d"><Attribute Name="N" DataType="Text" /></Entity></Entities>""", DisplayName = "entity without identifier")]
    [DataRow("OCP1072", null, """<Entities><Entity Name="E" Description="d"><Attribute Name="A" DataType="Integer" Identifier="true" Mandatory="true" /><Attribute Name="B" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", DisplayName = "two identifiers")]
    [DataRow("OCP1073", null, """<Entities><Entity Name="E" Description="d"><Attribute Name="A" DataType="Boolean" Identifier="true" Mandatory="true" /></Entity></Entities>""", DisplayName = "Boolean identifier")]
    [DataRow("OCP1073", null, """<Entities><Entity Name="E" Description="d"><Attribute Name="A" DataType="Decimal" Identifier="true" Mandatory="true" /></Entity></Entities>""", DisplayName = "Decimal identifier")]
    [DataRow("OCP1074", null, """<Entities><Entity Name="E" Description="d"><Attribute Name="A" DataType="Integer" Identifier="true" /></Entity></Entities>""", DisplayName = "identifier not mandatory")]
    [DataRow("OCP1079", null, """<Entities><Entity Name="E" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /><Attribute Name="User" DataType="Text" Length="50" /></Entity></Entities>""", DisplayName = "attribute named as a reserved word")]
    [DataRow("OCP1080", null, """<Entities><Entity Name="E" Description="d"><Attribute Name="Id" DataType="Long Integer" Identifier="true" AutoNumber="true" Mandatory="true" /></Entity></Entities>""", DisplayName = "entity made only of an auto-number identifier")]
    [DataRow("OCP1081", null, """<Entities><Entity Name="E" Description="d"><Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" /><Attribute Name="Photo" DataType="Binary Data" /><Attribute Name="Scan" DataType="Binary Data" /></Entity></Entities>""", DisplayName = "two binary attributes in one entity")]
    [DataRow("OCP1075", null, """<Entities><Entity Name="E" Description="d"><Attribute Name="A" DataType="Integer" Identifier="true" AutoNumber="true" Mandatory="true" /><Attribute Name="B" DataType="Integer" AutoNumber="true" /></Entity></Entities>""", DisplayName = "two auto numbers")]
    [DataRow("OCP1076", null, """<Entities><Entity Name="E" Description="d"><Attribute Name="A" DataType="Text" Identifier="true" AutoNumber="true" Mandatory="true" /></Entity></Entities>""", DisplayName = "Text auto number")]
    [DataRow("OCP1078", null, """<Entities><Entity Name="E" TableName="SHOP-CARD" Description="d"><Attribute Name="A" DataType="Integer" Identifier="true" Mandatory="true" /></Entity></Entities>""", DisplayName = "table name with a dash")]
    // Resources
    [DataRow("OCP1092", null, """<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="a.dll" DeployAction="Deploy" /></Resources>""", DisplayName = "unknown deploy action")]
    [DataRow("OCP1093", null, """<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="../secret.dll" /></Resources>""", DisplayName = "resource path going up")]
    [DataRow("OCP1094", null, """<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="site/web.config" DeployAction="Application" /></Resources>""", DisplayName = "resource replacing the host's web.config")]
    [DataRow("OCP1094", null, """<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="Host.runtimeconfig.json" DeployAction="Binaries" /></Resources>""", DisplayName = "resource replacing a runtimeconfig")]
    [DataRow("OCP1094", null, """<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="appsettings.Production.json" DeployAction="Application" /></Resources>""", DisplayName = "resource replacing appsettings")]
    [DataRow("OCP1094", null, """<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="lib/shop.DLL" DeployAction="Binaries" /></Resources>""", DisplayName = "resource replacing the extension's own assembly")]
    [DataRow("OCP1093", null, """<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="/etc/passwd" /></Resources>""", DisplayName = "absolute resource path")]
    [DataRow("OCP1093", null, """<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="C:\x.dll" /></Resources>""", DisplayName = "resource path with a drive")]
    [DataRow("OCP1093", null, """<Actions><Action Name="A" Description="d" /></Actions><Resources><Resource Path="lib//x.dll" /></Resources>""", DisplayName = "resource path with an empty segment")]
    public void Each_mistake_is_reported_with_its_code_and_nothing_else(string code, string? extensionAttributes, string body)
    {
        var diagnostics = VerifyXml(body.Replace("{256}", new string('x', 256), StringComparison.Ordinal), extensionAttributes);

        Assert.IsTrue(diagnostics.Count > 0, $"expected {code}, got nothing");
        Assert.IsTrue(diagnostics.All(d => d.Code == code), $"expected only {code}, got: {Codes(diagnostics)}");
        var expected = DefinitionDiagnostics().Single(d => d.Code == code);
        Assert.AreEqual(expected.Severity, diagnostics[0].Severity);
        Assert.IsTrue(diagnostics[0].Location.Line >= 2, $"no line: {diagnostics[0]}");
        Assert.AreEqual("shop.xml", diagnostics[0].Location.File);
    }

    [TestMethod]
    [DataRow("web.config", "Ignore", null)]
    [DataRow("docs/web.config.sample", "Application", null)]
    [DataRow("Shop.dll", "Images", null)]
    [DataRow("Shop.dll", "Binaries", "extension's own assembly")]
    [DataRow("Other.deps.json", "Images", "dependencies and runtime settings")]
    [DataRow("active.json", "Application", "active version")]
    public void Reserved_resource_names_depend_on_the_name_and_the_deploy_action(string path, string action, string? reason)
    {
        var problem = ReservedResourceNames.Problem(Path.GetFileName(path), Enum.Parse<DeployAction>(action), "Shop");

        if (reason is null)
        {
            Assert.IsNull(problem);
        }
        else
        {
            StringAssert.Contains(problem, reason);
        }
    }

    [TestMethod]
    public void Several_independent_mistakes_are_all_reported_in_one_run()
    {
        var diagnostics = VerifyXml(
            """
            <Actions>
              <Action Name="Pay" Description="d"><Input Name="Card" DataType="Record" /></Action>
              <Action Name="pay" Description="d"><Input Name="X" DataType="Strng" /></Action>
            </Actions>
            <Structures>
              <Structure Name="Node" Description="d"><Attribute Name="Next" DataType="Record" RecordType="Node" /></Structure>
            </Structures>
            <Entities>
              <Entity Name="Card" Description="d"><Attribute Name="CardNumber" DataType="Text" /></Entity>
            </Entities>
            """,
            """Name="Shop" Version="1.0" Description="d" """);

        // In file order, whatever order the rules run in.
        CollectionAssert.AreEqual(
            new[] { "OCP1026@2", "OCP1041@4", "OCP1022@5", "OCP1040@5", "OCP1044@8", "OCP1071@11" },
            diagnostics.Select(static d => $"{d.Code}@{d.Location.Line}").ToArray(),
            Codes(diagnostics));
    }

    [TestMethod]
    public void A_duplicate_points_at_the_second_element_and_names_the_first()
    {
        var diagnostics = VerifyXml("<Actions>\n<Action Name=\"Pay\" Description=\"d\" />\n   <Action Name=\"PAY\" Description=\"d\" />\n</Actions>");

        var error = diagnostics.Single();
        Assert.AreEqual(5, error.Location.Line);
        Assert.AreEqual(12, error.Location.Column, "the Name attribute");
        Assert.AreEqual("Action PAY", error.Location.ElementPath);
        StringAssert.Contains(error.Message, "'Pay' (line 4)");
    }

    [TestMethod]
    public void A_cycle_is_reported_with_its_path()
    {
        var diagnostics = VerifyXml("""
            <Structures>
              <Structure Name="A" Description="d"><Attribute Name="ToB" DataType="Record" RecordType="B" /></Structure>
              <Structure Name="B" Description="d"><Attribute Name="ToC" DataType="Record List" RecordType="C" /></Structure>
              <Structure Name="C" Description="d"><Attribute Name="Back" DataType="Record" RecordType="A" /><Attribute Name="Leaf" DataType="Record" RecordType="D" /></Structure>
              <Structure Name="D" Description="d"><Attribute Name="N" DataType="Text" /></Structure>
            </Structures>
            """);

        var error = diagnostics.Single();
        Assert.AreEqual("OCP1044", error.Code);
        StringAssert.Contains(error.Message, "A.ToB \u2192 B.ToC \u2192 C.Back \u2192 A");
        Assert.AreEqual(6, error.Location.Line);
    }

    [TestMethod]
    public void Structures_may_refer_to_structures_declared_later_and_share_them_without_a_cycle()
    {
        var diagnostics = VerifyXml("""
            <Structures>
              <Structure Name="Order" Description="d"><Attribute Name="From" DataType="Record" RecordType="Address" /><Attribute Name="To" DataType="Record" RecordType="Address" /></Structure>
              <Structure Name="Address" Description="d"><Attribute Name="Street" DataType="Text" /></Structure>
            </Structures>
            """);

        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
    }

    [TestMethod]
    public void Identifier_and_auto_number_on_a_structure_built_in_code_are_reported()
    {
        var definition = new ExtensionDefinition { Name = "Shop", VersionText = "1.0.0", Description = "d" };
        var structure = new StructureDefinition { Name = "S", Description = "d" };
        structure.Attributes.Add(new AttributeDefinition { Name = "Id", DataType = DataType.Integer, IsIdentifier = true, IsAutoNumber = true });
        definition.Structures.Add(structure);
        var diagnostics = new DiagnosticBag();

        DefinitionVerifier.Verify(definition, diagnostics);

        CollectionAssert.AreEqual(new[] { "OCP1077", "OCP1077" }, diagnostics.Select(static d => d.Code).ToArray(), Codes(diagnostics));
    }

    [TestMethod]
    public void A_model_built_in_code_needs_no_names_of_types_or_parsed_version()
    {
        var definition = new ExtensionDefinition { Name = "Shop", VersionText = "2.1.0-beta.1", Description = "d" };
        var action = new ActionDefinition { Name = "Pay", Description = "d" };
        action.Parameters.Add(new ParameterDefinition { Name = "Amount", DataType = DataType.Currency, DefaultValue = "-1.25" });
        definition.Actions.Add(action);
        definition.Resources.Add(new ResourceDefinition { Path = "x.txt", DeployActionText = "Ignore" });
        var diagnostics = new DiagnosticBag();

        DefinitionVerifier.Verify(definition, diagnostics);

        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
    }

    [TestMethod]
    public void Resources_and_icons_are_checked_on_disk_when_a_base_directory_is_given()
    {
        var folder = Directory.CreateTempSubdirectory("ocp-verify-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "real.dll"), [1, 2, 3]);
            File.WriteAllBytes(Path.Combine(folder, "empty.dll"), []);
            File.WriteAllBytes(Path.Combine(folder, "notes.txt"), []);
            var xml = Xml("""
                <Actions><Action Name="A" Description="d" Icon="icons/a.png" /></Actions>
                <Resources>
                  <Resource Path="real.dll" />
                  <Resource Path="missing.dll" />
                  <Resource Path="empty.dll" DeployAction="Binaries" />
                  <Resource Path="notes.txt" DeployAction="Ignore" />
                </Resources>
                """);
            var diagnostics = new DiagnosticBag();
            var definition = DefinitionReader.Parse(xml, Path.Combine(folder, "extension.xml"), diagnostics)!;

            DefinitionVerifier.Verify(definition, diagnostics, new DefinitionVerifierOptions { BaseDirectory = folder });

            CollectionAssert.AreEqual(
                new[] { "OCP1062@3", "OCP1090@6", "OCP1091@7" },
                diagnostics.Select(static d => $"{d.Code}@{d.Location.Line}").ToArray(),
                Codes(diagnostics));
            StringAssert.Contains(diagnostics[1].Message, Path.Combine(folder, "missing.dll"));

            var withoutDisk = new DiagnosticBag();
            DefinitionVerifier.Verify(definition, withoutDisk);
            Assert.AreEqual(0, withoutDisk.Count, "no base directory, no disk checks");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void Valid_defaults_of_every_type_pass()
    {
        var diagnostics = VerifyXml("""
            <Structures><Structure Name="S" Description="d">
              <Attribute Name="T" DataType="Text" Length="5" Default="hello" />
              <Attribute Name="I" DataType="Integer" Default="-2147483648" />
              <Attribute Name="L" DataType="Long Integer" Default="9223372036854775807" />
              <Attribute Name="D" DataType="Decimal" Length="5" Decimals="2" Default="-123.45" />
              <Attribute Name="C" DataType="Currency" Default="0" />
              <Attribute Name="B" DataType="Boolean" Default="False" />
              <Attribute Name="DT" DataType="Date Time" Default="2024-02-29 23:59:59" />
              <Attribute Name="DT2" DataType="Date Time" Default="2024-02-29T23:59:59" />
              <Attribute Name="Da" DataType="Date" Default="1900-01-01" />
              <Attribute Name="Ti" DataType="Time" Default="23:59:59" />
              <Attribute Name="P" DataType="Phone Number" Default="+1 555 0100" />
              <Attribute Name="E" DataType="Email" Default="a@example.com" />
            </Structure></Structures>
            """);

        Assert.AreEqual(0, diagnostics.Count, Codes(diagnostics));
    }

    [TestMethod]
    public void Codes_are_unique_in_the_definition_range_and_each_has_a_documentation_page()
    {
        var descriptors = DefinitionDiagnostics().ToList();

        Assert.IsTrue(descriptors.Count >= 40);
        Assert.AreEqual(descriptors.Count, descriptors.Select(static d => d.Code).Distinct(StringComparer.Ordinal).Count());
        foreach (var descriptor in descriptors)
        {
            var number = int.Parse(descriptor.Code.AsSpan(3), System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(descriptor.Code.StartsWith("OCP", StringComparison.Ordinal) && number is >= 1001 and <= 1099, descriptor.Code);
            var page = Path.Combine(RepositoryRoot, descriptor.HelpLink);
            Assert.IsTrue(File.Exists(page), $"{page} is missing");
            var text = File.ReadAllText(page);
            StringAssert.Contains(text, descriptor.Code);
            StringAssert.Contains(text, descriptor.Title);
        }
    }

    private static IEnumerable<DiagnosticDescriptor> DefinitionDiagnostics() =>
        typeof(DefinitionDiagnostics).GetFields()
            .Where(static f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(static f => (DiagnosticDescriptor)f.GetValue(null)!);

    /// <summary>Reads <paramref name="body"/> in an extension (which the reader must accept as it is) and verifies it.</summary>
    internal static DiagnosticBag VerifyXml(string body, string? extensionAttributes = null)
    {
        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Parse(Xml(body, extensionAttributes), "shop.xml", diagnostics);
        Assert.IsNotNull(definition, Codes(diagnostics));
        Assert.AreEqual(0, diagnostics.Count, "the reader must accept the test input: " + Codes(diagnostics));
        DefinitionVerifier.Verify(definition, diagnostics);
        return diagnostics;
    }
}
