using Microsoft.Build.Framework;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.IntegrationStudio;

namespace OneClickPublish.Tasks;

/// <summary>
/// SaveXif with OneClickPublishXifFormat=IntegrationStudio: the extension in Integration Studio's own .xif.
/// For a project made by import, from extension.xml and the tree the import kept; for any other, with the
/// project's sources and built binaries added as \Source\NET\ and \Source\NET\Bin\ resources (a reference
/// copy: Integration Studio regenerates and recompiles its own code).
/// </summary>
internal static class IntegrationStudioXif
{
    public static void Write(ExtensionDefinition definition, string definitionPath, string xifPath, ITaskItem[] sources, ITaskItem[] binaries)
    {
        var directory = Path.GetDirectoryName(definitionPath)!;
        var kept = StudioSidecar.ReadKept(directory);
        var extras = kept is not null
            ? []
            : sources.Select(static s => s.GetMetadata("FullPath"))
                .Where(path => !Path.GetRelativePath(directory, path).StartsWith("..", StringComparison.Ordinal))
                .Select(path => new StudioExtraFile(StudioResourcePath.FolderOf("Source/NET/" + Path.GetRelativePath(directory, path).Replace('\\', '/')), Path.GetFileName(path), path, "Ignore"))
                .Concat(binaries.Select(static b => b.GetMetadata("FullPath"))
                    .Select(static path => new StudioExtraFile(@"\Source\NET\Bin\", Path.GetFileName(path), path, "Binaries")))
                .GroupBy(static e => e.Folder + e.FileName, StringComparer.OrdinalIgnoreCase)
                .Select(static g => g.First())
                .ToList();
        var export = StudioExportBuilder.Build(definition, kept, DateTime.UtcNow, extras);
        StudioXifWriter.Write(export, directory, xifPath);
    }
}
