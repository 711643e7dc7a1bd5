using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OneClickPublish.Definition;

namespace OneClickPublish.CodeGeneration.Merging;

/// <summary>
/// What the parts of one merge share: the definition, the parsed file and its entry class, how the file
/// spells types and ends lines, and the changes made so far (in the order they were made).
/// </summary>
internal sealed class MergeContext
{
    public MergeContext(ExtensionDefinition definition, CompilationUnitSyntax root, List<ClassDeclarationSyntax> entryClasses, string eol)
    {
        Definition = definition;
        Root = root;
        EntryClasses = entryClasses;
        Eol = eol;
        var entryClass = entryClasses[0];
        var inExtensionNamespace = IsInExtensionNamespace(entryClass, root, definition.EffectiveNamespace);
        Spelling = new TypeSpelling(
            SystemImported: Imports(entryClass, root, "System"),
            CollectionsImported: Imports(entryClass, root, "System.Collections.Generic"),
            InExtensionNamespace: inExtensionNamespace);
        ActionKeyAttribute = inExtensionNamespace ? "ActionKey" : $"global::{definition.EffectiveNamespace}.ActionKey";
        Types = new TypeSpellingComparer(definition.EffectiveNamespace);
    }

    public ExtensionDefinition Definition { get; }

    public CompilationUnitSyntax Root { get; }

    /// <summary>Every <c>partial</c> part of the entry class in the file; stubs go to the first.</summary>
    public List<ClassDeclarationSyntax> EntryClasses { get; }

    public string Eol { get; }

    public TypeSpelling Spelling { get; }

    /// <summary>How an added <c>[ActionKey]</c> is spelled: short where the file sees the extension's namespace.</summary>
    public string ActionKeyAttribute { get; }

    public TypeSpellingComparer Types { get; }

    public List<ImplementationChange> Changes { get; } = [];

    /// <summary>The type of a parameter as this file would spell it.</summary>
    public string TypeName(ParameterDefinition parameter) => CodeNames.TypeName(parameter, Definition, Spelling);

    private static bool Imports(SyntaxNode entryClass, CompilationUnitSyntax root, string @namespace) =>
        root.Usings.Concat(entryClass.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().SelectMany(static n => n.Usings))
            .Any(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == @namespace);

    private static bool IsInExtensionNamespace(SyntaxNode entryClass, CompilationUnitSyntax root, string @namespace)
    {
        var enclosing = string.Join(".", entryClass.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(static n => n.Name.ToString()));
        return enclosing == @namespace
            || enclosing.StartsWith(@namespace + ".", StringComparison.Ordinal)
            || Imports(entryClass, root, @namespace);
    }
}
