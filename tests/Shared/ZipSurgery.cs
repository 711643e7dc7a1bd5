using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OneClickPublish.Tests;

/// <summary>
/// Rewrites fields of a small ZIP archive (no Zip64, no comment) in place, to build hostile XIF files:
/// archives whose headers lie in ways System.IO.Compression never writes. The central directory is
/// walked from the end record, so entry data that happens to hold a signature is never mistaken for a
/// header. Linked into every test project.
/// </summary>
internal static class ZipSurgery
{
    private const uint LocalSignature = 0x04034b50;
    private const uint CentralSignature = 0x02014b50;
    private const uint EndSignature = 0x06054b50;

    /// <summary>Sets the CRC-32 of <paramref name="name"/> in its local header and its central-directory header.</summary>
    public static void SetCrc(byte[] zip, string name, uint crc)
    {
        var (central, local) = Find(zip, name);
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(central + 16), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(local + 14), crc);
    }

    /// <summary>Sets the uncompressed size of <paramref name="name"/> in both of its headers.</summary>
    public static void SetUncompressedSize(byte[] zip, string name, uint size)
    {
        var (central, local) = Find(zip, name);
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(central + 24), size);
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(local + 22), size);
    }

    /// <summary>Sets bits of the general purpose flag of <paramref name="name"/> in both of its headers (bit 0: encrypted).</summary>
    public static void SetFlags(byte[] zip, string name, ushort bits)
    {
        var (central, local) = Find(zip, name);
        BinaryPrimitives.WriteUInt16LittleEndian(zip.AsSpan(central + 8), (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(central + 8)) | bits));
        BinaryPrimitives.WriteUInt16LittleEndian(zip.AsSpan(local + 6), (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(local + 6)) | bits));
    }

    /// <summary>Sets the compressed size of <paramref name="name"/> in both of its headers (its data then seems to end elsewhere).</summary>
    public static void SetCompressedSize(byte[] zip, string name, uint size)
    {
        var (central, local) = Find(zip, name);
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(central + 20), size);
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(local + 18), size);
    }

    /// <summary>Sets the compression method of <paramref name="name"/> in both of its headers (0 stored, 8 deflate, 12 bzip2, 14 LZMA...).</summary>
    public static void SetMethod(byte[] zip, string name, ushort method)
    {
        var (central, local) = Find(zip, name);
        BinaryPrimitives.WriteUInt16LittleEndian(zip.AsSpan(central + 10), method);
        BinaryPrimitives.WriteUInt16LittleEndian(zip.AsSpan(local + 8), method);
    }

    /// <summary>Renames <paramref name="name"/> in its local header only, to a name of the same length: the two headers then disagree.</summary>
    public static void RenameLocal(byte[] zip, string name, string newName)
    {
        var bytes = Encoding.UTF8.GetBytes(newName);
        if (bytes.Length != Encoding.UTF8.GetByteCount(name))
        {
            throw new ArgumentException("The new name must have as many bytes as the old one.", nameof(newName));
        }

        var (_, local) = Find(zip, name);
        bytes.CopyTo(zip.AsSpan(local + 30));
    }

    /// <summary>Points the central-directory header of <paramref name="name"/> at the local header (and so the data) of <paramref name="target"/>.</summary>
    public static void PointAt(byte[] zip, string name, string target)
    {
        var (central, _) = Find(zip, name);
        var (_, targetLocal) = Find(zip, target);
        BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(central + 42), (uint)targetLocal);
    }

    /// <summary>The CRC-32 of <paramref name="content"/>, as System.IO.Compression computes it for an entry (independent of the reader under test).</summary>
    public static uint Crc32Of(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = archive.CreateEntry("x", CompressionLevel.NoCompression).Open();
            stream.Write(content);
        }

        buffer.Position = 0;
        using var read = new ZipArchive(buffer, ZipArchiveMode.Read);
        return read.Entries[0].Crc32;
    }

    /// <summary>The offsets of the central-directory header and the local header of <paramref name="name"/>.</summary>
    public static (int Central, int Local) Find(byte[] zip, string name)
    {
        var wanted = Encoding.UTF8.GetBytes(name);
        foreach (var (central, local, entryName) in Entries(zip))
        {
            if (entryName.AsSpan().SequenceEqual(wanted))
            {
                return (central, local);
            }
        }

        throw new ArgumentException($"'{name}' is not an entry of the archive.", nameof(name));
    }

    private static IEnumerable<(int Central, int Local, byte[] Name)> Entries(byte[] zip)
    {
        var end = zip.Length - 22;
        if (end < 0 || BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end)) != EndSignature)
        {
            throw new ArgumentException("The archive has a comment or no end record; ZipSurgery handles neither.", nameof(zip));
        }

        var count = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(end + 10));
        var at = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));
        for (var i = 0; i < count; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) != CentralSignature)
            {
                throw new ArgumentException($"No central-directory header at {at}.", nameof(zip));
            }

            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28));
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 30));
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 32));
            var local = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at + 42));
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(local)) != LocalSignature)
            {
                throw new ArgumentException($"No local header at {local}.", nameof(zip));
            }

            yield return (at, local, zip.AsSpan(at + 46, nameLength).ToArray());
            at += 46 + nameLength + extraLength + commentLength;
        }
    }
}
