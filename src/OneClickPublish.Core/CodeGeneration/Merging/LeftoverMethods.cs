using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using OneClickPublish.Definition;

namespace OneClickPublish.CodeGeneration.Merging;

/// <summary>
/// The methods a merge keeps but reports: those that implement no action any more (an <c>[ActionKey]</c> of
/// a removed action, or a public <c>void</c> method whose name matches no action), and those ignored because
/// another method has the same key. Nothing is deleted; each is annotated before the rewrite so that it can
/// be found again, with its line and column, in the merged text.
/// </summary>
internal sealed class LeftoverMethods
{
    private const string LocationAnnotationKind = "OneClickPublish.Location";

    private readonly List<MethodDeclarationSyntax> _kept;
    private readonly List<(string Key, MethodDeclarationSyntax Used, MethodDeclarationSyntax Ignored)> _duplicates;

    public LeftoverMethods(
        List<MethodDeclarationSyntax> methods,
        Dictionary<ActionDefinition, MethodDeclarationSyntax> matches,
        List<(string Key, MethodDeclarationSyntax Used, MethodDeclarationSyntax Ignored)> duplicates)
    {
        var matchedMethods = matches.Values.ToHashSet();
        var matchedNames = matches.Keys.Select(static a => a.Name).ToHashSet(StringComparer.Ordinal);
        _kept = methods.Where(m => !matchedMethods.Contains(m) && !matchedNames.Contains(m.Identifier.ValueText) && LooksLikeAnAction(m)).ToList();
        _duplicates = duplicates;
        Annotations = _kept.Concat(_duplicates.Select(static d => d.Ignored)).Distinct()
            .Select((m, i) => (m, i))
            .ToDictionary(static p => (SyntaxNode)p.m, static p => new SyntaxAnnotation(LocationAnnotationKind, p.i.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The annotation to give each of these methods (keyed by the method in the file as read) in the rewrite.</summary>
    public Dictionary<SyntaxNode, SyntaxAnnotation> Annotations { get; }

    /// <summary>Where each kept method and each ignored duplicate stands in the merged text.</summary>
    public (List<KeptMethod> Kept, List<DuplicateActionKey> DuplicateKeys) Locate(SyntaxNode mergedRoot, string mergedText)
    {
        var lines = SourceText.From(mergedText).Lines;
        (int Line, int Column) Where(SyntaxNode original)
        {
            var annotation = Annotations[original];
            var method = (MethodDeclarationSyntax)mergedRoot.GetAnnotatedNodes(annotation).Single();
            var position = lines.GetLinePosition(method.Identifier.SpanStart);
            return (position.Line + 1, position.Character + 1);
        }

        var kept = _kept.Select(m =>
        {
            var (line, column) = Where(m);
            return new KeptMethod(m.Identifier.ValueText, line, column);
        }).ToList();
        var duplicateKeys = _duplicates.Select(d =>
        {
            var (line, column) = Where(d.Ignored);
            return new DuplicateActionKey(d.Key, d.Used.Identifier.ValueText, d.Ignored.Identifier.ValueText, line, column);
        }).ToList();
        return (kept, duplicateKeys);
    }

    private static bool LooksLikeAnAction(MethodDeclarationSyntax method) =>
        ActionKeyMarker.ActionKeyOf(method) is not null
        || method.ExplicitInterfaceSpecifier is not null
        || (method.Modifiers.Any(SyntaxKind.PublicKeyword)
            && !method.Modifiers.Any(SyntaxKind.StaticKeyword)
            && method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword });
}
