using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;

namespace OneClickPublish.Tool.Import;

/// <summary>A source file the original project's developer added, and whether it compiles in the new project.</summary>
internal sealed record CarriedHelper(string ProjectPath, string Text, bool Carried, string? Reason);

/// <summary>
/// The helper classes of the original project: the .cs files of \Source\NET\ that Integration Studio did not
/// generate (Interface.cs, Structures.cs, Records.cs, RecordLists.cs, Entities.cs, AssemblyInfo.cs) and that
/// are not the implementation. Each is carried into the new project (its folder under Source/NET kept) when it
/// compiles with the generated code, its using lines of the vendor's namespaces removed (the implementation's
/// template names them even where nothing uses them); a file that does not compile stays in IntegrationStudio/.
/// </summary>
internal static class HelperCarrier
{
    private const int MaxRounds = 8;

    private static readonly HashSet<string> Generated = new(StringComparer.OrdinalIgnoreCase)
    {
        "Interface.cs", "Structures.cs", "Records.cs", "RecordLists.cs", "Entities.cs", "AssemblyInfo.cs",
    };

    /// <summary>Whether a resource's path (Source/NET/…) is a helper candidate of the extension <paramref name="name"/>.</summary>
    public static bool IsCandidate(string relativePath, string name) =>
        relativePath.StartsWith("Source/NET/", StringComparison.OrdinalIgnoreCase)
        && !relativePath.StartsWith("Source/NET/Bin/", StringComparison.OrdinalIgnoreCase)
        && relativePath.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)
        && !Generated.Contains(Path.GetFileName(relativePath))
        && !string.Equals(Path.GetFileName(relativePath), name + ".cs", StringComparison.OrdinalIgnoreCase)
        && !Path.GetFileName(relativePath).Contains('%', StringComparison.Ordinal);

    public static IReadOnlyList<CarriedHelper> Carry(ExtensionDefinition definition, IReadOnlyList<(string RelativePath, string Text)> files, CSharpParseOptions options, IReadOnlyList<MetadataReference> references)
    {
        var generated = CodeGenerator.Generate(definition).Select(f => CSharpSyntaxTree.ParseText(f.Content, options, path: f.FileName)).ToList();
        var candidates = files.ToDictionary(f => f.RelativePath, f => Adapted(f.Text, definition, options), StringComparer.Ordinal);
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);

        // What the parser alone refuses costs no compilation: a file that does not parse, or one with statements
        // outside a type (a library cannot have top-level statements, CS8805). Binding thousands of those is what
        // made a large import take minutes.
        foreach (var (path, text) in candidates.ToList())
        {
            var root = CSharpSyntaxTree.ParseText(text, options, path: path).GetRoot();
            var syntaxError = root.GetDiagnostics().FirstOrDefault(static d => d.Severity == DiagnosticSeverity.Error);
            var reason = syntaxError is not null
                ? $"it does not compile here: {syntaxError.Id} {syntaxError.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"
                : root.ChildNodes().Any(static n => n is GlobalStatementSyntax)
                    ? "it has statements outside a class, which a library cannot have (CS8805)"
                    : null;
            if (reason is not null)
            {
                candidates.Remove(path);
                refused[path] = reason;
            }
        }

        for (var round = 0; round < MaxRounds && candidates.Count > 0; round++)
        {
            var trees = candidates.Select(c => CSharpSyntaxTree.ParseText(c.Value, options, path: c.Key)).ToList();
            var compilation = CSharpCompilation.Create("Helpers", [.. generated, .. trees], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var failing = compilation.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree is { } tree && candidates.ContainsKey(tree.FilePath))
                .GroupBy(d => d.Location.SourceTree!.FilePath)
                .ToList();
            if (failing.Count == 0)
            {
                break;
            }

            foreach (var group in failing)
            {
                candidates.Remove(group.Key);
                refused[group.Key] = $"it does not compile here: {group.First().Id} {group.First().GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
            }
        }

        return files.Select(f => candidates.TryGetValue(f.RelativePath, out var text)
                ? new CarriedHelper(f.RelativePath.Substring("Source/NET/".Length), text, true, null)
                : new CarriedHelper(f.RelativePath, f.Text, false, refused.TryGetValue(f.RelativePath, out var why) ? why : "it did not compile with the others"))
            .ToList();
    }

    /// <summary>
    /// The helper in the new project: using lines of the vendor's namespaces removed, and the namespace of the
    /// original's code (<c>OutSystems.Nss&lt;Name&gt;</c>) renamed to the extension's, where the implementation is.
    /// </summary>
    private static string Adapted(string text, ExtensionDefinition definition, CSharpParseOptions options)
    {
        var original = $"OutSystems.Nss{definition.Name}";
        var root = CSharpSyntaxTree.ParseText(text, options).GetRoot();
        var vendor = root.DescendantNodes().OfType<UsingDirectiveSyntax>()
            .Where(u => u.Name?.ToString() is { } name && name.StartsWith("OutSystems.", StringComparison.Ordinal) && name != original)
            .ToList();
        root = vendor.Count == 0 ? root : root.RemoveNodes(vendor, SyntaxRemoveOptions.KeepNoTrivia)!;
        var namespaces = root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>()
            .Where(n => n.Name.ToString() == original || n.Name.ToString().StartsWith(original + ".", StringComparison.Ordinal))
            .ToList();
        root = root.ReplaceNodes(namespaces, (old, _) => old.WithName(
            SyntaxFactory.ParseName(definition.EffectiveNamespace + old.Name.ToString().Substring(original.Length))
                .WithLeadingTrivia(old.Name.GetLeadingTrivia()).WithTrailingTrivia(old.Name.GetTrailingTrivia())));
        return root.ToFullString();
    }
}
