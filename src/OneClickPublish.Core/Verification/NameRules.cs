using Microsoft.CodeAnalysis.CSharp;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using static OneClickPublish.Verification.DefinitionVerifier;
using static OneClickPublish.Verification.VerificationContext;

namespace OneClickPublish.Verification;

/// <summary>
/// Names: present, well formed, not too long, unique in their scope,
/// and not a name the generated C# could not use. Namespaces too.
/// </summary>
internal sealed class NameRules(VerificationContext context)
{
    /// <summary>Members every generated class inherits from object: a property or method of that name would hide one.</summary>
    private static readonly HashSet<string> ObjectMembers = new(StringComparer.OrdinalIgnoreCase)
    {
        "Equals", "GetHashCode", "GetType", "ToString", "Finalize", "MemberwiseClone", "ReferenceEquals",
    };

    /// <summary>Reports a missing, malformed or too long name; returns false when there is no name to check scopes with.</summary>
    public bool CheckName(DefinitionElement element, ElementLabel label, int maxLength)
    {
        if (element.Name.Length == 0)
        {
            context.Diagnostics.Report(DefinitionDiagnostics.MissingRequiredAttribute, element.Location, element.Kind, "Name");
            return false;
        }

        if (!IsValidName(element.Name))
        {
            context.Diagnostics.Report(DefinitionDiagnostics.InvalidName, NameLocationOf(element), element.Kind, element.Name);
            return true;
        }

        if (element.Name.Length > maxLength)
        {
            context.Diagnostics.Report(DefinitionDiagnostics.NameTooLong, NameLocationOf(element), label, element.Name.Length, maxLength);
        }

        return true;
    }

    public void CheckKeyword(DefinitionElement element, ElementLabel label)
    {
        if (IsCSharpKeyword(element.Name))
        {
            context.Diagnostics.Report(DefinitionDiagnostics.ReservedName, NameLocationOf(element), label, element.Name, "it is a C# keyword");
        }
    }

    /// <summary>Structures and entities become classes beside the generated interface and the entry class.</summary>
    public void CheckReservedTypeName(DefinitionElement element, ElementLabel label)
    {
        var name = element.Name;
        var reason = IsCSharpKeyword(name) ? "it is a C# keyword"
            : name.Equals(context.Definition.InterfaceName, StringComparison.OrdinalIgnoreCase) ? "it is the name of the generated interface"
            : name.Equals(context.Definition.EntryClassName, StringComparison.OrdinalIgnoreCase) ? "it is the name of the entry class"
            : name.Equals(context.Definition.Name, StringComparison.OrdinalIgnoreCase) ? "it is the extension's name, which is also the default namespace"
            : null;
        if (reason is not null)
        {
            context.Diagnostics.Report(DefinitionDiagnostics.ReservedName, NameLocationOf(element), label, name, reason);
        }
    }

    /// <summary>Actions become methods of the entry class, attributes properties of their class.</summary>
    public void CheckReservedMemberName(DefinitionElement element, ElementLabel label, string? enclosingType)
    {
        var name = element.Name;
        var reason = IsCSharpKeyword(name) ? "it is a C# keyword"
            : enclosingType is not null && name.Equals(enclosingType, StringComparison.OrdinalIgnoreCase) ? $"a member cannot have the name of its class '{enclosingType}'"
            : ObjectMembers.Contains(name) ? $"it would hide object.{name}"
            : null;
        if (reason is not null)
        {
            context.Diagnostics.Report(DefinitionDiagnostics.ReservedName, NameLocationOf(element), label, name, reason);
        }
    }

    /// <summary>An attribute's name, unique in its structure or entity (<paramref name="names"/> is that scope).</summary>
    public void CheckAttributeName(
        DefinitionElement owner,
        AttributeDefinition attribute,
        ElementLabel label,
        int maxLength,
        Dictionary<string, AttributeDefinition> names)
    {
        if (!CheckName(attribute, label, maxLength))
        {
            return;
        }

        if (!names.TryAdd(attribute.Name, attribute))
        {
            var first = names[attribute.Name];
            context.Diagnostics.Report(DefinitionDiagnostics.DuplicateName, NameLocationOf(attribute), label, $"attribute '{first.Name}'{LineOf(first)}");
        }

        // An attribute named exactly like its class is valid (the generator maps its property to Name_, as
        // Integration Studio's own code prefixes every member); the mapped name must not be taken by another.
        var mapped = CodeNames.MappedPropertyName(attribute.Name, owner.Name);
        if (mapped != attribute.Name && names.TryGetValue(mapped, out var taken))
        {
            context.Diagnostics.Report(DefinitionDiagnostics.ReservedName, NameLocationOf(attribute), label, attribute.Name,
                $"its C# property is '{mapped}' (an attribute named like its class is mapped), which is the attribute '{taken.Name}'{LineOf(taken)}");
        }
        else if (mapped != attribute.Name)
        {
            names.TryAdd(mapped, attribute);
        }

        // No clash with the class's name to report: the exact name is mapped above, and one that differs in case compiles as it is.
        CheckReservedMemberName(attribute, label, enclosingType: null);
    }

    /// <summary>Null when <paramref name="ns"/> is a usable namespace; otherwise why it is not.</summary>
    public static string? NamespaceProblem(string ns)
    {
        if (ns.Length == 0)
        {
            return "it is empty (leave the attribute out to use the extension's name)";
        }

        foreach (var part in ns.Split('.'))
        {
            if (!SyntaxFacts.IsValidIdentifier(part) || part.StartsWith('@') || !part.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return part.Length == 0 ? "it has an empty part" : $"'{part}' is not an identifier";
            }

            if (IsCSharpKeyword(part))
            {
                return $"'{part}' is a C# keyword";
            }
        }

        return null;
    }
}
