using System.Text;
using OneClickPublish.Definition;

namespace OneClickPublish.CodeGeneration;

/// <summary>The skeleton of a new implementation file: usings, the namespace and the empty entry class that the merge fills with stubs.</summary>
internal static class ImplementationFileTemplate
{
    public static string Create(ExtensionDefinition definition, bool fileScopedNamespace)
    {
        var parameters = definition.Actions.SelectMany(static a => a.Parameters).ToList();
        var text = new StringBuilder();
        if (parameters.Exists(static p => p.DataType is DataType.DateTime or DataType.Date or DataType.Time))
        {
            text.Append("using System;\n");
        }

        if (parameters.Exists(static p => p.DataType == DataType.RecordList))
        {
            text.Append("using System.Collections.Generic;\n");
        }

        if (text.Length > 0)
        {
            text.Append('\n');
        }

        // The user's file, in the style of the user's C#: a file-scoped namespace where the project's C# has one.
        var indent = fileScopedNamespace ? string.Empty : "    ";
        var ns = definition.EffectiveNamespace;
        text.Append(fileScopedNamespace ? "namespace " + ns + ";\n\n" : "namespace " + ns + "\n{\n");
        text.Append(indent).Append("/// <summary>\n");
        text.Append(indent).Append("/// The actions of the extension ").Append(definition.Name).Append(". OneClickPublish adds a stub here for each new action\n");
        text.Append(indent).Append("/// and keeps the signatures in line with the extension definition; it never removes your code.\n");
        text.Append(indent).Append("/// </summary>\n");
        text.Append(indent).Append("public partial class ").Append(CodeNames.EscapeIdentifier(definition.EntryClassName))
            .Append(" : ").Append(CodeNames.EscapeIdentifier(definition.InterfaceName)).Append('\n');
        text.Append(indent).Append("{\n").Append(indent).Append("}\n");
        if (!fileScopedNamespace)
        {
            text.Append("}\n");
        }

        return text.ToString();
    }
}
