using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using OneClickPublish.Definition;

namespace OneClickPublish.CodeGeneration;

/// <summary>One file of generated code: its name inside the generated folder and its whole text.</summary>
public sealed record GeneratedFile(string FileName, string Content);

/// <summary>
/// Turns an extension definition into the C# the extension compiles against: the interface of its
/// actions, its structures and entities as partial classes, and the ActionKey attribute. The output
/// depends on nothing but the definition (same definition, same bytes; "\n" line endings), so that an
/// unchanged definition never rewrites a file.
/// </summary>
public static class CodeGenerator
{
    /// <summary>The file names are fixed, so a renamed extension or a removed structure leaves no stale file behind.</summary>
    public const string InterfaceFileName = "OneClickPublish.Interface.g.cs";

    public const string StructuresFileName = "OneClickPublish.Structures.g.cs";

    public const string EntitiesFileName = "OneClickPublish.Entities.g.cs";

    public const string ActionKeyAttributeFileName = "OneClickPublish.ActionKeyAttribute.g.cs";

    public static IReadOnlyList<GeneratedFile> Generate(ExtensionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return
        [
            new(InterfaceFileName, GeneratedFileHeader.Wrap(Interface(definition), definition.Name)),
            new(StructuresFileName, GeneratedFileHeader.Wrap(Records(definition, definition.Structures.Select(s => (Element: (DefinitionElement)s, s.Attributes, TableName: (string?)null))), definition.Name)),
            new(EntitiesFileName, GeneratedFileHeader.Wrap(Records(definition, definition.Entities.Select(e => (Element: (DefinitionElement)e, e.Attributes, e.TableName))), definition.Name)),
            new(ActionKeyAttributeFileName, GeneratedFileHeader.Wrap(ActionKeyAttribute(definition), definition.Name)),
        ];
    }

    /// <summary>The parameter list of an action's method, as the interface declares it.</summary>
    public static string ParameterList(ActionDefinition action, ExtensionDefinition definition) =>
        ParameterList(action, definition, TypeSpelling.Generated);

    internal static string ParameterList(ActionDefinition action, ExtensionDefinition definition, TypeSpelling spelling) =>
        string.Join(", ", action.Parameters.Select(p => Parameter(p, definition, spelling)));

    internal static string Parameter(ParameterDefinition parameter, ExtensionDefinition definition, TypeSpelling spelling) =>
        (parameter.Direction == ParameterDirection.Output ? "out " : string.Empty) +
        CodeNames.TypeName(parameter, definition, spelling) + " " + CodeNames.ParameterName(parameter.Name);

    private static string Interface(ExtensionDefinition definition)
    {
        var code = new CodeWriter();
        code.FileStart(definition.EffectiveNamespace);
        code.DocComment(definition.Description ?? $"The actions of the extension {definition.Name}.");
        code.Line($"public partial interface {CodeNames.EscapeIdentifier(definition.InterfaceName)}");
        code.Open();
        var first = true;
        foreach (var action in definition.Actions)
        {
            if (!first)
            {
                code.Line();
            }

            first = false;
            code.DocComment(action.Description);
            foreach (var parameter in action.Parameters.Where(p => !string.IsNullOrWhiteSpace(p.Description)))
            {
                code.DocTag("param", CodeNames.ParameterMetadataName(parameter.Name), parameter.Description!);
            }

            code.Line($"void {CodeNames.EscapeIdentifier(action.Name)}({ParameterList(action, definition)});");
        }

        code.Close();
        return code.Finish();
    }

    private static string Records(
        ExtensionDefinition definition,
        IEnumerable<(DefinitionElement Element, List<AttributeDefinition> Attributes, string? TableName)> records)
    {
        var code = new CodeWriter();
        code.FileStart(definition.EffectiveNamespace);
        var first = true;
        foreach (var (element, attributes, tableName) in records)
        {
            if (!first)
            {
                code.Line();
            }

            first = false;
            code.DocComment(element.Description);
            if (!string.IsNullOrWhiteSpace(tableName))
            {
                code.Line($"/// <remarks>Stored in the table {CodeWriter.EscapeXml(tableName)}.</remarks>");
            }

            code.Line($"public partial class {CodeNames.EscapeIdentifier(element.Name)}");
            code.Open();
            var firstAttribute = true;
            foreach (var attribute in attributes)
            {
                if (!firstAttribute && !string.IsNullOrWhiteSpace(attribute.Description))
                {
                    code.Line();
                }

                firstAttribute = false;
                code.DocComment(attribute.Description);
                var initializer = Initializer(attribute, definition);
                code.Line($"public {CodeNames.TypeName(attribute, definition)} {CodeNames.PropertyName(attribute.Name, element.Name)} {{ get; set; }}{initializer}");
            }

            code.Close();
        }

        return code.Finish();
    }

    private static string ActionKeyAttribute(ExtensionDefinition definition)
    {
        var code = new CodeWriter();
        code.FileStart(definition.EffectiveNamespace);
        code.DocComment(
            "Ties a method of the implementation to an action of the extension definition by the action's Key, " +
            "so that renaming the action renames the method and keeps its body.");
        code.Line("[global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]");
        code.Line($"internal sealed class {CodeNames.ActionKeyAttributeName} : global::System.Attribute");
        code.Open();
        code.Line($"public {CodeNames.ActionKeyAttributeName}(string key)");
        code.Open();
        code.Line("Key = key;");
        code.Close();
        code.Line();
        code.Line("/// <summary>The Key of the action in the extension definition.</summary>");
        code.Line("public string Key { get; }");
        code.Close();
        return code.Finish();
    }

    /// <summary>
    /// The property initializer for an attribute's Default value, when the value fits the type; a value that
    /// does not fit is the verifier's to report, so it is left out here rather than producing code that fails.
    /// Record Lists start empty so that callers can add to them.
    /// </summary>
    private static string Initializer(AttributeDefinition attribute, ExtensionDefinition definition)
    {
        if (attribute.DataType == DataType.RecordList)
        {
            return $" = new {CodeNames.TypeName(attribute, definition)}();";
        }

        var value = attribute.DefaultValue;
        if (value is null)
        {
            return string.Empty;
        }

        var literal = Literal(attribute.DataType, value);
        return literal is null ? string.Empty : $" = {literal};";
    }

    internal static string? Literal(DataType type, string value)
    {
        var invariant = CultureInfo.InvariantCulture;
        var trimmed = value.Trim();
        switch (type)
        {
            case DataType.Text or DataType.PhoneNumber or DataType.Email:
                return SymbolDisplay.FormatLiteral(value, quote: true);
            case DataType.Integer when int.TryParse(trimmed, NumberStyles.Integer, invariant, out var i):
                return i.ToString(invariant);
            case DataType.LongInteger when long.TryParse(trimmed, NumberStyles.Integer, invariant, out var l):
                return l.ToString(invariant) + "L";
            case DataType.Decimal or DataType.Currency when decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, invariant, out var d):
                return d.ToString(invariant) + "m";
            case DataType.Boolean when bool.TryParse(trimmed, out var b):
                return b ? "true" : "false";
            case DataType.Date or DataType.DateTime or DataType.Time when TryParseDate(type, trimmed, out var date):
                return date.TimeOfDay == TimeSpan.Zero
                    ? string.Create(invariant, $"new global::System.DateTime({date.Year}, {date.Month}, {date.Day})")
                    : string.Create(invariant, $"new global::System.DateTime({date.Year}, {date.Month}, {date.Day}, {date.Hour}, {date.Minute}, {date.Second})");
            default:
                return null;
        }
    }

    // Exact formats only: a lenient parse would fill a missing date with today's, and the output would
    // change from day to day. A Time is placed on 1900-01-01, the platform's date for time-only values.
    private static readonly string[] DateFormats = ["yyyy-MM-dd"];
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd"];
    private static readonly string[] TimeFormats = ["HH:mm:ss", "HH:mm"];

    private static bool TryParseDate(DataType type, string text, out DateTime value)
    {
        var formats = type switch
        {
            DataType.Date => DateFormats,
            DataType.Time => TimeFormats,
            _ => DateTimeFormats,
        };
        if (!DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            value = default;
            return false;
        }

        value = type == DataType.Time ? new DateTime(1900, 1, 1).Add(parsed.TimeOfDay) : parsed;
        return true;
    }

    /// <summary>Indented text with "\n" line endings, whatever the platform.</summary>
    private sealed class CodeWriter
    {
        private readonly StringBuilder _text = new();
        private int _depth;

        /// <summary>
        /// A block-scoped namespace and no #nullable line: the files compile under every C# from 7.3 on, the
        /// default of .NET Framework projects (the auto-generated header already turns nullable analysis off).
        /// </summary>
        public void FileStart(string @namespace)
        {
            Line($"namespace {@namespace}");
            Open();
        }

        /// <summary>Closes the namespace that <see cref="FileStart"/> opened and gives the file's text.</summary>
        public string Finish()
        {
            Close();
            return _text.ToString();
        }

        public void Line(string text = "")
        {
            if (text.Length > 0)
            {
                _text.Append(' ', _depth * 4).Append(text);
            }

            _text.Append('\n');
        }

        public void Open()
        {
            Line("{");
            _depth++;
        }

        public void Close()
        {
            _depth--;
            Line("}");
        }

        public void DocComment(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            Line("/// <summary>");
            foreach (var line in SplitLines(text))
            {
                Line("/// " + EscapeXml(line));
            }

            Line("/// </summary>");
        }

        public void DocTag(string tag, string name, string text)
        {
            var lines = SplitLines(text).Select(EscapeXml).ToList();
            if (lines.Count == 1)
            {
                Line($"/// <{tag} name=\"{EscapeXml(name)}\">{lines[0]}</{tag}>");
                return;
            }

            Line($"/// <{tag} name=\"{EscapeXml(name)}\">");
            foreach (var line in lines)
            {
                Line("/// " + line);
            }

            Line($"/// </{tag}>");
        }

        public static string EscapeXml(string text) =>
            text.Replace("&", "&amp;", StringComparison.Ordinal)
                .Replace("<", "&lt;", StringComparison.Ordinal)
                .Replace(">", "&gt;", StringComparison.Ordinal);

        private static IEnumerable<string> SplitLines(string text) =>
            text.Trim().Split('\n').Select(static l => l.TrimEnd('\r').Trim());
    }
}
