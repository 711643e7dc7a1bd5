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

    /// <summary>A file holding one stored <c>manifest.json</c> of 10 placeholder bytes, as <see cref="XifWriter"/> leaves it before finishing.</summary>
    private static string Placeholder(TempDirectory dir, bool localExtra = false) =>
        dir.WriteFile("a.zip", RawZip.Build([new(XifFormat.ManifestEntryPath, new byte[10], OtherExtraFirst: localExtra)]));

    [TestMethod]
    [DataRow(0)] // signature
    [DataRow(30)] // name
    [DataRow(8)] // compression method
    [DataRow(6)] // data descriptor flag
    [DataRow(18)] // compressed size
    [DataRow(22)] // uncompressed size
    public void A_first_local_header_that_differs_in_any_one_field_from_the_stored_placeholder_is_not_finished(int field)
    {
        using var dir = new TempDirectory();
        var path = Placeholder(dir);
        var bytes = File.ReadAllBytes(path);
        bytes[field] ^= field == 6 ? (byte)0x8 : (byte)1;
        File.WriteAllBytes(path, bytes);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);

        var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => ZipPatcher.Finish(stream, XifFormat.ManifestEntryPath, new byte[10]));
        StringAssert.Contains(thrown.Message, "does not start with 'manifest.json' stored in 10 bytes");
    }

    [TestMethod]
    public void The_manifest_is_written_past_a_local_extra_field()
    {
        using var dir = new TempDirectory();
        var path = Placeholder(dir, localExtra: true);
        var content = XifTestFiles.Utf8("0123456789");
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            ZipPatcher.Finish(stream, XifFormat.ManifestEntryPath, content);
        }

        using var zip = ZipFile.OpenRead(path);
        using var read = new MemoryStream();
        using (var entry = zip.Entries.Single().Open())
        {
            entry.CopyTo(read);
        }

        CollectionAssert.AreEqual(content, read.ToArray());
        Assert.AreEqual(ZipSurgery.Crc32Of(content), zip.Entries.Single().Crc32);
    }

    [TestMethod]
    public void A_central_directory_whose_first_entry_has_another_length_is_not_finished()
    {
        using var dir = new TempDirectory();
        var path = Placeholder(dir);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);

        var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => ZipPatcher.Finish(stream, XifFormat.ManifestEntryPath, new byte[11], firstEntryStored: false));
        StringAssert.Contains(thrown.Message, "central directory does not start with 'manifest.json'");
    }

    [TestMethod]
    [DataRow(10)] // entry count
    [DataRow(12)] // directory size
    [DataRow(16)] // directory offset
    public void An_end_record_with_any_one_field_saturated_and_no_Zip64_locator_is_not_patched(int field)
    {
        var bytes = RawZip.Build([new("a.txt", Payload)]);
        var end = bytes.AsSpan(bytes.Length - 22);
        if (field == 10)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(end[field..], ushort.MaxValue);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(end[field..], uint.MaxValue);
        }

        using var stream = new MemoryStream();
        stream.Write(bytes);

        var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => ZipPatcher.NormalizeHosts(stream));
        StringAssert.Contains(thrown.Message, "no Zip64 locator");
    }

    [TestMethod]
    public void Hosts_are_cleared_past_entries_with_extra_fields_and_comments()
    {
        using var buffer = new MemoryStream();
        buffer.Write(RawZip.Build([new("a.txt", Payload, OtherExtraFirst: true), new("b.txt", Payload, OtherExtraFirst: true)]));
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries)
            {
                entry.Comment = $"about {entry.FullName}";
            }
        }

        var bytes = buffer.ToArray();
        Assert.AreNotEqual(0, Host(bytes, "b.txt"), "written on this machine's host system");
        using var stream = new MemoryStream();
        stream.Write(bytes);

        ZipPatcher.NormalizeHosts(stream);

        var patched = stream.ToArray();
        Assert.AreEqual(0, Host(patched, "a.txt"));
        Assert.AreEqual(0, Host(patched, "b.txt"));
    }
}
