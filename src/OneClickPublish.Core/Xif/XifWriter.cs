using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Xif;

/// <summary>
/// Writes a XIF file deterministically: the same inputs give the same bytes (entries sorted
/// ordinally after the manifest and the definition, one fixed timestamp, forward slashes, no
/// host-specific header fields). Each file is read once: streamed through deflate while it is
/// hashed, never held whole in memory. The archive is written to a temporary file beside the
/// target and moved into place, so the target is never half-written.
/// </summary>
public static class XifWriter
{
    private const int BufferSize = 1 << 20;

    /// <summary>Stands for a SHA-256 in the manifest written before the hashes are known; same length as the real thing.</summary>
    private static readonly string PlaceholderHash = new('0', 64);

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

        // Sizes are known before writing, hashes only while copying. The manifest goes first, so
        // it is written with placeholder hashes (same length: 64 hex digits each) and stored
        // uncompressed; once every file is copied, the real manifest overwrites it in place.
        var sized = new List<XifManifestEntry>(files.Count);
        foreach (var file in files)
        {
            var entry = Size(file, outputLocation, diagnostics);
            if (entry is not null)
            {
                sized.Add(entry);
            }
        }

        if (sized.Count != files.Count || !WithinLimits(sized, spec.Limits, outputLocation, diagnostics))
        {
            return null;
        }

        var placeholder = new XifManifest
        {
            FormatVersion = XifFormat.CurrentFormatVersion,
            ExtensionName = spec.ExtensionName,
            ExtensionVersion = spec.ExtensionVersion,
            Entries = sized,
        };

        var fullOutput = Path.GetFullPath(outputPath);
        var directory = Path.GetDirectoryName(fullOutput)!;
        var tempPath = Path.Combine(directory, $".{Path.GetFileName(fullOutput)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            XifManifest? manifest;
            using (var output = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, BufferSize))
            {
#if NETFRAMEWORK
                // .NET Framework's ZipArchive deflates even at NoCompression, so the manifest cannot be overwritten
                // in place: each file is hashed first and the real manifest is written at once (one more read).
                var hashedFirst = HashFiles(placeholder, files, outputLocation, diagnostics);
                manifest = hashedFirst is null ? null : WriteArchive(output, hashedFirst, files, spec.CompressionLevel, outputLocation, diagnostics);
                if (manifest is null || hashedFirst is null)
                {
                    return null;
                }

                for (var i = 0; i < files.Count; i++)
                {
                    if (manifest.Entries[i] != hashedFirst.Entries[i])
                    {
                        // Same size, other bytes: the file changed between the two reads.
                        diagnostics.Report(XifDiagnostics.SourceFileChanged, outputLocation with { File = files[i].SourcePath }, files[i].SourcePath);
                        return null;
                    }
                }

                ZipPatcher.Finish(output, XifFormat.ManifestEntryPath, SerializeManifest(manifest), firstEntryStored: false);
#else
                manifest = WriteArchive(output, placeholder, files, spec.CompressionLevel, outputLocation, diagnostics);
                if (manifest is null)
                {
                    return null;
                }

                ZipPatcher.Finish(output, XifFormat.ManifestEntryPath, SerializeManifest(manifest));
#endif
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

    /// <summary>The caps the reader applies that can be known before writing (not the compression ratio).</summary>
    private static bool WithinLimits(List<XifManifestEntry> entries, XifLimits limits, SourceLocation location, DiagnosticBag diagnostics)
    {
        var errorsBefore = diagnostics.ErrorCount;
        if (entries.Count + 1 > limits.MaxEntryCount)
        {
            diagnostics.Report(XifDiagnostics.TooManyEntries, location, entries.Count + 1, limits.MaxEntryCount);
        }

        foreach (var entry in entries)
        {
            var cap = entry.Kind == XifEntryKind.Definition ? Math.Min(limits.MaxDefinitionSize, limits.MaxEntrySize) : limits.MaxEntrySize;
            if (entry.Size > cap)
            {
                diagnostics.Report(XifDiagnostics.EntryTooLarge, location, entry.Path, cap);
            }
        }

        if (entries.Sum(static e => e.Size) > limits.MaxTotalSize)
        {
            diagnostics.Report(XifDiagnostics.TotalTooLarge, location, limits.MaxTotalSize);
        }

        return diagnostics.ErrorCount == errorsBefore;
    }

    /// <summary>The manifest entry of a file before it is copied: everything but the hash.</summary>
    private static XifManifestEntry? Size(PlannedFile file, SourceLocation location, DiagnosticBag diagnostics)
    {
        try
        {
            using var stream = OpenSource(file.SourcePath);
            return new XifManifestEntry
            {
                Path = file.EntryPath,
                Size = stream.Length,
                Sha256 = PlaceholderHash,
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

#if NETFRAMEWORK
    /// <summary>The manifest with every file's SHA-256, read before the archive is written; null when a file changed size since it was sized.</summary>
    private static XifManifest? HashFiles(XifManifest placeholder, List<PlannedFile> files, SourceLocation location, DiagnosticBag diagnostics)
    {
        var hashed = new List<XifManifestEntry>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            try
            {
                using var source = OpenSource(files[i].SourcePath);
                using var sha = SHA256.Create();
                var hash = sha.ComputeHash(source);
                if (source.Length != placeholder.Entries[i].Size)
                {
                    diagnostics.Report(XifDiagnostics.SourceFileChanged, location with { File = files[i].SourcePath }, files[i].SourcePath);
                    return null;
                }

                hashed.Add(placeholder.Entries[i] with { Sha256 = Convert.ToHexStringLower(hash) });
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                diagnostics.Report(XifDiagnostics.SourceFileChanged, location with { File = files[i].SourcePath }, files[i].SourcePath);
                return null;
            }
        }

        return placeholder with { Entries = hashed };
    }

#endif
    private static byte[] SerializeManifest(XifManifest manifest) =>
        JsonSerializer.SerializeToUtf8Bytes(manifest, XifManifestJsonContext.Default.XifManifest);

    /// <summary>
    /// Writes the placeholder manifest (stored) and every file (deflated, hashed on the way), and
    /// returns the real manifest; null when a file changed since it was sized.
    /// </summary>
    private static XifManifest? WriteArchive(
        FileStream output,
        XifManifest placeholder,
        List<PlannedFile> files,
        CompressionLevel level,
        SourceLocation location,
        DiagnosticBag diagnostics)
    {
        using var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);

        // Stored, so that the real manifest (same length) can overwrite it in place.
        var manifestEntry = CreateEntry(archive, XifFormat.ManifestEntryPath, CompressionLevel.NoCompression);
        using (var stream = manifestEntry.Open())
        {
            stream.Write(SerializeManifest(placeholder));
        }

        var hashed = new List<XifManifestEntry>(files.Count);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                var expected = placeholder.Entries[i];
                var entry = CreateEntry(archive, file.EntryPath, level);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long copied = 0;
                FileStream source;
                try
                {
                    source = OpenSource(file.SourcePath);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // It was there when it was sized a moment ago.
                    diagnostics.Report(XifDiagnostics.SourceFileChanged, location with { File = file.SourcePath }, file.SourcePath);
                    return null;
                }

                using (source)
                using (var target = entry.Open())
                {
                    int read;
                    while ((read = source.Read(buffer, 0, BufferSize)) > 0)
                    {
                        // Hash on another core while this one deflates the same (read-only) buffer;
                        // the buffer is not touched again until the hash has consumed it.
                        var length = read;
                        var hashing = Task.Run(() => hash.AppendData(buffer, 0, length));
                        try
                        {
                            target.Write(buffer, 0, read);
                        }
                        finally
                        {
                            hashing.GetAwaiter().GetResult();
                        }

                        copied += read;
                    }
                }

                if (copied != expected.Size)
                {
                    // The placeholder manifest's length depends on the sizes: a file that grew or shrank cannot be packed.
                    diagnostics.Report(XifDiagnostics.SourceFileChanged, location with { File = file.SourcePath }, file.SourcePath);
                    return null;
                }

                hashed.Add(expected with { Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset()) });
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return placeholder with { Entries = hashed };
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
