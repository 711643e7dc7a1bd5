using OneClickPublish.Compatibility;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Core.Tests.Definition;

namespace OneClickPublish.Tests.Compatibility;

/// <summary>
/// The changes of entities, attributes, record types and functions the checker tells apart (its
/// action and parameter rules are tested with the server, which enforces them on publish).
/// </summary>
[TestClass]
public sealed class CompatibilityCheckerAttributeTests
{
    private static ExtensionDefinition Read(string body, string version = "1.0.0")
    {
        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Parse(DefinitionTestFiles.Xml(body, $"Name=\"Shop\" Version=\"{version}\" Description=\"A shop.\""), "extension.xml", diagnostics);
        Assert.IsNotNull(definition, DefinitionTestFiles.Codes(diagnostics));
        Assert.IsFalse(diagnostics.HasErrors, DefinitionTestFiles.Codes(diagnostics));
        return definition;
    }

    private static string Entity(string attributes, string table = "SHOP_ORDER") => $"""
        <Entities>
          <Entity Name="Order" Key="ent-order" TableName="{table}" Description="An order.">
            <Attribute Name="Id" DataType="Integer" Identifier="true" AutoNumber="true" Description="I." />
            {attributes}
          </Entity>
        </Entities>
        """;

    private static List<string> Changes(string before, string after) =>
        [.. CompatibilityChecker.Compare(Read(before), Read(after)).Select(c => $"{(c.IsBreaking ? "breaking" : "addition")}: {c.Description}")];

    [TestMethod]
    [DataRow("""<Attribute Name="Code" DataType="Text" Length="10" Description="C." />""", """<Attribute Name="Code" DataType="Text" Length="20" Description="C." />""",
        "addition: Entity Order › Attribute Code length grew from 10 to 20")]
    [DataRow("""<Attribute Name="Code" DataType="Text" Length="20" Description="C." />""", """<Attribute Name="Code" DataType="Text" Length="10" Description="C." />""",
        "breaking: Entity Order › Attribute Code length shrank from 20 to 10")]
    [DataRow("""<Attribute Name="Code" DataType="Text" Description="C." />""", """<Attribute Name="Code" DataType="Text" Length="10" Description="C." />""",
        "breaking: Entity Order › Attribute Code length became limited to 10")]
    [DataRow("""<Attribute Name="Price" DataType="Decimal" Length="10" Decimals="4" Description="P." />""", """<Attribute Name="Price" DataType="Decimal" Length="10" Decimals="2" Description="P." />""",
        "breaking: Entity Order › Attribute Price decimals shrank from 4 to 2")]
    [DataRow("""<Attribute Name="Code" DataType="Text" Description="C." />""", """<Attribute Name="Code" DataType="Text" Mandatory="true" Description="C." />""",
        "breaking: Entity Order › Attribute Code became mandatory")]
    [DataRow("""<Attribute Name="Code" DataType="Integer" Description="C." />""", """<Attribute Name="Code" DataType="Integer" AutoNumber="true" Description="C." />""",
        "breaking: Entity Order › Attribute Code became auto number")]
    [DataRow("""<Attribute Name="Code" DataType="Integer" AutoNumber="true" Description="C." />""", """<Attribute Name="Code" DataType="Integer" Description="C." />""",
        "breaking: Entity Order › Attribute Code is no longer auto number")]
    public void An_attribute_change_is_classified(string before, string after, string expected) =>
        CollectionAssert.AreEqual(new[] { expected }, Changes(Entity(before), Entity(after)));

    [TestMethod]
    public void Lengths_removed_or_kept_and_decimals_grown_are_no_change()
    {
        var before = Entity("""<Attribute Name="Code" DataType="Text" Length="10" Description="C." /><Attribute Name="Price" DataType="Decimal" Length="10" Decimals="2" Description="P." />""");
        var after = Entity("""<Attribute Name="Code" DataType="Text" Description="C." /><Attribute Name="Price" DataType="Decimal" Length="10" Decimals="4" Description="P." />""");

        CollectionAssert.AreEqual(Array.Empty<string>(), Changes(before, after));
    }

    [TestMethod]
    public void The_identifier_moving_to_another_attribute_is_breaking_twice()
    {
        var before = """<Entities><Entity Name="Order" Key="ent-order" Description="O."><Attribute Name="Id" DataType="Integer" Identifier="true" Description="I." /><Attribute Name="Code" DataType="Integer" Description="C." /></Entity></Entities>""";
        var after = """<Entities><Entity Name="Order" Key="ent-order" Description="O."><Attribute Name="Id" DataType="Integer" Description="I." /><Attribute Name="Code" DataType="Integer" Identifier="true" Description="C." /></Entity></Entities>""";

        CollectionAssert.AreEqual(
            new[] { "breaking: Entity Order › Attribute Id is no longer the identifier", "breaking: Entity Order › Attribute Code became the identifier" },
            Changes(before, after));
    }

    [TestMethod]
    public void A_table_name_change_is_breaking_but_not_its_case()
    {
        CollectionAssert.AreEqual(
            new[] { "breaking: Entity Order changed its table name from 'SHOP_ORDER' to 'SHOP_ORDERS'" },
            Changes(Entity(string.Empty), Entity(string.Empty, table: "SHOP_ORDERS")));
        CollectionAssert.AreEqual(Array.Empty<string>(), Changes(Entity(string.Empty), Entity(string.Empty, table: "shop_order")));
    }

    [TestMethod]
    public void A_record_type_change_is_breaking()
    {
        const string structures = """
            <Structures>
              <Structure Name="Person" Key="str-person" Description="P."><Attribute Name="Name" DataType="Text" Description="N." /></Structure>
              <Structure Name="Pet" Key="str-pet" Description="P."><Attribute Name="Name" DataType="Text" Description="N." /></Structure>
            </Structures>
            """;
        static string Action(string record) => $"""
            <Actions><Action Name="Adopt" Key="act-adopt" Description="A."><Input Name="Who" DataType="Record" RecordType="{record}" Description="W." /></Action></Actions>
            """;

        CollectionAssert.AreEqual(
            new[] { "breaking: Action Adopt › Input Who changed its record type from Person to Pet" },
            Changes(Action("Person") + structures, Action("Pet") + structures));
    }

    [TestMethod]
    public void An_action_becoming_or_ceasing_to_be_a_function_is_breaking()
    {
        const string plain = """<Actions><Action Name="Total" Key="act-total" Description="T."><Output Name="Sum" DataType="Integer" Description="S." /></Action></Actions>""";
        const string function = """<Actions><Action Name="Total" Key="act-total" Function="true" Description="T."><Output Name="Sum" DataType="Integer" Description="S." /></Action></Actions>""";

        CollectionAssert.AreEqual(new[] { "breaking: Action Total became a function" }, Changes(plain, function));
        CollectionAssert.AreEqual(new[] { "breaking: Action Total is no longer a function" }, Changes(function, plain));
    }

    [TestMethod]
    public void An_element_that_lost_its_key_is_still_matched_by_name()
    {
        const string keyed = """<Actions><Action Name="Total" Key="act-total" Description="T." /></Actions>""";
        const string unkeyed = """<Actions><Action Name="total" Description="T." /></Actions>""";
        const string otherKey = """<Actions><Action Name="Total" Key="act-other" Description="T." /></Actions>""";

        CollectionAssert.AreEqual(new[] { "addition: Action Total was renamed to total" }, Changes(keyed, unkeyed));
        CollectionAssert.AreEqual(new[] { "breaking: Action Total was removed", "addition: Action Total was added" }, Changes(keyed, otherKey));
    }

    [TestMethod]
    public void An_addition_without_a_minor_bump_is_a_warning_and_none_is_reported_without_versions()
    {
        const string before = """<Actions><Action Name="Total" Key="act-total" Description="T." /></Actions>""";
        const string after = """<Actions><Action Name="Total" Key="act-total" Description="T." /><Action Name="Count" Key="act-count" Description="C." /></Actions>""";
        var diagnostics = new DiagnosticBag();

        var changes = CompatibilityChecker.Check(Read(before), Read(after, "1.0.1"), diagnostics);

        Assert.AreEqual("Action Count was added", changes.Single().Description);
        Assert.AreEqual("OCP5112", diagnostics.Single().Code);
        Assert.AreEqual(DiagnosticSeverity.Warning, diagnostics.Single().Severity);

        var unversioned = Read(after, "1.0.1");
        unversioned.Version = null;
        var quiet = new DiagnosticBag();
        Assert.AreEqual(1, CompatibilityChecker.Check(Read(before), unversioned, quiet).Count);
        Assert.AreEqual(0, quiet.Count);
        Assert.AreEqual(0, CompatibilityChecker.Check(Read(before), Read(after, "1.1.0"), quiet).Count(c => c.IsBreaking));
        Assert.AreEqual(0, quiet.Count, "a minor bump allows the addition");
    }
}
