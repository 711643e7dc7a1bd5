using Microsoft.CodeAnalysis.CSharp;
using OneClickPublish.Definition;

namespace OneClickPublish.CodeGeneration;

/// <summary>
/// The naming conventions that the generated code, the implementation merge and the Compile check
/// share (see the helper brief, "Generated code conventions"). One place, so that they cannot drift apart.
/// </summary>
public static class CodeNames
{
    /// <summary>The simple name of the generated attribute that ties a method to an action's Key.</summary>
    public const string ActionKeyAttributeName = "ActionKeyAttribute";

    /// <summary>Prefixes <c>@</c> when the name is a reserved C# keyword (contextual keywords need no escape).</summary>
    public static string EscapeIdentifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>
    /// The C# property of a structure's or entity's attribute. C# forbids a member named like its class
    /// (CS0542), which Integration Studio allows (it prefixes every generated member) and real extensions
    /// use; such an attribute becomes the property <c>{Name}_</c> (docs/definition.md, "Names in C#").
    /// Stable: the mapped name depends on nothing but the two names.
    /// </summary>
    public static string PropertyName(string attributeName, string className) =>
        EscapeIdentifier(MappedPropertyName(attributeName, className));

    /// <summary>The property name without a leading <c>@</c>: what the verifier compares with the other attributes' names.</summary>
    public static string MappedPropertyName(string attributeName, string className) =>
        string.Equals(attributeName, className, StringComparison.Ordinal) ? attributeName + "_" : attributeName;

    /// <summary>A parameter's C# name: the definition name with its first letter lower-cased, escaped if a keyword.</summary>
    public static string ParameterName(string definitionName)
    {
        if (definitionName.Length == 0)
        {
            return definitionName;
        }

        var lowered = char.ToLowerInvariant(definitionName[0]) + definitionName[1..];
        return EscapeIdentifier(lowered);
    }

    /// <summary>The parameter name without a leading <c>@</c>, as the compiler and metadata see it.</summary>
    public static string ParameterMetadataName(string definitionName) => ParameterName(definitionName).TrimStart('@');

    /// <summary>
    /// The C# type of a parameter or attribute as written inside the extension's namespace. Record types are
    /// resolved to the declared structure or entity name (names are compared case-insensitively in the
    /// definition, but C# is case-sensitive).
    /// </summary>
    public static string TypeName(TypedElement element, ExtensionDefinition definition) =>
        TypeName(element, definition, TypeSpelling.Generated);

    internal static string TypeName(TypedElement element, ExtensionDefinition definition, TypeSpelling spelling) =>
        element.DataType switch
        {
            DataType.DateTime or DataType.Date or DataType.Time =>
                spelling.SystemImported ? "DateTime" : "global::System.DateTime",
            DataType.Record => RecordTypeName(element, definition, spelling),
            DataType.RecordList =>
                (spelling.CollectionsImported ? "List<" : "global::System.Collections.Generic.List<") +
                RecordTypeName(element, definition, spelling) + ">",
            _ => element.ClrTypeName,
        };

    /// <summary>The declared name of the structure or entity a Record/Record List refers to.</summary>
    public static string ResolvedRecordTypeName(TypedElement element, ExtensionDefinition definition)
    {
        var declared = element.RecordType is null ? null : definition.FindRecordType(element.RecordType);
        return declared?.Name ?? element.RecordType ?? "object";
    }

    private static string RecordTypeName(TypedElement element, ExtensionDefinition definition, TypeSpelling spelling)
    {
        var name = ResolvedRecordTypeName(element, definition);
        if (name == "object")
        {
            return name;
        }

        return spelling.InExtensionNamespace
            ? EscapeIdentifier(name)
            : $"global::{definition.EffectiveNamespace}.{EscapeIdentifier(name)}";
    }
}

/// <summary>How types may be spelled where code is written: which namespaces are in scope.</summary>
internal sealed record TypeSpelling(bool SystemImported, bool CollectionsImported, bool InExtensionNamespace)
{
    /// <summary>Generated code spells framework types fully qualified and lives in the extension's namespace.</summary>
    public static TypeSpelling Generated { get; } = new(SystemImported: false, CollectionsImported: false, InExtensionNamespace: true);
}
