using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Xif;

/// <summary>
/// A XIF file that <see cref="XifReader"/> accepted: its names and manifest were valid and (unless
/// opened with <c>verifyContent: false</c>) every byte of every entry matched the manifest. Every
/// read checks size and SHA-256 again while it streams, so what a caller receives is always what
/// the manifest promises, even if the underlying file changed since. Not thread-safe: one reader
/// at a time, like the ZipArchive it wraps.
/// </summary>
public sealed class XifArchive : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly ZipArchive _zip;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;

    internal XifArchive(ZipArchive zip, Stream stream, bool leaveOpen, XifManifest manifest, Dictionary<string, ZipArchiveEntry> entries, XifLimits limits, SourceLocation location)
    {
        _zip = zip;
        _stream = stream;
        _leaveOpen = leaveOpen;
        _entries = entries;
        Manifest = manifest;
        Limits = limits;
        Location = location;
        DefinitionEntry = manifest.Entries.Single(static e => e.Kind == XifEntryKind.Definition);
    }

    public XifManifest Manifest { get; }

    public XifManifestEntry DefinitionEntry { get; }

    public XifLimits Limits { get; }

    /// <summary>The archive's name in diagnostics (the uploaded file's name or path).</summary>
    public SourceLocation Location { get; }

    /// <summary>The definition's bytes, checked against the manifest, as a readable in-memory stream; null (with a diagnostic) if they no longer match.</summary>
    public Stream? OpenDefinition(DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var buffer = new MemoryStream(checked((int)DefinitionEntry.Size));
        if (!CopyEntryTo(DefinitionEntry, buffer, diagnostics))
        {
            return null;
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <summary>Streams one entry into <paramref name="destination"/>, checking size, SHA-256 and the limits as it goes.</summary>
    public bool CopyEntryTo(XifManifestEntry entry, Stream destination, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (!_entries.TryGetValue(entry.Path, out var zipEntry))
        {
            throw new ArgumentException($"'{entry.Path}' is not an entry of this archive.", nameof(entry));
        }

        long total = 0;
        return CopyVerified(zipEntry, _stream.Length, entry, destination, Limits, ref total, Location, diagnostics);
    }

    /// <summary>
    /// Extracts every entry into <paramref name="directory"/>, which must not exist yet. Entries
    /// are written to a temporary folder beside it, each checked against the manifest, and the
    /// folder is moved into place only when all are good; on failure nothing is left behind.
    /// Paths are validated again and must resolve inside the target.
    /// </summary>
    public bool ExtractTo(string directory, DiagnosticBag diagnostics)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var target = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var targetLocation = new SourceLocation(target);
        if (Directory.Exists(target) || File.Exists(target))
        {
            diagnostics.Report(XifDiagnostics.ExtractFailed, targetLocation, target, "the target already exists");
            return false;
        }

        var parent = Path.GetDirectoryName(target)!;
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.extracting");
        var root = temp + Path.DirectorySeparatorChar;
        var moved = false;
        try
        {
            Directory.CreateDirectory(temp);
            long total = 0;
            foreach (var entry in Manifest.Entries)
            {
                var pathProblem = XifPath.Validate(entry.Path, Location);
                if (pathProblem is not null)
                {
                    diagnostics.Add(pathProblem);
                    return false;
                }

                var destination = Path.GetFullPath(Path.Join(temp, entry.Path));
                if (!destination.StartsWith(root, StringComparison.Ordinal))
                {
                    diagnostics.Report(XifDiagnostics.EntryPathTraversal, Location, entry.Path);
                    return false;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                using var file = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize);
                if (!CopyVerified(_entries[entry.Path], _stream.Length, entry, file, Limits, ref total, Location, diagnostics))
                {
                    return false;
                }
            }

            Directory.Move(temp, target);
            moved = true;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(XifDiagnostics.ExtractFailed, targetLocation, target, ex.Message);
            return false;
        }
        finally
        {
            if (!moved)
            {
                TryDeleteDirectory(temp);
            }
        }
    }

    public void Dispose()
    {
        _zip.Dispose();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>
    /// The one streaming check every read goes through: counts the bytes actually decompressed
    /// (header sizes are only claims), stops as soon as the entry passes its manifest size, the
    /// entry cap, the running total cap or the compression-ratio cap, and compares the SHA-256 at
    /// the end. <paramref name="destination"/> may be null to only check.
    /// </summary>
    internal static bool CopyVerified(
        ZipArchiveEntry zipEntry,
        long archiveLength,
        XifManifestEntry expected,
        Stream? destination,
        XifLimits limits,
        ref long total,
        SourceLocation location,
        DiagnosticBag diagnostics)
    {
        // The compressed length is a header claim too: it cannot exceed the archive itself.
        var compressed = Math.Clamp(zipEntry.CompressedLength, 1, Math.Max(1, archiveLength));
        var ratioCap = compressed * limits.MaxCompressionRatio;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long count = 0;
            using (var source = zipEntry.Open())
            {
                int read;
                while ((read = source.Read(buffer, 0, BufferSize)) > 0)
                {
                    count += read;
                    total += read;
                    if (count > expected.Size)
                    {
                        diagnostics.Report(XifDiagnostics.SizeMismatch, location, expected.Path, $"more than {expected.Size}", expected.Size);
                        return false;
                    }

                    if (count > limits.MaxEntrySize)
                    {
                        diagnostics.Report(XifDiagnostics.EntryTooLarge, location, expected.Path, limits.MaxEntrySize);
                        return false;
                    }

                    if (total > limits.MaxTotalSize)
                    {
                        diagnostics.Report(XifDiagnostics.TotalTooLarge, location, limits.MaxTotalSize);
                        return false;
                    }

                    if (count > limits.RatioCheckThreshold && count > ratioCap)
                    {
                        diagnostics.Report(XifDiagnostics.CompressionRatioTooHigh, location, expected.Path, limits.MaxCompressionRatio, compressed);
                        return false;
                    }

                    hash.AppendData(buffer, 0, read);
                    destination?.Write(buffer, 0, read);
                }
            }

            if (count != expected.Size)
            {
                diagnostics.Report(XifDiagnostics.SizeMismatch, location, expected.Path, count, expected.Size);
                return false;
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!string.Equals(actual, expected.Sha256, StringComparison.Ordinal))
            {
                diagnostics.Report(XifDiagnostics.HashMismatch, location, expected.Path, actual, expected.Sha256);
                return false;
            }

            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException)
        {
            diagnostics.Report(XifDiagnostics.EntryDataCorrupt, location, expected.Path, ex.Message);
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort; the folder is hidden and named after the target.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
