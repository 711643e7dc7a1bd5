using OneClickPublish.IntegrationStudio;

namespace OneClickPublish.Tests.IntegrationStudio;

/// <summary>The export of a definition that no import kept anything for: every key made, the file readable.</summary>
[TestClass]
public sealed class StudioExportBuilderTests
{
    private static byte[] Export(StudioExport export)
    {
        using var file = new MemoryStream();
        using (var zlib = new ZlibDeflatingStream(file))
        {
            StudioXmlWriter.Write(zlib, export.Root, _ => new MemoryStream([1, 2, 3, 4]));
        }

        return file.ToArray();
    }

    [TestMethod]
    public void A_definition_alone_exports_to_a_file_the_reader_accepts_with_both_technologies()
    {
        var definition = StudioDefinitionMapper.ToDefinition(StudioXifReaderTests.ReadOk(StudioXifFixtures.Geo()));
        definition.Actions[1].Key = null;
        definition.Actions[1].Parameters[0].Key = null;

        var export = StudioExportBuilder.Build(definition, kept: null, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var read = StudioXifReaderTests.ReadOk(Export(export));

        Assert.AreEqual("Geo", read.Name);
        Assert.AreEqual("2026-01-02 03:04:05", read.Root["LastModifiedUTC"]);
        Assert.AreEqual("NET", read.Root["ApplicationServerType"]);
        Assert.AreEqual(StudioExportBuilder.KeyFor("Action Describe"), read.Actions[1].Key, "a key made from the element path");
        Assert.AreEqual(StudioExportBuilder.KeyFor("Action Describe \u203A Output Summary"), read.Actions[1].Parameters[0].Key);
        Assert.AreEqual(22, read.Actions[1].Key!.Length);
        CollectionAssert.AreEqual(
            new[] { "OutSystems.IntegrationStudio.Plugin.UserDefined.Core", "OutSystems.IntegrationStudio.Plugin.Net.Core" },
            read.Technologies.Select(t => t["PluginKey"]).ToArray());
        Assert.AreEqual(3, read.Technologies[0].Child("Actions")!.Children.Count, "each action in exactly one technology");
        Assert.AreEqual(@"\Source\NET\", read.Resources[0].Path, "IntegrationStudio/ goes back to where the source came from");
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4 }, read.Resources[0].Data);
        Assert.AreEqual("Portrait", read.Actions[1].Parameters.Single(p => p.Name == "Orientation").Default!.LiteralValue);
        Assert.AreEqual("-1", read.Actions[1].Parameters.Single(p => p.Name == "Offset").Default!.LiteralValue);
        Assert.AreEqual("False", read.Actions[1].Parameters.Single(p => p.Name == "Verbose").Node["Default"]);
    }

    [TestMethod]
    public void Two_exports_of_one_definition_make_the_same_keys()
    {
        var definition = StudioDefinitionMapper.ToDefinition(StudioXifReaderTests.ReadOk(StudioXifFixtures.Geo()));
        foreach (var action in definition.Actions)
        {
            action.Key = null;
        }

        var first = StudioExportBuilder.Build(definition, null, DateTime.UnixEpoch);
        var second = StudioExportBuilder.Build(definition, null, DateTime.UnixEpoch);

        CollectionAssert.AreEqual(
            first.Root.Child("Actions")!.Children.Select(a => a["Key"]).ToArray(),
            second.Root.Child("Actions")!.Children.Select(a => a["Key"]).ToArray());
    }
}
