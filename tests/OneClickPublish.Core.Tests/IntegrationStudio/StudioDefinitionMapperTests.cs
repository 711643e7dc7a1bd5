using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;
using OneClickPublish.Core.Tests.CodeGeneration;
using OneClickPublish.Diagnostics;
using OneClickPublish.IntegrationStudio;
using OneClickPublish.Verification;

namespace OneClickPublish.Tests.IntegrationStudio;

[TestClass]
public sealed class StudioDefinitionMapperTests
{
    private static ExtensionDefinition Geo(string? version = null) =>
        StudioDefinitionMapper.ToDefinition(StudioXifReaderTests.ReadOk(StudioXifFixtures.Geo()), version);

    [TestMethod]
    public void Actions_keep_file_order_keys_flags_and_interleaved_parameters()
    {
        var geo = Geo();

        Assert.AreEqual("Geo", geo.Name);
        Assert.AreEqual("1.0.0", geo.VersionText, "the file has no version of the extension");
        Assert.AreEqual(StudioXifFixtures.ExtensionKey, geo.Key);
        CollectionAssert.AreEqual(new[] { "Distance", "Describe", "CountRows" }, geo.Actions.Select(a => a.Name).ToArray());
        var distance = geo.Actions[0];
        Assert.AreEqual("aCt10n0000000000000001", distance.Key);
        Assert.IsTrue(distance.IsFunction);
        Assert.AreEqual("Icons/geo.png", distance.Icon, "the icon's key becomes the icon resource's path");
        CollectionAssert.AreEqual(
            new[] { "Input From Record Point", "Output Km Decimal -", "Input To Record Point" },
            distance.Parameters.Select(p => $"{p.Kind} {p.Name} {p.DataTypeName} {p.RecordType ?? "-"}").ToArray());
        Assert.AreEqual(ParameterDirection.Output, geo.Actions[1].Parameters[0].Direction);
        Assert.AreEqual("pArAm00000000000000010", geo.Actions[1].Parameters[0].Key);
    }

    [TestMethod]
    [DataRow("Summary", null)]
    [DataRow("Orientation", "Portrait")]
    [DataRow("Tag", "")]
    [DataRow("Count", "3")]
    [DataRow("Offset", "-1")]
    [DataRow("Verbose", "false")]
    [DataRow("Big", null)]
    public void Defaults_come_from_the_expression_and_an_explicit_empty_text_stays_empty(string parameter, string? expected)
    {
        Assert.AreEqual(expected, Geo().Actions[1].Parameters.Single(p => p.Name == parameter).DefaultValue);
    }

    [TestMethod]
    public void Every_type_maps_and_record_types_are_resolved_to_names_even_forward()
    {
        var geo = Geo();

        var describe = geo.Actions[1];
        Assert.AreEqual("Record List", describe.Parameters.Single(p => p.Name == "Points").DataTypeName);
        Assert.AreEqual("Point", describe.Parameters.Single(p => p.Name == "Points").RecordType);
        Assert.AreEqual("Route", describe.Parameters.Single(p => p.Name == "Path").RecordType);
        Assert.AreEqual("Binary Data", describe.Parameters.Single(p => p.Name == "Blob").DataTypeName);
        Assert.AreEqual("Long Integer", describe.Parameters.Single(p => p.Name == "Big").DataTypeName);
        Assert.AreEqual("Date", describe.Parameters.Single(p => p.Name == "Day").DataTypeName);
        var route = geo.Structures[0];
        Assert.AreEqual("Point", route.Attributes[0].RecordType, "Route refers to Point, declared after it");
        Assert.IsTrue(route.Attributes[0].IsMandatory);
        Assert.AreEqual(100, route.Attributes[2].Length);
        Assert.AreEqual("unnamed", route.Attributes[2].DefaultValue);
        Assert.IsNull(route.Attributes[2].Decimals);
        Assert.AreEqual("Point", geo.Structures[1].Attributes[0].Name);
    }

    [TestMethod]
    public void Resources_go_under_IntegrationStudio_when_they_are_the_original_s_own_and_keep_their_deploy_action()
    {
        var resources = Geo().Resources.ToDictionary(r => r.Path, r => r.DeployAction);

        CollectionAssert.AreEqual(
            new[] { "IntegrationStudio/Source/NET/Geo.cs", "IntegrationStudio/Source/NET/Geo.csproj", "IntegrationStudio/Source/NET/%Name%.cs", "Icons/geo.png", "Source/NET/Bin/EPPlus.dll", "IntegrationStudio/Source/NET/Bin/OutSystems.NssGeo.dll" },
            resources.Keys.ToArray());
        Assert.AreEqual(DeployAction.Images, resources["Icons/geo.png"]);
        Assert.AreEqual(DeployAction.Binaries, resources["Source/NET/Bin/EPPlus.dll"]);
        Assert.AreEqual(DeployAction.Ignore, resources["IntegrationStudio/Source/NET/Geo.cs"]);
    }

    [TestMethod]
    public void The_mapped_definition_writes_and_reads_back_as_extension_xml()
    {
        var xml = DefinitionWriter.WriteToString(Geo("2.1.0"));
        var diagnostics = new DiagnosticBag();

        var read = DefinitionReader.Parse(xml, "extension.xml", diagnostics);

        Assert.IsNotNull(read, string.Join('\n', diagnostics));
        Assert.AreEqual(0, diagnostics.Count, string.Join('\n', diagnostics));
        Assert.AreEqual("2.1.0", read.VersionText);
        Assert.AreEqual("", read.Actions[1].Parameters.Single(p => p.Name == "Tag").DefaultValue);
        Assert.AreEqual(19, read.Actions.Sum(a => a.Parameters.Count));
    }

    [TestMethod]
    public void The_mapped_definition_verifies_with_no_error_even_with_an_attribute_named_like_its_structure()
    {
        var diagnostics = new DiagnosticBag();

        DefinitionVerifier.Verify(Geo(), diagnostics, new DefinitionVerifierOptions());

        Assert.IsFalse(diagnostics.HasErrors, string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void The_generated_code_and_a_new_implementation_compile_and_the_attribute_named_like_its_structure_is_Point_()
    {
        var geo = Geo();
        var implementation = ImplementationMerger.Merge(geo, null).Text!;

        RoslynCompiler.AssertCompiles(geo, implementation);
        var structures = CodeGenerator.Generate(geo).Single(f => f.Content.Contains("partial class Point", StringComparison.Ordinal)).Content;
        StringAssert.Contains(structures, "public string Point_ { get; set; }");
    }

    [TestMethod]
    public void The_sidecar_keeps_the_whole_tree_without_the_resource_bytes()
    {
        var geo = StudioXifReaderTests.ReadOk(StudioXifFixtures.Geo());
        using var json = new MemoryStream();

        StudioSidecar.Write(json, geo, "/somewhere/Geo.xif");
        var text = System.Text.Encoding.UTF8.GetString(json.ToArray());
        json.Position = 0;
        var root = StudioSidecar.ReadRoot(json);

        AssertSameTree(geo.Root, root);
        StringAssert.Contains(text, "\"source\": \"Geo.xif\"");
        StringAssert.Contains(text, "\"iC0nKeY000000000000003\": \"Icons/geo.png\"");
        Assert.IsFalse(text.Contains(Convert.ToBase64String(StudioXifFixtures.GeoCs), StringComparison.Ordinal), "resource bytes live in the project, not in the sidecar");
    }

    private static void AssertSameTree(StudioNode expected, StudioNode actual)
    {
        Assert.AreEqual(expected.Name, actual.Name);
        CollectionAssert.AreEqual(expected.Attributes, actual.Attributes, expected.ToString());
        Assert.AreEqual(expected.Text, actual.Text, expected.ToString());
        Assert.AreEqual(expected.DataLength, actual.DataLength, expected.ToString());
        Assert.AreEqual(expected.Children.Count, actual.Children.Count, expected.ToString());
        for (var i = 0; i < expected.Children.Count; i++)
        {
            AssertSameTree(expected.Children[i], actual.Children[i]);
        }
    }
}
