using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;

namespace OneClickPublish.Tool.Import;

/// <summary>What became of one action's original body.</summary>
internal sealed record CarriedBody(string Action, bool Carried, string? Reason);

/// <summary>
/// Makes the implementation file of an imported extension: the file a first build would create (a stub per
/// action), with the body of each original <c>Mss&lt;Action&gt;</c> method of &lt;Name&gt;.cs carried into its
/// method where it can be: parameters renamed from <c>ss&lt;Param&gt;</c> to the new names, and kept only when
/// the whole file then compiles against the generated code (Roslyn, against the project's framework:
/// <see cref="CarrierReferences"/>; the vendor's runtime types are not there, so bodies that use them do not compile). A body that cannot be
/// carried stays in its method as a comment, above a NotImplementedException that says why.
/// </summary>
internal static class BodyCarrier
{
    private const int MaxRounds = 4;

    /// <param name="languageVersion">The project's C# version ("7.3" for .NET Framework); null for the latest.</param>
    /// <param name="helpers">Helper sources carried into the project: the bodies may use them.</param>
    /// <param name="references">What the project compiles against (<see cref="CarrierReferences"/>).</param>
    public static (string Text, IReadOnlyList<CarriedBody> Report) Create(ExtensionDefinition definition, string? originalSource, string originalFileName, IReadOnlyList<MetadataReference> references, string? languageVersion = null, IReadOnlyList<string>? helpers = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var stubs = ImplementationMerger.Merge(definition, null, languageVersion).Text!;
        var options = languageVersion is not null && LanguageVersionFacts.TryParse(languageVersion, out var parsed)
            ? CSharpParseOptions.Default.WithLanguageVersion(parsed)
            : Options;
        var originals = OriginalMethods(originalSource);
        var candidates = new Dictionary<string, BlockSyntax>(StringComparer.Ordinal);
        var report = new Dictionary<string, CarriedBody>(StringComparer.Ordinal);
        foreach (var action in definition.Actions)
        {
            if (!originals.TryGetValue("Mss" + action.Name, out var method) || method.Body is null)
            {
                report[action.Name] = new CarriedBody(action.Name, false, $"{originalFileName} has no method Mss{action.Name} with a body");
                continue;
            }

            candidates[action.Name] = Renamed(method.Body, action);
        }

        // Carry every candidate, compile, and take back those whose methods hold errors, until it compiles.
        var generated = CodeGenerator.Generate(definition).Select(f => CSharpSyntaxTree.ParseText(f.Content, options, path: f.FileName))
            .Concat((helpers ?? []).Select(h => CSharpSyntaxTree.ParseText(h, options)))
            .ToList();
        var outside = "the file did not compile with it";
        for (var round = 0; round < MaxRounds; round++)
        {
            var text = Apply(stubs, definition, candidates, originals, report);
            var errors = Errors(generated, text, options, references);
            if (errors.Count == 0)
            {
                foreach (var action in candidates.Keys)
                {
                    report[action] = new CarriedBody(action, true, null);
                }

                return (text, Order(definition, report));
            }

            var failing = errors.Where(e => e.Method is not null && candidates.ContainsKey(e.Method)).GroupBy(e => e.Method!).ToList();
            if (failing.Count == 0)
            {
                outside += ": " + errors[0].Message;
                break;
            }

            foreach (var group in failing)
            {
                candidates.Remove(group.Key);
                report[group.Key] = new CarriedBody(group.Key, false, "it does not compile here: " + group.First().Message);
            }
        }

        // Errors outside the carried methods: carry nothing rather than leave a file that does not compile.
        foreach (var action in candidates.Keys.ToList())
        {
            report[action] = new CarriedBody(action, false, outside);
            candidates.Remove(action);
        }

        return (Apply(stubs, definition, candidates, originals, report), Order(definition, report));
    }

    /// <summary>The parse options for a C# version ("7.3"); the latest when null.</summary>
    public static CSharpParseOptions OptionsFor(string? languageVersion) =>
        languageVersion is not null && LanguageVersionFacts.TryParse(languageVersion, out var parsed)
            ? CSharpParseOptions.Default.WithLanguageVersion(parsed)
            : Options;

    private static CSharpParseOptions Options { get; } = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

    private static IReadOnlyList<CarriedBody> Order(ExtensionDefinition definition, Dictionary<string, CarriedBody> report) =>
        definition.Actions.Select(a => report[a.Name]).ToList();

    private static Dictionary<string, MethodDeclarationSyntax> OriginalMethods(string? source)
    {
        var methods = new Dictionary<string, MethodDeclarationSyntax>(StringComparer.Ordinal);
        if (source is null)
        {
            return methods;
        }

        foreach (var method in CSharpSyntaxTree.ParseText(source, Options).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            methods.TryAdd(method.Identifier.ValueText, method);
        }

        return methods;
    }

    /// <summary>The body with every <c>ss&lt;Param&gt;</c> of the action renamed to the parameter's new C# name.</summary>
    private static BlockSyntax Renamed(BlockSyntax body, ActionDefinition action)
    {
        var names = action.Parameters.ToDictionary(p => "ss" + p.Name, p => CodeNames.ParameterName(p.Name), StringComparer.Ordinal);
        return (BlockSyntax)new ParameterRenamer(names).Visit(body);
    }

    private static string Apply(string stubs, ExtensionDefinition definition, Dictionary<string, BlockSyntax> carried, Dictionary<string, MethodDeclarationSyntax> originals, Dictionary<string, CarriedBody> report)
    {
        var root = CSharpSyntaxTree.ParseText(stubs, Options).GetRoot();
        var entry = root.DescendantNodes().OfType<ClassDeclarationSyntax>().First(c => c.Identifier.ValueText == definition.EntryClassName);
        var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
        foreach (var method in entry.Members.OfType<MethodDeclarationSyntax>())
        {
            var action = method.Identifier.ValueText;
            if (method.Body is null)
            {
                continue;
            }

            if (carried.TryGetValue(action, out var body))
            {
                replacements[method.Body] = Reindented(body, method.Body);
            }
            else if (originals.TryGetValue("Mss" + action, out var original) && original.Body is not null && report.TryGetValue(action, out var why))
            {
                replacements[method.Body] = Commented(original.Body, method.Body, why.Reason);
            }
        }

        return root.ReplaceNodes(replacements.Keys, (old, _) => replacements[old]).ToFullString();
    }

    /// <summary>The carried body in the file's style: its lines re-indented under the method, line ends '\n' like the rest of the file.</summary>
    private static BlockSyntax Reindented(BlockSyntax body, BlockSyntax stub)
    {
        if (body.DescendantTokens().Any(t => t.Text.Contains('\n', StringComparison.Ordinal)))
        {
            // A string spanning lines: re-indenting would change its value, so the body goes in as it was.
            return body.WithLeadingTrivia(stub.GetLeadingTrivia()).WithTrailingTrivia(stub.GetTrailingTrivia());
        }

        var braceIndent = stub.CloseBraceToken.LeadingTrivia.ToFullString();
        var lines = body.Statements.ToFullString().Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n').Split('\n');
        var common = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        var text = new StringBuilder("{\n");
        foreach (var line in lines)
        {
            text.Append(line.Trim().Length == 0 ? string.Empty : braceIndent + "    " + line.Substring(common).TrimEnd()).Append('\n');
        }

        text.Append(braceIndent).Append('}');
        var block = (BlockSyntax)SyntaxFactory.ParseStatement(text.ToString());
        return block.WithLeadingTrivia(stub.GetLeadingTrivia()).WithTrailingTrivia(stub.GetTrailingTrivia());
    }

    /// <summary>The stub's throw, with the original body above it as comments, and why it was not carried.</summary>
    private static BlockSyntax Commented(BlockSyntax original, BlockSyntax stub, string? reason)
    {
        var indent = stub.CloseBraceToken.LeadingTrivia.ToFullString() + "    ";
        var comment = new StringBuilder();
        comment.Append(indent).Append("// The body in Integration Studio, not carried over: ").Append(reason).Append('\n');
        foreach (var line in original.Statements.ToFullString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd().Split('\n'))
        {
            comment.Append(indent).Append("// ").Append(line.Trim()).Append('\n');
        }

        var statement = (ThrowStatementSyntax)SyntaxFactory.ParseStatement(
            "throw new global::System.NotImplementedException(" + SymbolDisplay.FormatLiteral("Port from Integration Studio: " + reason, quote: true) + ");\n");
        var first = stub.Statements.FirstOrDefault();
        var lead = SyntaxFactory.ParseLeadingTrivia(comment.ToString() + indent);
        return stub.WithStatements(SyntaxFactory.SingletonList<StatementSyntax>(statement.WithLeadingTrivia(lead).WithTrailingTrivia(first?.GetTrailingTrivia() ?? SyntaxFactory.TriviaList(SyntaxFactory.LineFeed))));
    }

    private static List<(string? Method, string Message)> Errors(List<SyntaxTree> generated, string implementation, CSharpParseOptions options, IReadOnlyList<MetadataReference> references)
    {
        var tree = CSharpSyntaxTree.ParseText(implementation, options, path: "Implementation.cs");
        var compilation = CSharpCompilation.Create("Carried", [.. generated, tree], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .Select(d => (MethodAt(tree, d.Location), $"{d.Id} {d.GetMessage(CultureInfo.InvariantCulture)}"))
            .ToList();
    }

    private static string? MethodAt(SyntaxTree tree, Location location) =>
        location.SourceTree == tree
            ? tree.GetRoot().FindNode(location.SourceSpan).AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText
            : null;

    private sealed class ParameterRenamer(Dictionary<string, string> names) : CSharpSyntaxRewriter
    {
        public override SyntaxNode? VisitIdentifierName(IdentifierNameSyntax node)
        {
            if (!names.TryGetValue(node.Identifier.ValueText, out var name))
            {
                return base.VisitIdentifierName(node);
            }

            var identifier = name.StartsWith('@')
                ? SyntaxFactory.VerbatimIdentifier(node.Identifier.LeadingTrivia, name, name[1..], node.Identifier.TrailingTrivia)
                : SyntaxFactory.Identifier(node.Identifier.LeadingTrivia, name, node.Identifier.TrailingTrivia);
            return node.WithIdentifier(identifier);
        }
    }
}
