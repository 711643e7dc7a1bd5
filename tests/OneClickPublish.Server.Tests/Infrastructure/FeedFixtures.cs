using System.Net.Http.Headers;
using System.Text;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>Extensions for the feed's tests: a definition that uses every kind of member, and XIFs carrying real assemblies.</summary>
internal static class FeedFixtures
{
    /// <summary>
    /// Geo: records, a record list, every scalar type, out parameters, an action without parameters, a parameter
    /// whose C# name is a keyword, an attribute named like its structure (the property Point_) and an entity.
    /// </summary>
    public static string GeoDefinition(string version = "1.0.0", string name = "Geo", string extraActions = "") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <Extension xmlns="urn:oneclickpublish:extension:v1" Name="{name}" Version="{version}" Namespace="{name}.Maps" Description="Distances &amp; routes between points.">
          <Actions>
            <Action Name="Distance" Key="act-distance" Description="The distance between two points, in kilometres.">
              <Input Name="From" DataType="Record" RecordType="Point" Mandatory="true" Description="Where it starts." />
              <Input Name="To" DataType="Record" RecordType="Point" Mandatory="true" Description="Where it ends." />
              <Output Name="Kilometers" DataType="Decimal" Description="The distance." />
            </Action>
            <Action Name="Route" Key="act-route" Description="A route through points.">
              <Input Name="Points" DataType="Record List" RecordType="Point" Description="The stops." />
              <Input Name="Class" DataType="Text" Description="Road class." />
              <Output Name="Steps" DataType="Long Integer" Description="How many steps." />
              <Output Name="Raw" DataType="Binary Data" Description="The route, encoded." />
            </Action>
            <Action Name="Stamp" Key="act-stamp" Description="Stamps a value.">
              <Input Name="When" DataType="Date Time" Description="When." />
              <Input Name="Flag" DataType="Boolean" Description="A flag." />
              <Input Name="Price" DataType="Currency" Description="A price." />
              <Output Name="Count" DataType="Integer" Description="A count." />
            </Action>
            <Action Name="Ping" Key="act-ping" Description="Checks that the extension answers." />
        {extraActions}
          </Actions>
          <Structures>
            <Structure Name="Point" Key="str-point" Description="A point on the map.">
              <Attribute Name="Latitude" DataType="Decimal" Mandatory="true" Description="North-south." />
              <Attribute Name="Longitude" DataType="Decimal" Mandatory="true" Description="East-west." />
              <Attribute Name="Point" DataType="Text" Description="A label for the point." />
            </Structure>
          </Structures>
          <Entities>
            <Entity Name="Place" TableName="GEO_PLACE" Key="ent-place" Description="A named place.">
              <Attribute Name="Id" DataType="Long Integer" Identifier="true" AutoNumber="true" Mandatory="true" Description="Identifier." />
              <Attribute Name="Name" DataType="Text" Length="100" Mandatory="true" Description="The place's name." />
            </Entity>
          </Entities>
        </Extension>
        """;

    /// <summary>A XIF of Geo as a single-target build writes it: its assembly (compiled for <paramref name="targetFramework"/>) and a dependency under bin/.</summary>
    public static byte[] GeoXif(string version = "1.0.0", string name = "Geo", string targetFramework = ".NETCoreApp,Version=v8.0", string extraActions = "")
    {
        var definition = GeoDefinition(version, name, extraActions);
        return new TestXif(name, version, definition)
            .Add($"bin/{name}.dll", ExtensionAssembly.Compile(definition, name, targetFramework))
            .Add("bin/Shared.Helpers.dll", Encoding.UTF8.GetBytes("not an assembly the feed reads"))
            .Add("bin/notes.txt", Encoding.UTF8.GetBytes("not packaged"))
            .Add("src/GeoActions.cs", Encoding.UTF8.GetBytes("// the user's sources"), deployAction: "Ignore")
            .Build();
    }

    /// <summary>Authorization of HTTP Basic with the key as password, as NuGet sends a source's credentials.</summary>
    public static AuthenticationHeaderValue Basic(string key, string user = "any") =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{key}")));
}
