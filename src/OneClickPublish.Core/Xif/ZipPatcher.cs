using System.Buffers.Binary;
using System.Text;

namespace OneClickPublish.Xif;

/// <summary>
/// The last touches on an archive <see cref="XifWriter"/> just wrote with System.IO.Compression,
/// which cannot do them itself:
/// <list type="bullet">
/// <item>the real manifest replaces the placeholder of the same length in the first (stored)
/// entry, and its CRC-32 is set in the local and central headers — so the manifest can come first
/// although the hashes are only known once every file is copied;</item>
/// <item>every central-directory header gets host 0 ("version made by" names the OS the writer
/// ran on: 0 on Windows, 3 on Unix) and external attributes 0, so that a package's bytes depend
/// only on its inputs, not on the machine.</item>
/// </list>
/// The second alone (<see cref="NormalizeHosts"/>) also serves the server's NuGet packages.
/// </summary>
internal static class ZipPatcher
{
    private const int EndOfCentralDirectorySize = 22;
    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint EndOfCentralDirectorySignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;

    /// <param name="firstEntryStored">
    /// False when the first entry was written with its real content and could not be stored (.NET Framework's
    /// ZipArchive always deflates): it is then left as it is, and only the central directory is normalized.
    /// </param>
    public static void Finish(FileStream stream, string firstEntryName, byte[] firstEntryContent, bool firstEntryStored = true)
    {
        var crc = System.IO.Hashing.Crc32.HashToUInt32(firstEntryContent);
        if (firstEntryStored)
        {
            PatchFirstLocalEntry(stream, firstEntryName, firstEntryContent, crc);
        }

        PatchCentralDirectory(stream, firstEntryName, firstEntryContent.Length, crc);
        stream.Flush();
    }

    /// <summary>Host 0 and external attributes 0 in every central-directory header of the archive in <paramref name="stream"/> (written without an archive comment).</summary>
    public static void NormalizeHosts(Stream stream)
    {
        PatchCentralDirectory(stream, firstEntryName: null, firstEntryLength: 0, crc: 0);
        stream.Flush();
    }

    private static void PatchFirstLocalEntry(Stream stream, string name, byte[] content, uint crc)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var header = new byte[30 + nameBytes.Length];
        stream.Seek(0, SeekOrigin.Begin);
        stream.ReadExactly(header);
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6));
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalHeaderSignature
            || !header.AsSpan(30).SequenceEqual(nameBytes)
            || BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(8)) != 0 // stored
            || (flags & 0x8) != 0 // sizes and CRC in the header, not in a trailing data descriptor
            || BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(18)) != content.Length
            || BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(22)) != content.Length)
        {
            throw new InvalidOperationException($"The archive just written does not start with '{name}' stored in {content.Length} bytes.");
        }

        var dataOffset = header.Length + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
        stream.Seek(14, SeekOrigin.Begin);
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crcBytes, crc);
        stream.Write(crcBytes);
        stream.Seek(dataOffset, SeekOrigin.Begin);
        stream.Write(content);
    }

    private static void PatchCentralDirectory(Stream stream, string? firstEntryName, int firstEntryLength, uint crc)
    {
        // We write no archive comment, so the end record is the last 22 bytes.
        var end = new byte[EndOfCentralDirectorySize];
        stream.Seek(-EndOfCentralDirectorySize, SeekOrigin.End);
        stream.ReadExactly(end);
        if (BinaryPrimitives.ReadUInt32LittleEndian(end) != EndOfCentralDirectorySignature)
        {
            throw new InvalidOperationException("The archive just written has no end-of-central-directory record where expected.");
        }

        long entries = BinaryPrimitives.ReadUInt16LittleEndian(end.AsSpan(10));
        long size = BinaryPrimitives.ReadUInt32LittleEndian(end.AsSpan(12));
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(end.AsSpan(16));
        if (entries == ushort.MaxValue || size == uint.MaxValue || offset == uint.MaxValue)
        {
            (entries, size, offset) = ReadZip64End(stream);
        }

        var directory = new byte[checked((int)size)];
        stream.Seek(offset, SeekOrigin.Begin);
        stream.ReadExactly(directory);
        var firstName = firstEntryName is null ? null : Encoding.UTF8.GetBytes(firstEntryName);
        var position = 0;
        for (long i = 0; i < entries; i++)
        {
            var header = directory.AsSpan(position);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != CentralHeaderSignature)
            {
                throw new InvalidOperationException("The archive just written has a malformed central directory.");
            }

            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            if (i == 0 && firstName is not null)
            {
                if (!header.Slice(46, nameLength).SequenceEqual(firstName) || BinaryPrimitives.ReadUInt32LittleEndian(header[24..]) != firstEntryLength)
                {
                    throw new InvalidOperationException($"The archive's central directory does not start with '{firstEntryName}'.");
                }

                BinaryPrimitives.WriteUInt32LittleEndian(header[16..], crc);
            }

            header[5] = 0; // version made by: the high byte is the host system
            BinaryPrimitives.WriteUInt32LittleEndian(header[38..], 0); // external attributes
            position += 46
                + nameLength
                + BinaryPrimitives.ReadUInt16LittleEndian(header[30..])
                + BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
        }

        stream.Seek(offset, SeekOrigin.Begin);
        stream.Write(directory);
    }

    private static (long Entries, long Size, long Offset) ReadZip64End(Stream stream)
    {
        var locator = new byte[20];
        stream.Seek(-EndOfCentralDirectorySize - locator.Length, SeekOrigin.End);
        stream.ReadExactly(locator);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
        {
            throw new InvalidOperationException("The archive just written has no Zip64 locator where expected.");
        }

        var record = new byte[56];
        stream.Seek((long)BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8)), SeekOrigin.Begin);
        stream.ReadExactly(record);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature)
        {
            throw new InvalidOperationException("The archive just written has a malformed Zip64 end record.");
        }

        return (
            (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(32)),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(40)),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(record.AsSpan(48)));
    }
}
