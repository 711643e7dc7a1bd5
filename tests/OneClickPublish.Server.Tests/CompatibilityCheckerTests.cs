using NuGet.Versioning;
using OneClickPublish.Compatibility;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests;

[TestClass]
public sealed class CompatibilityCheckerTests
{
    private const string Action = """
            <Action Name="SayHello" Key="act-sayhello" Description="Greets.">
              <Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who." />
              <Input Name="Times" DataType="Integer" Description="How often." />
              <Output Name="Greeting" DataType="Text" Description="The greeting." />
            </Action>
        """;

    private static ExtensionDefinition Read(string version, string actions = Action, string? structures = null)
    {
        var bag = new DiagnosticBag();
        var definition = DefinitionReader.Parse(Definitions.Simple("Hello", version, actions, structures), "extension.xml", bag);
        Assert.IsNotNull(definition, string.Join(Environment.NewLine, bag));
        Assert.IsFalse(bag.HasErrors, string.Join(Environment.NewLine, bag));
        return definition;
    }

    private static List<string> Breaking(ExtensionDefinition before, ExtensionDefinition after) =>
        [.. CompatibilityChecker.Compare(before, after).Where(static c => c.IsBreaking).Select(static c => c.Description)];

    [TestMethod]
    public void Identical_definitions_have_no_changes() =>
        Assert.AreEqual(0, CompatibilityChecker.Compare(Read("1.0.0"), Read("1.0.1")).Count);

    [TestMethod]
    [DataRow("""<Input Name="PersonName" DataType="Integer" Mandatory="true" Description="Who." /><Input Name="Times" DataType="Integer" Description="How often." /><Output Name="Greeting" DataType="Text" Description="The greeting." />""",
        "Action SayHello › Input PersonName changed its data type from Text to Integer")]
    [DataRow("""<Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who." /><Input Name="Times" DataType="Integer" Mandatory="true" Description="How often." /><Output Name="Greeting" DataType="Text" Description="The greeting." />""",
        "Action SayHello › Input Times became mandatory")]
    [DataRow("""<Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who." /><Output Name="Greeting" DataType="Text" Description="The greeting." />""",
        "Action SayHello › Input Times was removed")]
    [DataRow("""<Input Name="Times" DataType="Integer" Description="How often." /><Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who." /><Output Name="Greeting" DataType="Text" Description="The greeting." />""",
        "Action SayHello changed the order of its parameters (PersonName, Times, Greeting → Times, PersonName, Greeting)")]
    [DataRow("""<Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who." /><Input Name="Times" DataType="Integer" Description="How often." /><Input Name="Greeting" DataType="Text" Description="The greeting." />""",
        "Action SayHello › Input Greeting changed from output to input")]
    [DataRow("""<Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who." /><Input Name="Times" DataType="Integer" Description="How often." /><Output Name="Greeting" DataType="Text" Description="The greeting." /><Input Name="Extra" DataType="Text" Mandatory="true" Description="New." />""",
        "Action SayHello › Input Extra was added as a mandatory input")]
    public void Parameter_changes_are_breaking(string parameters, string expected)
    {
        var after = Read("1.1.0", $"""<Action Name="SayHello" Key="act-sayhello" Description="Greets.">{parameters}</Action>""");
        CollectionAssert.AreEqual(new[] { expected }, Breaking(Read("1.0.0"), after));
    }

    [TestMethod]
    public void Removed_action_and_structure_attribute_changes_are_breaking()
    {
        const string before = """<Structure Name="Person" Key="str-person" Description="A person."><Attribute Name="Name" DataType="Text" Length="100" Description="N." /><Attribute Name="Age" DataType="Integer" Description="A." /></Structure>""";
        const string after = """<Structure Name="Person" Key="str-person" Description="A person."><Attribute Name="Name" DataType="Text" Length="50" Description="N." /></Structure>""";
        var changes = Breaking(Read("1.0.0", structures: before), Read("1.1.0", actions: string.Empty, structures: after));
        CollectionAssert.AreEquivalent(new[]
        {
            "Action SayHello was removed",
            "Structure Person › Attribute Name length shrank from 100 to 50",
            "Structure Person › Attribute Age was removed",
        }, changes);
    }

    [TestMethod]
    public void Additions_optional_inputs_and_renames_followed_by_key_are_not_breaking()
    {
        const string renamed = """
            <Action Name="Greet" Key="act-sayhello" Description="Greets.">
              <Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who." />
              <Input Name="Times" DataType="Integer" Description="How often." />
              <Output Name="Greeting" DataType="Text" Description="The greeting." />
              <Input Name="Polite" DataType="Boolean" Description="Say please." />
            </Action>
            <Action Name="SayBye" Description="Bye."><Output Name="Text" DataType="Text" Description="Bye." /></Action>
            """;
        var changes = CompatibilityChecker.Compare(Read("1.0.0"), Read("1.1.0", renamed));
        Assert.AreEqual(0, changes.Count(static c => c.IsBreaking), string.Join("; ", changes));
        Assert.AreEqual(VersionBump.Minor, CompatibilityChecker.RequiredBump(changes));
        CollectionAssert.Contains(changes.Select(static c => c.Description).ToList(), "Action SayHello was renamed to Greet");
    }

    [TestMethod]
    public void Same_name_with_another_key_is_a_different_element()
    {
        var after = Read("2.0.0", Action.Replace("act-sayhello", "act-other", StringComparison.Ordinal));
        CollectionAssert.AreEqual(new[] { "Action SayHello was removed" }, Breaking(Read("1.0.0"), after));
    }

    [TestMethod]
    [DataRow("1.0.0", "2.0.0", 0)]
    [DataRow("1.0.0", "1.1.0", 2)]
    [DataRow("1.0.0", "1.0.1", 2)]
    public void Check_reports_one_error_per_breaking_change_unless_the_major_version_moves(string from, string to, int errors)
    {
        var after = Read(to, """<Action Name="SayHello" Key="act-sayhello" Description="Greets."><Input Name="PersonName" DataType="Integer" Mandatory="true" Description="Who." /><Output Name="Greeting" DataType="Text" Description="The greeting." /></Action>""");
        var bag = new DiagnosticBag();
        CompatibilityChecker.Check(Read(from), after, bag);
        Assert.AreEqual(errors, bag.Count(static d => d.Code == "OCP5111"), string.Join(Environment.NewLine, bag));
        Assert.IsTrue(bag.Where(static d => d.Code == "OCP5111").All(static d => d.Location.ElementPath!.StartsWith("Action SayHello", StringComparison.Ordinal)));
    }

    [TestMethod]
    [DataRow("1.2.3", "2.0.0", VersionBump.Major)]
    [DataRow("1.2.3", "1.3.0", VersionBump.Minor)]
    [DataRow("1.2.3", "1.2.4", VersionBump.Patch)]
    [DataRow("1.2.3", "1.2.3", VersionBump.None)]
    [DataRow("1.2.3-beta", "1.2.3", VersionBump.Patch)]
    public void Actual_bump(string from, string to, VersionBump expected) =>
        Assert.AreEqual(expected, CompatibilityChecker.ActualBump(NuGetVersion.Parse(from), NuGetVersion.Parse(to)));
}
