using System.Buffers.Binary;
using System.IO.Compression;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tests;
using OneClickPublish.Xif;

namespace OneClickPublish.Tests.Xif;

[TestClass]
public sealed class XifReaderTests
{
    private static readonly byte[] Payload = XifTestFiles.Utf8("payload");

    /// <summary>
    /// Opens the archive from a file the way the server does with an upload, extracts it if it is
    /// accepted, and returns what was reported; the sandbox must then hold nothing but the archive.
    /// </summary>
    private static DiagnosticBag OpenAndExtract(byte[] archiveBytes, XifLimits? limits = null)
    {
        using var dir = new TempDirectory();
        var archivePath = dir.WriteFile("upload.xif", archiveBytes);
        var diagnostics = new DiagnosticBag();
        using (var stream = File.OpenRead(archivePath))
        {
            using var archive = XifReader.Open(stream, limits ?? XifLimits.Default, diagnostics, "upload.xif");
            if (archive is not null)
            {
                archive.ExtractTo(dir.Combine("sandbox", "target"), diagnostics);
            }
        }

        if (diagnostics.HasErrors)
        {
            CollectionAssert.AreEqual(new[] { "upload.xif" }, dir.Listing().ToArray(), "nothing may be written for a refused archive");
        }

        return diagnostics;
    }

    private static void AssertRefusedWith(DiagnosticBag diagnostics, string code)
    {
        Assert.IsTrue(diagnostics.HasErrors, "the archive was accepted");
        CollectionAssert.Contains(diagnostics.Select(d => d.Code).ToList(), code, string.Join('\n', diagnostics));
        Assert.IsTrue(diagnostics.All(d => d.Location.File == "upload.xif"), "diagnostics name the archive");
    }

    [TestMethod]
    public void A_well_formed_hand_made_archive_is_accepted()
    {
        var diagnostics = OpenAndExtract(XifTestFiles.BuildArchive([("bin/a.dll", Payload)]));
        Assert.AreEqual(0, diagnostics.Count, string.Join('\n', diagnostics));
    }

    [TestMethod]
    [DataRow("../x", "OCP4002")]
    [DataRow("bin/../../x", "OCP4002")]
    [DataRow("/etc/x", "OCP4003")]
    [DataRow("C:\\x", "OCP4003")]
    [DataRow("C:x", "OCP4003")]
    [DataRow("\\\\server\\share\\x", "OCP4003")]
    [DataRow("bin\\x", "OCP4004")]
    [DataRow("bin/x/", "OCP4001")]
    [DataRow("bin/nul", "OCP4001")]
    public void Unsafe_entry_names_are_refused(string name, string code)
    {
        var archive = XifTestFiles.BuildArchive([(name, Payload)]);
        AssertRefusedWith(OpenAndExtract(archive), code);
    }

    [TestMethod]
    public void Entry_names_that_differ_only_in_case_are_refused()
    {
        var archive = XifTestFiles.BuildArchive([("bin/App.dll", Payload), ("BIN/app.dll", Payload)]);
        AssertRefusedWith(OpenAndExtract(archive), "OCP4005");
    }

    [TestMethod]
    public void Two_entries_with_the_very_same_name_are_refused()
    {
        var archive = XifTestFiles.BuildArchive([("bin/app.dll", Payload), ("bin/app.dll", Payload)]);
        AssertRefusedWith(OpenAndExtract(archive), "OCP4005");
    }

    [TestMethod]
    public void A_name_that_is_both_a_file_and_a_folder_is_refused()
    {
        var archive = XifTestFiles.BuildArchive([("bin", Payload), ("bin/a.dll", Payload)]);
        AssertRefusedWith(OpenAndExtract(archive), "OCP4001");
    }

    [TestMethod]
    public void An_entry_the_manifest_does_not_list_is_refused()
    {
        var definition = XifTestFiles.Utf8(XifTestFiles.DefinitionXml);
        var archive = XifTestFiles.BuildArchive(
            [("bin/a.dll", Payload), ("bin/smuggled.dll", Payload)],
            [XifTestFiles.ManifestEntry("extension.xml", definition, XifEntryKind.Definition), XifTestFiles.ManifestEntry("bin/a.dll", Payload)]);
        var diagnostics = OpenAndExtract(archive);
        AssertRefusedWith(diagnostics, "OCP4006");
        StringAssert.Contains(diagnostics.Single().Message, "bin/smuggled.dll");
    }

    [TestMethod]
    public void A_manifest_entry_absent_from_the_archive_is_refused()
    {
        var archive = XifTestFiles.BuildArchive(
            [("bin/a.dll", Payload)],
            [XifTestFiles.ManifestEntry("bin/a.dll", Payload), XifTestFiles.ManifestEntry("bin/lost.dll", Payload)]);
        AssertRefusedWith(OpenAndExtract(archive), "OCP4007");
    }

    [TestMethod]
    public void A_content_that_differs_from_its_hash_is_refused()
    {
        var tampered = XifTestFiles.ManifestEntry("bin/a.dll", XifTestFiles.Utf8("PAYLOAD"));
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", Payload)], [tampered]);
        AssertRefusedWith(OpenAndExtract(archive), "OCP4009");
    }

    [TestMethod]
    public void A_content_that_differs_from_its_size_is_refused()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", Payload)], [XifTestFiles.ManifestEntry("bin/a.dll", XifTestFiles.Utf8("payload!"))]);
        AssertRefusedWith(OpenAndExtract(archive), "OCP4008");
    }

    [TestMethod]
    public void A_zip_bomb_is_refused_by_its_compression_ratio()
    {
        var zeros = new byte[32 << 20]; // 32 MiB of zeros compress about 1000:1
        var archive = XifTestFiles.BuildArchive([("bin/bomb.dll", zeros)]);
        Assert.IsTrue(archive.Length < 1 << 20);
        AssertRefusedWith(OpenAndExtract(archive), "OCP4013");
    }

    [TestMethod]
    public void A_zip_bomb_whose_headers_lie_about_its_size_is_stopped_while_streaming()
    {
        // Headers and manifest claim 1,000 bytes; the deflate stream holds 32 MiB of zeros.
        var zeros = new byte[32 << 20];
        var claimed = XifTestFiles.ManifestEntry("bin/bomb.dll", zeros) with { Size = 1000 };
        var archive = XifTestFiles.BuildArchive([("bin/bomb.dll", zeros)], [claimed]);
        PatchUncompressedSize(archive, "bin/bomb.dll", 1000);

        // Inflating the entry whole, in memory or through a growing buffer, would allocate its 32 MiB;
        // the reader keeps one 64 KiB buffer and stops at the first read past the 1,000 bytes claimed.
        OpenAndExtract(archive); // once before measuring: the JIT and the pools allocate on first use
        var before = GC.GetAllocatedBytesForCurrentThread();
        var diagnostics = OpenAndExtract(archive);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        AssertRefusedWith(diagnostics, "OCP4008");
        Assert.AreEqual(1, diagnostics.Count, string.Join('\n', diagnostics));
        StringAssert.Contains(diagnostics.Single().Message, "more than 1000");
        Assert.IsTrue(allocated < 2 << 20, $"{allocated:N0} bytes allocated to refuse a 32 MiB bomb");
    }

    [TestMethod]
    public void An_entry_whose_crc_is_wrong_in_both_headers_is_refused_though_its_data_is_intact()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", Payload)]);
        ZipSurgery.SetCrc(archive, "bin/a.dll", ZipSurgery.Crc32Of(Payload) ^ 0x00010000);

        var diagnostics = OpenAndExtract(archive);

        AssertRefusedWith(diagnostics, "OCP4023");
        StringAssert.Contains(diagnostics.Single().Message, "CRC-32");
    }

    [TestMethod]
    public void An_entry_that_inflates_past_the_size_its_headers_and_manifest_claim_is_refused()
    {
        // Headers (size and CRC-32) and manifest (size and SHA-256) all describe the first 1,000 bytes; the deflate data holds 20,000.
        var content = new byte[20_000];
        new Random(11).NextBytes(content);
        var prefix = content[..1000];
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", content)], [XifTestFiles.ManifestEntry("bin/a.dll", prefix)]);
        ZipSurgery.SetUncompressedSize(archive, "bin/a.dll", 1000);
        ZipSurgery.SetCrc(archive, "bin/a.dll", ZipSurgery.Crc32Of(prefix));

        var diagnostics = OpenAndExtract(archive);

        AssertRefusedWith(diagnostics, "OCP4008");
        StringAssert.Contains(diagnostics.Single().Message, "more than 1000");
    }

    [TestMethod]
    public void An_entry_that_inflates_past_its_claimed_size_is_refused_by_extraction_too()
    {
        var content = new byte[20_000];
        new Random(12).NextBytes(content);
        var prefix = content[..1000];
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", content)], [XifTestFiles.ManifestEntry("bin/a.dll", prefix)]);
        ZipSurgery.SetUncompressedSize(archive, "bin/a.dll", 1000);
        ZipSurgery.SetCrc(archive, "bin/a.dll", ZipSurgery.Crc32Of(prefix));
        using var dir = new TempDirectory();
        var diagnostics = new DiagnosticBag();
        using var opened = XifReader.Open(new MemoryStream(archive), XifLimits.Default, diagnostics, verifyContent: false);
        Assert.IsNotNull(opened, string.Join('\n', diagnostics));

        Assert.IsFalse(opened.ExtractTo(dir.Combine("target"), diagnostics));
        Assert.IsFalse(opened.CopyEntryTo(opened.Manifest.Entries.Single(e => e.Path == "bin/a.dll"), Stream.Null, diagnostics));

        Assert.IsTrue(diagnostics.All(d => d.Code == "OCP4008"), string.Join('\n', diagnostics));
        Assert.AreEqual(0, dir.Listing().Count, "no target and no temporary folder");
    }

    [TestMethod]
    public void An_entry_flagged_as_encrypted_is_refused()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", Payload)]);
        ZipSurgery.SetFlags(archive, "bin/a.dll", 1);

        var diagnostics = OpenAndExtract(archive);

        AssertRefusedWith(diagnostics, "OCP4025");
        StringAssert.Contains(diagnostics.First(d => d.Code == "OCP4025").Message, "bin/a.dll");
    }

    [TestMethod]
    public void Entries_that_share_one_local_entry_are_refused()
    {
        // Three names in the central directory, one body of data: the overlapping-entries zip bomb in miniature.
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", Payload), ("bin/b.dll", Payload), ("bin/c.dll", Payload)]);
        ZipSurgery.PointAt(archive, "bin/b.dll", "bin/a.dll");
        ZipSurgery.PointAt(archive, "bin/c.dll", "bin/a.dll");

        var diagnostics = OpenAndExtract(archive);

        AssertRefusedWith(diagnostics, "OCP4026");
        Assert.IsTrue(diagnostics.Any(d => d.Code == "OCP4026" && d.Message.Contains("overlap those of entry", StringComparison.Ordinal)), string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void An_entry_whose_data_reaches_into_the_next_entry_is_refused()
    {
        // Every local header is where it should be and names its entry, but a's claimed compressed
        // bytes run on over b's local entry up to the central directory: the "quoted" overlap of
        // overlapping-entry zip bombs. a's deflate stream ends where it always did, so a still
        // inflates to its own bytes; only the layout tells.
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", Payload), ("bin/b.dll", Payload)]);
        var a = ZipSurgery.Find(archive, "bin/a.dll").Local;
        var directory = (int)BinaryPrimitives.ReadUInt32LittleEndian(archive.AsSpan(archive.Length - 22 + 16));
        ZipSurgery.SetCompressedSize(archive, "bin/a.dll", (uint)(directory - (a + 30 + "bin/a.dll".Length)));

        var diagnostics = OpenAndExtract(archive);

        AssertRefusedWith(diagnostics, "OCP4026");
        Assert.IsTrue(diagnostics.Any(d => d.Message.Contains("'bin/b.dll'", StringComparison.Ordinal) && d.Message.Contains("overlap those of entry 'bin/a.dll'", StringComparison.Ordinal)), string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void An_entry_whose_local_header_names_another_file_is_refused()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", Payload)]);
        ZipSurgery.RenameLocal(archive, "bin/a.dll", "bin/x.dll");

        var diagnostics = OpenAndExtract(archive);

        AssertRefusedWith(diagnostics, "OCP4026");
        StringAssert.Contains(diagnostics.Single().Message, "names another file");
    }

    [TestMethod]
    [DataRow((ushort)12)]
    [DataRow((ushort)14)]
    [DataRow((ushort)99)]
    public void An_entry_compressed_with_a_method_other_than_stored_or_deflate_is_refused(ushort method)
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", Payload)]);
        ZipSurgery.SetMethod(archive, "bin/a.dll", method);

        var diagnostics = OpenAndExtract(archive);

        AssertRefusedWith(diagnostics, "OCP4023");
        StringAssert.Contains(diagnostics.Single().Message, $"compression method {method}");
    }

    [TestMethod]
    public void An_archive_written_with_data_descriptors_to_a_stream_that_cannot_seek_is_read()
    {
        // CRC-32 and sizes follow each entry's data (flag bit 3); the local headers hold zeros.
        var content = new byte[200_000];
        new Random(5).NextBytes(content);
        var honest = XifTestFiles.BuildArchive([("bin/a.dll", content), ("bin/b.dll", Payload)]);
        using var buffer = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(honest), ZipArchiveMode.Read))
        using (var copy = new ZipArchive(new WriteOnlyStream(buffer), ZipArchiveMode.Create))
        {
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = copy.CreateEntry(entry.FullName).Open();
                from.CopyTo(to);
            }
        }

        var archive = buffer.ToArray();
        Assert.AreNotEqual(0, BinaryPrimitives.ReadUInt16LittleEndian(archive.AsSpan(ZipSurgery.Find(archive, "bin/a.dll").Local + 6)) & 0x8, "written with a data descriptor");

        var diagnostics = OpenAndExtract(archive);

        Assert.AreEqual(0, diagnostics.Count, string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void Too_many_entries_are_refused_before_any_is_read()
    {
        var entries = Enumerable.Range(0, 20).Select(i => ($"bin/{i}.dll", Payload));
        AssertRefusedWith(OpenAndExtract(XifTestFiles.BuildArchive(entries), XifLimits.Default with { MaxEntryCount = 10 }), "OCP4010");
    }

    [TestMethod]
    public void An_entry_over_the_size_cap_is_refused()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", new byte[5000])]);
        AssertRefusedWith(OpenAndExtract(archive, XifLimits.Default with { MaxEntrySize = 4096 }), "OCP4011");
    }

    [TestMethod]
    public void Entries_over_the_total_cap_are_refused()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", new byte[3000]), ("bin/b.dll", new byte[3000])]);
        AssertRefusedWith(OpenAndExtract(archive, XifLimits.Default with { MaxTotalSize = 5000 }), "OCP4012");
    }

    [TestMethod]
    public void An_unsupported_format_version_is_refused()
    {
        AssertRefusedWith(OpenAndExtract(XifTestFiles.BuildArchive([("bin/a.dll", Payload)], formatVersion: 2)), "OCP4014");
    }

    [TestMethod]
    public void An_archive_without_manifest_is_refused()
    {
        AssertRefusedWith(OpenAndExtract(XifTestFiles.BuildArchive([("bin/a.dll", Payload)], includeManifest: false)), "OCP4015");
    }

    [TestMethod]
    public void A_manifest_that_is_not_json_is_refused()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var stream = zip.CreateEntry("manifest.json").Open();
            stream.Write(XifTestFiles.Utf8("{ not json"));
        }

        AssertRefusedWith(OpenAndExtract(buffer.ToArray()), "OCP4016");
    }

    [TestMethod]
    [DataRow("{ \"extensionName\": \"Hello\", \"extensionVersion\": \"1.2.3\", \"entries\": [] }")]
    [DataRow("{ \"formatVersion\": 1, \"extensionName\": \"Hello\", \"extensionVersion\": \"1.2.3\", \"entries\": [ { \"path\": \"extension.xml\", \"size\": 1, \"kind\": \"Definition\" } ] }")]
    [DataRow("{ \"formatVersion\": 1, \"extensionName\": \"Hello\", \"extensionVersion\": \"1.2.3\", \"entries\": [ { \"path\": \"extension.xml\", \"size\": 1, \"sha256\": \"00\", \"kind\": \"Spell\" } ] }")]
    [DataRow("null")]
    public void A_manifest_missing_a_required_property_or_with_an_unknown_kind_is_refused(string json)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var stream = zip.CreateEntry("manifest.json").Open())
            {
                stream.Write(XifTestFiles.Utf8(json));
            }

            using (var stream = zip.CreateEntry("extension.xml").Open())
            {
                stream.WriteByte((byte)'<');
            }
        }

        AssertRefusedWith(OpenAndExtract(buffer.ToArray()), "OCP4016");
    }

    [TestMethod]
    public void A_manifest_without_definition_is_refused()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", Payload)], [XifTestFiles.ManifestEntry("bin/a.dll", Payload), XifTestFiles.ManifestEntry("extension.xml", XifTestFiles.Utf8(XifTestFiles.DefinitionXml), XifEntryKind.Resource)]);
        AssertRefusedWith(OpenAndExtract(archive), "OCP4018");
    }

    [TestMethod]
    public void A_file_that_is_not_a_zip_is_refused()
    {
        AssertRefusedWith(OpenAndExtract(XifTestFiles.Utf8("this is not a zip archive at all, it is text")), "OCP4017");
    }

    [TestMethod]
    public void An_Integration_Studio_xif_is_refused_with_the_code_that_says_to_import_it()
    {
        using var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(XifTestFiles.Utf8("<?xml version=\"1.0\"?><Extension Name=\"Geo\" />"));
        }

        AssertRefusedWith(OpenAndExtract(compressed.ToArray()), "OCP4027");
        Assert.IsTrue(XifFormat.LooksLikeIntegrationStudio([0x78, 0xDA]));
        Assert.IsFalse(XifFormat.LooksLikeIntegrationStudio("PK"u8), "a ZIP");
        Assert.IsFalse(XifFormat.LooksLikeIntegrationStudio([0x78, 0xDB]), "a header whose check fails");
        Assert.IsFalse(XifFormat.LooksLikeIntegrationStudio([0x78, 0xBB]), "a preset dictionary");
        Assert.IsFalse(XifFormat.LooksLikeIntegrationStudio([0x78]), "one byte");
    }

    [TestMethod]
    public void A_truncated_upload_is_refused()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", Payload)]);
        AssertRefusedWith(OpenAndExtract(archive[..(archive.Length / 2)]), "OCP4017");
    }

    [TestMethod]
    public void Extraction_refuses_an_existing_target()
    {
        using var dir = new TempDirectory();
        var diagnostics = new DiagnosticBag();
        using var archive = XifReader.Open(new MemoryStream(XifTestFiles.BuildArchive([("bin/a.dll", Payload)])), XifLimits.Default, diagnostics);
        Assert.IsNotNull(archive);
        Directory.CreateDirectory(dir.Combine("target"));

        Assert.IsFalse(archive.ExtractTo(dir.Combine("target"), diagnostics));

        Assert.AreEqual("OCP4019", diagnostics.Single().Code);
        StringAssert.EndsWith(diagnostics.Single().Message, ": the target already exists");
        CollectionAssert.AreEqual(new[] { "target" }, dir.Listing().ToArray());
    }

    [TestMethod]
    public void Extraction_checks_every_byte_again_and_leaves_nothing_behind_when_the_archive_changed_after_opening()
    {
        using var dir = new TempDirectory();
        var content = new byte[100_000];
        new Random(7).NextBytes(content);
        var bytes = XifTestFiles.BuildArchive([("bin/a.dll", content), ("bin/z.dll", Payload)], level: CompressionLevel.NoCompression);
        var stream = new MemoryStream(bytes);
        var diagnostics = new DiagnosticBag();
        using var archive = XifReader.Open(stream, XifLimits.Default, diagnostics);
        Assert.IsNotNull(archive, string.Join('\n', diagnostics));

        // Flip one stored byte of bin/a.dll after the archive was accepted.
        var at = bytes.AsSpan().IndexOf(content.AsSpan(0, 64));
        bytes[at + 10] ^= 0xFF; // the MemoryStream reads this very array

        Assert.IsFalse(archive.ExtractTo(dir.Combine("target"), diagnostics));
        Assert.IsTrue(diagnostics.Single().Code is "OCP4009" or "OCP4023", string.Join('\n', diagnostics));
        Assert.AreEqual(0, dir.Listing().Count, "no target and no temporary folder");
    }

    [TestMethod]
    public void Without_content_verification_at_open_extraction_still_refuses_a_bad_hash_and_leaves_nothing()
    {
        using var dir = new TempDirectory();
        var tampered = XifTestFiles.ManifestEntry("bin/z.dll", XifTestFiles.Utf8("PAYLOAD"));
        var bytes = XifTestFiles.BuildArchive([("bin/a.dll", Payload), ("bin/z.dll", Payload)], [XifTestFiles.ManifestEntry("bin/a.dll", Payload), tampered]);
        var diagnostics = new DiagnosticBag();
        using var archive = XifReader.Open(new MemoryStream(bytes), XifLimits.Default, diagnostics, verifyContent: false);
        Assert.IsNotNull(archive, string.Join('\n', diagnostics));

        Assert.IsFalse(archive.ExtractTo(dir.Combine("target"), diagnostics));

        Assert.AreEqual("OCP4009", diagnostics.Single().Code);
        Assert.AreEqual(0, dir.Listing().Count, "no target and no temporary folder");
    }

    [TestMethod]
    public void A_stream_that_cannot_seek_is_a_programming_error()
    {
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.In);
        Assert.ThrowsExactly<ArgumentException>(() => XifReader.Open(pipe, XifLimits.Default, new DiagnosticBag()));
    }

    /// <summary>Rewrites the uncompressed size of an entry in its local header and its central-directory header.</summary>
    private static void PatchUncompressedSize(byte[] archive, string name, uint size)
    {
        var nameBytes = XifTestFiles.Utf8(name);
        for (var i = 0; i + 46 < archive.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(archive.AsSpan(i));
            if (signature == 0x04034b50 && archive.AsSpan(i + 30, nameBytes.Length).SequenceEqual(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(i + 22), size);
            }
            else if (signature == 0x02014b50 && archive.AsSpan(i + 46, nameBytes.Length).SequenceEqual(nameBytes))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(archive.AsSpan(i + 24), size);
            }
        }
    }
}

[TestClass]
public sealed class XifReaderFuzzTests
{
    /// <summary>
    /// A damaged upload must give coded errors, never an exception: flip bytes all over a valid
    /// package (headers, manifest, data, central directory) and open each variant.
    /// </summary>
    [TestMethod]
    public void Damaged_archives_give_coded_errors_and_never_throw()
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir);
        var output = dir.Combine("Hello.xif");
        XifWriter.Write(spec, output);
        var original = File.ReadAllBytes(output);
        var random = new Random(1234);
        var refused = 0;
        for (var round = 0; round < 400; round++)
        {
            var bytes = (byte[])original.Clone();
            var flips = random.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                // Half the flips land in the last 2 KiB, where the central directory and the end record are.
                var at = random.Next(2) == 0 ? random.Next(bytes.Length) : bytes.Length - 1 - random.Next(Math.Min(2048, bytes.Length));
                bytes[at] = (byte)random.Next(256);
            }

            var diagnostics = new DiagnosticBag();
            try
            {
                using var archive = XifReader.Open(new MemoryStream(bytes), XifLimits.Default, diagnostics);
                Assert.AreEqual(archive is null, diagnostics.HasErrors, string.Join('\n', diagnostics));
                if (archive is null)
                {
                    refused++;
                    Assert.IsTrue(diagnostics.All(d => d.Code.StartsWith("OCP40", StringComparison.Ordinal)));
                }
            }
            catch (Exception ex) when (ex is not AssertFailedException)
            {
                Assert.Fail($"round {round}: {ex.GetType()}: {ex.Message}");
            }
        }

        Assert.IsTrue(refused > 200, $"only {refused} of 400 damaged archives were refused");
    }
}

/// <summary>A stream that can only be written, as a network stream: ZipArchive then writes data descriptors.</summary>
internal sealed class WriteOnlyStream(Stream inner) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        _written += count;
    }
}
