using System.Globalization;
using System.Security;
using System.Text;
using NuGet.Versioning;
using OneClickPublish.Verification;

namespace OneClickPublish.Tool.Init;

/// <summary>The name, C# namespace and version of a new extension.</summary>
internal sealed record ExtensionIdentity(string Name, string Namespace, string Version);

/// <summary>
/// The first definition of an extension: one example action with an input and an output, every
/// element described (so the first build has no warning), and the schema named for editors.
/// </summary>
internal static class ExtensionScaffold
{
    public const string DefinitionFileName = "extension.xml";

    /// <summary>
    /// Beside the definition, under a fixed name: a relative <c>xsi:schemaLocation</c> that every
    /// editor resolves, works offline, and travels with the project (the package's copy lies in a
    /// versioned folder of the NuGet cache, and no URL of ours serves it).
    /// </summary>
    public const string SchemaFileName = "extension.xsd";

    public const string DefaultVersion = "1.0.0";

    public const string ExampleAction = "Greet";

    /// <summary>Why <paramref name="name"/> cannot be an extension's name, or null when it can (the verifier's rules, OCP1020-1023).</summary>
    public static string? NameProblem(string name)
    {
        if (!DefinitionVerifier.IsValidName(name))
        {
            return "it must start with an ASCII letter and hold only letters, digits and '_'";
        }

        if (name.Length > DefinitionVerifier.MaxNameLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it is longer than {DefinitionVerifier.MaxNameLength} characters");
        }

        return DefinitionVerifier.IsCSharpKeyword(name) ? "it is a C# keyword" : null;
    }

    /// <summary>
    /// A valid name from a project's name: kept as it is when valid, else its letters and digits in
    /// PascalCase ("acme.geo-tools" → "AcmeGeoTools"), "Extension" before a leading digit. Null when nothing is left.
    /// </summary>
    public static string? NameFromProject(string projectName)
    {
        if (NameProblem(projectName) is null)
        {
            return projectName;
        }

        var name = new StringBuilder();
        var upper = true;
        foreach (var c in projectName)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                name.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (name.Length == 0)
        {
            return null;
        }

        if (char.IsAsciiDigit(name[0]))
        {
            name.Insert(0, "Extension");
        }

        var result = name.ToString();
        result = result.Length > DefinitionVerifier.MaxNameLength ? result[..DefinitionVerifier.MaxNameLength] : result;
        return NameProblem(result) is null ? result : null;
    }

    /// <summary>True for a namespace the verifier accepts: dotted ASCII identifiers, no keyword.</summary>
    public static bool IsValidNamespace(string ns) =>
        ns.Length > 0 && ns.Split('.').All(static part =>
            part.Length > 0 && (char.IsAsciiLetter(part[0]) || part[0] == '_')
            && part.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_')
            && !DefinitionVerifier.IsCSharpKeyword(part));

    /// <summary>A version the definition can carry: SemVer 2.0 as the verifier parses it (three parts, no leading zeros).</summary>
    public static bool IsValidVersion(string version) => NuGetVersion.TryParseStrict(version, out _);

    /// <summary>The definition's text ("\n" line endings, UTF-8 declared).</summary>
    public static string Definition(ExtensionIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var name = SecurityElement.Escape(identity.Name);
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <!-- The extension definition of {name}: what it offers to the modules that use it.
                 'dotnet build' verifies it, generates the interface I{name} from it and checks that
                 {name}Actions implements it. The format is described in OneClickPublish's docs/definition.md;
                 {SchemaFileName} beside this file lets editors check and complete it. -->
            <Extension xmlns="urn:oneclickpublish:extension:v1"
                       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                       xsi:schemaLocation="urn:oneclickpublish:extension:v1 {SchemaFileName}"
                       Name="{name}"
                       Version="{SecurityElement.Escape(identity.Version)}"
                       Namespace="{SecurityElement.Escape(identity.Namespace)}"
                       Description="What {name} offers to the modules that use it.">
              <Actions>
                <!-- An example to rename or replace. The build adds a method for each new action to {name}Actions.cs;
                     the Key lets it recognise a renamed action and keep its body. -->
                <Action Name="{ExampleAction}" Key="act-greet" Description="Builds a greeting for a person.">
                  <Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who to greet." />
                  <Output Name="Greeting" DataType="Text" Description="The greeting." />
                </Action>
              </Actions>
            </Extension>

            """.Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
