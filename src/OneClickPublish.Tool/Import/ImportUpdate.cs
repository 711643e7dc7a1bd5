using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Diagnostics;
using OneClickPublish.Definition;
using OneClickPublish.Tool.Init;

namespace OneClickPublish.Tool.Import;

/// <summary>
/// <c>oneclick import --update</c>: brings a project staged from a later .xif into the project an earlier
/// import wrote. Files whose bytes changed are replaced, each after a backup in .oneclick/backups/; the
/// user's csproj and .gitignore are kept; the implementation is merged (UpdateSource's merge: methods
/// follow their action's key, so a renamed action keeps its body), never replaced; a new action gets the
/// body the import carried for it from the later file's &lt;Name&gt;.cs (or its stub).
/// </summary>
internal static class ImportUpdate
{
    public static IReadOnlyList<string> Apply(string staged, string target, ExtensionDefinition definition, string? languageVersion, DateTimeOffset now)
    {
        var lines = new List<string>();
        var backups = FileBackup.DirectoryFor(target);
        var implementation = definition.EntryClassName + ".cs";
        var keptAsTheUserHasThem = new HashSet<string>(StringComparer.Ordinal) { definition.Name + ".csproj", ".gitignore" };
        var previousKeys = DefinitionReader.Read(Path.Combine(target, "extension.xml"), new DiagnosticBag())?.Actions
            .Select(a => a.Key).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var file in Directory.EnumerateFiles(staged, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(staged, file).Replace('\\', '/');
            var destination = Path.Combine(target, relative);
            if (keptAsTheUserHasThem.Contains(relative) && File.Exists(destination))
            {
                continue;
            }

            if (relative == implementation && File.Exists(destination))
            {
                var current = File.ReadAllText(destination);
                var merged = ImplementationMerger.Merge(definition, current, languageVersion);
                var text = merged.Text is null ? null : WithNewActionsBodies(merged.Text, File.ReadAllText(file), definition, previousKeys);
                if (text is not null && text != current)
                {
                    var backup = FileBackup.Create(destination, backups, now);
                    AtomicFile.WriteAllText(destination, text);
                    lines.Add($"Merged {relative} (previous kept as {Path.GetRelativePath(target, backup)}): {string.Join("; ", merged.Changes.Select(c => c.Description))}");
                }

                continue;
            }

            if (File.Exists(destination))
            {
                if (File.ReadAllBytes(destination).AsSpan().SequenceEqual(File.ReadAllBytes(file)))
                {
                    continue;
                }

                var backup = FileBackup.Create(destination, backups, now);
                lines.Add($"Updated {relative} (previous kept as {Path.GetRelativePath(target, backup)})");
            }
            else
            {
                lines.Add($"Added {relative}");
            }

            AtomicFile.Write(destination, temp => File.Copy(file, temp, overwrite: true));
        }

        return lines;
    }

    /// <summary>The merged file with each new action's method body (a stub from the merge) taken from the staged file, where the import carried it.</summary>
    private static string WithNewActionsBodies(string merged, string staged, ExtensionDefinition definition, HashSet<string> previousKeys)
    {
        var newActions = definition.Actions.Where(a => a.Key is null || !previousKeys.Contains(a.Key)).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        if (newActions.Count == 0)
        {
            return merged;
        }

        var stagedBodies = Methods(CSharpSyntaxTree.ParseText(staged).GetRoot(), definition.EntryClassName)
            .Where(m => newActions.Contains(m.Identifier.ValueText) && m.Body is not null)
            .ToDictionary(m => m.Identifier.ValueText, m => m.Body!, StringComparer.Ordinal);
        var root = CSharpSyntaxTree.ParseText(merged).GetRoot();
        var targets = Methods(root, definition.EntryClassName)
            .Where(m => m.Body is not null && stagedBodies.ContainsKey(m.Identifier.ValueText))
            .ToDictionary(m => (SyntaxNode)m.Body!, m => (SyntaxNode)stagedBodies[m.Identifier.ValueText].WithTriviaFrom(m.Body!));
        return targets.Count == 0 ? merged : root.ReplaceNodes(targets.Keys, (old, _) => targets[old]).ToFullString();
    }

    private static IEnumerable<MethodDeclarationSyntax> Methods(SyntaxNode root, string entryClass) =>
        root.DescendantNodes().OfType<ClassDeclarationSyntax>()
            .Where(c => c.Identifier.ValueText == entryClass)
            .SelectMany(c => c.Members.OfType<MethodDeclarationSyntax>());
}
