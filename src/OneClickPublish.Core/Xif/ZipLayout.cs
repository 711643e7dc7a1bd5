using System.Buffers.Binary;
using System.IO.Compression;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Xif;

/// <summary>
/// Where one entry's bytes are and what its headers claim, read from its central-directory header
/// and its local header (PKWARE APPNOTE 4.3.7, 4.3.12). The reader inflates entries from here
/// itself rather than through ZipArchiveEntry.Open, which stops at the size the headers claim and
/// checks no CRC-32.
/// </summary>
internal sealed class ZipEntryLayout(string name, byte[] rawName, ushort flags, ushort method, uint crc32, long compressedSize, long uncompressedSize, long localHeaderOffset)
{
    /// <summary>The entry's name as System.IO.Compression decodes it (the name diagnostics and the manifest use).</summary>
    public string Name { get; } = name;

    public byte[] RawName { get; } = rawName;

    /// <summary>The general purpose bit flag of the central-directory header.</summary>
    public ushort Flags { get; } = flags;

    /// <summary>0 stored, 8 deflate; XIF allows no other.</summary>
    public ushort Method { get; } = method;

    /// <summary>The CRC-32 the central directory claims for the uncompressed bytes.</summary>
    public uint Crc32 { get; } = crc32;

    public long CompressedSize { get; } = compressedSize;

    /// <summary>The uncompressed size the central directory claims (only a claim: the reader counts).</summary>
    public long UncompressedSize { get; } = uncompressedSize;

    public long LocalHeaderOffset { get; } = localHeaderOffset;

    /// <summary>Where the compressed data starts, past the local header; -1 while the local header is unread or unusable.</summary>
    public long DataOffset { get; set; } = -1;

    /// <summary>Where the compressed data ends (its data descriptor, if any, follows).</summary>
    public long DataEnd => DataOffset + CompressedSize;
}

/// <summary>
/// Reads the layout of a ZIP archive, entry by entry, and checks what System.IO.Compression does
/// not: no entry is encrypted, every entry uses stored or deflate, every local header is where the
/// central directory says and agrees with it, and no entry's bytes overlap another's (overlapping
/// entries make a small archive inflate to many times its size) or run into the central directory.
/// </summary>
internal static class ZipLayout
{
    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const int EndSize = 22;
    private const int CentralHeaderSize = 46;
    private const int LocalHeaderSize = 30;

    /// <summary>Bit 0: encrypted; bit 6: strong encryption; bit 13: central directory encrypted (APPNOTE 4.4.4).</summary>
    private const ushort EncryptionFlags = 0x0001 | 0x0040 | 0x2000;

    /// <summary>Bit 3: CRC-32 and sizes are zero in the local header and follow the data in a data descriptor.</summary>
    private const ushort DataDescriptorFlag = 0x0008;

    /// <summary>The end-of-central-directory record (or its Zip64 form): entry count, directory size and offset.</summary>
    internal readonly record struct End(long EntryCount, long DirectorySize, long DirectoryOffset);

    /// <summary>
    /// Finds the end record in the last 64 KiB + 22 bytes, and the Zip64 end record when the 16- or
    /// 32-bit fields are saturated, as System.IO.Compression does; null when there is none.
    /// </summary>
    internal static End? ReadEnd(Stream stream)
    {
        var tailLength = (int)Math.Min(stream.Length, EndSize + ushort.MaxValue);
        if (tailLength < EndSize)
        {
            return null;
        }

        var tail = new byte[tailLength];
        stream.Seek(-tailLength, SeekOrigin.End);
        stream.ReadExactly(tail);
        for (var i = tailLength - EndSize; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) != EndSignature)
            {
                continue;
            }

            long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 10));
            long size = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i + 12));
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i + 16));
            var saturated = count == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue
                || BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(i + 4)) == ushort.MaxValue;
            if (saturated && i >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i - 20)) == Zip64LocatorSignature)
            {
                var recordOffset = BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(i - 12));
                if (stream.Length < 56 || recordOffset > (ulong)(stream.Length - 56))
                {
                    return null;
                }

                var record = new byte[56];
                stream.Seek((long)recordOffset, SeekOrigin.Begin);
                stream.ReadExactly(record);
                if (BinaryPrimitives.ReadUInt32LittleEndian(record) == Zip64EndSignature)
                {
                    count = ToLong(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32)));
                    size = ToLong(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40)));
                    offset = ToLong(BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48)));
                }
            }

            return new End(count, size, offset);
        }

        return null;
    }

    /// <summary>
    /// Reads every central-directory header and local header, in the directory's order, which is the
    /// order of <paramref name="entries"/> (System.IO.Compression reads the same headers the same way;
    /// a disagreement between the two is damage). Throws <see cref="InvalidDataException"/> for a
    /// directory that cannot be walked; local headers that are missing or disagree are left for
    /// <see cref="Check"/> to report.
    /// </summary>
    internal static (List<ZipEntryLayout> Entries, End End) Read(Stream stream, IReadOnlyList<ZipArchiveEntry> entries)
    {
        var end = ReadEnd(stream) ?? throw new InvalidDataException("the end of the central directory cannot be found");
        if (end.DirectoryOffset < 0 || end.DirectorySize < 0 || end.DirectoryOffset > stream.Length - end.DirectorySize)
        {
            throw new InvalidDataException("the central directory lies outside the file");
        }

        if (end.EntryCount != entries.Count)
        {
            throw new InvalidDataException($"the end record declares {end.EntryCount} entries, the central directory holds {entries.Count}");
        }

        var layouts = new List<ZipEntryLayout>(entries.Count);
        var header = new byte[CentralHeaderSize];
        var position = end.DirectoryOffset;
        var directoryEnd = end.DirectoryOffset + end.DirectorySize;
        foreach (var entry in entries)
        {
            if (position > directoryEnd - CentralHeaderSize)
            {
                throw new InvalidDataException("the central directory ends inside a header");
            }

            stream.Seek(position, SeekOrigin.Begin);
            stream.ReadExactly(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != CentralHeaderSignature)
            {
                throw new InvalidDataException($"no central-directory header at offset {position}");
            }

            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30));
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
            var variable = new byte[nameLength + extraLength];
            stream.ReadExactly(variable);

            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(20));
            long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(24));
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(42));
            ReadZip64Extra(variable.AsSpan(nameLength), ref uncompressed, ref compressed, ref offset);
            if (compressed != entry.CompressedLength || uncompressed != entry.Length)
            {
                throw new InvalidDataException($"the central directory is read two ways for '{entry.FullName}'");
            }

            layouts.Add(new ZipEntryLayout(
                entry.FullName,
                variable.AsSpan(0, nameLength).ToArray(),
                BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)),
                BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(10)),
                BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16)),
                compressed,
                uncompressed,
                offset));
            position += CentralHeaderSize + nameLength + extraLength + commentLength;
        }

        return (layouts, end);
    }

    /// <summary>
    /// Reads each entry's local header and reports, with its code, every entry that is encrypted
    /// (OCP4025), uses a compression method other than stored and deflate (OCP4023), has a local
    /// header that is missing or disagrees with the central directory, runs into the central
    /// directory, or overlaps another entry (OCP4026). True when there is none.
    /// </summary>
    internal static bool Check(Stream stream, List<ZipEntryLayout> entries, End end, DiagnosticBag diagnostics, SourceLocation location)
    {
        var errorsBefore = diagnostics.ErrorCount;
        var locals = new Dictionary<ZipEntryLayout, byte[]>();
        foreach (var entry in entries)
        {
            if ((entry.Flags & EncryptionFlags) != 0)
            {
                diagnostics.Report(XifDiagnostics.EntryEncrypted, location, entry.Name);
                continue;
            }

            if (entry.Method is not (0 or 8))
            {
                diagnostics.Report(XifDiagnostics.EntryDataCorrupt, location, entry.Name, $"it uses compression method {entry.Method}; XIF allows stored (0) and deflate (8) only");
                continue;
            }

            if (entry.LocalHeaderOffset < 0 || entry.LocalHeaderOffset > end.DirectoryOffset - LocalHeaderSize)
            {
                diagnostics.Report(XifDiagnostics.EntryMisplaced, location, entry.Name, $"its local header would be at offset {entry.LocalHeaderOffset}, outside the part of the archive that holds entries");
                continue;
            }

            var header = new byte[LocalHeaderSize];
            stream.Seek(entry.LocalHeaderOffset, SeekOrigin.Begin);
            stream.ReadExactly(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalHeaderSignature)
            {
                diagnostics.Report(XifDiagnostics.EntryMisplaced, location, entry.Name, $"there is no local header at offset {entry.LocalHeaderOffset}, where the central directory points");
                continue;
            }

            var dataOffset = entry.LocalHeaderOffset + LocalHeaderSize
                + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26))
                + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
            if (entry.CompressedSize > end.DirectoryOffset - dataOffset)
            {
                diagnostics.Report(XifDiagnostics.EntryMisplaced, location, entry.Name, "its data runs into the central directory");
                continue;
            }

            entry.DataOffset = dataOffset;
            locals.Add(entry, header);
        }

        // Overlaps: in the order the entries lie in the file, each must start after every earlier one
        // ended. Several central-directory headers pointing at one local entry are the extreme case.
        var overlapping = new HashSet<ZipEntryLayout>();
        ZipEntryLayout? reaching = null;
        foreach (var entry in locals.Keys.OrderBy(static e => e.LocalHeaderOffset))
        {
            if (reaching is not null && entry.LocalHeaderOffset < reaching.DataEnd)
            {
                diagnostics.Report(XifDiagnostics.EntryMisplaced, location, entry.Name, $"its bytes overlap those of entry '{reaching.Name}'");
                overlapping.Add(entry);
            }

            if (reaching is null || entry.DataEnd > reaching.DataEnd)
            {
                reaching = entry;
            }
        }

        // The local header of an entry of its own must say what the central directory says.
        foreach (var entry in entries)
        {
            if (!overlapping.Contains(entry) && locals.TryGetValue(entry, out var header))
            {
                var flags = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6));
                if ((flags & EncryptionFlags) != 0)
                {
                    diagnostics.Report(XifDiagnostics.EntryEncrypted, location, entry.Name);
                }
                else if (LocalHeaderProblem(stream, entry, header, flags) is { } problem)
                {
                    diagnostics.Report(XifDiagnostics.EntryMisplaced, location, entry.Name, problem);
                }
            }
        }

        return diagnostics.ErrorCount == errorsBefore;
    }

    /// <summary>The compressed bytes of an entry whose layout <see cref="Check"/> accepted, inflated if it is deflated; the claimed sizes play no part.</summary>
    internal static Stream OpenData(Stream archive, ZipEntryLayout entry)
    {
        if (entry.DataOffset < 0)
        {
            throw new InvalidOperationException($"The layout of '{entry.Name}' was not checked.");
        }

        var raw = new SliceStream(archive, entry.DataOffset, entry.CompressedSize);
        return entry.Method == 8 ? new DeflateStream(raw, CompressionMode.Decompress) : raw;
    }

    private static string? LocalHeaderProblem(Stream stream, ZipEntryLayout entry, byte[] header, ushort localFlags)
    {
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26));
        var name = new byte[nameLength];
        stream.Seek(entry.LocalHeaderOffset + LocalHeaderSize, SeekOrigin.Begin);
        stream.ReadExactly(name);
        if (!name.AsSpan().SequenceEqual(entry.RawName))
        {
            return "its local header names another file";
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)) != entry.Method)
        {
            return "its local header and the central directory name different compression methods";
        }

        if ((localFlags & DataDescriptorFlag) == 0)
        {
            // Without a data descriptor the local header carries the CRC-32 and the sizes: they must be the central directory's.
            var localCompressed = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(18));
            var localUncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(22));
            if (BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(14)) != entry.Crc32
                || (localCompressed != uint.MaxValue && localCompressed != entry.CompressedSize)
                || (localUncompressed != uint.MaxValue && localUncompressed != entry.UncompressedSize))
            {
                return "its local header and the central directory disagree on its CRC-32 or sizes";
            }
        }

        return null;
    }

    /// <summary>The Zip64 extended information extra field (0x0001): 64-bit values for the fields that are saturated, in a fixed order (APPNOTE 4.5.3).</summary>
    private static void ReadZip64Extra(ReadOnlySpan<byte> extra, ref long uncompressed, ref long compressed, ref long offset)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (size > extra.Length - 4)
            {
                return;
            }

            var data = extra.Slice(4, size);
            if (id == 0x0001)
            {
                if (uncompressed == uint.MaxValue && data.Length >= 8)
                {
                    uncompressed = ToLong(BinaryPrimitives.ReadUInt64LittleEndian(data));
                    data = data[8..];
                }

                if (compressed == uint.MaxValue && data.Length >= 8)
                {
                    compressed = ToLong(BinaryPrimitives.ReadUInt64LittleEndian(data));
                    data = data[8..];
                }

                if (offset == uint.MaxValue && data.Length >= 8)
                {
                    offset = ToLong(BinaryPrimitives.ReadUInt64LittleEndian(data));
                }

                return;
            }

            extra = extra[(4 + size)..];
        }
    }

    /// <summary>A 64-bit field beyond any real file is damage; -1 makes every range check fail.</summary>
    private static long ToLong(ulong value) => value > long.MaxValue ? -1 : (long)value;

    /// <summary>A read-only window on the archive: seeks to its own position before every read, so entries can be read one after another from one stream.</summary>
    private sealed class SliceStream(Stream inner, long start, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var wanted = (int)Math.Min(count, length - _position);
            if (wanted <= 0)
            {
                return 0;
            }

            inner.Seek(start + _position, SeekOrigin.Begin);
            var read = inner.Read(buffer, offset, wanted);
            _position += read;
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
