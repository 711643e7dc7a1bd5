using System.Buffers.Binary;
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
            diagnostics.Report(XifDiagnostics.NotAnArchive, location, ex.Message);
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
        var declaredCount = ReadDeclaredEntryCount(stream);
        if (declaredCount > limits.MaxEntryCount)
        {
            diagnostics.Report(XifDiagnostics.TooManyEntries, location, declaredCount, limits.MaxEntryCount);
            return null;
        }

        stream.Position = 0;
        zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var entries = zip.Entries;
        if (entries.Count > limits.MaxEntryCount)
        {
            diagnostics.Report(XifDiagnostics.TooManyEntries, location, entries.Count, limits.MaxEntryCount);
            return null;
        }

        var byName = CheckEntries(entries, Math.Max(1, stream.Length), limits, diagnostics, location);
        if (byName is null)
        {
            return null;
        }

        if (!byName.TryGetValue(XifFormat.ManifestEntryPath, out var manifestZipEntry))
        {
            diagnostics.Report(XifDiagnostics.ManifestMissing, location, XifFormat.ManifestEntryPath);
            return null;
        }

        var manifest = ReadManifest(manifestZipEntry, limits, diagnostics, location);
        if (manifest is null || !CheckManifest(manifest, byName, limits, diagnostics, location))
        {
            return null;
        }

        long total = 0;
        var content = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var expected in manifest.Entries)
        {
            var zipEntry = byName[expected.Path];
            if (verifyContent && !XifArchive.CopyVerified(zipEntry, stream.Length, expected, destination: null, limits, ref total, location, diagnostics))
            {
                return null;
            }

            content.Add(expected.Path, zipEntry);
        }

        return new XifArchive(zip, stream, leaveOpen, manifest, content, limits, location);
    }

    /// <summary>Names, duplicates and the sizes the headers claim; reports every problem, returns the entries by exact name when there is none.</summary>
    private static Dictionary<string, ZipArchiveEntry>? CheckEntries(
        IReadOnlyCollection<ZipArchiveEntry> entries, long archiveLength, XifLimits limits, DiagnosticBag diagnostics, SourceLocation location)
    {
        var errorsBefore = diagnostics.ErrorCount;
        var byName = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(XifPath.Comparer);
        long claimedTotal = 0;
        foreach (var entry in entries)
        {
            var name = entry.FullName;
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
            if (entry.Length > limits.MaxEntrySize)
            {
                diagnostics.Report(XifDiagnostics.EntryTooLarge, location, name, limits.MaxEntrySize);
            }
            else if (entry.Length > limits.RatioCheckThreshold
                && entry.Length > Math.Clamp(entry.CompressedLength, 1, archiveLength) * limits.MaxCompressionRatio)
            {
                diagnostics.Report(XifDiagnostics.CompressionRatioTooHigh, location, name, limits.MaxCompressionRatio, Math.Clamp(entry.CompressedLength, 1, archiveLength));
            }

            claimedTotal += entry.Length;
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

    private static XifManifest? ReadManifest(ZipArchiveEntry entry, XifLimits limits, DiagnosticBag diagnostics, SourceLocation location)
    {
        if (entry.Length > limits.MaxManifestSize)
        {
            diagnostics.Report(XifDiagnostics.ManifestInvalid, location, $"it is larger than {limits.MaxManifestSize} bytes");
            return null;
        }

        var bytes = new MemoryStream();
        using (var source = entry.Open())
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (bytes.Length + read > limits.MaxManifestSize)
                {
                    diagnostics.Report(XifDiagnostics.ManifestInvalid, location, $"it is larger than {limits.MaxManifestSize} bytes");
                    return null;
                }

                bytes.Write(buffer, 0, read);
            }
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
        XifManifest manifest, Dictionary<string, ZipArchiveEntry> byName, XifLimits limits, DiagnosticBag diagnostics, SourceLocation location)
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
            else if (zipEntry.Length != entry.Size)
            {
                diagnostics.Report(XifDiagnostics.SizeMismatch, location, entry.Path, zipEntry.Length, entry.Size);
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

    /// <summary>
    /// The entry count the end-of-central-directory record (or its Zip64 form) declares, read
    /// without materialising the directory; -1 when the record cannot be found (the ZIP reader
    /// then reports the damage).
    /// </summary>
    private static long ReadDeclaredEntryCount(Stream stream)
    {
        const int endSize = 22;
        var tailLength = (int)Math.Min(stream.Length, endSize + ushort.MaxValue);
        if (tailLength < endSize)
        {
            return -1;
        }

        var tail = new byte[tailLength];
        stream.Seek(-tailLength, SeekOrigin.End);
        stream.ReadExactly(tail);
        for (var i = tailLength - endSize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) != 0x06054b50)
            {
                continue;
            }

            long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 10));
            if (count == ushort.MaxValue && i >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i - 20)) == 0x07064b50)
            {
                var zip64EndOffset = BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(i - 12));
                if (zip64EndOffset < 0 || zip64EndOffset > stream.Length - 56)
                {
                    return -1;
                }

                var record = new byte[56];
                stream.Seek(zip64EndOffset, SeekOrigin.Begin);
                stream.ReadExactly(record);
                if (BinaryPrimitives.ReadUInt32LittleEndian(record) == 0x06064b50)
                {
                    count = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(32));
                }
            }

            return count < 0 ? long.MaxValue : count;
        }

        return -1;
    }
}
