using System.IO.Compression;
using System.Text;
using OneClickPublish.Diagnostics;
using OneClickPublish.IntegrationStudio;

namespace OneClickPublish.Tests.IntegrationStudio;

/// <summary>Every kind of bad file of issue 8, point 4: each is refused with its own code and no model.</summary>
[TestClass]
public sealed class StudioXifBadFileTests
{
    private static Diagnostic Refused(byte[] file, StudioXifLimits? limits = null, Stream? stream = null)
    {
        var diagnostics = new DiagnosticBag();
        var options = new StudioXifReadOptions { Limits = limits ?? StudioXifLimits.Default };

        var extension = StudioXifReader.Read(stream ?? new MemoryStream(file), "bad.xif", diagnostics, options);

        Assert.IsNull(extension, "the file was accepted");
        Assert.IsTrue(diagnostics.HasErrors);
        Assert.IsTrue(diagnostics.All(d => d.Location.File == "bad.xif"), "diagnostics name the file");
        return diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
    }

    private static string GeoWith(string oldValue, string newValue)
    {
        Assert.IsTrue(StudioXifFixtures.GeoXml.Contains(oldValue, StringComparison.Ordinal), oldValue);
        return StudioXifFixtures.GeoXml.Replace(oldValue, newValue, StringComparison.Ordinal);
    }

    [TestMethod]
    public void A_truncated_stream_is_refused()
    {
        var geo = StudioXifFixtures.Geo();
        Assert.AreEqual("OCP6006", Refused(geo[..(geo.Length / 2)]).Code);
        Assert.AreEqual("OCP6006", Refused(geo[..^2]).Code, "the checksum cut short");
    }

    [TestMethod]
    public void A_file_whose_line_end_bytes_were_stripped_by_a_text_mode_copy_is_refused_as_damaged()
    {
        var geo = StudioXifFixtures.Geo();
        var stripped = geo.Where(b => b is not (0x0A or 0x0D)).ToArray();
        Assert.IsTrue(stripped.Length < geo.Length, "the fixture must hold such bytes for the test to mean anything");

        Assert.IsTrue(Refused(stripped).Code is "OCP6005" or "OCP6006");
    }

    [TestMethod]
    public void Damaged_deflate_data_is_refused()
    {
        var geo = StudioXifFixtures.Geo();
        for (var i = 2; i < 40; i++)
        {
            geo[i] ^= 0x5A;
        }

        Assert.IsTrue(Refused(geo).Code is "OCP6005" or "OCP6006");
    }

    [TestMethod]
    public void Bytes_after_the_stream_are_refused_and_counted()
    {
        var diagnostic = Refused([.. StudioXifFixtures.Geo(), .. "appended"u8]);

        Assert.AreEqual("OCP6007", diagnostic.Code);
        StringAssert.StartsWith(diagnostic.Message, "8 byte(s)");
    }

    [TestMethod]
    public void A_second_zlib_stream_after_the_first_is_refused()
    {
        Assert.AreEqual("OCP6007", Refused([.. StudioXifFixtures.Geo(), .. StudioXifFixtures.Geo()]).Code);
    }

    [TestMethod]
    public void OneClickPublish_s_own_XIF_is_named_as_such()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("manifest.json").Open();
            entry.Write("{}"u8);
        }

        var diagnostic = Refused(zip.ToArray());

        Assert.AreEqual("OCP6003", diagnostic.Code);
        StringAssert.Contains(diagnostic.Message, "OneClickPublish's own XIF");
    }

    [TestMethod]
    public void Another_ZIP_is_refused_without_naming_our_XIF()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("readme.txt");
        }

        var diagnostic = Refused(zip.ToArray());

        Assert.AreEqual("OCP6003", diagnostic.Code);
        Assert.IsFalse(diagnostic.Message.Contains("own XIF", StringComparison.Ordinal));
    }

    [TestMethod]
    public void Plain_XML_is_refused()
    {
        Assert.AreEqual("OCP6004", Refused(StudioXifFixtures.Utf8WithBom(StudioXifFixtures.GeoXml)).Code);
        Assert.AreEqual("OCP6004", Refused(Encoding.UTF8.GetBytes("\r\n <Extension />")).Code);
    }

    [TestMethod]
    public void Bytes_that_are_no_zlib_stream_are_refused()
    {
        Assert.AreEqual("OCP6002", Refused([0x1F, 0x8B, 0x08, 0x00, 0x00]).Code, "gzip");
        Assert.AreEqual("OCP6002", Refused([]).Code, "empty");
        Assert.AreEqual("OCP6002", Refused([0x78, 0xBB, 0x00, 0x00, 0x00, 0x01]).Code, "preset dictionary");
    }

    [TestMethod]
    public void A_DOCTYPE_is_refused_and_never_expanded()
    {
        var xml = StudioXifFixtures.GeoXml.Replace(
            "<Extension ",
            "<!DOCTYPE Extension [<!ENTITY lol \"lol\">]>\n<Extension ",
            StringComparison.Ordinal);

        Assert.AreEqual("OCP6010", Refused(StudioXifFixtures.Xif(xml)).Code);
    }

    [TestMethod]
    public void A_root_other_than_Extension_is_refused()
    {
        Assert.AreEqual("OCP6011", Refused(StudioXifFixtures.Xif("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Module Name=\"Geo\" />")).Code);
    }

    [TestMethod]
    public void XML_that_is_not_well_formed_is_refused()
    {
        var diagnostic = Refused(StudioXifFixtures.Xif(StudioXifFixtures.GeoXml.Replace("</Actions>", "</Action>", StringComparison.Ordinal)));

        Assert.AreEqual("OCP6009", diagnostic.Code);
        Assert.IsTrue(diagnostic.Location.Line > 0, "the XML's line is given");
    }

    [TestMethod]
    public void Base64_that_does_not_decode_is_refused()
    {
        var xml = GeoWith($"<Data>{Convert.ToBase64String(StudioXifFixtures.Icon)}</Data>", "<Data>iVBO!!not*base64</Data>");

        var diagnostic = Refused(StudioXifFixtures.Xif(xml));

        Assert.AreEqual("OCP6014", diagnostic.Code);
        StringAssert.Contains(diagnostic.Message, "Icons/geo.png");
    }

    [TestMethod]
    [DataRow(@"\Source\..\..\")]
    [DataRow(@"\..\")]
    [DataRow(@"C:\Windows\")]
    [DataRow(@"\\server\share\")]
    [DataRow("/etc/")]
    public void A_resource_path_leaving_the_project_is_refused_before_any_byte_is_written(string path)
    {
        var xml = GeoWith(@"Path=""\Icons\""", $@"Path=""{path}""");
        var opened = 0;
        var diagnostics = new DiagnosticBag();
        var options = new StudioXifReadOptions { OpenResourceData = r => { opened++; return r.RelativePath.StartsWith("Icons", StringComparison.Ordinal) ? throw new AssertFailedException("opened") : new MemoryStream(); } };

        Assert.IsNull(StudioXifReader.Read(new MemoryStream(StudioXifFixtures.Xif(xml)), "bad.xif", diagnostics, options));

        Assert.AreEqual("OCP6015", diagnostics.Single().Code, string.Join('\n', diagnostics));
        Assert.AreEqual(3, opened, "the resources before the bad one only");
    }

    [TestMethod]
    public void A_file_name_with_a_folder_is_refused()
    {
        Assert.AreEqual("OCP6015", Refused(StudioXifFixtures.Xif(GeoWith(@"Filename=""geo.png""", @"Filename=""..\geo.png"""))).Code);
    }

    [TestMethod]
    public void Duplicate_keys_are_refused()
    {
        var xml = GeoWith(@"Key=""aCt10n0000000000000002""", $@"Key=""{StudioXifFixtures.IconKey}""");

        var diagnostic = Refused(StudioXifFixtures.Xif(xml));

        Assert.AreEqual("OCP6016", diagnostic.Code);
        StringAssert.Contains(diagnostic.Message, "Resource Icons/geo.png");
        StringAssert.Contains(diagnostic.Message, "Action Describe");
    }

    [TestMethod]
    public void A_record_type_naming_no_structure_is_refused()
    {
        var xml = GeoWith($@"RecordType=""{StudioXifFixtures.RouteKey},""", @"RecordType=""nOsUcHsTrUcTuRe0000000,""");

        var diagnostic = Refused(StudioXifFixtures.Xif(xml));

        Assert.AreEqual("OCP6017", diagnostic.Code);
        StringAssert.Contains(diagnostic.Message, "Action Describe \u203A Output Path");
    }

    [TestMethod]
    public void A_zlib_bomb_stops_at_the_cap_not_after_inflating()
    {
        // 64 MB of one repeated line, compressed to a few dozen kilobytes, under a 1 MB cap.
        using var bomb = new MemoryStream();
        using (var zlib = new ZLibStream(bomb, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write("<?xml version=\"1.0\"?><Extension Name=\"Bomb\">"u8);
            var filler = Encoding.UTF8.GetBytes(new string(' ', 1 << 20));
            for (var i = 0; i < 64; i++)
            {
                zlib.Write(filler);
            }

            zlib.Write("</Extension>"u8);
        }

        var bytes = bomb.ToArray();
        var counting = new CountingStream(bytes);
        var diagnostic = Refused(bytes, new StudioXifLimits { MaxInflatedSize = 1 << 20 }, counting);

        Assert.AreEqual("OCP6008", diagnostic.Code);
        Assert.IsTrue(counting.BytesRead < bytes.Length / 4, $"read {counting.BytesRead} of {bytes.Length} compressed bytes before stopping");
    }

    [TestMethod]
    public void Nesting_past_the_cap_is_refused()
    {
        var deep = string.Concat(Enumerable.Repeat("<Body>", 40)) + string.Concat(Enumerable.Repeat("</Body>", 40));
        var xml = GeoWith("<Body>ssRows = Sheets.Reader.CountRows(ssPath);</Body>", deep);

        Assert.AreEqual("OCP6012", Refused(StudioXifFixtures.Xif(xml)).Code);
    }

    [TestMethod]
    public void An_attribute_count_past_the_cap_is_refused()
    {
        var many = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"a{i}=\"\""));
        var xml = GeoWith("<Action Key=\"aCt10n0000000000000002\"", $"<Action {many} Key=\"aCt10n0000000000000002\"");

        Assert.AreEqual("OCP6013", Refused(StudioXifFixtures.Xif(xml)).Code);
    }

    [TestMethod]
    public void A_flag_or_type_outside_the_format_s_vocabulary_is_refused()
    {
        Assert.AreEqual("OCP6019", Refused(StudioXifFixtures.Xif(GeoWith(@"IsFunction=""Yes""", @"IsFunction=""Maybe"""))).Code);
        Assert.AreEqual("OCP6019", Refused(StudioXifFixtures.Xif(GeoWith(@"Type=""rtObject""", @"Type=""rtBlob"""))).Code);
    }

    [TestMethod]
    public void A_missing_file_is_refused()
    {
        var diagnostics = new DiagnosticBag();

        Assert.IsNull(StudioXifReader.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "none.xif"), diagnostics));
        Assert.AreEqual("OCP6001", diagnostics.Single().Code);
    }

    /// <summary>A seekable stream over bytes that counts what was read from it.</summary>
    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = base.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override int Read(Span<byte> buffer)
        {
            var n = base.Read(buffer);
            BytesRead += n;
            return n;
        }
    }
}
