using Microsoft.CodeAnalysis.CSharp;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Verification;

/// <summary>
/// The VerifyDefinition step's rules (docs/definition.md, codes OCP1020–1099). Reports every
/// problem with its location and never stops at the first one. Runs in time linear in the size of
/// the definition: every lookup goes through a dictionary built once.
/// </summary>
/// <remarks>
/// The rules live in one type per concern, sharing a <see cref="VerificationContext"/> (the bag, the options
/// and the lookup tables): <see cref="ExtensionRules"/>, <see cref="NameRules"/>, <see cref="KeyAndDescriptionRules"/>,
/// <see cref="DataTypeRules"/>, <see cref="DefaultValueRules"/>, <see cref="ActionRules"/>, <see cref="StructureRules"/>,
/// <see cref="EntityRules"/> and <see cref="ResourceRules"/>.
/// </remarks>
public static class DefinitionVerifier
{
    public const int MaxNameLength = 50;

    /// <summary>Entity attributes become database columns, whose names some databases cap at 30; 28 leaves room for a prefix.</summary>
    public const int MaxEntityAttributeNameLength = 28;

    public const int MaxDescriptionLength = 255;
    public const int MaxTableNameLength = 128;
    public const int MaxKeyLength = 100;
    public const int MaxTextLength = 2_000_000_000;
    public const int MaxDecimalDigits = 38;
    public const int MaxDecimals = 28;

    public static void Verify(ExtensionDefinition definition, DiagnosticBag diagnostics, DefinitionVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(diagnostics);
        // Rules run by kind of element; users read the result top to bottom, so report it in file order
        // (a stable sort: several problems at one place keep the order the rules found them in).
        var found = new DiagnosticBag();
        Run(new VerificationContext(definition, found, options ?? new DefinitionVerifierOptions()));
        diagnostics.AddRange(found.OrderBy(static d => d.Location.Line).ThenBy(static d => d.Location.Column));
    }

    /// <summary>True for a valid element name: an ASCII letter, then ASCII letters, digits and '_'.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length == 0 || !char.IsAsciiLetter(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsCSharpKeyword(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None;

    /// <summary>Runs the rule sets (one type each) in the order the lookups they share need.</summary>
    private static void Run(VerificationContext context)
    {
        var nameRules = new NameRules(context);
        var keysAndDescriptions = new KeyAndDescriptionRules(context);
        var dataTypes = new DataTypeRules(context, new DefaultValueRules(context));
        var structures = new StructureRules(context, nameRules, keysAndDescriptions, dataTypes);

        new ExtensionRules(context, nameRules, keysAndDescriptions).VerifyExtension();
        dataTypes.CollectRecordTypes();
        new ActionRules(context, nameRules, keysAndDescriptions, dataTypes).VerifyActions();
        foreach (var structure in context.Definition.Structures)
        {
            structures.VerifyStructure(structure);
        }

        new EntityRules(context, nameRules, keysAndDescriptions, dataTypes).VerifyEntities();
        new ResourceRules(context, keysAndDescriptions).VerifyResources();
        structures.FindRecursiveStructures();
    }
}
