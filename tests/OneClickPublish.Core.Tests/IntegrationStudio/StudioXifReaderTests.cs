using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.IntegrationStudio;

namespace OneClickPublish.Tests.IntegrationStudio;

/// <summary>The reader on hand-written files: what it understands, and that it keeps everything.</summary>
[TestClass]
public sealed class StudioXifReaderTests
{
    internal static StudioExtension ReadOk(byte[] file, StudioXifReadOptions? options = null)
    {
        var diagnostics = new DiagnosticBag();
        var extension = StudioXifReader.Read(new MemoryStream(file), "geo.xif", diagnostics, options);
        Assert.IsNotNull(extension, string.Join('\n', diagnostics));
        Assert.IsFalse(diagnostics.HasErrors, string.Join('\n', diagnostics));
        return extension;
    }

    [TestMethod]
    public void The_root_s_attributes_are_all_kept_in_file_order()
    {
        var geo = ReadOk(StudioXifFixtures.Geo());

        Assert.AreEqual("Geo", geo.Name);
        Assert.AreEqual(StudioXifFixtures.ExtensionKey, geo.Key);
        Assert.AreEqual("4390E34A-6719-45EE-AB5D-4EF5709B6D82", geo.CodeKey);
        Assert.AreEqual("11.14.25.134", geo.StudioVersion);
        Assert.AreEqual("Distances & routes, \"quoted\"\r\nsecond line", geo.Description);
        Assert.AreEqual("OutSystems.NssGeo", geo.AssemblyName);
        CollectionAssert.AreEqual(
            new[] { "Key", "CodeKey", "Name", "ApplicationServerType", "Database", "System", "Valid", "Description", "LastUpgradeVersion", "ActivationCode", "IsOpenSourceProduct", "Generation", "Hash", "Version", "LastModifiedUTC", "DirectUpgradeFrom" },
            geo.Root.Attributes.Select(a => a.Key).ToArray());
        CollectionAssert.AreEqual(StudioExtension.SectionNames.ToArray(), geo.Root.Children.Select(c => c.Name).ToArray());
    }

    [TestMethod]
    public void Resources_are_read_byte_for_byte_in_file_order_with_their_folders()
    {
        var geo = ReadOk(StudioXifFixtures.Geo());

        CollectionAssert.AreEqual(
            new[] { "Source/NET/Geo.cs", "Source/NET/Geo.csproj", "Source/NET/%Name%.cs", "Icons/geo.png", "Source/NET/Bin/EPPlus.dll", "Source/NET/Bin/OutSystems.NssGeo.dll" },
            geo.Resources.Select(r => r.RelativePath).ToArray());
        CollectionAssert.AreEqual(StudioXifFixtures.GeoCs, geo.Resources[0].Data);
        CollectionAssert.AreEqual(StudioXifFixtures.Icon, geo.Resources[3].Data);
        Assert.AreEqual(0, geo.Resources[2].DataLength, "an empty <Data></Data> is an empty file");
        CollectionAssert.AreEqual(Array.Empty<byte>(), geo.Resources[2].Data);
        Assert.IsTrue(geo.Resources[4].IsCodeReference);
        Assert.IsFalse(geo.Resources[5].IsCodeReference);
        Assert.AreEqual("Images", geo.Resources[3].CompileAction);
        Assert.AreEqual("System.Xml", geo.Resources[4].Node.Child("References")!.Children.Single()["Name"]);
    }

    [TestMethod]
    public void Resource_bytes_can_be_streamed_to_a_sink_instead_of_memory()
    {
        var written = new Dictionary<string, MemoryStream>();
        var options = new StudioXifReadOptions
        {
            OpenResourceData = resource =>
            {
                var stream = new MemoryStream();
                written.Add(resource.RelativePath, stream);
                return stream;
            },
        };

        var geo = ReadOk(StudioXifFixtures.Geo(), options);

        Assert.AreEqual(6, written.Count);
        CollectionAssert.AreEqual(StudioXifFixtures.GeoCsproj, written["Source/NET/Geo.csproj"].ToArray());
        Assert.IsNull(geo.Resources[1].Data, "streamed bytes are not kept in memory too");
        Assert.AreEqual(StudioXifFixtures.GeoCsproj.Length, geo.Resources[1].DataLength);
    }

    [TestMethod]
    public void Parameters_keep_their_declared_order_with_outputs_before_inputs()
    {
        var geo = ReadOk(StudioXifFixtures.Geo());

        CollectionAssert.AreEqual(new[] { "Distance", "Describe", "CountRows" }, geo.Actions.Select(a => a.Name).ToArray());
        var distance = geo.Actions[0];
        Assert.IsTrue(distance.IsFunction);
        Assert.AreEqual(StudioXifFixtures.IconKey, distance.IconKey);
        CollectionAssert.AreEqual(new[] { "From:in", "Km:out", "To:in" }, distance.Parameters.Select(p => $"{p.Name}:{(p.IsInput ? "in" : "out")}").ToArray());
        Assert.IsFalse(geo.Actions[1].Parameters[0].IsInput, "Describe declares its output first");
        Assert.AreEqual(StudioXifFixtures.PointKey, distance.Parameters[0].RecordTypeKey);
        Assert.IsTrue(distance.Parameters[0].IsMandatory);
    }

    [TestMethod]
    public void Every_type_of_the_format_page_maps_to_a_data_type()
    {
        var geo = ReadOk(StudioXifFixtures.Geo());
        var types = geo.Actions.SelectMany(a => a.Parameters).Select(p => StudioDataTypes.FromWord(p.Type)).ToHashSet();

        foreach (var type in new[] { DataType.Text, DataType.Integer, DataType.LongInteger, DataType.Decimal, DataType.Boolean, DataType.DateTime, DataType.Date, DataType.BinaryData, DataType.Object, DataType.Record, DataType.RecordList })
        {
            Assert.IsTrue(types.Contains(type), $"the fixture has no {type}");
            Assert.AreEqual(type, StudioDataTypes.FromWord(StudioDataTypes.ToWord(type)));
        }
    }

    [TestMethod]
    [DataRow("Summary", StudioExpressionKind.Empty, null)]
    [DataRow("Orientation", StudioExpressionKind.Text, "Portrait")]
    [DataRow("Tag", StudioExpressionKind.Text, "")]
    [DataRow("Count", StudioExpressionKind.Integer, "3")]
    [DataRow("Offset", StudioExpressionKind.Negated, "-1")]
    [DataRow("Verbose", StudioExpressionKind.Boolean, "false")]
    public void Each_expression_kind_gives_its_value_and_an_explicit_empty_text_is_not_no_default(string parameter, StudioExpressionKind kind, string? value)
    {
        var describe = ReadOk(StudioXifFixtures.Geo()).Actions[1];
        var expression = describe.Parameters.Single(p => p.Name == parameter).Default!;

        Assert.AreEqual(kind, expression.Kind);
        Assert.AreEqual(value, expression.LiteralValue);
    }

    [TestMethod]
    public void Structures_refer_forward_and_an_attribute_may_be_named_like_its_structure()
    {
        var geo = ReadOk(StudioXifFixtures.Geo());

        var route = geo.Structures[0];
        Assert.AreEqual(StudioXifFixtures.PointKey, route.Attributes[0].RecordTypeKey, "Route refers to Point, declared after it");
        var point = geo.Structures[1];
        Assert.AreEqual("Point", point.Attributes[0].Name);
        Assert.AreEqual("50", point.Attributes[0].Length);
        CollectionAssert.AreEqual(new[] { "DefaultValue", "Decimals", "Length" }, point.Attributes[0].Expressions.Select(e => e.Name).ToArray());
        Assert.AreEqual("unnamed", route.Attributes[2].Default!.LiteralValue);
    }

    [TestMethod]
    public void An_action_imported_from_NET_keeps_its_body_and_assembly_object()
    {
        var countRows = ReadOk(StudioXifFixtures.Geo()).Actions[2];

        Assert.AreEqual("ssRows = Sheets.Reader.CountRows(ssPath);", countRows.Body);
        Assert.AreEqual("Method", countRows.AssemblyObject!["Kind"]);
        var method = countRows.AssemblyObject.Child("Method")!;
        Assert.AreEqual("Sheets.Reader", method["DeclaringTypeName"]);
        Assert.AreEqual("System.String", method.Child("Parameter")!["ParameterType"]);
        Assert.AreEqual("Imported from Sheets.dll\r\nMethod Sheets.Reader.CountRows", countRows.Node["ImportDetails"]);
    }

    [TestMethod]
    public void Technologies_are_kept_with_their_references()
    {
        var geo = ReadOk(StudioXifFixtures.Geo());

        Assert.AreEqual(2, geo.Technologies.Count);
        Assert.AreEqual("OutSystems.IntegrationStudio.Plugin.Net.Core", geo.Technologies[1]["PluginKey"]);
        Assert.AreEqual("aCt10n0000000000000003", geo.Technologies[1].Child("Actions")!.Children.Single()["Key"]);
    }

    [TestMethod]
    public void The_other_writer_s_attribute_order_whitespace_and_missing_BOM_read_the_same()
    {
        var tiny = ReadOk(StudioXifFixtures.Xif(StudioXifFixtures.OtherWriterXml, bom: false));

        Assert.AreEqual("Tiny", tiny.Name);
        Assert.AreEqual(string.Empty, tiny.Root["version"], "the extra lower-case attribute is kept");
        var ping = tiny.Actions.Single();
        Assert.IsFalse(ping.IsFunction);
        Assert.IsNull(ping.Body, "whitespace-only content is no content");
        Assert.AreEqual(StudioExpressionKind.Empty, ping.Parameters.Single().Default!.Kind);
        Assert.AreEqual(0, tiny.Resources.Count);
    }

    [TestMethod]
    public void An_entity_is_kept_and_reported_as_not_understood()
    {
        var xml = StudioXifFixtures.OtherWriterXml.Replace(
            "<Entities>\n  </Entities>",
            """<Entities><Entity Key="eNt1ty0000000000000001" Name="Customer" TableName="OSUSR_CUSTOMER"><EntityAttribute Key="eNt1ty0000000000000002" Name="Id" /></Entity></Entities>""",
            StringComparison.Ordinal);
        var diagnostics = new DiagnosticBag();

        var extension = StudioXifReader.Read(new MemoryStream(StudioXifFixtures.Xif(xml)), "tiny.xif", diagnostics);

        Assert.IsNotNull(extension, string.Join('\n', diagnostics));
        Assert.AreEqual("OCP6018", diagnostics.Single().Code);
        Assert.AreEqual(DiagnosticSeverity.Warning, diagnostics.Single().Severity);
        Assert.AreEqual("OSUSR_CUSTOMER", extension.Entities.Single()["TableName"]);
    }
}
