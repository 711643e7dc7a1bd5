using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OneClickPublish.Definition;

namespace OneClickPublish.CodeGeneration.Merging;

/// <summary>
/// The <c>[ActionKey("…")]</c> attribute on a method: reading it, and adding or correcting it, so that
/// renaming a keyed action later renames the method instead of looking like a removed action plus a new one.
/// </summary>
internal sealed class ActionKeyMarker(MergeContext context)
{
    /// <summary>The method's <c>[ActionKey]</c> (by short or full name) and its key, or null.</summary>
    public static (AttributeSyntax Attribute, string Key)? ActionKeyOf(MethodDeclarationSyntax method)
    {
        foreach (var attribute in method.AttributeLists.SelectMany(static l => l.Attributes))
        {
            var name = attribute.Name switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => string.Empty,
            };
            if (name is "ActionKey" or CodeNames.ActionKeyAttributeName
                && attribute.ArgumentList?.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal)
            {
                return (attribute, literal.Token.ValueText);
            }
        }

        return null;
    }

    public MethodDeclarationSyntax UpdateActionKey(ActionDefinition action, MethodDeclarationSyntax method)
    {
        if (string.IsNullOrEmpty(action.Key))
        {
            return method;
        }

        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(action.Key));
        var existing = ActionKeyOf(method);
        if (existing is { } found)
        {
            if (found.Key == action.Key)
            {
                return method;
            }

            var argument = found.Attribute.ArgumentList!.Arguments[0];
            context.Changes.Add(new(ImplementationChangeKind.ActionKeyChanged, action.Name, $"action key of {action.Name} changed from '{found.Key}' to '{action.Key}'"));
            return method.ReplaceNode(argument.Expression, literal.WithTriviaFrom(argument.Expression));
        }

        var attributeList = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Attribute(
                    SyntaxFactory.ParseName(context.ActionKeyAttribute),
                    SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(literal))))))
            .WithLeadingTrivia(method.GetLeadingTrivia())
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(context.Eol));
        var indent = MergeSyntax.Indentation(method);
        var marked = method.WithLeadingTrivia(SyntaxFactory.Whitespace(indent));
        context.Changes.Add(new(ImplementationChangeKind.ActionKeyAdded, action.Name, $"{action.Name} marked with its action key '{action.Key}' so that a rename keeps its code"));
        return marked.WithAttributeLists(marked.AttributeLists.Insert(0, attributeList));
    }
}
