using System.Text.RegularExpressions;

namespace OneClickPublish.CodeGeneration.Merging;

/// <summary>
/// Whether two spellings name the same type, without a semantic model: <c>global::</c>, the System
/// and collection namespaces and the extension's namespace are ignored, framework names equal their
/// C# keywords, and <c>?</c> on a reference type is only an annotation.
/// </summary>
internal sealed partial class TypeSpellingComparer(string extensionNamespace)
{
    public bool SameType(string written, string expected) =>
        string.Equals(written, expected, StringComparison.Ordinal) || NormalizeType(written) == NormalizeType(expected);

    private string NormalizeType(string type)
    {
        var text = WhitespaceRegex().Replace(type, string.Empty).Replace("global::", string.Empty, StringComparison.Ordinal);
        text = text.Replace(extensionNamespace + ".", string.Empty, StringComparison.Ordinal)
            .Replace("System.Collections.Generic.", string.Empty, StringComparison.Ordinal)
            .Replace("System.", string.Empty, StringComparison.Ordinal);
        text = FrameworkNameRegex().Replace(text, static m => m.Value switch
        {
            "String" => "string",
            "Int32" => "int",
            "Int64" => "long",
            "Decimal" => "decimal",
            "Boolean" => "bool",
            "Object" => "object",
            "Byte" => "byte",
            _ => m.Value,
        });
        return NullableAnnotationRegex().Replace(text, static m =>
            m.Groups["name"].Value is "int" or "long" or "decimal" or "bool" or "byte" or "DateTime" ? m.Value : m.Groups["name"].Value);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    [GeneratedRegex(@"\b(String|Int32|Int64|Decimal|Boolean|Object|Byte)\b")]
    private static partial Regex FrameworkNameRegex();

    [GeneratedRegex(@"(?<name>[A-Za-z_]\w*|\]|>)\?")]
    private static partial Regex NullableAnnotationRegex();
}
