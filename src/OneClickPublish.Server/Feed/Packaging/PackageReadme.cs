using System.Text;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;

namespace OneClickPublish.Server.Feed.Packaging;

/// <summary>
/// The package's README.md (NuGet shows it on the package's page; <c>dotnet package search</c> and editors
/// link it): how to call the extension, then each action with its signature and parameters, the
/// structures and entities. Made from the definition alone, with "\n" line ends.
/// </summary>
internal static class PackageReadme
{
    public static byte[] Create(ExtensionDefinition definition, string packageId, string version)
    {
        var ns = definition.EffectiveNamespace;
        var text = new StringBuilder();
        text.Append("# ").Append(packageId).Append(' ').Append(version).Append("\n\n");
        if (definition.Description is { Length: > 0 } description)
        {
            text.Append(Escape(description)).Append("\n\n");
        }

        text.Append("An extension published with OneClickPublish. Add it to a project with\n\n");
        text.Append("```\ndotnet add package ").Append(packageId).Append(" --version ").Append(version).Append("\n```\n\n");
        text.Append("and call its actions on `new ").Append(ns).Append('.').Append(definition.EntryClassName)
            .Append("()`, or through the interface `").Append(ns).Append('.').Append(definition.InterfaceName).Append("`.\n");

        if (definition.Actions.Count > 0)
        {
            text.Append("\n## Actions\n");
            foreach (var action in definition.Actions)
            {
                text.Append("\n### ").Append(action.Name).Append("\n\n");
                text.Append("```csharp\nvoid ").Append(action.Name).Append('(').Append(Readable(CodeGenerator.ParameterList(action, definition), ns)).Append(");\n```\n");
                if (action.Description is { Length: > 0 } about)
                {
                    text.Append('\n').Append(Escape(about)).Append('\n');
                }

                if (action.Parameters.Count > 0)
                {
                    text.Append("\n| Parameter | Direction | Data type | Mandatory | Description |\n|---|---|---|---|---|\n");
                    foreach (var parameter in action.Parameters)
                    {
                        text.Append("| ").Append(CodeNames.ParameterMetadataName(parameter.Name))
                            .Append(" | ").Append(parameter.Direction == ParameterDirection.Input ? "in" : "out")
                            .Append(" | ").Append(DataTypeText(parameter))
                            .Append(" | ").Append(parameter.IsMandatory ? "yes" : "no")
                            .Append(" | ").Append(Cell(parameter.Description)).Append(" |\n");
                    }
                }
            }
        }

        AppendRecords(text, "Structures", definition.Structures.Select(static s => ((DefinitionElement)s, (IReadOnlyList<AttributeDefinition>)s.Attributes)));
        AppendRecords(text, "Entities", definition.Entities.Select(static e => ((DefinitionElement)e, (IReadOnlyList<AttributeDefinition>)e.Attributes)));
        return new UTF8Encoding(false).GetBytes(text.ToString());
    }

    private static void AppendRecords(StringBuilder text, string heading, IEnumerable<(DefinitionElement Record, IReadOnlyList<AttributeDefinition> Attributes)> records)
    {
        var list = records.ToList();
        if (list.Count == 0)
        {
            return;
        }

        text.Append("\n## ").Append(heading).Append('\n');
        foreach (var (record, attributes) in list)
        {
            text.Append("\n### ").Append(record.Name).Append("\n\n");
            if (record.Description is { Length: > 0 } about)
            {
                text.Append(Escape(about)).Append("\n\n");
            }

            text.Append("| Attribute | Data type | Mandatory | Description |\n|---|---|---|---|\n");
            foreach (var attribute in attributes)
            {
                text.Append("| ").Append(CodeNames.MappedPropertyName(attribute.Name, record.Name))
                    .Append(" | ").Append(DataTypeText(attribute))
                    .Append(" | ").Append(attribute.IsMandatory ? "yes" : "no")
                    .Append(" | ").Append(Cell(attribute.Description)).Append(" |\n");
            }
        }
    }

    private static string DataTypeText(TypedElement element) =>
        DataTypes.IsRecord(element.DataType) && element.RecordType is { Length: > 0 } record
            ? $"{DataTypes.ToName(element.DataType)} of {record}"
            : DataTypes.ToName(element.DataType);

    /// <summary>The signature as a reader writes it: without the global:: qualifications generated code needs.</summary>
    private static string Readable(string parameters, string ns) =>
        parameters.Replace($"global::{ns}.", string.Empty, StringComparison.Ordinal)
            .Replace("global::System.Collections.Generic.", string.Empty, StringComparison.Ordinal)
            .Replace("global::System.", string.Empty, StringComparison.Ordinal);

    private static string Cell(string? text) => text is null ? string.Empty : Escape(text).Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>Descriptions are plain text: characters Markdown would read as markup are escaped.</summary>
    private static string Escape(string text) =>
        text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal).ReplaceLineEndings("\n");
}
