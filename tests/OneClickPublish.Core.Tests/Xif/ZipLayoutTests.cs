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
        Assert.ThrowsExactly<InvalidOperationException>(() => ZipLayout.OpenData(new MemoryStream(new byte[100]), unchecked_));
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
}
