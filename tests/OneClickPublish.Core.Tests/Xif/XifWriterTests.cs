using System.Buffers.Binary;
using System.IO.Compression;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Xif;

namespace OneClickPublish.Tests.Xif;

[TestClass]
public sealed class XifWriterTests
{
    [TestMethod]
    public void Round_trip_gives_back_every_file_with_its_manifest_entry()
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir);
        var output = dir.Combine("out", "Hello.1.2.3.xif");

        var written = XifWriter.Write(spec, output);

        var diagnostics = new DiagnosticBag();
        using var archive = XifReader.Open(output, XifLimits.Default, diagnostics);
        Assert.IsNotNull(archive, string.Join('\n', diagnostics));
        Assert.AreEqual(1, archive.Manifest.FormatVersion);
        Assert.AreEqual("Hello", archive.Manifest.ExtensionName);
        Assert.AreEqual("1.2.3", archive.Manifest.ExtensionVersion);
        CollectionAssert.AreEqual(written.Entries.ToList(), archive.Manifest.Entries.ToList());
        CollectionAssert.AreEqual(
            new[] { "extension.xml", "bin/Hello.dll", "resources/images/logo.svg", "src/HelloActions.cs" },
            archive.Manifest.Entries.Select(e => e.Path).ToArray());
        Assert.AreEqual(DeployAction.Images, archive.Manifest.Entries.Single(e => e.Kind == XifEntryKind.Resource).DeployAction);

        using (var definition = archive.OpenDefinition(diagnostics))
        {
            Assert.IsNotNull(definition);
            using var reader = new StreamReader(definition);
            Assert.AreEqual(XifTestFiles.DefinitionXml, reader.ReadToEnd());
        }

        var target = dir.Combine("deployed", "Hello", "1.2.3");
        Assert.IsTrue(archive.ExtractTo(target, diagnostics), string.Join('\n', diagnostics));
        Assert.AreEqual(0, diagnostics.Count);
        foreach (var entry in spec.Entries)
        {
            CollectionAssert.AreEqual(File.ReadAllBytes(entry.SourcePath), File.ReadAllBytes(Path.Combine(target, entry.EntryPath)));
        }

        CollectionAssert.AreEqual(File.ReadAllBytes(spec.DefinitionPath), File.ReadAllBytes(Path.Combine(target, "extension.xml")));
        Assert.AreEqual(0, Directory.GetFileSystemEntries(dir.Combine("deployed", "Hello")).Count(p => Path.GetFileName(p).StartsWith('.')), "no temporary folder left");
    }

    [TestMethod]
    public void Manifest_and_definition_come_first_then_entries_in_ordinal_order()
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir);
        var output = dir.Combine("Hello.xif");
        XifWriter.Write(spec, output);

        using var zip = ZipFile.OpenRead(output);
        CollectionAssert.AreEqual(
            new[] { "manifest.json", "extension.xml", "bin/Hello.dll", "resources/images/logo.svg", "src/HelloActions.cs" },
            zip.Entries.Select(e => e.FullName).ToArray());
        Assert.IsTrue(zip.Entries.All(e => e.LastWriteTime.DateTime == new DateTime(1980, 1, 1)), "fixed timestamps");
    }

    [TestMethod]
    public void Two_writes_of_the_same_inputs_are_byte_identical_wherever_the_files_are_and_whenever_they_were_touched()
    {
        using var dir = new TempDirectory();
        var first = XifTestFiles.CreateProject(dir, "one");
        var second = XifTestFiles.CreateProject(dir, "other-folder");
        foreach (var file in Directory.EnumerateFiles(dir.Combine("other-folder"), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2031, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        }

        XifWriter.Write(first, dir.Combine("a.xif"));
        XifWriter.Write(second with { Entries = second.Entries.Reverse().ToList() }, dir.Combine("b.xif"));

        CollectionAssert.AreEqual(File.ReadAllBytes(dir.Combine("a.xif")), File.ReadAllBytes(dir.Combine("b.xif")));
    }

    [TestMethod]
    public void Central_directory_names_no_host_system_and_no_file_attributes()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("Hello.xif");
        XifWriter.Write(XifTestFiles.CreateProject(dir), output);

        var bytes = File.ReadAllBytes(output);
        var headers = 0;
        for (var i = 0; i + 46 <= bytes.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i)) == 0x02014b50)
            {
                headers++;
                Assert.AreEqual(0, bytes[i + 5], "version made by: host byte");
                Assert.AreEqual(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i + 38)), "external attributes");
            }
        }

        Assert.AreEqual(5, headers);
    }

    [TestMethod]
    public void Manifest_json_is_camel_case_with_enum_names_and_unix_newlines()
    {
        using var dir = new TempDirectory();
        var output = dir.Combine("Hello.xif");
        XifWriter.Write(XifTestFiles.CreateProject(dir), output);

        using var zip = ZipFile.OpenRead(output);
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        var json = reader.ReadToEnd();
        StringAssert.StartsWith(json, "{\n  \"formatVersion\": 1,\n  \"extensionName\": \"Hello\",\n  \"extensionVersion\": \"1.2.3\",");
        StringAssert.Contains(json, "\"kind\": \"Resource\"");
        StringAssert.Contains(json, "\"deployAction\": \"Images\"");
        Assert.IsFalse(json.Contains('\r', StringComparison.Ordinal));
    }

    [TestMethod]
    [DataRow("../evil.dll", "OCP4002")]
    [DataRow("bin/./a.dll", "OCP4002")]
    [DataRow("/etc/passwd", "OCP4003")]
    [DataRow("C:/Windows/a.dll", "OCP4003")]
    [DataRow("bin\\a.dll", "OCP4004")]
    [DataRow("bin//a.dll", "OCP4001")]
    [DataRow("bin/", "OCP4001")]
    [DataRow("bin/CON.txt", "OCP4001")]
    [DataRow("bin/a:stream", "OCP4001")]
    [DataRow("manifest.json", "OCP4005")]
    [DataRow("EXTENSION.xml", "OCP4005")]
    public void Writer_refuses_entry_paths_the_reader_would_refuse_and_writes_nothing(string entryPath, string code)
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir);
        spec = spec with { Entries = [.. spec.Entries, new XifSourceEntry(spec.Entries[0].SourcePath, entryPath, XifEntryKind.Binary)] };
        var output = dir.Combine("out", "Hello.xif");
        var before = dir.Listing();

        var diagnostics = new DiagnosticBag();
        Assert.IsNull(XifWriter.Write(spec, output, diagnostics));

        Assert.AreEqual(code, diagnostics.Single().Code);
        CollectionAssert.AreEqual(before.ToList(), dir.Listing().ToList());
    }

    [TestMethod]
    public void Writer_refuses_two_entries_differing_only_in_case()
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir);
        spec = spec with { Entries = [.. spec.Entries, new XifSourceEntry(spec.Entries[0].SourcePath, "BIN/hello.DLL", XifEntryKind.Binary)] };

        var diagnostics = new DiagnosticBag();
        Assert.IsNull(XifWriter.Write(spec, dir.Combine("Hello.xif"), diagnostics));

        Assert.AreEqual("OCP4005", diagnostics.Single().Code);
        StringAssert.Contains(diagnostics.Single().Message, "bin/Hello.dll");
    }

    [TestMethod]
    public void Writer_refuses_packages_the_reader_would_refuse_for_their_size_or_count()
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir) with { Limits = XifLimits.Default with { MaxEntryCount = 3, MaxEntrySize = 100_000, MaxTotalSize = 200_000 } };

        var diagnostics = new DiagnosticBag();
        Assert.IsNull(XifWriter.Write(spec, dir.Combine("Hello.xif"), diagnostics));

        CollectionAssert.AreEquivalent(new[] { "OCP4010", "OCP4011", "OCP4012" }, diagnostics.Select(d => d.Code).ToArray());
        Assert.IsFalse(File.Exists(dir.Combine("Hello.xif")));
    }

    [TestMethod]
    public void Missing_file_is_a_coded_error_and_the_previous_package_is_kept()
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir);
        var output = dir.WriteFile("Hello.xif", "previous package");
        spec = spec with { Entries = [.. spec.Entries, new XifSourceEntry(dir.Combine("project", "bin", "Missing.dll"), "bin/Missing.dll", XifEntryKind.Binary)] };

        var ex = Assert.ThrowsExactly<DiagnosticException>(() => XifWriter.Write(spec, output));

        Assert.AreEqual("OCP4020", ex.Diagnostic.Code);
        Assert.AreEqual("previous package", File.ReadAllText(output));
        Assert.AreEqual(1, Directory.GetFiles(dir.Path).Length, "no temporary file left");
    }

    [TestMethod]
    public void Writing_over_an_existing_package_replaces_it_whole()
    {
        using var dir = new TempDirectory();
        var output = dir.WriteFile("Hello.xif", "previous package");

        XifWriter.Write(XifTestFiles.CreateProject(dir), output);

        var diagnostics = new DiagnosticBag();
        using var archive = XifReader.Open(output, XifLimits.Default, diagnostics);
        Assert.IsNotNull(archive);
        Assert.AreEqual(1, Directory.GetFiles(dir.Path).Length, "no temporary file left");
    }
}
