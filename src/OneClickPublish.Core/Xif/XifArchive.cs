using System.Buffers;
using System.IO.Hashing;
using System.Security.Cryptography;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Xif;

/// <summary>
/// A XIF file that <see cref="XifReader"/> accepted: its names and manifest were valid and (unless
/// opened with <c>verifyContent: false</c>) every byte of every entry matched the manifest. Every
/// read checks size, CRC-32 and SHA-256 again while it streams, so what a caller receives is always
/// what the manifest promises, even if the underlying file changed since. Not thread-safe: one
/// reader at a time, on the one stream it reads.
/// </summary>
public sealed class XifArchive : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly Dictionary<string, ZipEntryLayout> _entries;

    internal XifArchive(Stream stream, bool leaveOpen, XifManifest manifest, Dictionary<string, ZipEntryLayout> entries, XifLimits limits, SourceLocation location)
    {
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
        if (!_entries.TryGetValue(entry.Path, out var layout))
        {
            throw new ArgumentException($"'{entry.Path}' is not an entry of this archive.", nameof(entry));
        }

        long total = 0;
        return CopyVerified(_stream, layout, entry, destination, Limits, ref total, Location, diagnostics);
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
                if (!CopyVerified(_stream, _entries[entry.Path], entry, file, Limits, ref total, Location, diagnostics))
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
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>
    /// The one streaming check every read goes through. The entry is inflated from its own bytes
    /// (<see cref="ZipLayout.OpenData"/>), not through the ZIP library, which stops at the size the
    /// headers claim: the bytes actually decompressed are counted, and reading stops as soon as they
    /// pass the manifest size (so an entry that inflates past its claimed size is refused, not cut
    /// to it), the entry cap, the running total cap or the compression-ratio cap; memory stays one
    /// buffer. At the end the count, the CRC-32 recorded in the headers and the manifest's SHA-256
    /// are compared. <paramref name="destination"/> may be null to only check.
    /// </summary>
    internal static bool CopyVerified(
        Stream archive,
        ZipEntryLayout entry,
        XifManifestEntry expected,
        Stream? destination,
        XifLimits limits,
        ref long total,
        SourceLocation location,
        DiagnosticBag diagnostics)
    {
        // The layout check put the compressed bytes inside the archive: their length is real.
        var compressed = Math.Max(1, entry.CompressedSize);
        var ratioCap = compressed * limits.MaxCompressionRatio;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var crc = new Crc32();
            long count = 0;
            using (var source = ZipLayout.OpenData(archive, entry))
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
                    crc.Append(buffer.AsSpan(0, read));
                    destination?.Write(buffer, 0, read);
                }
            }

            if (count != expected.Size)
            {
                diagnostics.Report(XifDiagnostics.SizeMismatch, location, expected.Path, count, expected.Size);
                return false;
            }

            // Checked before the SHA-256: bytes that differ from both are damage (OCP4023); bytes that
            // match the manifest but not the headers' CRC-32 are an archive whose headers lie, refused too.
            var actualCrc = crc.GetCurrentHashAsUInt32();
            if (actualCrc != entry.Crc32)
            {
                diagnostics.Report(XifDiagnostics.EntryDataCorrupt, location, expected.Path, XifReader.CrcMismatch(actualCrc, entry.Crc32));
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
        catch (InvalidDataException)
        {
            // The inflater's own message is not ours to pass on (it reaches the server's clients).
            diagnostics.Report(XifDiagnostics.EntryDataCorrupt, location, expected.Path, "its deflate data cannot be decompressed");
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
