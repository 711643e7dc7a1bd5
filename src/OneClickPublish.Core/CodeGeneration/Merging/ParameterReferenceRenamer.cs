using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OneClickPublish.CodeGeneration.Merging;

/// <summary>Renames uses of parameters in a body; member names, named arguments and the like are left alone.</summary>
internal sealed class ParameterReferenceRenamer(Dictionary<string, string> renames) : CSharpSyntaxRewriter
{
    // Names re-declared by a lambda or local function inside the body shadow the parameter there.
    private readonly HashSet<string> _shadowed = new(StringComparer.Ordinal);

    public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
    {
        if (!renames.TryGetValue(node.Identifier.ValueText, out var name) || _shadowed.Contains(node.Identifier.ValueText) || !IsReference(node))
        {
            return base.VisitIdentifierName(node);
        }

        return node.WithIdentifier(MergeSyntax.IdentifierToken(name).WithTriviaFrom(node.Identifier));
    }

    public override SyntaxNode? VisitSimpleLambdaExpression(SimpleLambdaExpressionSyntax node) =>
        Shadowing([node.Parameter], () => base.VisitSimpleLambdaExpression(node));

    public override SyntaxNode? VisitParenthesizedLambdaExpression(ParenthesizedLambdaExpressionSyntax node) =>
        Shadowing(node.ParameterList.Parameters, () => base.VisitParenthesizedLambdaExpression(node));

    public override SyntaxNode? VisitAnonymousMethodExpression(AnonymousMethodExpressionSyntax node) =>
        Shadowing(node.ParameterList?.Parameters ?? [], () => base.VisitAnonymousMethodExpression(node));

    public override SyntaxNode? VisitLocalFunctionStatement(LocalFunctionStatementSyntax node) =>
        Shadowing(node.ParameterList.Parameters, () => base.VisitLocalFunctionStatement(node));

    private SyntaxNode? Shadowing(IEnumerable<ParameterSyntax> parameters, Func<SyntaxNode?> visit)
    {
        var added = parameters.Select(static p => p.Identifier.ValueText).Where(n => renames.ContainsKey(n) && _shadowed.Add(n)).ToList();
        try
        {
            return visit();
        }
        finally
        {
            _shadowed.ExceptWith(added);
        }
    }

    private static bool IsReference(IdentifierNameSyntax node) => node.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Expression == node,
        QualifiedNameSyntax qualified => qualified.Left == node,
        MemberBindingExpressionSyntax => false,
        NameColonSyntax => false,
        NameEqualsSyntax => false,
        _ => true,
    };
}
