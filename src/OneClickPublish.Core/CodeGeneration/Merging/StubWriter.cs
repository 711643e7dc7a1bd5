using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OneClickPublish.Definition;

namespace OneClickPublish.CodeGeneration.Merging;

/// <summary>
/// Writes a stub for each action without a method, at the end of the entry class, in the file's
/// indentation and line endings; a keyed action's stub carries its <c>[ActionKey]</c>.
/// </summary>
internal sealed class StubWriter(MergeContext context)
{
    public List<MemberDeclarationSyntax> Stubs(List<ActionDefinition> actions)
    {
        var entryClass = context.EntryClasses[0];
        var hasMembers = entryClass.Members.Count > 0;
        var classIndent = MergeSyntax.Indentation(entryClass);
        var memberIndent = hasMembers ? MergeSyntax.Indentation(entryClass.Members[0]) : classIndent + "    ";
        var unit = memberIndent.Length > classIndent.Length && memberIndent.StartsWith(classIndent, StringComparison.Ordinal)
            ? memberIndent[classIndent.Length..]
            : "    ";

        var eol = context.Eol;
        var stubs = new List<MemberDeclarationSyntax>();
        foreach (var action in actions)
        {
            var text = new StringBuilder();
            if (hasMembers || stubs.Count > 0)
            {
                text.Append(eol);
            }

            if (!string.IsNullOrEmpty(action.Key))
            {
                text.Append(memberIndent).Append('[').Append(context.ActionKeyAttribute).Append('(')
                    .Append(SymbolDisplay.FormatLiteral(action.Key, quote: true)).Append(")]").Append(eol);
            }

            text.Append(memberIndent).Append("public void ").Append(CodeNames.EscapeIdentifier(action.Name))
                .Append('(').Append(CodeGenerator.ParameterList(action, context.Definition, context.Spelling)).Append(')').Append(eol);
            text.Append(memberIndent).Append('{').Append(eol);
            text.Append(memberIndent).Append(unit).Append("throw new global::System.NotImplementedException();").Append(eol);
            text.Append(memberIndent).Append('}').Append(eol);
            stubs.Add(SyntaxFactory.ParseMemberDeclaration(text.ToString(), options: MergeSyntax.ParseOptions)!);
            context.Changes.Add(new(ImplementationChangeKind.StubAdded, action.Name, $"stub for the new action {action.Name}"));
        }

        return stubs;
    }

    public ClassDeclarationSyntax AddStubs(ClassDeclarationSyntax entryClass, List<MemberDeclarationSyntax> stubs)
    {
        if (entryClass.Members.Count == 0 && !entryClass.OpenBraceToken.TrailingTrivia.Any(SyntaxKind.EndOfLineTrivia))
        {
            entryClass = entryClass.WithOpenBraceToken(entryClass.OpenBraceToken.WithTrailingTrivia(SyntaxFactory.EndOfLine(context.Eol)));
        }

        return entryClass.AddMembers([.. stubs]);
    }
}
