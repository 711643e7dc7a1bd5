using OneClickPublish.Diagnostics;
using OneClickPublish.Xif;

namespace OneClickPublish.Tests.Xif;

/// <summary>The entry-path rule case by case, and the package descriptions the writer refuses before it writes a byte.</summary>
[TestClass]
public sealed class XifPathAndSpecTests
{
    [TestMethod]
    [DataRow("", "OCP4001", "it is empty")]
    [DataRow("bin/a<b.dll", "OCP4001", "it contains '<'")]
    [DataRow("bin/a>b.dll", "OCP4001", "it contains '>'")]
    [DataRow("bin/a\"b.dll", "OCP4001", "it contains '\"'")]
    [DataRow("bin/a|b.dll", "OCP4001", "it contains '|'")]
    [DataRow("bin/a?b.dll", "OCP4001", "it contains '?'")]
    [DataRow("bin/a*b.dll", "OCP4001", "it contains '*'")]
    [DataRow("bin/a\u0001b.dll", "OCP4001", "it contains a control character")]
    [DataRow("bin/a.", "OCP4001", "segment 'a.' ends with a dot or a space")]
    [DataRow("bin /a.dll", "OCP4001", "segment 'bin ' ends with a dot or a space")]
    [DataRow("bin/./a.dll", "OCP4002", "")]
    [DataRow("bin/COM1.txt", "OCP4001", "reserved device name")]
    [DataRow("\\bin\\a.dll", "OCP4003", "")]
    public void An_invalid_entry_path_gets_its_code_and_reason(string path, string code, string reason)
    {
        var problem = XifPath.Validate(path, new SourceLocation("upload.xif"));

        Assert.IsNotNull(problem);
        Assert.AreEqual(code, problem.Code);
        StringAssert.Contains(problem.Message, reason);
    }

    [TestMethod]
    public void Every_Windows_device_name_is_refused_as_a_segment_with_or_without_extension()
    {
        string[] devices =
        [
            "CON", "PRN", "AUX", "NUL",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        ];
        foreach (var path in devices.SelectMany(static d => new[] { $"bin/{d}", $"{d.ToLowerInvariant()}.txt/a.dll" }))
        {
            var problem = XifPath.Validate(path, SourceLocation.None);
            Assert.AreEqual("OCP4001", problem?.Code, path);
            StringAssert.Contains(problem!.Message, "is a reserved device name on Windows", path);
        }

        Assert.IsNull(XifPath.Validate("bin/COM10", SourceLocation.None), "only COM0-COM9 are devices");
    }

    [TestMethod]
    public void A_drive_alone_is_an_absolute_path() =>
        Assert.AreEqual("OCP4003", XifPath.Validate("C:", SourceLocation.None)?.Code);

    [TestMethod]
    public void An_empty_segment_is_named_as_such() =>
        StringAssert.Contains(XifPath.Validate("bin//a.dll", SourceLocation.None)!.Message, "it has an empty segment (a leading, doubled or trailing '/')");

    [TestMethod]
    public void A_null_path_or_location_is_a_programming_error()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => XifPath.Validate(null!, SourceLocation.None));
        Assert.ThrowsExactly<ArgumentNullException>(() => XifPath.Validate("bin/a.dll", null!));
    }

    [TestMethod]
    public void An_entry_path_is_limited_in_length()
    {
        var longest = string.Join('/', Enumerable.Repeat(new string('a', 63), 16)); // 1,023 characters
        Assert.IsNull(XifPath.Validate(longest + "b", SourceLocation.None), "1,024 characters is allowed");

        var problem = XifPath.Validate(longest + "bc", SourceLocation.None);

        Assert.AreEqual("OCP4001", problem?.Code);
        StringAssert.Contains(problem!.Message, $"longer than {XifPath.MaxLength} characters");
    }

    [TestMethod]
    [DataRow("a.b/c-d_e f.dll")]
    [DataRow("CONSOLE.txt")]
    [DataRow("x")]
    public void Valid_entry_paths_pass(string path) =>
        Assert.IsNull(XifPath.Validate(path, SourceLocation.None));

    [TestMethod]
    [DataRow("name", "the extension name is empty")]
    [DataRow("version", "the extension version is empty")]
    [DataRow("definition", "no definition file was given")]
    public void A_spec_without_name_version_or_definition_is_refused(string missing, string reason)
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir);
        spec = missing switch
        {
            "name" => spec with { ExtensionName = " " },
            "version" => spec with { ExtensionVersion = "" },
            _ => spec with { DefinitionPath = "" },
        };
        var diagnostics = new DiagnosticBag();

        Assert.IsNull(XifWriter.Write(spec, dir.Combine("Hello.xif"), diagnostics));

        Assert.IsTrue(diagnostics.Any(d => d.Code == "OCP4024" && d.Message.Contains(reason, StringComparison.Ordinal)), string.Join('\n', diagnostics));
        Assert.IsFalse(File.Exists(dir.Combine("Hello.xif")));
    }

    [TestMethod]
    public void A_second_definition_among_the_entries_is_refused()
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir);
        spec = spec with { Entries = [.. spec.Entries, new XifSourceEntry(spec.DefinitionPath, "more/extension.xml", XifEntryKind.Definition)] };
        var diagnostics = new DiagnosticBag();

        Assert.IsNull(XifWriter.Write(spec, dir.Combine("Hello.xif"), diagnostics));

        Assert.AreEqual("OCP4024", diagnostics.Single().Code);
        StringAssert.Contains(diagnostics.Single().Message, "'more/extension.xml' is given as a second definition");
    }

    [TestMethod]
    public void A_package_that_cannot_be_written_where_asked_is_a_coded_error()
    {
        using var dir = new TempDirectory();
        var spec = XifTestFiles.CreateProject(dir);
        dir.WriteFile("file", "a file, not a folder");
        var diagnostics = new DiagnosticBag();

        Assert.IsNull(XifWriter.Write(spec, dir.Combine("file", "Hello.xif"), diagnostics));

        Assert.AreEqual("OCP4022", diagnostics.Single().Code);
    }
}
