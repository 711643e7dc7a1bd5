using System.IO.Compression;
using System.Text.Json;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Xif;

/// <summary>
/// The strict XIF reader. It refuses, each with a coded error, anything that is not exactly what
/// <see cref="XifWriter"/> writes: unsafe or duplicate entry names, entries missing from or absent
/// in the manifest, sizes and hashes that differ from it, and archives over the caps of
/// <see cref="XifLimits"/> (entry count, entry size, total size, compression ratio), checked on
/// the bytes actually decompressed, not only on what the headers claim.
/// </summary>
public static class XifReader
{
    /// <summary>Opens and checks the XIF file at <paramref name="path"/> (see the stream overload); the returned archive owns the file handle.</summary>
    public static XifArchive? Open(string path, XifLimits limits, DiagnosticBag diagnostics, bool verifyContent = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(diagnostics);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(XifDiagnostics.NotAnArchive, new SourceLocation(path), ex.Message);
            return null;
        }

        return Open(stream, limits, diagnostics, path, leaveOpen: false, verifyContent);
    }

    /// <summary>
    /// Opens and checks a XIF file from a readable, seekable stream (an uploaded file on disk):
    /// names, manifest, header claims and, unless <paramref name="verifyContent"/> is false, every
    /// entry decompressed once and checked against the manifest. Returns null,
    /// with every problem found in <paramref name="diagnostics"/>, when the archive is refused;
    /// the stream is then disposed unless <paramref name="leaveOpen"/>.
    /// </summary>
    /// <param name="archiveName">How diagnostics name the archive (the upload's file name); null for none.</param>
    /// <param name="leaveOpen">Keep <paramref name="stream"/> open when the archive is disposed or refused.</param>
    /// <param name="verifyContent">
    /// False skips decompressing every entry at open (names, manifest and header claims are still
    /// checked): for a caller that extracts right away, since <see cref="XifArchive.ExtractTo"/>
    /// checks every byte anyway and leaves nothing behind on failure. One pass instead of two.
    /// </param>
    public static XifArchive? Open(Stream stream, XifLimits limits, DiagnosticBag diagnostics, string? archiveName = null, bool leaveOpen = false, bool verifyContent = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (!stream.CanRead || !stream.CanSeek)
        {
            throw new ArgumentException("The XIF reader needs a readable, seekable stream (store the upload in a file first).", nameof(stream));
        }

        var location = new SourceLocation(archiveName);
        var start = stream.Position;
        ZipArchive? zip = null;
        try
        {
            var archive = OpenCore(stream, limits, diagnostics, location, leaveOpen, verifyContent, out zip);
            if (archive is not null)
            {
                return archive;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException)
        {
            if (XifFormat.StartsLikeIntegrationStudio(stream, start))
            {
                diagnostics.Report(XifDiagnostics.IntegrationStudioFile, location, archiveName is null ? "The file" : $"'{archiveName}'");
            }
            else
            {
                diagnostics.Report(XifDiagnostics.NotAnArchive, location, ex.Message);
            }
        }

        zip?.Dispose();
        if (!leaveOpen)
        {
            stream.Dispose();
        }

        return null;
    }

    private static XifArchive? OpenCore(Stream stream, XifLimits limits, DiagnosticBag diagnostics, SourceLocation location, bool leaveOpen, bool verifyContent, out ZipArchive? zip)
    {
        zip = null;

        // Count entries from the end record before System.IO.Compression materialises them all.
        var end = ZipLayout.ReadEnd(stream);
        var declaredCount = end is null ? -1 : end.Value.EntryCount < 0 ? long.MaxValue : end.Value.EntryCount;
        if (declaredCount > limits.MaxEntryCount)
        {
            diagnostics.Report(XifDiagnostics.TooManyEntries, location, declaredCount, limits.MaxEntryCount);
            return null;
        }

        // System.IO.Compression reads the directory (and decodes the names); the layout is read from
        // the same headers alongside, and entries are inflated from it, not through ZipArchiveEntry.Open.
        stream.Position = 0;
        zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        // No second count check here: ZipArchive refuses a directory that holds other than the
        // end record's count, and ZipLayout.Read refuses an end record other than the one counted above.
        var (layouts, directory) = ZipLayout.Read(stream, zip.Entries);
        var byName = CheckEntries(layouts, Math.Max(1, stream.Length), limits, diagnostics, location);
        if (byName is null || !ZipLayout.Check(stream, layouts, directory, diagnostics, location))
        {
            return null;
        }

        if (!byName.TryGetValue(XifFormat.ManifestEntryPath, out var manifestEntry))
        {
            diagnostics.Report(XifDiagnostics.ManifestMissing, location, XifFormat.ManifestEntryPath);
            return null;
        }

        var manifest = ReadManifest(stream, manifestEntry, limits, diagnostics, location);
        if (manifest is null || !CheckManifest(manifest, byName, limits, diagnostics, location))
        {
            return null;
        }

        long total = 0;
        var content = new Dictionary<string, ZipEntryLayout>(StringComparer.Ordinal);
        foreach (var expected in manifest.Entries)
        {
            var entry = byName[expected.Path];
            if (verifyContent && !XifArchive.CopyVerified(stream, entry, expected, destination: null, limits, ref total, location, diagnostics))
            {
                return null;
            }

            content.Add(expected.Path, entry);
        }

        // Everything from here on is read through the layout; the ZIP library's view is no longer needed.
        zip.Dispose();
        zip = null;
        return new XifArchive(stream, leaveOpen, manifest, content, limits, location);
    }

    /// <summary>Names, duplicates and the sizes the headers claim; reports every problem, returns the entries by exact name when there is none.</summary>
    private static Dictionary<string, ZipEntryLayout>? CheckEntries(
        IReadOnlyCollection<ZipEntryLayout> entries, long archiveLength, XifLimits limits, DiagnosticBag diagnostics, SourceLocation location)
    {
        var errorsBefore = diagnostics.ErrorCount;
        var byName = new Dictionary<string, ZipEntryLayout>(StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(XifPath.Comparer);
        long claimedTotal = 0;
        foreach (var entry in entries)
        {
            var name = entry.Name;
            var problem = XifPath.Validate(name, location);
            if (problem is not null)
            {
                diagnostics.Add(problem);
                continue;
            }

            if (!seen.TryAdd(name, name))
            {
                diagnostics.Report(XifDiagnostics.DuplicateEntry, location, name, seen[name]);
                continue;
            }

            byName.Add(name, entry);
            if (entry.UncompressedSize > limits.MaxEntrySize)
            {
                diagnostics.Report(XifDiagnostics.EntryTooLarge, location, name, limits.MaxEntrySize);
            }
            else if (entry.UncompressedSize > limits.RatioCheckThreshold
                && entry.UncompressedSize > Math.Clamp(entry.CompressedSize, 1, archiveLength) * limits.MaxCompressionRatio)
            {
                diagnostics.Report(XifDiagnostics.CompressionRatioTooHigh, location, name, limits.MaxCompressionRatio, Math.Clamp(entry.CompressedSize, 1, archiveLength));
            }

            claimedTotal += Math.Max(0, entry.UncompressedSize);
        }

        if (claimedTotal > limits.MaxTotalSize)
        {
            diagnostics.Report(XifDiagnostics.TotalTooLarge, location, limits.MaxTotalSize);
        }

        // A name that is a file and also the folder of another entry cannot be extracted.
        foreach (var name in seen.Keys)
        {
            for (var slash = name.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = name.IndexOf('/', slash + 1))
            {
                if (seen.ContainsKey(name[..slash]))
                {
                    diagnostics.Report(XifDiagnostics.EntryPathInvalid, location, name, $"'{name[..slash]}' is both a file and a folder");
                }
            }
        }

        return diagnostics.ErrorCount == errorsBefore ? byName : null;
    }

    private static XifManifest? ReadManifest(Stream archive, ZipEntryLayout entry, XifLimits limits, DiagnosticBag diagnostics, SourceLocation location)
    {
        if (entry.UncompressedSize > limits.MaxManifestSize)
        {
            diagnostics.Report(XifDiagnostics.ManifestInvalid, location, $"it is larger than {limits.MaxManifestSize} bytes");
            return null;
        }

        // Counted and CRC-checked as it is inflated, like every entry: the headers' size is only a claim.
        var bytes = new MemoryStream();
        var crc = new System.IO.Hashing.Crc32();
        try
        {
            using var source = ZipLayout.OpenData(archive, entry);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (bytes.Length + read > limits.MaxManifestSize)
                {
                    diagnostics.Report(XifDiagnostics.ManifestInvalid, location, $"it is larger than {limits.MaxManifestSize} bytes");
                    return null;
                }

                if (bytes.Length + read > entry.UncompressedSize)
                {
                    diagnostics.Report(XifDiagnostics.ManifestInvalid, location, $"it decompresses to more than the {entry.UncompressedSize} bytes its headers claim");
                    return null;
                }

                crc.Append(buffer.AsSpan(0, read));
                bytes.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            diagnostics.Report(XifDiagnostics.EntryDataCorrupt, location, XifFormat.ManifestEntryPath, "its deflate data cannot be decompressed");
            return null;
        }

        if (bytes.Length != entry.UncompressedSize)
        {
            diagnostics.Report(XifDiagnostics.ManifestInvalid, location, $"it decompresses to {bytes.Length} bytes, not the {entry.UncompressedSize} its headers claim");
            return null;
        }

        if (crc.GetCurrentHashAsUInt32() != entry.Crc32)
        {
            diagnostics.Report(XifDiagnostics.EntryDataCorrupt, location, XifFormat.ManifestEntryPath, CrcMismatch(crc.GetCurrentHashAsUInt32(), entry.Crc32));
            return null;
        }

        XifManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), XifManifestJsonContext.Default.XifManifest);
        }
        catch (JsonException ex)
        {
            diagnostics.Report(XifDiagnostics.ManifestInvalid, location, ex.Message);
            return null;
        }

        if (manifest is null)
        {
            diagnostics.Report(XifDiagnostics.ManifestInvalid, location, "it is empty (null)");
            return null;
        }

        if (manifest.FormatVersion != XifFormat.CurrentFormatVersion)
        {
            diagnostics.Report(XifDiagnostics.UnsupportedFormatVersion, location, manifest.FormatVersion, XifFormat.CurrentFormatVersion);
            return null;
        }

        return manifest;
    }

    /// <summary>The manifest against itself and against the archive's entries; reports every problem.</summary>
    private static bool CheckManifest(
        XifManifest manifest, Dictionary<string, ZipEntryLayout> byName, XifLimits limits, DiagnosticBag diagnostics, SourceLocation location)
    {
        var errorsBefore = diagnostics.ErrorCount;
        if (string.IsNullOrWhiteSpace(manifest.ExtensionName) || string.IsNullOrWhiteSpace(manifest.ExtensionVersion))
        {
            diagnostics.Report(XifDiagnostics.ManifestInvalid, location, "the extension name or version is missing");
        }

        if (manifest.Entries is null)
        {
            diagnostics.Report(XifDiagnostics.ManifestInvalid, location, "it has no entries list");
            return false;
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        var definitions = 0;
        foreach (var entry in manifest.Entries)
        {
            if (entry is null || entry.Path is null || entry.Sha256 is null)
            {
                diagnostics.Report(XifDiagnostics.ManifestInvalid, location, "an entry has no path or no SHA-256");
                continue;
            }

            var problem = XifPath.Validate(entry.Path, location);
            if (problem is not null)
            {
                diagnostics.Add(problem);
                continue;
            }

            if (!listed.Add(entry.Path) || entry.Path == XifFormat.ManifestEntryPath)
            {
                diagnostics.Report(XifDiagnostics.ManifestInvalid, location, $"'{entry.Path}' is listed twice, or is the manifest itself");
                continue;
            }

            if (entry.Sha256.Length != 64 || !entry.Sha256.All(static c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            {
                diagnostics.Report(XifDiagnostics.ManifestInvalid, location, $"the SHA-256 of '{entry.Path}' is not 64 lower-case hex digits");
            }

            if (entry.Size < 0 || entry.Size > limits.MaxEntrySize)
            {
                diagnostics.Report(XifDiagnostics.EntryTooLarge, location, entry.Path, limits.MaxEntrySize);
            }

            if (entry.Kind == XifEntryKind.Definition)
            {
                definitions++;
                if (entry.Path != XifFormat.DefinitionEntryPath)
                {
                    diagnostics.Report(XifDiagnostics.DefinitionMissing, location, XifFormat.DefinitionEntryPath, $"it lists '{entry.Path}' instead");
                }
                else if (entry.Size > limits.MaxDefinitionSize)
                {
                    diagnostics.Report(XifDiagnostics.EntryTooLarge, location, entry.Path, limits.MaxDefinitionSize);
                }
            }

            if (!byName.TryGetValue(entry.Path, out var zipEntry))
            {
                diagnostics.Report(XifDiagnostics.ManifestEntryMissing, location, entry.Path);
            }
            else if (zipEntry.UncompressedSize != entry.Size)
            {
                diagnostics.Report(XifDiagnostics.SizeMismatch, location, entry.Path, zipEntry.UncompressedSize, entry.Size);
            }
        }

        if (definitions != 1)
        {
            diagnostics.Report(XifDiagnostics.DefinitionMissing, location, XifFormat.DefinitionEntryPath, $"it lists {definitions}");
        }

        foreach (var name in byName.Keys)
        {
            if (name != XifFormat.ManifestEntryPath && !listed.Contains(name))
            {
                diagnostics.Report(XifDiagnostics.EntryNotInManifest, location, name);
            }
        }

        return diagnostics.ErrorCount == errorsBefore;
    }

    /// <summary>The reason of an OCP4023 for a CRC-32 that differs from the headers'.</summary>
    internal static string CrcMismatch(uint actual, uint claimed) =>
        $"the CRC-32 of its decompressed bytes is {actual:x8}, its headers record {claimed:x8}";
}
