using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using OneClickPublish.Server.Feed.Packaging;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests.Feed;

/// <summary>
/// The XML documentation made for a package from the definition: every member ID is the one the C# compiler
/// gives the member of the generated code and the entry class (Roslyn's <c>GetDocumentationCommentId</c>),
/// so an editor finds the descriptions.
/// </summary>
[TestClass]
public sealed class DocumentationFileTests
{
    [TestMethod]
    public void Every_member_id_is_the_compiler_s_id_of_a_member_of_the_generated_code_or_the_entry_class()
    {
        var definition = ExtensionAssembly.Definition(FeedFixtures.GeoDefinition());
        var compilation = ExtensionAssembly.Compilation(definition, "Geo", targetFramework: null);

        var document = XDocument.Parse(System.Text.Encoding.UTF8.GetString(DocumentationFile.Create(definition, "Geo")));
        var ids = document.Descendants("member").Select(static m => (string)m.Attribute("name")!).ToList();

        foreach (var id in ids)
        {
            var symbol = DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation);
            Assert.IsNotNull(symbol, $"{id} names no member of the compiled extension");
            Assert.AreEqual(id, symbol.GetDocumentationCommentId());
        }

        // Every public member the user calls is documented: both types of the actions, each action on both, each record and property.
        var expected = new[] { "Geo.Maps.IGeo", "Geo.Maps.GeoActions", "Geo.Maps.Point", "Geo.Maps.Place" }
            .Select(name => compilation.GetTypeByMetadataName(name)!)
            .SelectMany(static type => type.GetMembers().Where(static m => m.DeclaredAccessibility == Accessibility.Public && m is IMethodSymbol { MethodKind: MethodKind.Ordinary } or IPropertySymbol).Prepend(type))
            .Select(static s => s.GetDocumentationCommentId()!)
            .ToList();
        CollectionAssert.AreEquivalent(expected, ids);
        CollectionAssert.Contains(ids, "M:Geo.Maps.GeoActions.Route(System.Collections.Generic.List{Geo.Maps.Point},System.String,System.Int64@,System.Byte[]@)");
        CollectionAssert.Contains(ids, "M:Geo.Maps.IGeo.Ping", "an action without parameters has no parentheses");
        CollectionAssert.Contains(ids, "P:Geo.Maps.Point.Point_", "an attribute named like its structure is the property Point_");
    }

    [TestMethod]
    public void The_descriptions_are_the_summaries_and_parameters_are_named_as_in_CSharp()
    {
        var definition = ExtensionAssembly.Definition(FeedFixtures.GeoDefinition());

        var document = XDocument.Parse(System.Text.Encoding.UTF8.GetString(DocumentationFile.Create(definition, "Geo")));

        Assert.AreEqual("Geo", document.Root!.Element("assembly")!.Element("name")!.Value);
        var route = document.Descendants("member").Single(static m => ((string)m.Attribute("name")!).StartsWith("M:Geo.Maps.IGeo.Route(", StringComparison.Ordinal));
        Assert.AreEqual("A route through points.", route.Element("summary")!.Value);
        CollectionAssert.AreEqual(new[] { "points", "class", "steps", "raw" }, route.Elements("param").Select(static p => (string)p.Attribute("name")!).ToList());
        Assert.AreEqual("Distances & routes between points.", document.Descendants("member").Single(static m => (string)m.Attribute("name")! == "T:Geo.Maps.IGeo").Element("summary")!.Value);
        Assert.AreEqual("Stored in the table GEO_PLACE.", document.Descendants("member").Single(static m => (string)m.Attribute("name")! == "T:Geo.Maps.Place").Element("remarks")!.Value);
    }

    [TestMethod]
    public void The_same_definition_gives_the_same_bytes()
    {
        var definition = ExtensionAssembly.Definition(FeedFixtures.GeoDefinition());

        CollectionAssert.AreEqual(DocumentationFile.Create(definition, "Geo"), DocumentationFile.Create(ExtensionAssembly.Definition(FeedFixtures.GeoDefinition()), "Geo"));
        Assert.IsFalse(DocumentationFile.Create(definition, "Geo").Contains((byte)'\r'), "\\n line ends on every OS");
    }
}
