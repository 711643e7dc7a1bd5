using OneClickPublish.Definition;
using OneClickPublish.IntegrationStudio;

namespace OneClickPublish.Tests.IntegrationStudio;

/// <summary>
/// What the export writes where the definition leaves something out (keys, descriptions, a known
/// data type, an icon among its resources) and where an import kept a file without technologies.
/// </summary>
[TestClass]
public sealed class StudioExportDefaultsTests
{
    private static ExtensionDefinition Bare()
    {
        var definition = new ExtensionDefinition { Name = "Bare", VersionText = "1.0.0" };
        var action = new ActionDefinition { Name = "Run", IsFunction = true, Icon = "images/none.png" };
        action.Parameters.Add(new ParameterDefinition { Name = "Widget", DataType = DataType.Unknown, DataTypeName = "Gadget", Direction = ParameterDirection.Input, RecordType = "Nowhere" });
        action.Parameters.Add(new ParameterDefinition { Name = "Result", DataType = DataType.Text, DataTypeName = "Text", Direction = ParameterDirection.Output, DefaultValue = "ignored for outputs" });
        definition.Actions.Add(action);
        var structure = new StructureDefinition { Name = "Point" };
        structure.Attributes.Add(new AttributeDefinition { Name = "X", DataType = DataType.Decimal, DataTypeName = "Decimal", Length = 10, Decimals = 2 });
        definition.Structures.Add(structure);
        return definition;
    }

    [TestMethod]
    public void Missing_keys_are_made_from_element_paths_and_missing_texts_are_empty()
    {
        var root = StudioExportBuilder.Build(Bare(), kept: null, DateTime.UnixEpoch).Root;

        Assert.AreEqual(StudioExportBuilder.KeyFor("Extension"), root["Key"]);
        Assert.AreEqual(string.Empty, root["Description"]);
        var action = root.Child("Actions")!.Children.Single();
        Assert.AreEqual(StudioExportBuilder.KeyFor("Action Run"), action["Key"]);
        Assert.AreEqual(string.Empty, action["Description"]);
        Assert.IsNull(action["Icon"], "an icon that is not among the resources is left out");
        var parameters = action.Child("Variables")!.Children;
        Assert.AreEqual(StudioExportBuilder.KeyFor("Action Run \u203A Input Widget"), parameters[0]["Key"]);
        Assert.AreEqual("Gadget", parameters[0]["Type"], "an unknown data type keeps its word");
        Assert.AreEqual(string.Empty, parameters[0]["RecordType"], "a record type that is no structure is left out");
        Assert.AreEqual("OutputParameter", parameters[1].Name);
        Assert.IsNull(parameters[1]["IsMandatory"], "outputs are never mandatory");
        Assert.AreNotEqual("ignored for outputs", parameters[1]["Default"]);
        var structure = root.Child("Structures")!.Children.Single();
        Assert.AreEqual(StudioExportBuilder.KeyFor("Structure Point"), structure["Key"]);
        Assert.AreEqual(string.Empty, structure["Description"]);
        var attribute = structure.Children.Single();
        Assert.AreEqual(StudioExportBuilder.KeyFor("Structure Point \u203A Attribute X"), attribute["Key"]);
        Assert.AreEqual("10", attribute["Length"]);
        Assert.AreEqual("2", attribute["Decimals"]);
    }

    [TestMethod]
    public void A_key_that_holds_no_GUID_gets_a_code_key_made_from_it()
    {
        var definition = Bare();
        definition.Key = "not base64!";
        var other = Bare();
        other.Key = "also not base64!";

        var codeKey = StudioExportBuilder.Build(definition, kept: null, DateTime.UnixEpoch).Root["CodeKey"];

        Assert.IsTrue(Guid.TryParse(codeKey, out _), codeKey);
        Assert.AreEqual(codeKey, codeKey!.ToUpperInvariant());
        Assert.AreEqual(codeKey, StudioExportBuilder.Build(definition, kept: null, DateTime.UnixEpoch).Root["CodeKey"], "the same key, the same GUID");
        Assert.AreNotEqual(codeKey, StudioExportBuilder.Build(other, kept: null, DateTime.UnixEpoch).Root["CodeKey"]);
    }

    [TestMethod]
    public void A_kept_file_without_technologies_gets_none_back()
    {
        var kept = new StudioNode("Extension");
        kept.Children.Add(new StudioNode("Technologies"));

        var root = StudioExportBuilder.Build(Bare(), kept, DateTime.UnixEpoch).Root;

        Assert.AreEqual(0, root.Child("Technologies")!.Children.Count);
        Assert.AreEqual(1, root.Child("Actions")!.Children.Count, "the actions are exported all the same");
    }

    [TestMethod]
    public void A_kept_technology_without_sections_gets_them_and_takes_the_new_elements()
    {
        var kept = new StudioNode("Extension");
        var technologies = new StudioNode("Technologies");
        var net = new StudioNode("Technology");
        net["PluginKey"] = "OutSystems.IntegrationStudio.Plugin.Net.Core";
        technologies.Children.Add(net);
        kept.Children.Add(technologies);

        var root = StudioExportBuilder.Build(Bare(), kept, DateTime.UnixEpoch).Root;

        var technology = root.Child("Technologies")!.Children.Single();
        Assert.AreEqual(StudioExportBuilder.KeyFor("Action Run"), technology.Child("Actions")!.Children.Single()["Key"], "with no user-defined technology, the first one takes them");
        Assert.AreEqual(StudioExportBuilder.KeyFor("Structure Point"), technology.Child("Structures")!.Children.Single()["Key"]);
    }
}
