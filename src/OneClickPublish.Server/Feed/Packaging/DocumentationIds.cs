using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;

namespace OneClickPublish.Server.Feed.Packaging;

/// <summary>
/// The documentation comment IDs (ECMA-334 annex D, what the C# compiler writes into an XML documentation
/// file and an editor looks up) of the members the generated code and the user's entry class declare for a
/// definition: <c>T:Geo.IGeo</c>, <c>M:Geo.GeoActions.Distance(System.Double,System.Double@)</c>,
/// <c>P:Geo.Point.X</c>. The names follow <see cref="CodeGenerator"/> and <see cref="CodeNames"/>.
/// </summary>
internal static class DocumentationIds
{
    public static string Type(ExtensionDefinition definition, string typeName) => $"T:{TypeName(definition, typeName)}";

    public static string Method(ExtensionDefinition definition, string typeName, ActionDefinition action)
    {
        var name = $"M:{TypeName(definition, typeName)}.{action.Name}";

        // A method without parameters has no parentheses in its ID.
        return action.Parameters.Count == 0
            ? name
            : $"{name}({string.Join(",", action.Parameters.Select(p => ParameterType(p, definition)))})";
    }

    public static string Property(ExtensionDefinition definition, string typeName, AttributeDefinition attribute) =>
        $"P:{TypeName(definition, typeName)}.{CodeNames.MappedPropertyName(attribute.Name, typeName)}";

    private static string TypeName(ExtensionDefinition definition, string typeName) => $"{definition.EffectiveNamespace}.{typeName}";

    /// <summary>An out parameter is passed by reference: its type ends with '@'.</summary>
    private static string ParameterType(ParameterDefinition parameter, ExtensionDefinition definition) =>
        TypeOf(parameter, definition) + (parameter.Direction == ParameterDirection.Output ? "@" : string.Empty);

    /// <summary>The type of a data type as an ID spells it: full metadata names, generic arguments in braces.</summary>
    public static string TypeOf(TypedElement element, ExtensionDefinition definition) => element.DataType switch
    {
        DataType.Text or DataType.PhoneNumber or DataType.Email => "System.String",
        DataType.Integer => "System.Int32",
        DataType.LongInteger => "System.Int64",
        DataType.Decimal or DataType.Currency => "System.Decimal",
        DataType.Boolean => "System.Boolean",
        DataType.DateTime or DataType.Date or DataType.Time => "System.DateTime",
        DataType.BinaryData => "System.Byte[]",
        DataType.Record => RecordType(element, definition),
        DataType.RecordList => $"System.Collections.Generic.List{{{RecordType(element, definition)}}}",
        _ => "System.Object",
    };

    private static string RecordType(TypedElement element, ExtensionDefinition definition)
    {
        var name = CodeNames.ResolvedRecordTypeName(element, definition);
        return name == "object" ? "System.Object" : TypeName(definition, name);
    }
}
