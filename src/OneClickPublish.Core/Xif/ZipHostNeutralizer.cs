using System.Buffers.Binary;

namespace OneClickPublish.Xif;

/// <summary>
/// System.IO.Compression stamps every central-directory header with the host it ran on
/// ("version made by": 0 = MS-DOS/Windows, 3 = Unix), so the same package written on Windows and
/// on Linux would differ by those bytes. This rewrites the host byte of an archive we just wrote
/// to 0 (with external attributes 0, "a plain file"), which every reader accepts, so that a XIF
/// file's bytes depend only on its inputs.
/// </summary>
internal static class ZipHostNeutralizer
{
    private const int EndOfCentralDirectorySize = 22;
    private const uint EndOfCentralDirectorySignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint CentralHeaderSignature = 0x02014b50;

    public static void Neutralize(FileStream stream)
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
        var position = 0;
        for (long i = 0; i < entries; i++)
        {
            var header = directory.AsSpan(position);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != CentralHeaderSignature)
            {
                throw new InvalidOperationException("The archive just written has a malformed central directory.");
            }

            header[5] = 0; // version made by: high byte is the host system
            BinaryPrimitives.WriteUInt32LittleEndian(header[38..], 0); // external attributes
            position += 46
                + BinaryPrimitives.ReadUInt16LittleEndian(header[28..])
                + BinaryPrimitives.ReadUInt16LittleEndian(header[30..])
                + BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
        }

        stream.Seek(offset, SeekOrigin.Begin);
        stream.Write(directory);
        stream.Flush();
    }

    private static (long Entries, long Size, long Offset) ReadZip64End(FileStream stream)
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
