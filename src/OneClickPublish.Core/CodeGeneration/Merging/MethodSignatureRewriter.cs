using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OneClickPublish.Definition;

namespace OneClickPublish.CodeGeneration.Merging;

/// <summary>
/// Brings the signature of a method that implements an action in line with the action: parameters,
/// <c>void</c>, the method's name (a renamed action) and its <c>[ActionKey]</c>. The body is kept.
/// </summary>
internal sealed class MethodSignatureRewriter
{
    private readonly MergeContext _context;
    private readonly ParameterListRewriter _parameters;
    private readonly ActionKeyMarker _actionKeys;

    public MethodSignatureRewriter(MergeContext context)
    {
        _context = context;
        _parameters = new ParameterListRewriter(context);
        _actionKeys = new ActionKeyMarker(context);
    }

    public MethodDeclarationSyntax UpdateMethod(ActionDefinition action, MethodDeclarationSyntax method)
    {
        var updated = _parameters.UpdateParameters(action, method);

        if (updated.ReturnType is not PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword })
        {
            updated = updated.WithReturnType(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.VoidKeyword)).WithTriviaFrom(updated.ReturnType));
            _context.Changes.Add(new(ImplementationChangeKind.ReturnTypeChanged, action.Name, $"{action.Name} returns void (results are out parameters)"));
        }

        var oldName = updated.Identifier.ValueText;
        if (oldName != action.Name)
        {
            updated = updated.WithIdentifier(MergeSyntax.IdentifierToken(CodeNames.EscapeIdentifier(action.Name)).WithTriviaFrom(updated.Identifier));
            var because = ActionKeyMarker.ActionKeyOf(method)?.Key is { } key && key == action.Key ? $" (found by its Key '{key}')" : string.Empty;
            _context.Changes.Add(new(ImplementationChangeKind.MethodRenamed, action.Name, $"method {oldName} renamed to {action.Name}{because}"));
        }

        return _actionKeys.UpdateActionKey(action, updated);
    }
}
