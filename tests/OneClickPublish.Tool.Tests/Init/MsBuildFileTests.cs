using System.Xml;
using OneClickPublish.Tool.Init;

namespace OneClickPublish.Tool.Tests.Init;

/// <summary>Editing project files as text: the item lands where a person would put it, and nothing else in the file moves.</summary>
[TestClass]
public sealed class MsBuildFileTests
{
    private const string Reference = "<PackageReference Include=\"OneClickPublish\" Version=\"1.2.3\" PrivateAssets=\"all\" />";

    /// <summary>What 'dotnet new classlib' writes (SDK 10).</summary>
    private const string ClassLibrary = """
        <Project Sdk="Microsoft.NET.Sdk">

          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>

        </Project>

        """;

    [TestMethod]
    public void A_new_class_library_gets_an_item_group_before_the_end_keeping_the_blank_line()
    {
        var edited = MsBuildFile.Parse(ClassLibrary).AddItem("PackageReference", Reference);

        Assert.AreEqual("""
            <Project Sdk="Microsoft.NET.Sdk">

              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>

              <ItemGroup>
                <PackageReference Include="OneClickPublish" Version="1.2.3" PrivateAssets="all" />
              </ItemGroup>

            </Project>

            """, edited);
    }

    [TestMethod]
    public void A_reference_joins_the_group_of_package_references_after_the_last_with_its_indentation()
    {
        var text = """
            <Project Sdk="Microsoft.NET.Sdk">
                <ItemGroup>
                    <Compile Include="A.cs" />
                </ItemGroup>
                <ItemGroup>
                    <!-- logging -->
                    <PackageReference Include="Serilog" Version="4.0.0" />
                    <PackageReference Include="Polly">
                        <Version>8.0.0</Version>
                    </PackageReference>
                </ItemGroup>
                <ItemGroup Condition="'$(TargetFramework)' == 'net48'">
                    <PackageReference Include="System.Memory" Version="4.5.5" />
                </ItemGroup>
            </Project>
            """;

        var edited = MsBuildFile.Parse(text).AddItem("PackageReference", Reference);

        Assert.AreEqual(text.Replace("""
                    </PackageReference>
                </ItemGroup>
            """, """
                    </PackageReference>
                    <PackageReference Include="OneClickPublish" Version="1.2.3" PrivateAssets="all" />
                </ItemGroup>
            """, StringComparison.Ordinal), edited);
    }

    [TestMethod]
    public void Line_endings_tabs_comments_and_quotes_stay_as_they_were()
    {
        var text = "<?xml version='1.0'?>\r\n<!-- mine -->\r\n<Project Sdk='Microsoft.NET.Sdk'>\r\n\t<PropertyGroup>\r\n\t\t<TargetFramework>net48</TargetFramework>\r\n\t</PropertyGroup>\r\n</Project>";

        var edited = MsBuildFile.Parse(text).AddItem("PackageReference", Reference);

        Assert.AreEqual(
            "<?xml version='1.0'?>\r\n<!-- mine -->\r\n<Project Sdk='Microsoft.NET.Sdk'>\r\n\t<PropertyGroup>\r\n\t\t<TargetFramework>net48</TargetFramework>\r\n\t</PropertyGroup>\r\n"
            + "\t<ItemGroup>\r\n\t\t" + Reference + "\r\n\t</ItemGroup>\r\n</Project>",
            edited);
    }

    [TestMethod]
    public void An_empty_project_element_is_opened()
    {
        var edited = MsBuildFile.Parse("<Project Sdk=\"Microsoft.NET.Sdk\" />\n").AddItem("PackageReference", Reference);

        Assert.AreEqual("<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    " + Reference + "\n  </ItemGroup>\n</Project>\n", edited);
    }

    [TestMethod]
    public void An_end_tag_that_does_not_start_its_line_gets_the_group_on_lines_of_its_own()
    {
        var edited = MsBuildFile.Parse("<Project><PropertyGroup><A>1</A></PropertyGroup></Project>").AddItem("PackageReference", Reference);

        Assert.AreEqual("<Project><PropertyGroup><A>1</A></PropertyGroup>\n  <ItemGroup>\n    " + Reference + "\n  </ItemGroup>\n</Project>", edited);
        Assert.AreEqual("1", MsBuildFile.Parse(edited).Property("A"));
    }

    [TestMethod]
    public void Old_style_projects_in_the_MSBuild_namespace_are_read_too()
    {
        var file = MsBuildFile.Parse("""
            <Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <PropertyGroup>
                <OutputType>Library</OutputType>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="oneclickpublish" Version="0.9.0" />
              </ItemGroup>
            </Project>
            """);

        Assert.AreEqual("Library", file.Property("OutputType"));
        var item = file.Items.Single();
        Assert.AreEqual(("PackageReference", "oneclickpublish", "0.9.0"), (item.ItemType, item.Include, item.Version));
    }

    [TestMethod]
    public void Properties_are_the_unconditional_ones_last_value_winning()
    {
        var file = MsBuildFile.Parse("""
            <Project>
              <PropertyGroup>
                <Version>1.0.0</Version>
                <RootNamespace Condition="'$(X)' == ''">Conditional</RootNamespace>
              </PropertyGroup>
              <PropertyGroup Condition="'$(Configuration)' == 'Release'">
                <OutputType>Exe</OutputType>
              </PropertyGroup>
              <PropertyGroup>
                <Version>2.0.0</Version>
              </PropertyGroup>
            </Project>
            """);

        Assert.AreEqual("2.0.0", file.Property("version"));
        Assert.IsNull(file.Property("RootNamespace"));
        Assert.IsNull(file.Property("OutputType"));
    }

    [TestMethod]
    public void A_version_in_a_child_element_is_read()
    {
        var item = MsBuildFile.Parse("<Project><ItemGroup><PackageReference Include=\"OneClickPublish\"><Version> 1.0.0 </Version></PackageReference></ItemGroup></Project>").Items.Single();

        Assert.AreEqual("1.0.0", item.Version);
    }

    [TestMethod]
    [DataRow("<Project><PropertyGroup></Project>", 1)]
    [DataRow("<Project>\n  <ItemGroup>\n</Project>", 3)]
    [DataRow("<Wix><Product /></Wix>", 1)]
    [DataRow("", 0)]
    public void Text_that_is_not_a_project_is_an_xml_exception_with_its_line(string text, int line)
    {
        var e = Assert.ThrowsExactly<XmlException>(() => MsBuildFile.Parse(text));

        Assert.AreEqual(line, e.LineNumber);
    }

    [TestMethod]
    public void A_doctype_is_refused()
    {
        Assert.ThrowsExactly<XmlException>(() => MsBuildFile.Parse("<!DOCTYPE Project [<!ENTITY x SYSTEM \"/etc/passwd\">]><Project>&x;</Project>"));
    }
}
