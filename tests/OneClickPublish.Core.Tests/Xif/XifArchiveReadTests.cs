using System.IO.Compression;
using OneClickPublish.Diagnostics;
using OneClickPublish.Xif;

namespace OneClickPublish.Tests.Xif;

/// <summary>
/// How <see cref="XifReader.Open(Stream, XifLimits, DiagnosticBag, string?, bool, bool)"/> treats the
/// stream it is given, and the checks an accepted <see cref="XifArchive"/> makes again on every read.
/// </summary>
[TestClass]
public sealed class XifArchiveReadTests
{
    private static readonly byte[] Payload = XifTestFiles.Utf8("payload");

    [TestMethod]
    public void A_path_that_cannot_be_opened_is_refused_with_the_path_as_location()
    {
        using var dir = new TempDirectory();
        var missing = dir.Combine("missing.xif");
        var diagnostics = new DiagnosticBag();

        Assert.IsNull(XifReader.Open(missing, XifLimits.Default, diagnostics));

        Assert.AreEqual("OCP4017", diagnostics.Single().Code);
        Assert.AreEqual(missing, diagnostics.Single().Location.File);
    }

    [TestMethod]
    public void A_file_opened_by_path_is_read_and_released_with_the_archive()
    {
        using var dir = new TempDirectory();
        var path = dir.WriteFile("ok.xif", XifTestFiles.BuildArchive([("bin/a.dll", Payload)]));
        var diagnostics = new DiagnosticBag();

        using (var archive = XifReader.Open(path, XifLimits.Default, diagnostics))
        {
            Assert.IsNotNull(archive, string.Join('\n', diagnostics));
            Assert.AreEqual(path, archive.Location.File);
            Assert.AreEqual(XifFormat.DefinitionEntryPath, archive.DefinitionEntry.Path);
        }

        File.Delete(path); // on every OS: the handle is closed
        Assert.IsFalse(File.Exists(path));
    }

    [TestMethod]
    public void Null_or_empty_arguments_are_programming_errors()
    {
        var bytes = XifTestFiles.BuildArchive([("bin/a.dll", Payload)]);
        var bag = new DiagnosticBag();
        Assert.ThrowsExactly<ArgumentNullException>(() => XifReader.Open((string)null!, XifLimits.Default, bag));
        Assert.ThrowsExactly<ArgumentException>(() => XifReader.Open(string.Empty, XifLimits.Default, bag));
        Assert.ThrowsExactly<ArgumentNullException>(() => XifReader.Open("upload.xif", XifLimits.Default, null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => XifReader.Open((Stream)null!, XifLimits.Default, bag));
        Assert.ThrowsExactly<ArgumentNullException>(() => XifReader.Open(new MemoryStream(bytes), null!, bag));
        Assert.ThrowsExactly<ArgumentNullException>(() => XifReader.Open(new MemoryStream(bytes), XifLimits.Default, null!));

        using var archive = XifReader.Open(new MemoryStream(bytes), XifLimits.Default, bag);
        Assert.IsNotNull(archive);
        var entry = archive.Manifest.Entries[0];
        Assert.ThrowsExactly<ArgumentNullException>(() => archive.OpenDefinition(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => archive.CopyEntryTo(null!, Stream.Null, bag));
        Assert.ThrowsExactly<ArgumentNullException>(() => archive.CopyEntryTo(entry, null!, bag));
        Assert.ThrowsExactly<ArgumentNullException>(() => archive.CopyEntryTo(entry, Stream.Null, null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => archive.ExtractTo(null!, bag));
        Assert.ThrowsExactly<ArgumentException>(() => archive.ExtractTo(string.Empty, bag));
        Assert.ThrowsExactly<ArgumentNullException>(() => archive.ExtractTo("target", null!));
        Assert.AreEqual(0, bag.Count);
    }

    [TestMethod]
    public void A_stream_that_cannot_be_read_is_a_programming_error()
    {
        using var writeOnly = new WriteOnlyStream(new MemoryStream());
        Assert.ThrowsExactly<ArgumentException>(() => XifReader.Open(writeOnly, XifLimits.Default, new DiagnosticBag()));
    }

    [TestMethod]
    public void A_refused_stream_is_disposed_unless_it_is_left_open()
    {
        var garbage = XifTestFiles.Utf8("this is not a zip archive at all, it is text");
        var kept = new MemoryStream(garbage);
        var closed = new MemoryStream(garbage);

        Assert.IsNull(XifReader.Open(kept, XifLimits.Default, new DiagnosticBag(), leaveOpen: true));
        Assert.IsNull(XifReader.Open(closed, XifLimits.Default, new DiagnosticBag()));

        Assert.IsTrue(kept.CanRead, "left open");
        Assert.IsFalse(closed.CanRead, "disposed");
    }

    [TestMethod]
    public void An_accepted_archive_disposes_its_stream_unless_it_is_left_open()
    {
        var bytes = XifTestFiles.BuildArchive([("bin/a.dll", Payload)]);
        var kept = new MemoryStream(bytes);
        var closed = new MemoryStream(bytes);

        XifReader.Open(kept, XifLimits.Default, new DiagnosticBag(), leaveOpen: true)!.Dispose();
        XifReader.Open(closed, XifLimits.Default, new DiagnosticBag())!.Dispose();

        Assert.IsTrue(kept.CanRead, "left open");
        Assert.IsFalse(closed.CanRead, "disposed");
    }

    [TestMethod]
    public void An_Integration_Studio_file_without_a_name_is_called_the_file()
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(XifTestFiles.Utf8("<?xml version=\"1.0\"?><Extension Name=\"Geo\" />"));
        }

        var diagnostics = new DiagnosticBag();
        Assert.IsNull(XifReader.Open(new MemoryStream(compressed.ToArray()), XifLimits.Default, diagnostics));

        Assert.AreEqual("OCP4027", diagnostics.Single().Code);
        StringAssert.StartsWith(diagnostics.Single().Message, "The file");
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(21)]
    public void A_file_shorter_than_an_end_record_is_not_an_archive(int length)
    {
        var diagnostics = new DiagnosticBag();
        Assert.IsNull(XifReader.Open(new MemoryStream(new byte[length]), XifLimits.Default, diagnostics));
        Assert.AreEqual("OCP4017", diagnostics.Single().Code);
    }

    [TestMethod]
    public void The_definition_is_read_into_memory_checked()
    {
        var diagnostics = new DiagnosticBag();
        using var archive = XifReader.Open(new MemoryStream(XifTestFiles.BuildArchive([("bin/a.dll", Payload)])), XifLimits.Default, diagnostics);
        Assert.IsNotNull(archive);

        using var definition = archive.OpenDefinition(diagnostics);

        Assert.IsNotNull(definition);
        Assert.AreEqual(0, definition.Position);
        CollectionAssert.AreEqual(XifTestFiles.Utf8(XifTestFiles.DefinitionXml), ((MemoryStream)definition).ToArray());
    }

    [TestMethod]
    public void A_definition_that_changed_after_opening_is_not_returned()
    {
        var bytes = XifTestFiles.BuildArchive([("bin/a.dll", Payload)], level: CompressionLevel.NoCompression);
        var diagnostics = new DiagnosticBag();
        using var archive = XifReader.Open(new MemoryStream(bytes), XifLimits.Default, diagnostics);
        Assert.IsNotNull(archive);
        var definition = XifTestFiles.Utf8(XifTestFiles.DefinitionXml);
        bytes[bytes.AsSpan().IndexOf(definition) + 5] ^= 0x20; // the MemoryStream reads this very array

        Assert.IsNull(archive.OpenDefinition(diagnostics));

        Assert.AreEqual("OCP4023", diagnostics.Single().Code);
    }

    [TestMethod]
    public void Copying_an_entry_the_archive_does_not_hold_is_a_programming_error()
    {
        using var archive = XifReader.Open(new MemoryStream(XifTestFiles.BuildArchive([("bin/a.dll", Payload)])), XifLimits.Default, new DiagnosticBag());
        Assert.IsNotNull(archive);
        var stranger = XifTestFiles.ManifestEntry("bin/other.dll", Payload);

        var thrown = Assert.ThrowsExactly<ArgumentException>(() => archive.CopyEntryTo(stranger, Stream.Null, new DiagnosticBag()));
        StringAssert.Contains(thrown.Message, "bin/other.dll");
    }

    /// <summary>
    /// An archive opened without content verification whose bin/a.dll inflates to 20,000 bytes
    /// while its headers and manifest claim 1,000: what a caller's own (larger) size lets through
    /// must still stop at the archive's caps.
    /// </summary>
    private static XifArchive OpenLyingArchive(XifLimits limits, out XifManifestEntry entry)
    {
        var content = new byte[20_000]; // zeros: about 100:1 when deflated
        var prefix = content[..1000];
        var bytes = XifTestFiles.BuildArchive([("bin/a.dll", content)], [XifTestFiles.ManifestEntry("bin/a.dll", prefix)]);
        ZipSurgery.SetUncompressedSize(bytes, "bin/a.dll", 1000);
        ZipSurgery.SetCrc(bytes, "bin/a.dll", ZipSurgery.Crc32Of(prefix));
        var diagnostics = new DiagnosticBag();
        var archive = XifReader.Open(new MemoryStream(bytes), limits, diagnostics, verifyContent: false);
        Assert.IsNotNull(archive, string.Join('\n', diagnostics));
        entry = archive.Manifest.Entries.Single(e => e.Path == "bin/a.dll") with { Size = 1_000_000 };
        return archive;
    }

    [TestMethod]
    public void A_copy_stops_at_the_entry_cap_whatever_size_the_caller_expects()
    {
        using var archive = OpenLyingArchive(XifLimits.Default with { MaxEntrySize = 5000 }, out var entry);
        var diagnostics = new DiagnosticBag();

        Assert.IsFalse(archive.CopyEntryTo(entry, Stream.Null, diagnostics));

        Assert.AreEqual("OCP4011", diagnostics.Single().Code);
    }

    [TestMethod]
    public void A_copy_stops_at_the_total_cap_whatever_size_the_caller_expects()
    {
        using var archive = OpenLyingArchive(XifLimits.Default with { MaxTotalSize = 5000 }, out var entry);
        var diagnostics = new DiagnosticBag();

        Assert.IsFalse(archive.CopyEntryTo(entry, Stream.Null, diagnostics));

        Assert.AreEqual("OCP4012", diagnostics.Single().Code);
    }

    [TestMethod]
    public void A_copy_stops_at_the_compression_ratio_cap_whatever_size_the_caller_expects()
    {
        using var archive = OpenLyingArchive(XifLimits.Default with { RatioCheckThreshold = 1000, MaxCompressionRatio = 2 }, out var entry);
        var diagnostics = new DiagnosticBag();

        Assert.IsFalse(archive.CopyEntryTo(entry, Stream.Null, diagnostics));

        Assert.AreEqual("OCP4013", diagnostics.Single().Code);
    }

    [TestMethod]
    [DataRow("entry")]
    [DataRow("total")]
    [DataRow("threshold")]
    [DataRow("ratio")]
    public void A_copy_that_reaches_a_cap_exactly_is_not_stopped_by_it_and_ends_with_the_size_it_found(string cap)
    {
        // bin/a.dll inflates to 20,000 bytes: each cap set to exactly that lets the copy run to its end.
        long compressed;
        using (var zip = new ZipArchive(new MemoryStream(XifTestFiles.BuildArchive([("bin/a.dll", new byte[20_000])])), ZipArchiveMode.Read))
        {
            compressed = zip.GetEntry("bin/a.dll")!.CompressedLength;
        }

        var ratio = 20_000.0 / compressed;
        Assert.AreEqual(20_000.0, compressed * ratio, "the ratio cap lands exactly on the entry's size");
        var limits = cap switch
        {
            "entry" => XifLimits.Default with { MaxEntrySize = 20_000 },
            "total" => XifLimits.Default with { MaxTotalSize = 20_000 },
            "threshold" => XifLimits.Default with { RatioCheckThreshold = 20_000, MaxCompressionRatio = 2 },
            _ => XifLimits.Default with { RatioCheckThreshold = 1000, MaxCompressionRatio = ratio },
        };
        using var archive = OpenLyingArchive(limits, out var entry);
        var diagnostics = new DiagnosticBag();

        Assert.IsFalse(archive.CopyEntryTo(entry, Stream.Null, diagnostics));

        Assert.AreEqual("OCP4008", diagnostics.Single().Code);
        StringAssert.Contains(diagnostics.Single().Message, "Entry 'bin/a.dll' is 20000 bytes but the manifest says 1000000");
    }

    [TestMethod]
    public void Extraction_into_a_folder_that_cannot_be_created_is_refused_and_leaves_nothing()
    {
        using var dir = new TempDirectory();
        dir.WriteFile("file", "a file, not a folder");
        var diagnostics = new DiagnosticBag();
        using var archive = XifReader.Open(new MemoryStream(XifTestFiles.BuildArchive([("bin/a.dll", Payload)])), XifLimits.Default, diagnostics);
        Assert.IsNotNull(archive);

        Assert.IsFalse(archive.ExtractTo(dir.Combine("file", "target"), diagnostics));

        Assert.AreEqual("OCP4019", diagnostics.Single().Code);
        CollectionAssert.AreEqual(new[] { "file" }, dir.Listing().ToArray());
    }

    [TestMethod]
    public void Extraction_refuses_a_target_that_is_a_file()
    {
        using var dir = new TempDirectory();
        var target = dir.WriteFile("target", "a file");
        var diagnostics = new DiagnosticBag();
        using var archive = XifReader.Open(new MemoryStream(XifTestFiles.BuildArchive([("bin/a.dll", Payload)])), XifLimits.Default, diagnostics);
        Assert.IsNotNull(archive);

        Assert.IsFalse(archive.ExtractTo(target, diagnostics));

        Assert.AreEqual("OCP4019", diagnostics.Single().Code);
        StringAssert.Contains(diagnostics.Single().Message, "already exists");
    }

    [TestMethod]
    public void Extraction_writes_every_entry_where_its_path_says()
    {
        using var dir = new TempDirectory();
        var diagnostics = new DiagnosticBag();
        using var archive = XifReader.Open(new MemoryStream(XifTestFiles.BuildArchive([("bin/a.dll", Payload), ("res/x/y.txt", Payload)])), XifLimits.Default, diagnostics);
        Assert.IsNotNull(archive);

        Assert.IsTrue(archive.ExtractTo(dir.Combine("target") + Path.DirectorySeparatorChar, diagnostics), string.Join('\n', diagnostics));

        CollectionAssert.AreEqual(Payload, File.ReadAllBytes(dir.Combine("target", "res", "x", "y.txt")));
        CollectionAssert.AreEqual(XifTestFiles.Utf8(XifTestFiles.DefinitionXml), File.ReadAllBytes(dir.Combine("target", "extension.xml")));
        Assert.IsFalse(File.Exists(dir.Combine("target", XifFormat.ManifestEntryPath)), "the manifest is not extracted");
    }
}
