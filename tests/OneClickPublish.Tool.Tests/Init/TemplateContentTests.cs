using OneClickPublish.Tests;
using OneClickPublish.Tool.Init;

namespace OneClickPublish.Tool.Tests.Init;

/// <summary>The template and oneclick init start an extension from the same definition.</summary>
[TestClass]
public sealed class TemplateContentTests
{
    private static string Template(string file) =>
        File.ReadAllText(Path.Combine(TestRepository.Root, "src", "OneClickPublish.Templates", "content", "oneclick-extension", file));

    [TestMethod]
    public void The_template_s_definition_is_the_one_init_writes()
    {
        // What 'dotnet new oneclick-extension -n Geo' makes of the template's tokens.
        var instantiated = Template("extension.xml")
            .Replace("ExtensionName1", "Geo", StringComparison.Ordinal)
            .Replace("Extension._1", "Geo", StringComparison.Ordinal);

        Assert.AreEqual(ExtensionScaffold.Definition(new ExtensionIdentity("Geo", "Geo", ExtensionScaffold.DefaultVersion)), instantiated.ReplaceLineEndings("\n"));
    }

    [TestMethod]
    public void The_template_s_project_carries_the_placeholder_that_packing_stamps()
    {
        StringAssert.Contains(Template("Extension.1.csproj"), "<PackageReference Include=\"OneClickPublish\" Version=\"0.0.0-template-unstamped\" PrivateAssets=\"all\" />");
    }
}
