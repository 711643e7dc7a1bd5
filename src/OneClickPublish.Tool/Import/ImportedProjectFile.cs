using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using OneClickPublish.IntegrationStudio;

namespace OneClickPublish.Tool.Import;

/// <summary>
/// The SDK-style project of an imported extension: the framework the original targeted, the original's
/// sources left out of compilation, the shipped third-party assemblies referenced where the import wrote
/// them, and the OneClickPublish package.
/// </summary>
internal static partial class ImportedProjectFile
{
    /// <summary>Integration Studio 11's projects target 4.6.1 to 4.8; with no project in the file, the newest of them.</summary>
    public const string DefaultFramework = "net48";

    /// <summary>The target framework moniker of the original's classic project (<c>v4.7.2</c> gives <c>net472</c>); null when it says none.</summary>
    public static string? FrameworkOf(string classicProjectText)
    {
        ArgumentNullException.ThrowIfNull(classicProjectText);
        var match = TargetFrameworkVersion().Match(classicProjectText);
        return match.Success ? "net" + match.Groups[1].Value.Replace(".", string.Empty, StringComparison.Ordinal) : null;
    }

    public static string Create(string framework, string packageVersion, IEnumerable<string> codeReferences, IEnumerable<string> otherSources, string frameworkOrigin)
    {
        var text = new StringBuilder();
        text.Append("<Project Sdk=\"Microsoft.NET.Sdk\">\n");
        text.Append("  <PropertyGroup>\n");
        text.Append("    <!-- ").Append(Escape(frameworkOrigin)).Append(" -->\n");
        text.Append("    <TargetFramework>").Append(Escape(framework)).Append("</TargetFramework>\n");
        text.Append("    <!-- The package's version is given here: an imported project may land in a repository whose\n");
        text.Append("         Directory.Packages.props does not list it. -->\n");
        text.Append("    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>\n");
        text.Append("  </PropertyGroup>\n");
        text.Append("  <ItemGroup>\n");
        text.Append("    <!-- The Integration Studio project's own sources need its vendor's runtime: kept for reference\n");
        text.Append("         (and for oneclick export), never compiled here. -->\n");
        text.Append("    <Compile Remove=\"").Append(StudioProjectLayout.OriginalFolder).Append("/**\" />\n");
        foreach (var source in otherSources)
        {
            text.Append("    <Compile Remove=\"").Append(Escape(source)).Append("\" />\n");
        }

        text.Append("  </ItemGroup>\n");
        var references = codeReferences.ToList();
        if (references.Count > 0)
        {
            text.Append("  <ItemGroup>\n");
            text.Append("    <!-- Assemblies the original marked CodeReference, where the import wrote them. -->\n");
            foreach (var reference in references)
            {
                var name = Path.GetFileNameWithoutExtension(reference);
                text.Append("    <Reference Include=\"").Append(Escape(name)).Append("\">\n");
                text.Append("      <HintPath>").Append(Escape(reference)).Append("</HintPath>\n");
                text.Append("    </Reference>\n");
            }

            text.Append("  </ItemGroup>\n");
        }

        text.Append("  <ItemGroup>\n");
        text.Append("    <PackageReference Include=\"OneClickPublish\" Version=\"").Append(Escape(packageVersion)).Append("\" PrivateAssets=\"all\" />\n");
        text.Append("  </ItemGroup>\n");
        text.Append("</Project>\n");
        return text.ToString();
    }

    // MSBuild reads % $ @ ; in item specs as its own syntax: a file named %Name%.cs must be escaped to be itself.
    private static string Escape(string value) =>
        SecurityElement.Escape(value)!
            .Replace("%", "%25", StringComparison.Ordinal)
            .Replace("$", "%24", StringComparison.Ordinal)
            .Replace("@", "%40", StringComparison.Ordinal)
            .Replace(";", "%3B", StringComparison.Ordinal);

    [GeneratedRegex(@"<TargetFrameworkVersion>\s*v(\d+(?:\.\d+){1,2})\s*</TargetFrameworkVersion>", RegexOptions.CultureInvariant)]
    private static partial Regex TargetFrameworkVersion();
}
