using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tests.IntegrationStudio;
using OneClickPublish.Tool.Cli;
using OneClickPublish.Tool.Import;
using Spectre.Console.Testing;

namespace OneClickPublish.Tool.Tests.Import;

/// <summary><c>oneclick import</c> in-process on hand-written .xif files, into temp folders.</summary>
[TestClass]
public sealed class ImportRunnerTests
{
    private string _root = null!;
    private StringWriter _out = null!;
    private StringWriter _error = null!;

    [TestInitialize]
    public void Create()
    {
        _root = Directory.CreateTempSubdirectory("oneclick-import-").FullName;
        _out = new StringWriter();
        _error = new StringWriter();
    }

    [TestCleanup]
    public void Delete() => Directory.Delete(_root, recursive: true);

    private ToolContext Context => new()
    {
        Out = _out,
        Error = _error,
        BuildRunner = static () => throw new InvalidOperationException("import builds nothing"),
        IsTerminal = false,
        Console = static () => new TestConsole(),
        CurrentDirectory = _root,
    };

    private string WriteXif(byte[] bytes, string name = "Geo.xif")
    {
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private async Task<int> ImportAsync(string xif, string? output = "out/Geo", string? version = null, string? framework = null) =>
        await new ImportRunner(Context).RunAsync(new ImportRequest(xif, output, version, framework, "1.2.3"), CancellationToken.None);

    private IEnumerable<string> Listing(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(folder, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [TestMethod]
    public async Task A_file_becomes_a_project_with_every_resource_byte_for_byte()
    {
        var xif = WriteXif(StudioXifFixtures.Geo());

        Assert.AreEqual(0, await ImportAsync(xif), _error.ToString());

        var project = Path.Combine(_root, "out", "Geo");
        CollectionAssert.AreEqual(
            new[]
            {
                ".gitignore", ".oneclick", ".oneclick/integration-studio.json", "Geo.csproj", "GeoActions.cs", "Icons", "Icons/geo.png",
                "IntegrationStudio", "IntegrationStudio/Source", "IntegrationStudio/Source/NET", "IntegrationStudio/Source/NET/%Name%.cs",
                "IntegrationStudio/Source/NET/Bin", "IntegrationStudio/Source/NET/Bin/OutSystems.NssGeo.dll", "IntegrationStudio/Source/NET/Geo.cs",
                "IntegrationStudio/Source/NET/Geo.csproj", "Source", "Source/NET", "Source/NET/Bin", "Source/NET/Bin/EPPlus.dll", "extension.xml",
            },
            Listing(project).ToArray());
        CollectionAssert.AreEqual(StudioXifFixtures.GeoCs, File.ReadAllBytes(Path.Combine(project, "IntegrationStudio/Source/NET/Geo.cs")));
        CollectionAssert.AreEqual(StudioXifFixtures.Icon, File.ReadAllBytes(Path.Combine(project, "Icons/geo.png")));
        CollectionAssert.AreEqual(StudioXifFixtures.EpplusDll, File.ReadAllBytes(Path.Combine(project, "Source/NET/Bin/EPPlus.dll")));
        Assert.AreEqual(0, new FileInfo(Path.Combine(project, "IntegrationStudio/Source/NET/%Name%.cs")).Length);
        CollectionAssert.AreEqual(new[] { "Geo.xif", "out" }, Listing(_root).Where(p => !p.Contains('/', StringComparison.Ordinal)).ToArray(), "no staging folder is left");

        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Read(Path.Combine(project, "extension.xml"), diagnostics);
        Assert.IsNotNull(definition, string.Join('\n', diagnostics));
        Assert.AreEqual("1.0.0", definition.VersionText);
        Assert.AreEqual("Icons/geo.png", definition.Actions[0].Icon);

        var csproj = File.ReadAllText(Path.Combine(project, "Geo.csproj"));
        StringAssert.Contains(csproj, "<TargetFramework>net472</TargetFramework>", "the original csproj said v4.7.2");
        StringAssert.Contains(csproj, "<Compile Remove=\"IntegrationStudio/**\" />");
        StringAssert.Contains(csproj, "<HintPath>Source/NET/Bin/EPPlus.dll</HintPath>");
        StringAssert.Contains(csproj, "<PackageReference Include=\"OneClickPublish\" Version=\"1.2.3\" PrivateAssets=\"all\" />");
        StringAssert.Contains(_out.ToString(), "GeoActions.cs: 1 action(s) carried over: Describe.");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "GeoActions.cs")), "namespace Geo\n{", "net472 compiles C# 7.3: no file-scoped namespace");
        StringAssert.Contains(_out.ToString(), "2 action(s) left to port");
    }

    [TestMethod]
    public async Task The_default_folder_is_the_extension_s_name_and_version_and_framework_can_be_given()
    {
        var xif = WriteXif(StudioXifFixtures.Geo());

        Assert.AreEqual(0, await ImportAsync(xif, output: null, version: "2.0.0-beta.1", framework: "net8.0"), _error.ToString());

        var project = Path.Combine(_root, "Geo");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "extension.xml")), "Version=\"2.0.0-beta.1\"");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "Geo.csproj")), "<TargetFramework>net8.0</TargetFramework>");
    }

    [TestMethod]
    public async Task An_existing_folder_is_never_written_into()
    {
        var xif = WriteXif(StudioXifFixtures.Geo());
        var existing = Path.Combine(_root, "out", "Geo");
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "mine.txt"), "keep");

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => ImportAsync(xif));

        Assert.AreEqual("OCP6030", error.Diagnostic.Code);
        CollectionAssert.AreEqual(new[] { "mine.txt" }, Listing(existing).ToArray());
        CollectionAssert.AreEqual(new[] { "Geo.xif", "out", "out/Geo", "out/Geo/mine.txt" }, Listing(_root).ToArray(), "no staging folder either");
    }

    [TestMethod]
    [DataRow("truncated", "OCP6006")]
    [DataRow("appended", "OCP6007")]
    [DataRow("plain-xml", "OCP6004")]
    [DataRow("bad-base64-late", "OCP6014")]
    [DataRow("duplicate-key", "OCP6016")]
    [DataRow("unknown-record-type", "OCP6017")]
    [DataRow("path-escapes", "OCP6015")]
    [DataRow("zip", "OCP6003")]
    [DataRow("doctype", "OCP6010")]
    [DataRow("other-root", "OCP6011")]
    [DataRow("not-zlib", "OCP6002")]
    public async Task A_bad_file_gets_its_code_and_leaves_nothing(string kind, string code)
    {
        var geo = StudioXifFixtures.Geo();
        var bytes = kind switch
        {
            "truncated" => geo[..(geo.Length - 10)],
            "appended" => [.. geo, 0x00],
            "plain-xml" => StudioXifFixtures.Utf8WithBom(StudioXifFixtures.GeoXml),
            "bad-base64-late" => StudioXifFixtures.Xif(StudioXifFixtures.GeoXml.Replace(Convert.ToBase64String(StudioXifFixtures.CompiledDll), "####", StringComparison.Ordinal)),
            "duplicate-key" => StudioXifFixtures.Xif(StudioXifFixtures.GeoXml.Replace("aTtr000000000000000012", "aTtr000000000000000011", StringComparison.Ordinal)),
            "unknown-record-type" => StudioXifFixtures.Xif(StudioXifFixtures.GeoXml.Replace($"RecordType=\"{StudioXifFixtures.RouteKey},\"", "RecordType=\"nOsUcHsTrUcTuRe0000000,\"", StringComparison.Ordinal)),
            "path-escapes" => StudioXifFixtures.Xif(StudioXifFixtures.GeoXml.Replace(@"Path=""\Source\NET\Bin\""", @"Path=""\..\..\""", StringComparison.Ordinal)),
            "zip" => Zip(),
            "doctype" => StudioXifFixtures.Xif(StudioXifFixtures.GeoXml.Replace("<Extension ", "<!DOCTYPE Extension>\n<Extension ", StringComparison.Ordinal)),
            "other-root" => StudioXifFixtures.Xif("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Module Name=\"Geo\" />"),
            "not-zlib" => [0x1F, 0x8B, 0x08, 0x00],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var xif = WriteXif(bytes);

        var exit = await ImportAsync(xif, output: null);

        Assert.AreEqual(ExitCodes.ExtensionErrors, exit);
        StringAssert.Contains(_error.ToString(), code);
        CollectionAssert.AreEqual(new[] { "Geo.xif" }, Listing(_root).ToArray(), "neither the project nor a staging folder is left");
    }

    private static byte[] Zip()
    {
        using var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            archive.CreateEntry("manifest.json");
        }

        return zip.ToArray();
    }

    [TestMethod]
    public async Task A_version_that_is_not_SemVer_is_a_usage_error()
    {
        var xif = WriteXif(StudioXifFixtures.Geo());

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => ImportAsync(xif, version: "1.0.0.0"));

        Assert.AreEqual("OCP7001", error.Diagnostic.Code);
        CollectionAssert.AreEqual(new[] { "Geo.xif" }, Listing(_root).ToArray());
    }

    [TestMethod]
    public async Task Update_brings_a_later_version_in_keeping_bodies_by_key_and_backups()
    {
        var first = WriteXif(StudioXifFixtures.Geo());
        Assert.AreEqual(0, await ImportAsync(first, version: "1.4.0"), _error.ToString());
        var project = Path.Combine(_root, "out", "Geo");
        var implementation = Path.Combine(project, "GeoActions.cs");
        File.WriteAllText(implementation, File.ReadAllText(implementation).Replace(
            "throw new global::System.NotImplementedException(\"Port from Integration Studio: it does not compile here: CS1061",
            "km = 42m; return; throw new global::System.NotImplementedException(\"CS1061",
            StringComparison.Ordinal));
        var later = StudioXifFixtures.GeoXml
            .Replace("Name=\"Distance\"", "Name=\"DistanceKm\"", StringComparison.Ordinal)
            .Replace("<Data>" + Convert.ToBase64String(StudioXifFixtures.Icon) + "</Data>", "<Data>" + Convert.ToBase64String([1, 2, 3]) + "</Data>", StringComparison.Ordinal);
        // A new action in the later file, whose original body compiles: it is carried into the merged file.
        later = later
            .Replace("  </Actions>", """
                <Action Key="aCt10n0000000000000009" Name="Ping" Description="" ImportDetails="" IsFunction="No">
                  <Body></Body>
                  <JavaBody></JavaBody>
                  <Variables>
                    <OutputParameter Key="pArAm00000000000000090" Name="Pong" Description="" Type="rtText" Default="" RecordType="">
                      <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                    </OutputParameter>
                  </Variables>
                </Action>
              </Actions>
            """, StringComparison.Ordinal)
            .Replace(
                Convert.ToBase64String(StudioXifFixtures.GeoCs),
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(StudioXifFixtures.GeoCs).Replace("\t} // CssGeo", "\tpublic void MssPing(out string ssPong) {\r\n\t\t\tssPong = \"pong\";\r\n\t\t}\r\n\t} // CssGeo", StringComparison.Ordinal))),
                StringComparison.Ordinal);
        var second = WriteXif(StudioXifFixtures.Xif(later), "Geo-v2.xif");

        var refused = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => ImportAsync(second));
        Assert.AreEqual("OCP6030", refused.Diagnostic.Code, "without --update an existing project is never written into");

        Assert.AreEqual(0, await new ImportRunner(Context).RunAsync(new ImportRequest(second, "out/Geo", null, null, "1.2.3", Update: true), CancellationToken.None), _error.ToString());

        var merged = File.ReadAllText(implementation);
        StringAssert.Contains(merged, "public void DistanceKm(Point from, out decimal km, Point to)", "the renamed action keeps its method by key");
        StringAssert.Contains(merged, "km = 42m; return;", "and its body");
        StringAssert.Contains(merged, "pong = \"pong\";", "a new action gets the body carried from the later file");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "extension.xml")), "Name=\"DistanceKm\"");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "extension.xml")), "Version=\"1.4.0\"", "the project keeps its version");
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, File.ReadAllBytes(Path.Combine(project, "Icons/geo.png")));
        var backups = Directory.GetFiles(Path.Combine(project, ".oneclick", "backups")).Select(Path.GetFileName).ToList();
        Assert.IsTrue(backups.Exists(b => b!.StartsWith("GeoActions.cs.", StringComparison.Ordinal)), string.Join(", ", backups));
        Assert.IsTrue(backups.Exists(b => b!.StartsWith("geo.png.", StringComparison.Ordinal)), string.Join(", ", backups));
        StringAssert.Contains(_out.ToString(), "Updated Icons/geo.png");
        Assert.IsFalse(Directory.EnumerateDirectories(Path.Combine(_root, "out")).Any(d => Path.GetFileName(d).StartsWith(".oneclick-import-", StringComparison.Ordinal)), "no staging folder is left");
    }

    [TestMethod]
    public async Task Update_of_a_folder_no_import_wrote_is_refused()
    {
        var xif = WriteXif(StudioXifFixtures.Geo());
        Directory.CreateDirectory(Path.Combine(_root, "out", "Geo"));

        var error = await Assert.ThrowsExactlyAsync<DiagnosticException>(() => new ImportRunner(Context).RunAsync(new ImportRequest(xif, "out/Geo", null, null, "1.2.3", Update: true), CancellationToken.None));

        Assert.AreEqual("OCP6033", error.Diagnostic.Code);
        Assert.AreEqual(0, Directory.EnumerateFileSystemEntries(Path.Combine(_root, "out", "Geo")).Count());
    }
}
