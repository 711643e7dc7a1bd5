using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Text;
using OneClickPublish.Definition;

namespace OneClickPublish.Compilation;

/// <summary>
/// One canonical spelling of a type, so that what the definition asks for (a C# type name from
/// <see cref="TypedElement.ClrTypeName"/>) and what the assembly declares (a decoded metadata
/// signature) compare as strings: namespace-qualified metadata names, nested types with '/',
/// generic arity with a backtick, arguments in angle brackets, arrays as [], by-ref as a trailing
/// '&amp;'. For example <c>System.Collections.Generic.List`1&lt;Hello.Customer&gt;</c>.
/// </summary>
internal static class SignatureTypeNames
{
    private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
    {
        ["bool"] = "System.Boolean",
        ["byte"] = "System.Byte",
        ["sbyte"] = "System.SByte",
        ["char"] = "System.Char",
        ["short"] = "System.Int16",
        ["ushort"] = "System.UInt16",
        ["int"] = "System.Int32",
        ["uint"] = "System.UInt32",
        ["long"] = "System.Int64",
        ["ulong"] = "System.UInt64",
        ["float"] = "System.Single",
        ["double"] = "System.Double",
        ["decimal"] = "System.Decimal",
        ["string"] = "System.String",
        ["object"] = "System.Object",
        ["void"] = "System.Void",
        ["nint"] = "System.IntPtr",
        ["nuint"] = "System.UIntPtr",
    };

    private static readonly Dictionary<string, string> KeywordsByType =
        Keywords.Where(static k => k.Key is not ("nint" or "nuint")).ToDictionary(static k => k.Value, static k => k.Key, StringComparer.Ordinal);

    /// <summary>The canonical name of a C# type name as the definition model writes it; bare names are the extension's records.</summary>
    public static string FromClrTypeName(string clrTypeName, ExtensionDefinition definition)
    {
        var name = clrTypeName.Trim();
        if (name.EndsWith("[]", StringComparison.Ordinal))
        {
            return FromClrTypeName(name[..^2], definition) + "[]";
        }

        if (name.StartsWith("global::", StringComparison.Ordinal))
        {
            name = name["global::".Length..];
        }

        var open = name.IndexOf('<', StringComparison.Ordinal);
        if (open > 0 && name.EndsWith('>'))
        {
            var arguments = SplitTopLevel(name[(open + 1)..^1]);
            return $"{name[..open]}`{arguments.Count}<{string.Join(',', arguments.Select(a => FromClrTypeName(a, definition)))}>";
        }

        if (Keywords.TryGetValue(name, out var keyword))
        {
            return keyword;
        }

        if (name.Contains('.', StringComparison.Ordinal))
        {
            return name;
        }

        // A Record Type: generated as a class of that name in the extension's namespace, spelled as declared.
        var record = definition.FindRecordType(name)?.Name ?? name;
        return $"{definition.EffectiveNamespace}.{record}";
    }

    /// <summary>The canonical name as people read it in a message: C# keywords, no arity marks.</summary>
    public static string ToDisplay(string canonical)
    {
        var builder = new StringBuilder();
        var token = new StringBuilder();
        void Flush()
        {
            var t = token.ToString();
            var arity = t.IndexOf('`', StringComparison.Ordinal);
            if (arity >= 0)
            {
                t = t[..arity];
            }

            builder.Append(KeywordsByType.TryGetValue(t, out var keyword) ? keyword : t);
            token.Clear();
        }

        foreach (var c in canonical)
        {
            if (c is '<' or '>' or ',' or '[' or ']' or '&')
            {
                Flush();
                builder.Append(c == ',' ? ", " : c);
            }
            else
            {
                token.Append(c);
            }
        }

        Flush();
        var text = builder.ToString();
        return text.EndsWith('&') ? "ref " + text[..^1] : text;
    }

    private static List<string> SplitTopLevel(string arguments)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < arguments.Length; i++)
        {
            switch (arguments[i])
            {
                case '<':
                    depth++;
                    break;
                case '>':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(arguments[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(arguments[start..]);
        return parts;
    }
}

/// <summary>Decodes metadata signatures into <see cref="SignatureTypeNames"/>' canonical spelling.</summary>
internal sealed class CanonicalTypeNameProvider : ISignatureTypeProvider<string, object?>
{
    public static CanonicalTypeNameProvider Instance { get; } = new();

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode switch
    {
        PrimitiveTypeCode.IntPtr => "IntPtr",
        PrimitiveTypeCode.UIntPtr => "UIntPtr",
        _ => typeCode.ToString(),
    };

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        var type = reader.GetTypeDefinition(handle);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil
            ? Qualify(reader.GetString(type.Namespace), reader.GetString(type.Name))
            : GetTypeFromDefinition(reader, declaring, rawTypeKind) + "/" + reader.GetString(type.Name);
    }

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var type = reader.GetTypeReference(handle);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? GetTypeFromReference(reader, (TypeReferenceHandle)type.ResolutionScope, rawTypeKind) + "/" + reader.GetString(type.Name)
            : Qualify(reader.GetString(type.Namespace), reader.GetString(type.Name));
    }

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPinnedType(string elementType) => elementType;

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
        $"{genericType}<{string.Join(',', typeArguments)}>";

    public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";

    private static string Qualify(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
}
