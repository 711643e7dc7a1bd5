using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OneClickPublish.Definition;

namespace OneClickPublish.CodeGeneration.Merging;

/// <summary>
/// Brings a method's parameter list in line with its action's parameters — types, names, order, <c>out</c> —
/// keeping what it can of the existing parameters, and renames a renamed parameter where the body uses it.
/// </summary>
internal sealed class ParameterListRewriter(MergeContext context)
{
    /// <summary>
    /// Gives the method the action's parameters in definition order. Existing parameters are matched by
    /// name (exact, then ignoring case), then by position; a matched one keeps its attributes, default and
    /// trivia and only has its name, type or direction corrected. Renamed parameters are renamed in the
    /// body too, so the body keeps compiling.
    /// </summary>
    public MethodDeclarationSyntax UpdateParameters(ActionDefinition action, MethodDeclarationSyntax method)
    {
        var existing = method.ParameterList.Parameters;
        var wanted = action.Parameters;
        var assigned = new ParameterSyntax?[wanted.Count];
        var taken = new HashSet<ParameterSyntax>();

        void Assign(Func<ParameterSyntax, ParameterDefinition, bool> fits)
        {
            for (var i = 0; i < wanted.Count; i++)
            {
                if (assigned[i] is not null)
                {
                    continue;
                }

                var found = existing.FirstOrDefault(p => !taken.Contains(p) && fits(p, wanted[i]));
                if (found is not null)
                {
                    assigned[i] = found;
                    taken.Add(found);
                }
            }
        }

        Assign(static (p, d) => p.Identifier.ValueText == CodeNames.ParameterMetadataName(d.Name));
        Assign(static (p, d) => string.Equals(p.Identifier.ValueText, CodeNames.ParameterMetadataName(d.Name), StringComparison.OrdinalIgnoreCase));
        // What is left at the same place with the same type and direction is the same parameter, renamed.
        // Anything else is a removed parameter and an added one: guessing further could silently rewire a body.
        for (var i = 0; i < wanted.Count && i < existing.Count; i++)
        {
            if (assigned[i] is null && !taken.Contains(existing[i])
                && existing[i].Type is { } type && context.Types.SameType(type.ToString(), context.TypeName(wanted[i]))
                && existing[i].Modifiers.Any(SyntaxKind.OutKeyword) == (wanted[i].Direction == ParameterDirection.Output))
            {
                assigned[i] = existing[i];
                taken.Add(existing[i]);
            }
        }

        var multiLine = method.ParameterList.Parameters.Count > 0 && method.ParameterList.Parameters.GetSeparators().Any(static s => s.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia));
        var newParameterIndent = multiLine ? method.ParameterList.Parameters.Last().GetLeadingTrivia() : default;

        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        var parameters = new List<ParameterSyntax>();
        var changed = existing.Count != wanted.Count;
        for (var i = 0; i < wanted.Count; i++)
        {
            var old = assigned[i];
            if (old is null)
            {
                var created = SyntaxFactory.ParseParameterList("(" + CodeGenerator.Parameter(wanted[i], context.Definition, context.Spelling) + ")").Parameters[0];
                parameters.Add(i == 0 && !multiLine ? created : created.WithLeadingTrivia(newParameterIndent));
                changed = true;
                continue;
            }

            var updated = UpdateParameter(old, wanted[i], renames);
            changed |= updated != old || existing.IndexOf(old) != i;
            parameters.Add(updated);
        }

        if (!changed)
        {
            return method;
        }

        var oldSeparators = existing.GetSeparators().ToList();
        var separators = Enumerable.Range(0, Math.Max(0, parameters.Count - 1))
            .Select(i => i < oldSeparators.Count
                ? oldSeparators[i]
                : oldSeparators.Count > 0 ? oldSeparators[^1] : SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space))
            .ToList();
        var list = method.ParameterList.WithParameters(SyntaxFactory.SeparatedList(parameters, separators));

        // Comments on parameters that are gone move above the method, so that none is lost.
        var droppedTrivia = existing.Where(p => !taken.Contains(p)).SelectMany(static p => p.DescendantTrivia(descendIntoTrivia: false))
            .Concat(oldSeparators.Skip(separators.Count).SelectMany(static s => s.LeadingTrivia.Concat(s.TrailingTrivia)))
            .Where(static t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
            .ToList();

        var before = MergeSyntax.Signature(method.ParameterList);
        var updatedMethod = method.WithParameterList(list);
        if (renames.Count > 0)
        {
            updatedMethod = RenameInBody(updatedMethod, renames);
        }

        if (droppedTrivia.Count > 0)
        {
            var indent = MergeSyntax.Indentation(method);
            var moved = droppedTrivia.SelectMany(t => new[] { t, SyntaxFactory.EndOfLine(context.Eol), SyntaxFactory.Whitespace(indent) });
            updatedMethod = updatedMethod.WithLeadingTrivia(updatedMethod.GetLeadingTrivia().AddRange(moved));
        }

        context.Changes.Add(new(
            ImplementationChangeKind.ParametersChanged,
            action.Name,
            $"parameters of {action.Name} changed from ({before}) to ({MergeSyntax.Signature(list)})"));
        return updatedMethod;
    }

    private ParameterSyntax UpdateParameter(ParameterSyntax parameter, ParameterDefinition wanted, Dictionary<string, string> renames)
    {
        var updated = parameter;
        var name = CodeNames.ParameterName(wanted.Name);
        if (parameter.Identifier.ValueText != CodeNames.ParameterMetadataName(wanted.Name))
        {
            renames[parameter.Identifier.ValueText] = name;
            updated = updated.WithIdentifier(MergeSyntax.IdentifierToken(name).WithTriviaFrom(parameter.Identifier));
        }

        var typeText = context.TypeName(wanted);
        if (updated.Type is null || !context.Types.SameType(updated.Type.ToString(), typeText))
        {
            var type = SyntaxFactory.ParseTypeName(typeText);
            updated = updated.WithType(updated.Type is null ? type.WithTrailingTrivia(SyntaxFactory.Space) : type.WithTriviaFrom(updated.Type));
        }

        var wantOut = wanted.Direction == ParameterDirection.Output;
        var direction = updated.Modifiers.Where(static m => m.IsKind(SyntaxKind.OutKeyword) || m.IsKind(SyntaxKind.RefKeyword) || m.IsKind(SyntaxKind.InKeyword) || m.IsKind(SyntaxKind.ReadOnlyKeyword)).ToList();
        var isOut = direction.Count == 1 && direction[0].IsKind(SyntaxKind.OutKeyword);
        if (isOut == wantOut && (wantOut || direction.Count == 0))
        {
            return updated;
        }

        // The first token of the parameter carries its indentation; keep it wherever the modifiers move.
        var firstToken = updated.AttributeLists.Count == 0 ? updated.GetFirstToken() : default;
        var leading = firstToken == default ? default : firstToken.LeadingTrivia;
        var modifiers = updated.Modifiers.Where(m => !direction.Contains(m)).ToList();
        if (wantOut)
        {
            modifiers.Insert(0, SyntaxFactory.Token(SyntaxKind.OutKeyword).WithTrailingTrivia(SyntaxFactory.Space));
        }

        updated = updated.WithModifiers(SyntaxFactory.TokenList(modifiers));
        if (updated.AttributeLists.Count == 0)
        {
            updated = updated.WithType(updated.Type!.WithLeadingTrivia()).WithLeadingTrivia(leading);
        }

        return updated;
    }

    private static MethodDeclarationSyntax RenameInBody(MethodDeclarationSyntax method, Dictionary<string, string> renames)
    {
        var renamer = new ParameterReferenceRenamer(renames);
        if (method.Body is not null)
        {
            method = method.WithBody((BlockSyntax)renamer.Visit(method.Body));
        }

        if (method.ExpressionBody is not null)
        {
            method = method.WithExpressionBody((ArrowExpressionClauseSyntax)renamer.Visit(method.ExpressionBody));
        }

        // <param name="…"> and <paramref name="…"/> in the doc comment follow too: a stale one is a
        // warning (an error under TreatWarningsAsErrors) when the project generates documentation.
        var docNames = method.GetLeadingTrivia()
            .Where(static t => t.HasStructure)
            .SelectMany(static t => t.GetStructure()!.DescendantNodes().OfType<XmlNameAttributeSyntax>())
            .Where(n => renames.ContainsKey(n.Identifier.Identifier.ValueText))
            .ToList();
        if (docNames.Count > 0)
        {
            method = method.ReplaceNodes(docNames, (original, _) => original.WithIdentifier(
                SyntaxFactory.IdentifierName(SyntaxFactory.Identifier(renames[original.Identifier.Identifier.ValueText].TrimStart('@')))
                    .WithTriviaFrom(original.Identifier)));
        }

        return method;
    }
}
