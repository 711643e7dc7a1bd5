using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using OneClickPublish.Diagnostics;
using OneClickPublish.Xif;

namespace OneClickPublish.Tests.Xif;

/// <summary>
/// The layout the reader reads beside System.IO.Compression: Zip64 records and extra fields, and
/// every way a local header can disagree with the central directory.
/// </summary>
[TestClass]
public sealed class ZipLayoutTests
{
    private static readonly byte[] Payload = XifTestFiles.Utf8("payload");
    private static readonly byte[] Definition = XifTestFiles.Utf8(XifTestFiles.DefinitionXml);

    /// <summary>manifest.json, extension.xml and bin/a.dll with a truthful manifest, each entry's headers as <paramref name="shape"/> makes them.</summary>
    private static byte[] RawXif(Func<RawZipEntry, RawZipEntry> shape, bool zip64End = false)
    {
        var manifest = new XifManifest
        {
            FormatVersion = XifFormat.CurrentFormatVersion,
            ExtensionName = "Hello",
            ExtensionVersion = "1.2.3",
            Entries =
            [
                XifTestFiles.ManifestEntry(XifFormat.DefinitionEntryPath, Definition, XifEntryKind.Definition),
                XifTestFiles.ManifestEntry("bin/a.dll", Payload),
            ],
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(manifest, XifManifestJsonContext.Default.XifManifest);
        RawZipEntry[] entries = [new(XifFormat.ManifestEntryPath, json), new(XifFormat.DefinitionEntryPath, Definition), new("bin/a.dll", Payload)];
        return RawZip.Build([.. entries.Select(shape)], zip64End);
    }

    private static (XifArchive? Archive, List<Diagnostic> Diagnostics) Open(byte[] bytes)
    {
        var diagnostics = new DiagnosticBag();
        var archive = XifReader.Open(new MemoryStream(bytes), XifLimits.Default, diagnostics, "upload.xif");
        return (archive, [.. diagnostics]);
    }

    private static void AssertRefusedWith(byte[] bytes, string code, string? messagePart = null)
    {
        var (archive, diagnostics) = Open(bytes);
        Assert.IsNull(archive);
        Assert.IsTrue(
            diagnostics.Exists(d => d.Code == code && (messagePart is null || d.Message.Contains(messagePart, StringComparison.Ordinal))),
            $"no {code} saying '{messagePart}' in:\n{string.Join('\n', diagnostics)}");
    }

    private static void AssertAcceptedWithItsBytes(byte[] bytes)
    {
        var (archive, diagnostics) = Open(bytes);
        using (archive)
        {
            Assert.IsNotNull(archive, string.Join('\n', diagnostics));
            using var copy = new MemoryStream();
            Assert.IsTrue(archive.CopyEntryTo(archive.Manifest.Entries.Single(e => e.Path == "bin/a.dll"), copy, new DiagnosticBag()));
            CollectionAssert.AreEqual(Payload, copy.ToArray());
        }
    }

    [TestMethod]
    public void The_hand_written_archive_of_these_tests_is_accepted() =>
        AssertAcceptedWithItsBytes(RawXif(e => e));

    [TestMethod]
    [DataRow(true, false, false)]
    [DataRow(true, true, false)]
    [DataRow(false, true, false)]
    [DataRow(true, true, true)]
    public void Sizes_and_offsets_in_Zip64_extra_fields_are_read(bool sizes, bool offset, bool otherExtraFirst) =>
        AssertAcceptedWithItsBytes(RawXif(e => e with { Zip64Sizes = sizes, Zip64Offset = offset, OtherExtraFirst = otherExtraFirst }));

    [TestMethod]
    public void The_Zip64_end_record_is_read() =>
        AssertAcceptedWithItsBytes(RawXif(e => e, zip64End: true));

    /// <summary>Offset of the Zip64 end record in an archive built with <c>zip64End: true</c>: the locator (20 bytes) before the end record (22) points at it.</summary>
    private static int Zip64RecordOffset(byte[] bytes) => (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 22 - 20 + 8));

    [TestMethod]
    public void The_entry_count_of_the_Zip64_end_record_is_held_to_the_cap_before_the_directory_is_read()
    {
        var bytes = RawXif(e => e, zip64End: true);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(Zip64RecordOffset(bytes) + 32), 20_000);

        AssertRefusedWith(bytes, "OCP4010", "20000");
    }

    [TestMethod]
    public void A_Zip64_entry_count_beyond_any_file_counts_as_too_many()
    {
        var bytes = RawXif(e => e, zip64End: true);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(Zip64RecordOffset(bytes) + 32), ulong.MaxValue);

        AssertRefusedWith(bytes, "OCP4010");
    }

    [TestMethod]
    public void A_Zip64_locator_pointing_past_the_file_is_not_an_archive()
    {
        var bytes = RawXif(e => e, zip64End: true);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 22 - 20 + 8), (ulong)bytes.Length);

        AssertRefusedWith(bytes, "OCP4017");
    }

    [TestMethod]
    public void A_Zip64_locator_pointing_at_no_record_leaves_the_saturated_count()
    {
        // 65,535 entries, as the 16-bit field says, is over the default cap of 10,000.
        var bytes = RawXif(e => e, zip64End: true);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 22 - 20 + 8), 0);

        AssertRefusedWith(bytes, "OCP4010", "65535");
    }

    private static byte[] Archive() => XifTestFiles.BuildArchive([("bin/a.dll", Payload), ("bin/b.dll", Payload)]);

    [TestMethod]
    public void A_central_header_pointing_into_the_central_directory_is_refused()
    {
        var bytes = Archive();
        var (central, _) = ZipSurgery.Find(bytes, "bin/b.dll");
        var directory = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 22 + 16));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 42), directory);

        AssertRefusedWith(bytes, "OCP4026", $"its local header would be at offset {directory}, outside the part of the archive that holds entries");
    }

    [TestMethod]
    public void A_central_header_pointing_at_no_local_header_is_refused()
    {
        var bytes = Archive();
        var (central, local) = ZipSurgery.Find(bytes, "bin/b.dll");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 42), (uint)local + 1);

        AssertRefusedWith(bytes, "OCP4026", $"there is no local header at offset {local + 1}");
    }

    [TestMethod]
    public void An_entry_whose_data_would_run_into_the_central_directory_is_refused()
    {
        var bytes = Archive();
        ZipSurgery.SetCompressedSize(bytes, "bin/b.dll", 100_000);

        AssertRefusedWith(bytes, "OCP4026", "its data runs into the central directory");
    }

    [TestMethod]
    public void An_entry_encrypted_in_its_local_header_only_is_refused()
    {
        var bytes = Archive();
        var (_, local) = ZipSurgery.Find(bytes, "bin/b.dll");
        bytes[local + 6] |= 1;

        AssertRefusedWith(bytes, "OCP4025", "bin/b.dll");
    }

    [TestMethod]
    public void A_local_header_naming_another_compression_method_is_refused()
    {
        var bytes = Archive();
        var (_, local) = ZipSurgery.Find(bytes, "bin/b.dll");
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(local + 8), 0);

        AssertRefusedWith(bytes, "OCP4026", "its local header and the central directory name different compression methods");
    }

    [TestMethod]
    [DataRow(14)] // CRC-32
    [DataRow(18)] // compressed size
    [DataRow(22)] // uncompressed size
    public void A_local_header_whose_crc_or_sizes_differ_from_the_central_directory_is_refused(int field)
    {
        var bytes = Archive();
        var (_, local) = ZipSurgery.Find(bytes, "bin/b.dll");
        bytes[local + field] ^= 1;

        AssertRefusedWith(bytes, "OCP4026", "its local header and the central directory disagree on its CRC-32 or sizes");
    }

    [TestMethod]
    public void Entry_data_is_never_read_from_a_layout_that_was_not_checked()
    {
        var unchecked_ = new ZipEntryLayout("a", "a"u8.ToArray(), 0, 0, 0, 10, 10, 0);
        var thrown = Assert.ThrowsExactly<InvalidOperationException>(() => ZipLayout.OpenData(new MemoryStream(new byte[100]), unchecked_));
        StringAssert.Contains(thrown.Message, "The layout of 'a' was not checked");
    }

    [TestMethod]
    public void Stored_data_is_a_read_only_window_on_the_archive()
    {
        var archive = new MemoryStream([.. Enumerable.Range(0, 100).Select(i => (byte)i)]);
        var layout = new ZipEntryLayout("a", "a"u8.ToArray(), 0, 0, 0, 10, 10, 0) { DataOffset = 40 };

        using var data = ZipLayout.OpenData(archive, layout);
        var buffer = new byte[64];
        var read = data.Read(buffer, 0, buffer.Length);

        Assert.AreEqual(10, read);
        CollectionAssert.AreEqual(Enumerable.Range(40, 10).Select(i => (byte)i).ToArray(), buffer[..10]);
        Assert.AreEqual(0, data.Read(buffer, 0, buffer.Length), "the window ends where the entry does");
        Assert.IsTrue(data.CanRead);
        Assert.IsFalse(data.CanSeek);
        Assert.IsFalse(data.CanWrite);
        Assert.AreEqual(10, data.Length);
        Assert.AreEqual(10, data.Position);
        data.Flush();
        Assert.ThrowsExactly<NotSupportedException>(() => data.Position = 0);
        Assert.ThrowsExactly<NotSupportedException>(() => data.Seek(0, SeekOrigin.Begin));
        Assert.ThrowsExactly<NotSupportedException>(() => data.SetLength(0));
        Assert.ThrowsExactly<NotSupportedException>(() => data.Write(buffer, 0, 1));
    }

    [TestMethod]
    public void Deflated_data_is_inflated()
    {
        var bytes = XifTestFiles.BuildArchive([("bin/a.dll", new byte[10_000])], level: CompressionLevel.Optimal);
        var (archive, diagnostics) = Open(bytes);
        using (archive)
        {
            Assert.IsNotNull(archive, string.Join('\n', diagnostics));
            using var copy = new MemoryStream();
            Assert.IsTrue(archive.CopyEntryTo(archive.Manifest.Entries.Single(e => e.Path == "bin/a.dll"), copy, new DiagnosticBag()));
            Assert.AreEqual(10_000, copy.Length);
        }
    }

    [TestMethod]
    [DataRow(-1)] // none: the record is not consulted
    [DataRow(4)] // number of this disk
    [DataRow(10)] // entry count
    [DataRow(12)] // directory size
    [DataRow(16)] // directory offset
    public void The_Zip64_end_record_is_read_when_any_field_of_the_end_record_is_saturated_and_only_then(int field)
    {
        // The Zip64 record claims 20,000 entries; the end record holds the true values except the one saturated.
        var bytes = RawXif(e => e, zip64End: true);
        var record = Zip64RecordOffset(bytes);
        var end = bytes.AsSpan(bytes.Length - 22);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(record + 32)));
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(record + 32)));
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(record + 40)));
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(record + 48)));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(record + 24), 20_000);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(record + 32), 20_000);
        if (field == -1)
        {
            AssertAcceptedWithItsBytes(bytes);
            return;
        }

        if (field is 4 or 10)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(end[field..], ushort.MaxValue);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(end[field..], uint.MaxValue);
        }

        AssertRefusedWith(bytes, "OCP4010", "The archive has 20000 entries");
    }

    /// <summary>Reads the layout of <paramref name="damaged"/> with the entries System.IO.Compression finds in <paramref name="original"/>.</summary>
    private static void ReadLayout(byte[] damaged, byte[] original)
    {
        using var zip = new ZipArchive(new MemoryStream(original), ZipArchiveMode.Read);
        ZipLayout.Read(new MemoryStream(damaged), zip.Entries);
    }

    [TestMethod]
    [DataRow("no end record", "the end of the central directory cannot be found")]
    [DataRow("directory past the end", "the central directory lies outside the file")]
    [DataRow("Zip64 offset beyond any file", "the central directory lies outside the file")]
    [DataRow("directory too short", "the central directory ends inside a header")]
    [DataRow("directory starting one byte late", "no central-directory header at offset")]
    [DataRow("uncompressed size read two ways", "the central directory is read two ways for 'bin/a.dll'")]
    public void A_central_directory_that_cannot_be_walked_is_refused_with_the_reason(string damage, string reason)
    {
        var original = damage == "Zip64 offset beyond any file" ? RawXif(e => e, zip64End: true) : Archive();
        var bytes = (byte[])original.Clone();
        var end = bytes.Length - 22;
        switch (damage)
        {
            case "no end record":
                bytes.AsSpan(end, 4).Clear();
                break;
            case "directory past the end":
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(end + 16), (uint)bytes.Length);
                break;
            case "Zip64 offset beyond any file":
                BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(Zip64RecordOffset(bytes) + 48), ulong.MaxValue);
                break;
            case "directory too short":
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(end + 12), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end + 12)) - 10);
                break;
            case "directory starting one byte late":
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(end + 12), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end + 12)) - 1);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(end + 16), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(end + 16)) + 1);
                break;
            default:
                var (central, _) = ZipSurgery.Find(bytes, "bin/a.dll");
                bytes[central + 24] ^= 1; // the central directory only; the compressed size stays
                break;
        }

        var thrown = Assert.ThrowsExactly<InvalidDataException>(() => ReadLayout(bytes, original));
        StringAssert.Contains(thrown.Message, reason);
    }

    [TestMethod]
    public void A_central_directory_holding_other_than_the_declared_count_is_refused()
    {
        var bytes = Archive();
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);

        var thrown = Assert.ThrowsExactly<InvalidDataException>(() => ZipLayout.Read(new MemoryStream(bytes), [.. zip.Entries.Take(2)]));

        StringAssert.Contains(thrown.Message, "the end record declares 4 entries, the central directory holds 2");
    }

    [TestMethod]
    public void Entries_carrying_comments_are_read()
    {
        using var buffer = new MemoryStream();
        buffer.Write(Archive());
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries)
            {
                entry.Comment = $"about {entry.FullName}";
            }
        }

        var (archive, diagnostics) = Open(buffer.ToArray());
        using (archive)
        {
            Assert.IsNotNull(archive, string.Join('\n', diagnostics));
        }
    }

    [TestMethod]
    public void An_extra_field_that_claims_more_bytes_than_the_header_holds_is_ignored()
    {
        var bytes = RawXif(e => e with { OtherExtraFirst = true });
        var (central, _) = ZipSurgery.Find(bytes, "bin/a.dll");
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(central + 46 + "bin/a.dll".Length + 2), 200);

        AssertAcceptedWithItsBytes(bytes);
    }

    [TestMethod]
    public void An_encrypted_entry_is_reported_once()
    {
        var bytes = Archive();
        ZipSurgery.SetFlags(bytes, "bin/b.dll", 1);

        var (archive, diagnostics) = Open(bytes);

        Assert.IsNull(archive);
        Assert.AreEqual("OCP4025", diagnostics.Single().Code, string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void A_central_header_pointing_into_the_central_directory_is_reported_once()
    {
        var bytes = Archive();
        var (central, _) = ZipSurgery.Find(bytes, "bin/b.dll");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 42), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 22 + 16)));

        var (archive, diagnostics) = Open(bytes);

        Assert.IsNull(archive);
        StringAssert.Contains(diagnostics.Single().Message, "outside the part of the archive that holds entries");
    }

    [TestMethod]
    public void An_entry_whose_data_runs_one_byte_into_the_central_directory_is_reported_once()
    {
        // bin/a.dll is followed by bin/b.dll: its data is not also reported as overlapping b's.
        var bytes = Archive();
        var a = ZipSurgery.Find(bytes, "bin/a.dll").Local;
        var directory = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 22 + 16));
        ZipSurgery.SetCompressedSize(bytes, "bin/a.dll", (uint)(directory - (a + 30 + "bin/a.dll".Length) + 1));

        var (archive, diagnostics) = Open(bytes);

        Assert.IsNull(archive);
        Assert.AreEqual("OCP4026", diagnostics.Single().Code, string.Join('\n', diagnostics));
        StringAssert.Contains(diagnostics.Single().Message, "Entry 'bin/a.dll' is not an entry of its own in the archive: its data runs into the central directory");
    }

    [TestMethod]
    public void Entries_that_share_one_local_entry_are_each_reported_once_against_the_entry_they_share()
    {
        var bytes = XifTestFiles.BuildArchive([("bin/a.dll", Payload), ("bin/b.dll", Payload), ("bin/c.dll", Payload)]);
        ZipSurgery.PointAt(bytes, "bin/b.dll", "bin/a.dll");
        ZipSurgery.PointAt(bytes, "bin/c.dll", "bin/a.dll");

        var (archive, diagnostics) = Open(bytes);

        Assert.IsNull(archive);
        CollectionAssert.AreEqual(
            new[] { "Entry 'bin/b.dll' is not an entry of its own in the archive: its bytes overlap those of entry 'bin/a.dll'", "Entry 'bin/c.dll' is not an entry of its own in the archive: its bytes overlap those of entry 'bin/a.dll'" },
            diagnostics.Select(d => d.Message).ToArray());
    }

    [TestMethod]
    public void A_window_may_start_at_the_first_byte_of_the_archive()
    {
        var archive = new MemoryStream([.. Enumerable.Range(0, 100).Select(i => (byte)i)]);
        var layout = new ZipEntryLayout("a", "a"u8.ToArray(), 0, 0, 0, 10, 10, 0) { DataOffset = 0 };

        using var data = ZipLayout.OpenData(archive, layout);
        var buffer = new byte[10];

        Assert.AreEqual(10, data.Read(buffer, 0, buffer.Length));
        CollectionAssert.AreEqual(Enumerable.Range(0, 10).Select(i => (byte)i).ToArray(), buffer);
    }
}
