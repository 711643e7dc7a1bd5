using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OneClickPublish.CodeGeneration.Merging;

/// <summary>How the merge parses C#, and the small text, trivia and indentation helpers its parts share.</summary>
internal static partial class MergeSyntax
{
    // Preview, so that a file using the newest C# is not mistaken for a broken one.
    public static readonly CSharpParseOptions ParseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview);

    /// <summary>The first syntax error of <paramref name="tree"/> and where it is (1-based), or null when it parses.</summary>
    public static SyntaxProblem? FirstError(SyntaxTree tree)
    {
        var error = tree.GetDiagnostics().FirstOrDefault(static d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        if (error is null)
        {
            return null;
        }

        var position = error.Location.GetLineSpan().StartLinePosition;
        return new SyntaxProblem(position.Line + 1, position.Character + 1, error.GetMessage(CultureInfo.InvariantCulture));
    }

    /// <summary>The file's line ending: CRLF if it has one anywhere, else LF.</summary>
    public static string LineEndingOf(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    public static SyntaxToken IdentifierToken(string escapedName) => SyntaxFactory.ParseToken(escapedName);

    /// <summary>The whitespace at the start of the line a node starts on.</summary>
    public static string Indentation(SyntaxNode node)
    {
        var trivia = node.GetLeadingTrivia();
        var indent = new StringBuilder();
        for (var i = trivia.Count - 1; i >= 0 && trivia[i].IsKind(SyntaxKind.WhitespaceTrivia); i--)
        {
            indent.Insert(0, trivia[i].ToString());
        }

        return indent.ToString();
    }

    /// <summary>A parameter list on one line, as a change's description shows it.</summary>
    public static string Signature(ParameterListSyntax list) =>
        string.Join(", ", list.Parameters.Select(static p => WhitespaceRunRegex().Replace(p.WithoutTrivia().ToString(), " ")));

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRunRegex();
}
