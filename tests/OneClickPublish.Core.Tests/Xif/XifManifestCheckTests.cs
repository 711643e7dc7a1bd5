using System.IO.Compression;
using System.Text.Json;
using OneClickPublish.Diagnostics;
using OneClickPublish.Xif;

namespace OneClickPublish.Tests.Xif;

/// <summary>
/// The reader's checks of manifest.json, one branch at a time: each archive is sound except for the
/// one thing under test, so the code asserted is the one that branch reports.
/// </summary>
[TestClass]
public sealed class XifManifestCheckTests
{
    private static readonly byte[] Payload = XifTestFiles.Utf8("payload");
    private static readonly byte[] Definition = XifTestFiles.Utf8(XifTestFiles.DefinitionXml);

    private static XifManifest Truthful() => new()
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

    private static string Json(XifManifest manifest) => JsonSerializer.Serialize(manifest, XifManifestJsonContext.Default.XifManifest);

    /// <summary>extension.xml and bin/a.dll as <see cref="Truthful"/> lists them, under the manifest text given.</summary>
    private static byte[] Archive(string manifestJson)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[] { (XifFormat.ManifestEntryPath, XifTestFiles.Utf8(manifestJson)), (XifFormat.DefinitionEntryPath, Definition), ("bin/a.dll", Payload) })
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    private static List<Diagnostic> Open(byte[] archive, XifLimits? limits = null)
    {
        var diagnostics = new DiagnosticBag();
        using var opened = XifReader.Open(new MemoryStream(archive), limits ?? XifLimits.Default, diagnostics, "upload.xif");
        Assert.AreEqual(opened is null, diagnostics.HasErrors, "refused exactly when an error was reported");
        return [.. diagnostics];
    }

    private static Diagnostic AssertRefusedWith(List<Diagnostic> diagnostics, string code, string messagePart)
    {
        var found = diagnostics.FirstOrDefault(d => d.Code == code && d.Message.Contains(messagePart, StringComparison.Ordinal));
        Assert.IsNotNull(found, $"no {code} saying '{messagePart}' in:\n{string.Join('\n', diagnostics)}");
        Assert.AreEqual("upload.xif", found.Location.File);
        return found;
    }

    [TestMethod]
    public void The_truthful_manifest_of_these_tests_is_accepted()
    {
        var diagnostics = Open(Archive(Json(Truthful())));
        Assert.AreEqual(0, diagnostics.Count, string.Join('\n', diagnostics));
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(2)]
    public void A_format_version_other_than_the_current_one_is_refused(int version)
    {
        var diagnostics = Open(Archive(Json(Truthful() with { FormatVersion = version })));
        AssertRefusedWith(diagnostics, "OCP4014", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(1, diagnostics.Count, "nothing past the version is checked");
    }

    [TestMethod]
    [DataRow("", "1.2.3")]
    [DataRow("  ", "1.2.3")]
    [DataRow("Hello", "")]
    [DataRow("Hello", " ")]
    public void A_missing_extension_name_or_version_is_refused(string name, string version)
    {
        var diagnostics = Open(Archive(Json(Truthful() with { ExtensionName = name, ExtensionVersion = version })));
        AssertRefusedWith(diagnostics, "OCP4016", "the extension name or version is missing");
    }

    [TestMethod]
    public void A_manifest_whose_entries_list_is_null_is_refused()
    {
        var json = Json(Truthful() with { Entries = [] }).Replace("\"entries\": []", "\"entries\": null", StringComparison.Ordinal);
        StringAssert.Contains(json, "\"entries\": null");

        var diagnostics = Open(Archive(json));

        AssertRefusedWith(diagnostics, "OCP4016", "it has no entries list");
        Assert.AreEqual(1, diagnostics.Count, string.Join('\n', diagnostics));
    }

    [TestMethod]
    [DataRow("null")]
    [DataRow("{ \"path\": null, \"size\": 7, \"sha256\": \"00\", \"kind\": \"Binary\" }")]
    [DataRow("{ \"path\": \"bin/b.dll\", \"size\": 7, \"sha256\": null, \"kind\": \"Binary\" }")]
    public void A_null_entry_or_an_entry_without_path_or_hash_is_refused(string entry)
    {
        var json = Json(Truthful());
        json = json.Insert(json.IndexOf("\"entries\": [", StringComparison.Ordinal) + "\"entries\": [".Length, entry + ",");

        AssertRefusedWith(Open(Archive(json)), "OCP4016", "an entry has no path or no SHA-256");
    }

    [TestMethod]
    [DataRow("upper case")]
    [DataRow("not hex")]
    [DataRow("too short")]
    [DataRow("too long")]
    public void A_sha256_that_is_not_64_lower_case_hex_digits_is_refused(string how)
    {
        var good = XifTestFiles.ManifestEntry("bin/a.dll", Payload).Sha256;
        var bad = how switch
        {
            "upper case" => good.ToUpperInvariant(),
            "not hex" => "g" + good[1..],
            "too short" => good[1..],
            _ => good + "0",
        };
        var manifest = Truthful();
        manifest = manifest with { Entries = [manifest.Entries[0], manifest.Entries[1] with { Sha256 = bad }] };

        AssertRefusedWith(Open(Archive(Json(manifest))), "OCP4016", "the SHA-256 of 'bin/a.dll' is not 64 lower-case hex digits");
    }

    [TestMethod]
    [DataRow(5000L)]
    [DataRow(-1L)]
    public void A_listed_size_over_the_entry_cap_or_negative_is_refused(long size)
    {
        var manifest = Truthful();
        manifest = manifest with { Entries = [manifest.Entries[0], manifest.Entries[1] with { Size = size }] };

        var diagnostics = Open(Archive(Json(manifest)), XifLimits.Default with { MaxEntrySize = 4096 });

        AssertRefusedWith(diagnostics, "OCP4011", "bin/a.dll");
        AssertRefusedWith(diagnostics, "OCP4008", "bin/a.dll");
    }

    [TestMethod]
    public void A_definition_over_its_own_cap_is_refused()
    {
        var limits = XifLimits.Default with { MaxDefinitionSize = Definition.Length - 1 };

        var diagnostics = Open(Archive(Json(Truthful())), limits);

        AssertRefusedWith(diagnostics, "OCP4011", XifFormat.DefinitionEntryPath);
        Assert.AreEqual(1, diagnostics.Count, string.Join('\n', diagnostics));
        Assert.AreEqual(0, Open(Archive(Json(Truthful())), limits with { MaxDefinitionSize = Definition.Length }).Count, "the cap itself is allowed");
    }

    [TestMethod]
    public void A_definition_listed_at_another_path_is_refused()
    {
        var manifest = Truthful();
        manifest = manifest with { Entries = [manifest.Entries[0] with { Kind = XifEntryKind.Resource }, manifest.Entries[1] with { Kind = XifEntryKind.Definition }] };

        var diagnostics = Open(Archive(Json(manifest)));

        AssertRefusedWith(diagnostics, "OCP4018", "it lists 'bin/a.dll' instead");
        Assert.AreEqual(1, diagnostics.Count, string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void Two_definitions_are_refused()
    {
        var manifest = Truthful();
        manifest = manifest with { Entries = [manifest.Entries[0], manifest.Entries[1] with { Kind = XifEntryKind.Definition }] };

        AssertRefusedWith(Open(Archive(Json(manifest))), "OCP4018", "it lists 2");
    }

    [TestMethod]
    public void An_entry_listed_twice_or_the_manifest_listing_itself_is_refused()
    {
        var manifest = Truthful();
        var twice = manifest with { Entries = [.. manifest.Entries, manifest.Entries[1]] };
        var itself = manifest with { Entries = [.. manifest.Entries, manifest.Entries[1] with { Path = XifFormat.ManifestEntryPath }] };

        AssertRefusedWith(Open(Archive(Json(twice))), "OCP4016", "'bin/a.dll' is listed twice");
        AssertRefusedWith(Open(Archive(Json(itself))), "OCP4016", "'manifest.json' is listed twice, or is the manifest itself");
    }

    [TestMethod]
    public void An_unsafe_path_in_the_manifest_is_refused_with_the_path_code()
    {
        var manifest = Truthful();
        manifest = manifest with { Entries = [.. manifest.Entries, manifest.Entries[1] with { Path = "bin/../../x.dll" }] };

        AssertRefusedWith(Open(Archive(Json(manifest))), "OCP4002", "bin/../../x.dll");
    }

    [TestMethod]
    public void A_manifest_whose_headers_claim_more_than_its_cap_is_refused_before_it_is_read()
    {
        var json = Json(Truthful());
        var diagnostics = Open(Archive(json), XifLimits.Default with { MaxManifestSize = json.Length - 1 });

        AssertRefusedWith(diagnostics, "OCP4016", $"it is larger than {json.Length - 1} bytes");
        Assert.AreEqual(0, Open(Archive(json), XifLimits.Default with { MaxManifestSize = json.Length }).Count, "the cap itself is allowed");
    }

    [TestMethod]
    public void A_manifest_that_inflates_past_its_cap_is_refused_though_its_headers_claim_less()
    {
        var json = Json(Truthful());
        var archive = Archive(json);
        ZipSurgery.SetUncompressedSize(archive, XifFormat.ManifestEntryPath, 10);

        var diagnostics = Open(archive, XifLimits.Default with { MaxManifestSize = 100 });

        AssertRefusedWith(diagnostics, "OCP4016", "it is larger than 100 bytes");
    }

    [TestMethod]
    public void A_manifest_that_inflates_past_the_size_its_headers_claim_is_refused()
    {
        var archive = Archive(Json(Truthful()));
        ZipSurgery.SetUncompressedSize(archive, XifFormat.ManifestEntryPath, 10);

        AssertRefusedWith(Open(archive), "OCP4016", "it decompresses to more than the 10 bytes its headers claim");
    }

    [TestMethod]
    public void A_manifest_shorter_than_its_headers_claim_is_refused()
    {
        var json = Json(Truthful());
        var archive = Archive(json);
        ZipSurgery.SetUncompressedSize(archive, XifFormat.ManifestEntryPath, (uint)json.Length + 5);

        AssertRefusedWith(Open(archive), "OCP4016", $"it decompresses to {json.Length} bytes, not the {json.Length + 5} its headers claim");
    }

    [TestMethod]
    public void A_manifest_whose_crc_is_wrong_is_refused()
    {
        var json = Json(Truthful());
        var archive = Archive(json);
        var crc = ZipSurgery.Crc32Of(XifTestFiles.Utf8(json));
        ZipSurgery.SetCrc(archive, XifFormat.ManifestEntryPath, crc ^ 1);

        var found = AssertRefusedWith(Open(archive), "OCP4023", XifReader.CrcMismatch(crc, crc ^ 1));
        StringAssert.Contains(found.Message, XifFormat.ManifestEntryPath);
    }

    [TestMethod]
    public void A_manifest_whose_deflate_data_is_damaged_is_refused()
    {
        var archive = Archive(Json(Truthful()));
        var local = ZipSurgery.Find(archive, XifFormat.ManifestEntryPath).Local;
        // The first byte of the deflate data: final block, block type 3, which RFC 1951 reserves.
        archive[local + 30 + XifFormat.ManifestEntryPath.Length] = 0x07;

        AssertRefusedWith(Open(archive), "OCP4023", "its deflate data cannot be decompressed");
    }

    [TestMethod]
    public void A_manifest_that_is_json_null_is_refused_as_empty()
    {
        var found = AssertRefusedWith(Open(Archive("null")), "OCP4016", "it is empty (null)");
        Assert.AreEqual("The manifest is not valid: it is empty (null)", found.Message);
    }

    [TestMethod]
    public void An_unsafe_path_in_the_manifest_is_reported_once()
    {
        var manifest = Truthful();
        manifest = manifest with { Entries = [.. manifest.Entries, manifest.Entries[1] with { Path = "bin/../../x.dll" }] };

        var diagnostics = Open(Archive(Json(manifest)));

        Assert.AreEqual("OCP4002", diagnostics.Single().Code, string.Join('\n', diagnostics));
    }

    [TestMethod]
    public void A_definition_listed_twice_is_reported_once()
    {
        var manifest = Truthful();
        manifest = manifest with { Entries = [.. manifest.Entries, manifest.Entries[0]] };

        var diagnostics = Open(Archive(Json(manifest)));

        Assert.AreEqual(1, diagnostics.Count, string.Join('\n', diagnostics));
        AssertRefusedWith(diagnostics, "OCP4016", "'extension.xml' is listed twice");
    }
}
