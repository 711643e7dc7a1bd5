using System.IO.Compression;
using Microsoft.Build.Framework;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Xif;

namespace OneClickPublish.Tasks;

/// <summary>
/// The Save stage: the definition, the user's sources, the built binaries and the declared resources
/// are packed into <c>{Name}.{Version}.xif</c>, deterministically.
/// </summary>
public sealed class SaveXif : OneClickTask
{
    [Required]
    public string DefinitionFile { get; set; } = string.Empty;

    [Required]
    public string XifFile { get; set; } = string.Empty;

    /// <summary>The assembly, its symbols and its copy-local dependencies; metadata TargetFramework puts them under bin/{tfm}/.</summary>
    public ITaskItem[] Binaries { get; set; } = [];

    public ITaskItem[] Sources { get; set; } = [];

    /// <summary>Sources are stored relative to this folder (the project's).</summary>
    public string? SourceRoot { get; set; }

    public string CompressionLevel { get; set; } = nameof(System.IO.Compression.CompressionLevel.Optimal);

    /// <summary>OneClickPublish (our ZIP XIF, the default) or IntegrationStudio (that system's own .xif, docs/import-export.md).</summary>
    public string? Format { get; set; }

    private protected override void ExecuteCore(DiagnosticBag diagnostics)
    {
        var definitionPath = FullPath(DefinitionFile);
        var definition = DefinitionReader.Read(definitionPath, diagnostics);
        if (definition is null || diagnostics.HasErrors || definition.Version is null)
        {
            return;
        }

        if (string.Equals(Format, "IntegrationStudio", StringComparison.OrdinalIgnoreCase))
        {
            IntegrationStudioXif.Write(definition, definitionPath, FullPath(XifFile), Sources, Binaries);
            return;
        }

        if (!string.IsNullOrEmpty(Format) && !string.Equals(Format, "OneClickPublish", StringComparison.OrdinalIgnoreCase))
        {
            throw DiagnosticException.Create(TaskDiagnostics.MissingParameter, SourceLocation.None, nameof(SaveXif),
                "OneClickPublishXifFormat set to OneClickPublish or IntegrationStudio");
        }

        if (!Enum.TryParse<CompressionLevel>(CompressionLevel, ignoreCase: true, out var level))
        {
            throw DiagnosticException.Create(TaskDiagnostics.MissingParameter, SourceLocation.None, nameof(SaveXif),
                "OneClickPublishCompressionLevel set to Optimal, Fastest, NoCompression or SmallestSize");
        }

        var spec = new XifPackageSpec
        {
            ExtensionName = definition.Name,
            ExtensionVersion = definition.Version.ToNormalizedString(),
            DefinitionPath = definitionPath,
            Entries = [.. BinaryEntries(), .. SourceEntries(definitionPath), .. ResourceEntries(definition, definitionPath)],
            CompressionLevel = level,
        };
        XifWriter.Write(spec, FullPath(XifFile), diagnostics);
    }

    private IEnumerable<XifSourceEntry> BinaryEntries() =>
        Binaries
            .Select(static item => (Path: item.GetMetadata("FullPath"), Framework: item.GetMetadata("TargetFramework")))
            .Select(static b => new XifSourceEntry(
                b.Path,
                string.IsNullOrEmpty(b.Framework) ? $"bin/{Path.GetFileName(b.Path)}" : $"bin/{b.Framework}/{Path.GetFileName(b.Path)}",
                XifEntryKind.Binary))
            .DistinctBy(static e => e.EntryPath, StringComparer.OrdinalIgnoreCase);

    private IEnumerable<XifSourceEntry> SourceEntries(string definitionPath)
    {
        var root = NullIfEmpty(SourceRoot) is { } given ? FullPath(given) : Path.GetDirectoryName(definitionPath)!;
        return Sources
            .Select(static item => item.GetMetadata("FullPath"))
            .Where(path => !Path.GetRelativePath(root, path).StartsWith("..", StringComparison.Ordinal))
            .Select(path => new XifSourceEntry(path, "sources/" + Path.GetRelativePath(root, path).Replace('\\', '/'), XifEntryKind.Source))
            .DistinctBy(static e => e.EntryPath, StringComparer.OrdinalIgnoreCase);
    }

    private static IEnumerable<XifSourceEntry> ResourceEntries(ExtensionDefinition definition, string definitionPath)
    {
        var root = Path.GetDirectoryName(definitionPath)!;
        return definition.Resources.Select(resource => new XifSourceEntry(
            Path.GetFullPath(resource.Path, root),
            "resources/" + resource.Path.Replace('\\', '/').TrimStart('/'),
            XifEntryKind.Resource,
            resource.DeployAction));
    }
}
