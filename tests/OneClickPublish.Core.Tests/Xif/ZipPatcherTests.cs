using System.Buffers.Binary;
using System.IO.Compression;
using OneClickPublish.Xif;

namespace OneClickPublish.Tests.Xif;

/// <summary>
/// The patcher edits archives it (or the server's feed) has just written; anything else it finds
/// is a bug of ours, refused with an exception rather than patched at a guessed offset.
/// </summary>
[TestClass]
public sealed class ZipPatcherTests
{
    private static readonly byte[] Payload = XifTestFiles.Utf8("payload");

    private static int Host(byte[] zip, string name) => zip[ZipSurgery.Find(zip, name).Central + 5];

    [TestMethod]
    public void Hosts_and_attributes_are_cleared_in_an_archive_with_a_Zip64_end_record()
    {
        var bytes = RawZip.Build([new("a.txt", Payload), new("b.txt", Payload)], zip64End: true);
        foreach (var name in new[] { "a.txt", "b.txt" })
        {
            var central = CentralOf(bytes, name);
            bytes[central + 5] = 3; // Unix
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 38), 0x81A40000); // -rw-r--r--
        }

        using var stream = new MemoryStream();
        stream.Write(bytes);
        ZipPatcher.NormalizeHosts(stream);

        var patched = stream.ToArray();
        foreach (var name in new[] { "a.txt", "b.txt" })
        {
            var central = CentralOf(patched, name);
            Assert.AreEqual(0, patched[central + 5], name);
            Assert.AreEqual(0u, BinaryPrimitives.ReadUInt32LittleEndian(patched.AsSpan(central + 38)), name);
        }

        using var zip = new ZipArchive(new MemoryStream(patched), ZipArchiveMode.Read);
        Assert.AreEqual(2, zip.Entries.Count);
    }

    /// <summary>ZipSurgery reads only the 32-bit end record; a Zip64 archive's central headers are found by name.</summary>
    private static int CentralOf(byte[] zip, string name)
    {
        var signature = new byte[] { 0x50, 0x4b, 0x01, 0x02 };
        var wanted = XifTestFiles.Utf8(name);
        for (var at = zip.AsSpan().IndexOf(signature); at >= 0; at = zip.AsSpan(at + 1).IndexOf(signature) is var next and >= 0 ? at + 1 + next : -1)
        {
            if (zip.AsSpan(at + 46, wanted.Length).SequenceEqual(wanted))
            {
                return at;
            }
        }

        throw new ArgumentException(name);
    }

    [TestMethod]
    public void An_archive_with_a_comment_is_not_patched()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("a.txt");
            zip.Comment = "a comment moves the end record";
        }

        var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => ZipPatcher.NormalizeHosts(stream));
        StringAssert.Contains(thrown.Message, "end-of-central-directory");
    }

    [TestMethod]
    public void A_damaged_central_directory_is_not_patched()
    {
        var bytes = XifTestFiles.BuildArchive([("bin/a.dll", Payload)]);
        bytes[ZipSurgery.Find(bytes, "bin/a.dll").Central] ^= 0xFF;
        using var stream = new MemoryStream();
        stream.Write(bytes);

        var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => ZipPatcher.NormalizeHosts(stream));
        StringAssert.Contains(thrown.Message, "malformed central directory");
    }

    [TestMethod]
    public void A_saturated_end_record_without_a_Zip64_locator_is_not_patched()
    {
        var bytes = RawZip.Build([new("a.txt", Payload)], zip64End: true);
        bytes[^(22 + 20)] ^= 0xFF; // the locator's signature
        using var stream = new MemoryStream();
        stream.Write(bytes);

        var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => ZipPatcher.NormalizeHosts(stream));
        StringAssert.Contains(thrown.Message, "no Zip64 locator");
    }

    [TestMethod]
    public void A_Zip64_locator_pointing_at_no_record_is_not_patched()
    {
        var bytes = RawZip.Build([new("a.txt", Payload)], zip64End: true);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 22 - 20 + 8), 0);
        using var stream = new MemoryStream();
        stream.Write(bytes);

        var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => ZipPatcher.NormalizeHosts(stream));
        StringAssert.Contains(thrown.Message, "malformed Zip64 end record");
    }

    [TestMethod]
    public void An_archive_that_does_not_start_with_the_stored_placeholder_is_not_finished()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteFile("a.zip", XifTestFiles.BuildArchive([("bin/a.dll", Payload)]));
        var manifest = XifTestFiles.Utf8("{}");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);

        var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => ZipPatcher.Finish(stream, XifFormat.ManifestEntryPath, manifest));
        StringAssert.Contains(thrown.Message, "does not start with 'manifest.json' stored in 2 bytes");
    }

    [TestMethod]
    public void A_central_directory_that_does_not_start_with_the_first_entry_is_not_finished()
    {
        // Written as .NET Framework writes it (firstEntryStored: false): only the central directory is checked.
        using var dir = new TempDirectory();
        var path = dir.WriteFile("a.zip", XifTestFiles.BuildArchive([("bin/a.dll", Payload)], includeManifest: false));
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);

        var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => ZipPatcher.Finish(stream, XifFormat.ManifestEntryPath, XifTestFiles.Utf8("{}"), firstEntryStored: false));
        StringAssert.Contains(thrown.Message, "central directory does not start with 'manifest.json'");
    }

    [TestMethod]
    public void Finishing_without_a_stored_first_entry_sets_its_crc_in_the_central_directory_only()
    {
        using var dir = new TempDirectory();
        var content = XifTestFiles.Utf8("{ \"x\": 1 }");
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry(XifFormat.ManifestEntryPath, CompressionLevel.Optimal).Open();
            entry.Write(content);
        }

        var original = buffer.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(original.AsSpan(ZipSurgery.Find(original, XifFormat.ManifestEntryPath).Central + 16), 0); // as a placeholder's
        var path = dir.WriteFile("a.zip", original);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            ZipPatcher.Finish(stream, XifFormat.ManifestEntryPath, content, firstEntryStored: false);
        }

        var patched = File.ReadAllBytes(path);
        var (central, local) = ZipSurgery.Find(patched, XifFormat.ManifestEntryPath);
        Assert.AreEqual(ZipSurgery.Crc32Of(content), BinaryPrimitives.ReadUInt32LittleEndian(patched.AsSpan(central + 16)));
        CollectionAssert.AreEqual(original[..central], patched[..central], "the local entry is left as it was");
        Assert.AreEqual(0, Host(patched, XifFormat.ManifestEntryPath));
        Assert.AreEqual(0, local);
    }
}
