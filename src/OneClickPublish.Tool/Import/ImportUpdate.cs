using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;
using OneClickPublish.Tool.Init;

namespace OneClickPublish.Tool.Import;

/// <summary>
/// <c>oneclick import --update</c>: brings a project staged from a later .xif into the project an earlier
/// import wrote. Files whose bytes changed are replaced, each after a backup in .oneclick/backups/; the
/// user's csproj and .gitignore are kept; the implementation is merged (UpdateSource's merge: methods
/// follow their action's key, so a renamed action keeps its body; new actions get stubs), never replaced.
/// </summary>
internal static class ImportUpdate
{
    public static IReadOnlyList<string> Apply(string staged, string target, ExtensionDefinition definition, string? languageVersion, DateTimeOffset now)
    {
        var lines = new List<string>();
        var backups = FileBackup.DirectoryFor(target);
        var implementation = definition.EntryClassName + ".cs";
        var keptAsTheUserHasThem = new HashSet<string>(StringComparer.Ordinal) { definition.Name + ".csproj", ".gitignore" };
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
                var merged = ImplementationMerger.Merge(definition, File.ReadAllText(destination), languageVersion);
                if (merged.Text is { } text && merged.Changed)
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
}
