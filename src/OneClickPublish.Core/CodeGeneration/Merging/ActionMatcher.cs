using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OneClickPublish.Definition;

namespace OneClickPublish.CodeGeneration.Merging;

/// <summary>
/// Finds the method that implements each action: by <c>[ActionKey]</c> first, then by name (exact, then
/// ignoring case). Methods that carry the key of an action another method already implements are
/// collected as duplicates, to be reported.
/// </summary>
internal sealed class ActionMatcher(MergeContext context)
{
    /// <summary>Methods with the key of an action that an earlier method already implements.</summary>
    public List<(string Key, MethodDeclarationSyntax Used, MethodDeclarationSyntax Ignored)> Duplicates { get; } = [];

    /// <summary>Methods are matched to actions by <c>[ActionKey]</c> first, then by name (exact, then ignoring case).</summary>
    public Dictionary<ActionDefinition, MethodDeclarationSyntax> MatchActions(List<MethodDeclarationSyntax> methods)
    {
        // Lookups, not scans: a definition may have thousands of actions.
        var keyOf = methods.ToDictionary(static m => m, static m => ActionKeyMarker.ActionKeyOf(m)?.Key);
        var byKey = methods.Where(m => keyOf[m] is not null).ToLookup(m => keyOf[m]!, StringComparer.Ordinal);
        var byName = methods.ToLookup(static m => m.Identifier.ValueText, StringComparer.OrdinalIgnoreCase);
        var definitionKeys = context.Definition.Actions.Select(static a => a.Key).OfType<string>().ToHashSet(StringComparer.Ordinal);

        var matches = new Dictionary<ActionDefinition, MethodDeclarationSyntax>();
        var used = new HashSet<MethodDeclarationSyntax>();
        foreach (var action in context.Definition.Actions.Where(static a => !string.IsNullOrEmpty(a.Key)))
        {
            var keyed = byKey[action.Key!].ToList();
            if (keyed.Count == 0)
            {
                continue;
            }

            matches[action] = keyed[0];
            used.Add(keyed[0]);
            Duplicates.AddRange(keyed.Skip(1).Select(m => (action.Key!, keyed[0], m)));
        }

        foreach (var action in context.Definition.Actions.Where(a => !matches.ContainsKey(a)))
        {
            // A method tied by its key to another action of the definition belongs to that one. A private,
            // internal or static method of the same name is a helper, whose signature is not ours to change,
            // unless it already has the action's exact signature (then only `public` is missing, and a stub
            // beside it would not compile).
            var named = byName[action.Name]
                .Where(m => !used.Contains(m)
                    && !(keyOf[m] is { } key && key != action.Key && definitionKeys.Contains(key))
                    && (keyOf[m] is not null || CouldImplementInterface(m) || !ParametersDiffer(action, m)))
                .ToList();
            var exact = named.FindAll(m => m.Identifier.ValueText == action.Name);
            var candidates = exact.Count > 0 ? exact : named;
            if (candidates.Count == 0)
            {
                continue;
            }

            // Of several overloads, the one that already has the right signature is the implementation.
            var method = candidates.Find(m => !ParametersDiffer(action, m)) ?? candidates[0];
            matches[action] = method;
            used.Add(method);
        }

        return matches;
    }

    private static bool CouldImplementInterface(MethodDeclarationSyntax method) =>
        method.ExplicitInterfaceSpecifier is not null
        || (method.Modifiers.Any(SyntaxKind.PublicKeyword) && !method.Modifiers.Any(SyntaxKind.StaticKeyword));

    private bool ParametersDiffer(ActionDefinition action, MethodDeclarationSyntax method)
    {
        var existing = method.ParameterList.Parameters;
        if (existing.Count != action.Parameters.Count)
        {
            return true;
        }

        for (var i = 0; i < existing.Count; i++)
        {
            var wanted = action.Parameters[i];
            var isOut = existing[i].Modifiers.Any(SyntaxKind.OutKeyword);
            if (existing[i].Identifier.ValueText != CodeNames.ParameterMetadataName(wanted.Name)
                || existing[i].Type is null
                || !context.Types.SameType(existing[i].Type!.ToString(), context.TypeName(wanted))
                || isOut != (wanted.Direction == ParameterDirection.Output))
            {
                return true;
            }
        }

        return false;
    }
}
