using System.IO.Compression;
using OneClickPublish.Diagnostics;
using OneClickPublish.Xif;

namespace OneClickPublish.Tests.Xif;

/// <summary>
/// Each cap of <see cref="XifLimits"/> at its very edge (the cap itself passes, one more is refused),
/// in the reader and in the writer; each refusal of the reader's scan of the central directory with
/// its own code, reported once and before any entry is inflated (so with <c>verifyContent: false</c>
/// nothing else would catch it); and the words of the messages a user reads.
/// </summary>
[TestClass]
public sealed class XifLimitsAndMessagesTests
{
    private static readonly byte[] Payload = XifTestFiles.Utf8("payload");

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static (bool Accepted, List<Diagnostic> Diagnostics) Open(byte[] archive, XifLimits limits, bool verifyContent = true)
    {
        var diagnostics = new DiagnosticBag();
        using var opened = XifReader.Open(new MemoryStream(archive), limits, diagnostics, "upload.xif", verifyContent: verifyContent);
        Assert.AreEqual(opened is null, diagnostics.HasErrors, "refused exactly when an error was reported");
        return (opened is not null, [.. diagnostics]);
    }

    private static Diagnostic AssertRefusedOnceWith(byte[] archive, XifLimits limits, string code, string messagePart, bool verifyContent = true)
    {
        var (accepted, diagnostics) = Open(archive, limits, verifyContent);
        Assert.IsFalse(accepted);
        Assert.AreEqual(1, diagnostics.Count, string.Join('\n', diagnostics));
        Assert.AreEqual(code, diagnostics[0].Code, diagnostics[0].Message);
        StringAssert.Contains(diagnostics[0].Message, messagePart);
        return diagnostics[0];
    }

    private static void AssertAccepted(byte[] archive, XifLimits limits)
    {
        var (accepted, diagnostics) = Open(archive, limits);
        Assert.IsTrue(accepted, string.Join('\n', diagnostics));
    }

    /// <summary>The uncompressed sizes the headers claim, manifest.json included.</summary>
    private static long ClaimedTotal(byte[] archive)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        return zip.Entries.Sum(e => e.Length);
    }

    [TestMethod]
    public void The_default_caps_are_the_documented_ones()
    {
        Assert.AreEqual(10_000, XifLimits.Default.MaxEntryCount);
        Assert.AreEqual(1L << 30, XifLimits.Default.MaxEntrySize, "1 GiB");
        Assert.AreEqual(4L << 30, XifLimits.Default.MaxTotalSize, "4 GiB");
        Assert.AreEqual(100, XifLimits.Default.MaxCompressionRatio);
        Assert.AreEqual(1L << 20, XifLimits.Default.RatioCheckThreshold, "1 MiB");
    }

    [TestMethod]
    public void An_archive_of_exactly_the_entry_cap_is_accepted_and_one_entry_more_is_refused()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", Payload)]); // manifest.json, extension.xml, bin/a.dll

        AssertAccepted(archive, XifLimits.Default with { MaxEntryCount = 3 });
        AssertRefusedOnceWith(archive, XifLimits.Default with { MaxEntryCount = 2 }, "OCP4010", "The archive has 3 entries; at most 2 are allowed");
    }

    [TestMethod]
    public void An_entry_exactly_at_the_size_cap_is_accepted_and_one_byte_more_is_refused()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", RandomBytes(5000, 1))]);

        AssertAccepted(archive, XifLimits.Default with { MaxEntrySize = 5000 });
        AssertRefusedOnceWith(archive, XifLimits.Default with { MaxEntrySize = 4999 }, "OCP4011", "Entry 'bin/a.dll' is larger than the limit of 4999 bytes");
    }

    [TestMethod]
    public void An_entry_whose_headers_claim_more_than_the_size_cap_is_refused_before_the_manifest_is_read()
    {
        // The manifest says 100 bytes: only the scan of the headers sees the 5,000 they claim.
        var content = RandomBytes(5000, 2);
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", content)], [XifTestFiles.ManifestEntry("bin/a.dll", content) with { Size = 100 }]);

        AssertRefusedOnceWith(archive, XifLimits.Default with { MaxEntrySize = 4999 }, "OCP4011", "'bin/a.dll' is larger than the limit of 4999 bytes", verifyContent: false);
    }

    [TestMethod]
    public void An_entry_exactly_at_the_compression_ratio_cap_is_accepted_and_just_over_it_is_refused_before_it_is_inflated()
    {
        // Stored: 5,000 bytes in 5,000, a ratio of exactly 1. The manifest and the definition stay under the threshold.
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", RandomBytes(5000, 3))], level: CompressionLevel.NoCompression);
        var limits = XifLimits.Default with { RatioCheckThreshold = 1000 };

        AssertAccepted(archive, limits with { MaxCompressionRatio = 1 });
        AssertAccepted(archive, limits with { MaxCompressionRatio = 2 });
        var refused = AssertRefusedOnceWith(archive, limits with { MaxCompressionRatio = 0.5 }, "OCP4013", "Entry 'bin/a.dll' expands more than 0.5 times its compressed size of 5000 bytes", verifyContent: false);
        Assert.AreEqual("upload.xif", refused.Location.File);
    }

    [TestMethod]
    public void An_entry_exactly_at_the_ratio_check_threshold_is_not_ratio_checked()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", RandomBytes(5000, 4))], level: CompressionLevel.NoCompression);

        AssertAccepted(archive, XifLimits.Default with { RatioCheckThreshold = 5000, MaxCompressionRatio = 0.5 });
        AssertRefusedOnceWith(archive, XifLimits.Default with { RatioCheckThreshold = 4999, MaxCompressionRatio = 0.5 }, "OCP4013", "'bin/a.dll'");
    }

    [TestMethod]
    public void Entries_adding_up_to_exactly_the_total_cap_are_accepted_and_one_byte_more_is_refused_before_any_is_inflated()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", RandomBytes(3000, 5)), ("bin/b.dll", RandomBytes(3000, 6))]);
        var total = ClaimedTotal(archive);

        AssertAccepted(archive, XifLimits.Default with { MaxTotalSize = total });
        AssertRefusedOnceWith(archive, XifLimits.Default with { MaxTotalSize = total - 1 }, "OCP4012", $"add up to more than the limit of {total - 1} bytes", verifyContent: false);
    }

    [TestMethod]
    public void An_unsafe_entry_name_is_reported_once_with_its_own_code_though_the_entry_is_also_too_large()
    {
        var archive = XifTestFiles.BuildArchive([("../x.dll", RandomBytes(5000, 7))]);

        AssertRefusedOnceWith(archive, XifLimits.Default with { MaxEntrySize = 4999 }, "OCP4002", "'../x.dll'", verifyContent: false);
    }

    [TestMethod]
    public void A_name_that_is_both_a_file_and_a_folder_is_named_as_such()
    {
        var archive = XifTestFiles.BuildArchive([("bin", Payload), ("bin/a.dll", Payload)]);

        AssertRefusedOnceWith(archive, XifLimits.Default, "OCP4001", "Entry path 'bin/a.dll' is not allowed in a XIF file: 'bin' is both a file and a folder", verifyContent: false);
    }

    [TestMethod]
    public void An_empty_file_is_listed_with_size_zero_and_accepted()
    {
        var archive = XifTestFiles.BuildArchive([("res/empty.txt", [])]);

        AssertAccepted(archive, XifLimits.Default);
    }

    [TestMethod]
    public void An_empty_zip_is_refused_for_its_missing_manifest_not_for_its_count_or_its_layout()
    {
        using var buffer = new MemoryStream();
        new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true).Dispose();
        Assert.AreEqual(22, buffer.Length, "nothing but the end record");

        AssertRefusedOnceWith(buffer.ToArray(), XifLimits.Default, "OCP4015", "'manifest.json'");
    }

    [TestMethod]
    public void A_file_without_an_end_record_is_not_an_archive_whatever_the_entry_cap()
    {
        var text = XifTestFiles.Utf8("this is not a zip archive at all, it is text");

        AssertRefusedOnceWith(text, XifLimits.Default with { MaxEntryCount = 0 }, "OCP4017", "not a readable ZIP archive");
    }

    [TestMethod]
    public void An_entry_whose_deflate_data_is_damaged_is_refused_in_words_of_our_own()
    {
        var archive = XifTestFiles.BuildArchive([("bin/a.dll", new byte[5000])]);
        var local = ZipSurgery.Find(archive, "bin/a.dll").Local;
        // The first byte of the deflate data: final block, block type 3, which RFC 1951 reserves.
        archive[local + 30 + "bin/a.dll".Length] = 0x07;

        AssertRefusedOnceWith(archive, XifLimits.Default, "OCP4023", "Entry 'bin/a.dll' is damaged: its deflate data cannot be decompressed");
    }

    [TestMethod]
    public void An_Integration_Studio_file_is_called_by_the_name_it_was_uploaded_under()
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(XifTestFiles.Utf8("<?xml version=\"1.0\"?><Extension Name=\"Geo\" />"));
        }

        var refused = AssertRefusedOnceWith(compressed.ToArray(), XifLimits.Default, "OCP4027", "'upload.xif' is an Integration Studio .xif");
        StringAssert.StartsWith(refused.Message, "'upload.xif'");
    }

    [TestMethod]
    public void A_stream_that_cannot_seek_is_refused_with_the_reason()
    {
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.In);

        var thrown = Assert.ThrowsExactly<ArgumentException>(() => XifReader.Open(pipe, XifLimits.Default, new DiagnosticBag()));

        StringAssert.Contains(thrown.Message, "readable, seekable stream");
        Assert.AreEqual("stream", thrown.ParamName);
    }

    [TestMethod]
    public void A_file_opened_by_path_is_held_only_while_the_archive_is_open_or_being_checked()
    {
        using var dir = new TempDirectory();
        var good = dir.WriteFile("good.xif", XifTestFiles.BuildArchive([("bin/a.dll", Payload)]));
        var bad = dir.WriteFile("bad.xif", XifTestFiles.Utf8("this is not a zip archive at all, it is text"));
        static FileStream Exclusive(string path) => new(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        using (var archive = XifReader.Open(good, XifLimits.Default, new DiagnosticBag()))
        {
            Assert.IsNotNull(archive);
            Assert.ThrowsExactly<IOException>(() => Exclusive(good).Dispose(), "held while open");
        }

        Exclusive(good).Dispose();
        Assert.IsNull(XifReader.Open(bad, XifLimits.Default, new DiagnosticBag()));
        Exclusive(bad).Dispose();
    }

    [TestMethod]
    public void The_file_name_of_a_package_is_its_name_and_version()
    {
        Assert.AreEqual("Hello.1.2.3.xif", XifFormat.FileName("Hello", "1.2.3"));
    }

    [TestMethod]
    public void A_file_that_cannot_be_read_does_not_look_like_Integration_Studio()
    {
        using var dir = new TempDirectory();
        var zlib = dir.WriteFile("is.xif", [0x78, 0xDA, 0x01, 0x00]);
        var zip = dir.WriteFile("ours.xif", XifTestFiles.BuildArchive([("bin/a.dll", Payload)]));

        Assert.IsTrue(XifFormat.StartsLikeIntegrationStudio(zlib));
        Assert.IsFalse(XifFormat.StartsLikeIntegrationStudio(zip));
        Assert.IsFalse(XifFormat.StartsLikeIntegrationStudio(dir.Combine("missing.xif")));
        Assert.IsFalse(XifFormat.StartsLikeIntegrationStudio(dir.Path), "a folder");
    }

    // The writer holds a package to the same caps before it writes a byte.

    private static (XifPackageSpec Spec, XifLimits AtTheCaps, long DefinitionSize) ProjectAtItsCaps(TempDirectory dir)
    {
        var spec = XifTestFiles.CreateProject(dir);
        var sizes = spec.Entries.Select(e => new FileInfo(e.SourcePath).Length).ToList();
        var definitionSize = new FileInfo(spec.DefinitionPath).Length;
        var limits = XifLimits.Default with
        {
            MaxEntryCount = spec.Entries.Count + 2, // the definition and the manifest
            MaxEntrySize = sizes.Max(),
            MaxTotalSize = sizes.Sum() + definitionSize,
            MaxDefinitionSize = definitionSize,
        };
        return (spec, limits, definitionSize);
    }

    [TestMethod]
    public void The_writer_writes_a_package_exactly_at_every_cap()
    {
        using var dir = new TempDirectory();
        var (spec, atTheCaps, _) = ProjectAtItsCaps(dir);
        var diagnostics = new DiagnosticBag();

        Assert.IsNotNull(XifWriter.Write(spec with { Limits = atTheCaps }, dir.Combine("Hello.xif"), diagnostics), string.Join('\n', diagnostics));
    }

    [TestMethod]
    [DataRow("count", "OCP4010", "The archive has 5 entries; at most 4 are allowed")]
    [DataRow("entry", "OCP4011", "Entry 'bin/Hello.dll' is larger than the limit of 299999 bytes")]
    [DataRow("total", "OCP4012", "add up to more than the limit of")]
    [DataRow("definition", "OCP4011", "Entry 'extension.xml' is larger than the limit of")]
    public void The_writer_refuses_a_package_one_over_a_cap(string cap, string code, string messagePart)
    {
        using var dir = new TempDirectory();
        var (spec, limits, _) = ProjectAtItsCaps(dir);
        limits = cap switch
        {
            "count" => limits with { MaxEntryCount = limits.MaxEntryCount - 1 },
            "entry" => limits with { MaxEntrySize = limits.MaxEntrySize - 1 },
            "total" => limits with { MaxTotalSize = limits.MaxTotalSize - 1 },
            _ => limits with { MaxDefinitionSize = limits.MaxDefinitionSize - 1 },
        };
        var diagnostics = new DiagnosticBag();

        Assert.IsNull(XifWriter.Write(spec with { Limits = limits }, dir.Combine("Hello.xif"), diagnostics));

        Assert.AreEqual(code, diagnostics.Single().Code, string.Join('\n', diagnostics));
        StringAssert.Contains(diagnostics.Single().Message, messagePart);
        Assert.IsFalse(File.Exists(dir.Combine("Hello.xif")));
    }

    [TestMethod]
    public void The_writer_holds_the_definition_to_the_entry_cap_when_that_is_the_smaller()
    {
        using var dir = new TempDirectory();
        var (spec, limits, definitionSize) = ProjectAtItsCaps(dir);
        var diagnostics = new DiagnosticBag();

        Assert.IsNull(XifWriter.Write(spec with { Limits = limits with { MaxEntrySize = definitionSize - 1, MaxDefinitionSize = 64L << 20 } }, dir.Combine("Hello.xif"), diagnostics));

        Assert.IsTrue(
            diagnostics.Any(d => d.Code == "OCP4011" && d.Message.Contains($"Entry 'extension.xml' is larger than the limit of {definitionSize - 1} bytes", StringComparison.Ordinal)),
            string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void Null_or_empty_writer_arguments_are_programming_errors()
    {
        // A spec the writer would refuse with diagnostics: only the argument checks can throw.
        var spec = new XifPackageSpec { ExtensionName = string.Empty, ExtensionVersion = string.Empty, DefinitionPath = string.Empty };
        var bag = new DiagnosticBag();

        Assert.ThrowsExactly<ArgumentNullException>(() => XifWriter.Write(null!, "Hello.xif", bag));
        Assert.ThrowsExactly<ArgumentNullException>(() => XifWriter.Write(spec, null!, bag));
        Assert.ThrowsExactly<ArgumentException>(() => XifWriter.Write(spec, string.Empty, bag));
        Assert.ThrowsExactly<ArgumentNullException>(() => XifWriter.Write(spec, "Hello.xif", null!));
        Assert.AreEqual(0, bag.Count);
    }

    [TestMethod]
    public void An_invalid_entry_path_is_reported_once_whatever_else_is_wrong_with_the_entry()
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir);
        spec = spec with { Entries = [.. spec.Entries, new XifSourceEntry(spec.DefinitionPath, "../extension.xml", XifEntryKind.Definition)] };
        var diagnostics = new DiagnosticBag();

        Assert.IsNull(XifWriter.Write(spec, dir.Combine("Hello.xif"), diagnostics));

        Assert.AreEqual("OCP4002", diagnostics.Single().Code, string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void A_second_definition_at_the_definitions_own_path_is_reported_once()
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir);
        spec = spec with { Entries = [.. spec.Entries, new XifSourceEntry(spec.DefinitionPath, XifFormat.DefinitionEntryPath, XifEntryKind.Definition)] };
        var diagnostics = new DiagnosticBag();

        Assert.IsNull(XifWriter.Write(spec, dir.Combine("Hello.xif"), diagnostics));

        Assert.AreEqual("OCP4024", diagnostics.Single().Code, string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void A_package_that_cannot_be_moved_into_place_leaves_no_temporary_file()
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir);
        var output = dir.Combine("Hello.xif");
        Directory.CreateDirectory(output); // a folder where the package should go
        var diagnostics = new DiagnosticBag();

        Assert.IsNull(XifWriter.Write(spec, output, diagnostics));

        Assert.AreEqual("OCP4022", diagnostics.Single().Code, string.Join('\n', diagnostics));
        Assert.IsFalse(dir.Listing().Any(p => p.EndsWith(".tmp", StringComparison.Ordinal)), string.Join('\n', dir.Listing()));
    }
}
