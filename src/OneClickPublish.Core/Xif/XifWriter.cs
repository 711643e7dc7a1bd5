using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Xif;

/// <summary>
/// Writes a XIF file deterministically: the same inputs give the same bytes (entries sorted
/// ordinally after the manifest and the definition, one fixed timestamp, forward slashes, no
/// host-specific header fields). Files are streamed, never held whole in memory. The archive is
/// written to a temporary file beside the target and moved into place, so the target is never
/// half-written.
/// </summary>
public static class XifWriter
{
    private const int BufferSize = 1 << 20;

    /// <summary>Writes the package, or throws <see cref="DiagnosticException"/> carrying the first problem.</summary>
    public static XifManifest Write(XifPackageSpec spec, string outputPath)
    {
        var diagnostics = new DiagnosticBag();
        var manifest = Write(spec, outputPath, diagnostics);
        if (manifest is null)
        {
            throw new DiagnosticException(diagnostics.First(static d => d.Severity == DiagnosticSeverity.Error));
        }

        return manifest;
    }

    /// <summary>
    /// Writes the package and returns its manifest; returns null, with every problem found in
    /// <paramref name="diagnostics"/>, when it cannot (the target is then left as it was).
    /// </summary>
    public static XifManifest? Write(XifPackageSpec spec, string outputPath, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var outputLocation = new SourceLocation(outputPath);
        var files = Plan(spec, outputLocation, diagnostics);
        if (files is null)
        {
            return null;
        }

        // The manifest comes first in the archive, so every file is hashed before writing starts;
        // the copy hashes again so that the archive provably holds what the manifest says.
        var manifestEntries = new List<XifManifestEntry>(files.Count);
        foreach (var file in files)
        {
            var measured = Measure(file, outputLocation, diagnostics);
            if (measured is not null)
            {
                manifestEntries.Add(measured);
            }
        }

        if (manifestEntries.Count != files.Count)
        {
            return null;
        }

        var manifest = new XifManifest
        {
            FormatVersion = XifFormat.CurrentFormatVersion,
            ExtensionName = spec.ExtensionName,
            ExtensionVersion = spec.ExtensionVersion,
            Entries = manifestEntries,
        };

        var fullOutput = Path.GetFullPath(outputPath);
        var directory = Path.GetDirectoryName(fullOutput)!;
        var tempPath = Path.Combine(directory, $".{Path.GetFileName(fullOutput)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize))
            {
                if (!WriteArchive(output, manifest, files, spec.CompressionLevel, outputLocation, diagnostics))
                {
                    return null;
                }

                ZipHostNeutralizer.Neutralize(output);
            }

            File.Move(tempPath, fullOutput, overwrite: true);
            return manifest;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(XifDiagnostics.WriteFailed, outputLocation, outputPath, ex.Message);
            return null;
        }
        finally
        {
            TryDelete(tempPath);
        }
    }

    /// <summary>Checks the spec and orders the files as they will be written: definition, then the rest by ordinal path.</summary>
    private static List<PlannedFile>? Plan(XifPackageSpec spec, SourceLocation location, DiagnosticBag diagnostics)
    {
        var errorsBefore = diagnostics.ErrorCount;
        if (string.IsNullOrWhiteSpace(spec.ExtensionName))
        {
            diagnostics.Report(XifDiagnostics.InvalidPackageSpec, location, "the extension name is empty");
        }

        if (string.IsNullOrWhiteSpace(spec.ExtensionVersion))
        {
            diagnostics.Report(XifDiagnostics.InvalidPackageSpec, location, "the extension version is empty");
        }

        if (string.IsNullOrWhiteSpace(spec.DefinitionPath))
        {
            diagnostics.Report(XifDiagnostics.InvalidPackageSpec, location, "no definition file was given");
        }

        var seen = new Dictionary<string, string>(XifPath.Comparer)
        {
            [XifFormat.ManifestEntryPath] = XifFormat.ManifestEntryPath,
            [XifFormat.DefinitionEntryPath] = XifFormat.DefinitionEntryPath,
        };
        var rest = new List<PlannedFile>(spec.Entries.Count);
        foreach (var entry in spec.Entries)
        {
            var entryLocation = new SourceLocation(entry.SourcePath);
            var pathProblem = XifPath.Validate(entry.EntryPath, entryLocation);
            if (pathProblem is not null)
            {
                diagnostics.Add(pathProblem);
                continue;
            }

            if (entry.Kind == XifEntryKind.Definition)
            {
                diagnostics.Report(XifDiagnostics.InvalidPackageSpec, entryLocation,
                    $"'{entry.EntryPath}' is given as a second definition; the definition is packed from DefinitionPath");
                continue;
            }

            if (!seen.TryAdd(entry.EntryPath, entry.EntryPath))
            {
                diagnostics.Report(XifDiagnostics.DuplicateEntry, entryLocation, entry.EntryPath, seen[entry.EntryPath]);
                continue;
            }

            rest.Add(new PlannedFile(entry.SourcePath, entry.EntryPath, entry.Kind, entry.DeployAction));
        }

        if (diagnostics.ErrorCount != errorsBefore)
        {
            return null;
        }

        rest.Sort(static (a, b) => string.CompareOrdinal(a.EntryPath, b.EntryPath));
        rest.Insert(0, new PlannedFile(spec.DefinitionPath, XifFormat.DefinitionEntryPath, XifEntryKind.Definition, null));
        return rest;
    }

    private static XifManifestEntry? Measure(PlannedFile file, SourceLocation location, DiagnosticBag diagnostics)
    {
        try
        {
            using var stream = OpenSource(file.SourcePath);
            var hash = SHA256.HashData(stream);
            return new XifManifestEntry
            {
                Path = file.EntryPath,
                Size = stream.Length,
                Sha256 = Convert.ToHexStringLower(hash),
                Kind = file.Kind,
                DeployAction = file.DeployAction,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(XifDiagnostics.SourceFileMissing, location with { File = file.SourcePath }, file.SourcePath, file.EntryPath, ex.Message);
            return null;
        }
    }

    private static bool WriteArchive(
        FileStream output,
        XifManifest manifest,
        List<PlannedFile> files,
        CompressionLevel level,
        SourceLocation location,
        DiagnosticBag diagnostics)
    {
        using var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);

        var manifestEntry = CreateEntry(archive, XifFormat.ManifestEntryPath, level);
        using (var stream = manifestEntry.Open())
        {
            JsonSerializer.Serialize(stream, manifest, XifManifestJsonContext.Default.XifManifest);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                var expected = manifest.Entries[i];
                var entry = CreateEntry(archive, file.EntryPath, level);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long copied = 0;
                using (var source = OpenSource(file.SourcePath))
                using (var target = entry.Open())
                {
                    int read;
                    while ((read = source.Read(buffer, 0, BufferSize)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        target.Write(buffer, 0, read);
                        copied += read;
                    }
                }

                if (copied != expected.Size || Convert.ToHexStringLower(hash.GetHashAndReset()) != expected.Sha256)
                {
                    diagnostics.Report(XifDiagnostics.SourceFileChanged, location with { File = file.SourcePath }, file.SourcePath);
                    return false;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return true;
    }

    private static ZipArchiveEntry CreateEntry(ZipArchive archive, string path, CompressionLevel level)
    {
        var entry = archive.CreateEntry(path, level);
        entry.LastWriteTime = XifFormat.EntryTimestamp;
        entry.ExternalAttributes = 0;
        return entry;
    }

    private static FileStream OpenSource(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is hidden and named after the target; never fail the write for it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private sealed record PlannedFile(string SourcePath, string EntryPath, XifEntryKind Kind, Definition.DeployAction? DeployAction);
}
