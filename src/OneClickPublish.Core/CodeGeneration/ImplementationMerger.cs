using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OneClickPublish.CodeGeneration.Merging;
using OneClickPublish.Definition;

namespace OneClickPublish.CodeGeneration;

/// <summary>
/// Brings the user's implementation file (<c>{Name}Actions.cs</c>) in line with the definition by
/// editing its Roslyn syntax tree: it adds a stub per new action, renames a method whose action was
/// renamed (found by its <c>[ActionKey]</c>, else by name), and brings parameter lists in line. Everything
/// else — bodies, comments, usings, other members, formatting — is carried over token by token.
/// It never deletes a method. Pure: text in, text out; <see cref="SourceUpdater"/> does the file work.
/// </summary>
/// <remarks>
/// The work is done by the types in <see cref="Merging"/>: <see cref="MergeRun"/> coordinates one merge,
/// <see cref="ActionMatcher"/> finds each action's method, <see cref="MethodSignatureRewriter"/> and
/// <see cref="ParameterListRewriter"/> bring signatures in line, <see cref="StubWriter"/> adds stubs, and
/// <see cref="LeftoverMethods"/> finds the methods to warn about (docs/update-source.md, "How the merge works").
/// </remarks>
public static class ImplementationMerger
{
    /// <summary>
    /// Merges <paramref name="definition"/> into <paramref name="currentText"/>; null (no file yet) or blank text
    /// gives a new file with the entry class and a stub per action.
    /// </summary>
    /// <param name="languageVersion">The project's C# version (MSBuild's LangVersion): a new file uses a file-scoped namespace only where it compiles.</param>
    public static ImplementationMergeResult Merge(ExtensionDefinition definition, string? currentText, string? languageVersion = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!string.IsNullOrWhiteSpace(currentText))
        {
            return MergeInto(definition, currentText);
        }

        var created = MergeInto(definition, ImplementationFileTemplate.Create(definition, CSharpLanguage.HasFileScopedNamespaces(languageVersion)));
        if (created.Outcome == ImplementationMergeOutcome.ResultWouldNotParse)
        {
            return created;
        }

        return new ImplementationMergeResult
        {
            Outcome = ImplementationMergeOutcome.Created,
            Text = created.Text,
            Changes =
            [
                new(ImplementationChangeKind.FileCreated, definition.Name, $"new file with a stub for each of the {definition.Actions.Count} action(s)"),
                .. created.Changes,
            ],
        };
    }

    private static ImplementationMergeResult MergeInto(ExtensionDefinition definition, string text)
    {
        var tree = CSharpSyntaxTree.ParseText(text, MergeSyntax.ParseOptions);
        if (MergeSyntax.FirstError(tree) is { } error)
        {
            return new ImplementationMergeResult
            {
                Outcome = ImplementationMergeOutcome.SyntaxErrors,
                SyntaxError = error,
            };
        }

        var root = tree.GetCompilationUnitRoot();
        var entryClasses = root.DescendantNodes()
            .OfType<ClassDeclarationSyntax>()
            .Where(c => c.Identifier.ValueText == definition.EntryClassName)
            .ToList();
        if (entryClasses.Count == 0)
        {
            return new ImplementationMergeResult { Outcome = ImplementationMergeOutcome.EntryClassNotFound };
        }

        var context = new MergeContext(definition, root, entryClasses, MergeSyntax.LineEndingOf(text));
        return new MergeRun(context).Run(text);
    }
}
