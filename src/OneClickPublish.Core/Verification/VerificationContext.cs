using System.Globalization;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Verification;

/// <summary>
/// What the rule sets of one verification share: the definition, the bag they report to, the options,
/// and the lookup tables built once (keys and Record Types), plus how a message names and places an element.
/// </summary>
internal sealed class VerificationContext(ExtensionDefinition definition, DiagnosticBag diagnostics, DefinitionVerifierOptions options)
{
    public ExtensionDefinition Definition { get; } = definition;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    public DefinitionVerifierOptions Options { get; } = options;

    // Sized for the actions up front: growing a dictionary of 50,000 entries step by step allocates
    // about twice its final size on the large object heap, which the collector pays for.
    /// <summary>Elements by Key, across the whole definition. The first declared wins.</summary>
    public Dictionary<string, DefinitionElement> Keys { get; } =
        new(definition.Actions.Count + definition.Structures.Count + definition.Entities.Count, StringComparer.Ordinal);

    /// <summary>Structures and entities by name, ignoring case: the Record Types. The first declared wins.</summary>
    public Dictionary<string, DefinitionElement> RecordTypes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static string Mention(DefinitionElement element) => $"{element.Kind.ToLowerInvariant()} '{element.Name}'";

    public static string LineOf(DefinitionElement element) =>
        element.Location.Line > 0 ? $" (line {element.Location.Line.ToString(CultureInfo.InvariantCulture)})" : string.Empty;

    public static SourceLocation NameLocationOf(DefinitionElement element) => Pick(element.NameLocation, element.Location);

    public static SourceLocation Pick(SourceLocation specific, SourceLocation fallback) =>
        specific.Line > 0 || specific.File is not null ? specific : fallback;
}
