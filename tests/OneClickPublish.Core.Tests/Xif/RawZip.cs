using System.Buffers.Binary;
using System.Text;

namespace OneClickPublish.Tests.Xif;

/// <summary>One stored entry of a <see cref="RawZip"/> and the Zip64 forms its headers take.</summary>
/// <param name="Zip64Sizes">Both headers say 0xFFFFFFFF for the sizes and carry them in a Zip64 extra field.</param>
/// <param name="Zip64Offset">The central header says 0xFFFFFFFF for the local header's offset and carries it in the Zip64 extra field.</param>
/// <param name="OtherExtraFirst">An unrelated extra field (extended timestamp) comes before the Zip64 one.</param>
internal sealed record RawZipEntry(string Name, byte[] Content, bool Zip64Sizes = false, bool Zip64Offset = false, bool OtherExtraFirst = false);

/// <summary>
/// Writes a ZIP archive byte by byte (stored entries only), for the Zip64 forms System.IO.Compression
/// writes only past 4 GiB or 65,535 entries: Zip64 extra fields and the Zip64 end record.
/// </summary>
internal static class RawZip
{
    public static byte[] Build(IReadOnlyList<RawZipEntry> entries, bool zip64End = false)
    {
        using var output = new MemoryStream();
        var offsets = new List<long>();
        foreach (var entry in entries)
        {
            offsets.Add(output.Position);
            var name = Encoding.UTF8.GetBytes(entry.Name);
            var extra = Extra(entry, sizes: entry.Zip64Sizes, offset: -1);
            var header = new byte[30];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 45);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), 0x21); // 1980-01-01
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(14), System.IO.Hashing.Crc32.HashToUInt32(entry.Content));
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(18), entry.Zip64Sizes ? uint.MaxValue : (uint)entry.Content.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(22), entry.Zip64Sizes ? uint.MaxValue : (uint)entry.Content.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)extra.Length);
            output.Write(header);
            output.Write(name);
            output.Write(extra);
            output.Write(entry.Content);
        }

        var directoryOffset = output.Position;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var name = Encoding.UTF8.GetBytes(entry.Name);
            var extra = Extra(entry, sizes: entry.Zip64Sizes, offset: entry.Zip64Offset ? offsets[i] : -1);
            var header = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 45);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 45);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), 0x21);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), System.IO.Hashing.Crc32.HashToUInt32(entry.Content));
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), entry.Zip64Sizes ? uint.MaxValue : (uint)entry.Content.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), entry.Zip64Sizes ? uint.MaxValue : (uint)entry.Content.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(30), (ushort)extra.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(42), entry.Zip64Offset ? uint.MaxValue : (uint)offsets[i]);
            output.Write(header);
            output.Write(name);
            output.Write(extra);
        }

        var directorySize = output.Position - directoryOffset;
        if (zip64End)
        {
            var recordOffset = output.Position;
            var record = new byte[56];
            BinaryPrimitives.WriteUInt32LittleEndian(record, 0x06064b50);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(4), 44); // size of the rest of the record
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(12), 45);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(14), 45);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(24), (ulong)entries.Count);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(32), (ulong)entries.Count);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(40), (ulong)directorySize);
            BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(48), (ulong)directoryOffset);
            output.Write(record);
            var locator = new byte[20];
            BinaryPrimitives.WriteUInt32LittleEndian(locator, 0x07064b50);
            BinaryPrimitives.WriteUInt64LittleEndian(locator.AsSpan(8), (ulong)recordOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(locator.AsSpan(16), 1);
            output.Write(locator);
        }

        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), zip64End ? ushort.MaxValue : (ushort)entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), zip64End ? ushort.MaxValue : (ushort)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), zip64End ? uint.MaxValue : (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), zip64End ? uint.MaxValue : (uint)directoryOffset);
        output.Write(end);
        return output.ToArray();
    }

    private static byte[] Extra(RawZipEntry entry, bool sizes, long offset)
    {
        using var extra = new MemoryStream();
        if (entry.OtherExtraFirst)
        {
            // Extended timestamp (0x5455): flags 1, modification time 0.
            extra.Write([0x55, 0x54, 5, 0, 1, 0, 0, 0, 0]);
        }

        var values = new List<ulong>();
        if (sizes)
        {
            values.Add((ulong)entry.Content.Length); // uncompressed
            values.Add((ulong)entry.Content.Length); // compressed (stored)
        }

        if (offset >= 0)
        {
            values.Add((ulong)offset);
        }

        if (values.Count > 0)
        {
            var field = new byte[4 + (8 * values.Count)];
            BinaryPrimitives.WriteUInt16LittleEndian(field, 0x0001);
            BinaryPrimitives.WriteUInt16LittleEndian(field.AsSpan(2), (ushort)(8 * values.Count));
            for (var i = 0; i < values.Count; i++)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(field.AsSpan(4 + (8 * i)), values[i]);
            }

            extra.Write(field);
        }

        return extra.ToArray();
    }
}
