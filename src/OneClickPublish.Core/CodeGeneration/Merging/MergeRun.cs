using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OneClickPublish.CodeGeneration.Merging;

/// <summary>
/// One merge of a definition into a parsed implementation file: matches methods to actions, rewrites the
/// matched methods' signatures, adds stubs, and rebuilds the tree in one pass; what it does not touch is
/// carried over token by token.
/// </summary>
internal sealed class MergeRun(MergeContext context)
{
    public ImplementationMergeResult Run(string originalText)
    {
        var methods = context.EntryClasses.SelectMany(static c => c.Members.OfType<MethodDeclarationSyntax>()).ToList();
        var matcher = new ActionMatcher(context);
        var matches = matcher.MatchActions(methods);

        var signatures = new MethodSignatureRewriter(context);
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var (action, method) in matches)
        {
            var updated = signatures.UpdateMethod(action, method);
            if (updated != method)
            {
                replacements[method] = updated;
            }
        }

        var stubWriter = new StubWriter(context);
        var newActions = context.Definition.Actions.Where(a => !matches.ContainsKey(a)).ToList();
        var stubs = newActions.Count > 0 ? stubWriter.Stubs(newActions) : [];

        // Methods to point warnings at are annotated, so that they can be found again in the merged text.
        var leftovers = new LeftoverMethods(methods, matches, matcher.Duplicates);
        var located = leftovers.Annotations;

        // One pass that rebuilds only what changed: replacing thousands of nodes one by one is quadratic.
        var entryClass = context.EntryClasses[0];
        var touched = replacements.Keys.Concat(located.Keys).ToHashSet();
        if (stubs.Count > 0)
        {
            touched.Add(entryClass);
        }

        var root = touched.Count == 0 ? context.Root : context.Root.ReplaceNodes(touched, (original, rewritten) =>
        {
            if (original == entryClass)
            {
                return stubWriter.AddStubs((ClassDeclarationSyntax)rewritten, stubs);
            }

            var node = replacements.TryGetValue(original, out var replacement) ? replacement : rewritten;
            return located.TryGetValue(original, out var annotation) ? node.WithAdditionalAnnotations(annotation) : node;
        });

        var changes = context.Changes;
        var finalText = changes.Count == 0 ? originalText : root.ToFullString();

        // A safety net, not a check of the definition: names the verifier would reject (a space in an
        // action name, say) must not turn a user's good file into a broken one.
        if (changes.Count > 0
            && MergeSyntax.FirstError(CSharpSyntaxTree.ParseText(finalText, MergeSyntax.ParseOptions)) is { } broken)
        {
            return new ImplementationMergeResult
            {
                Outcome = ImplementationMergeOutcome.ResultWouldNotParse,
                SyntaxError = broken,
                Changes = changes,
            };
        }

        var (kept, duplicateKeys) = leftovers.Locate(root, finalText);
        return new ImplementationMergeResult
        {
            Outcome = changes.Count == 0 ? ImplementationMergeOutcome.Unchanged : ImplementationMergeOutcome.Updated,
            Text = finalText,
            Changes = changes,
            KeptMethods = kept,
            DuplicateKeys = duplicateKeys,
        };
    }
}
