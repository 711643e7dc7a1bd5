using OneClickPublish.Diagnostics;

namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// Writes an Integration Studio .xif: the export's tree as XML (<see cref="StudioXmlWriter"/>) in one zlib
/// stream, each resource's bytes read from its project file as it is written. The file is written to a
/// temporary file beside the target and moved into place only when complete.
/// </summary>
public static class StudioXifWriter
{
    public static void Write(StudioExport export, string projectDirectory, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(projectDirectory);
        foreach (var path in export.ResourceFiles.Values)
        {
            var full = Path.Combine(projectDirectory, path);
            if (!File.Exists(full))
            {
                throw DiagnosticException.Create(ImportExportDiagnostics.ExportFileMissing, new SourceLocation(full), path, "the file does not exist");
            }
        }

        AtomicFile.Write(Path.GetFullPath(outputPath), temp =>
        {
            using var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
            using var zlib = new ZlibDeflatingStream(file);
            StudioXmlWriter.Write(zlib, export.Root, node =>
                export.ResourceFiles.TryGetValue(node, out var path) ? File.OpenRead(Path.Combine(projectDirectory, path)) : null);
        });
    }
}
