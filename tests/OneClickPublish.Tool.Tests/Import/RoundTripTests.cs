using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using OneClickPublish.Tests.IntegrationStudio;
using OneClickPublish.Tool.Cli;
using OneClickPublish.Tool.Import;
using Spectre.Console.Testing;

namespace OneClickPublish.Tool.Tests.Import;

/// <summary>
/// Import then export gives back the original's XML element for element and attribute for attribute,
/// except the fields the format page says cannot be reproduced (<see cref="NotReproduced"/>, listed in
/// docs/import-export.md); and export then import gives back the same definition. Both files are
/// inflated here with System.IO.Compression's ZLibStream, not with our reader.
/// </summary>
[TestClass]
public sealed class RoundTripTests
{
    /// <summary>The root's attributes an export cannot reproduce: the time of the save (Generation and Hash are written back as the import kept them).</summary>
    private static readonly string[] NotReproduced = ["LastModifiedUTC"];

    private string _root = null!;

    [TestInitialize]
    public void Create() => _root = Directory.CreateTempSubdirectory("oneclick-roundtrip-").FullName;

    [TestCleanup]
    public void Delete() => Directory.Delete(_root, recursive: true);

    private ToolContext Context(StringWriter output) => new()
    {
        Out = output,
        Error = output,
        BuildRunner = static () => throw new InvalidOperationException("nothing is built"),
        IsTerminal = false,
        Console = static () => new TestConsole(),
        CurrentDirectory = _root,
    };

    private async Task<string> ImportAsync(byte[] xif, string folder)
    {
        var file = Path.Combine(_root, folder + ".xif");
        File.WriteAllBytes(file, xif);
        var output = new StringWriter();
        Assert.AreEqual(0, await new ImportRunner(Context(output)).RunAsync(new ImportRequest(file, folder, null, null, "1.0.0"), CancellationToken.None), output.ToString());
        return Path.Combine(_root, folder);
    }

    private async Task<byte[]> ExportAsync(string project, string file)
    {
        var output = new StringWriter();
        var path = Path.Combine(_root, file);
        Assert.AreEqual(0, await new ExportRunner(Context(output)).RunAsync(new ExportRequest(Path.Combine(project, "x.csproj"), path), CancellationToken.None), output.ToString());
        return File.ReadAllBytes(path);
    }

    private static byte[] Inflate(byte[] xif)
    {
        using var input = new ZLibStream(new MemoryStream(xif), CompressionMode.Decompress);
        using var xml = new MemoryStream();
        input.CopyTo(xml);
        return xml.ToArray();
    }

    [TestMethod]
    [DataRow("geo")]
    [DataRow("other-writer")]
    public async Task Import_then_export_gives_back_the_original_element_for_element(string name)
    {
        var original = name == "geo" ? StudioXifFixtures.Geo() : StudioXifFixtures.Xif(StudioXifFixtures.OtherWriterXml, bom: false);
        var project = await ImportAsync(original, name);

        var exported = await ExportAsync(project, name + "-out.xif");

        var expected = XDocument.Parse(Encoding.UTF8.GetString(Inflate(original)).TrimStart('\uFEFF'));
        var actual = XDocument.Parse(Encoding.UTF8.GetString(Inflate(exported)).TrimStart('\uFEFF'));
        AssertSameElement(expected.Root!, actual.Root!, "/Extension");
    }

    [TestMethod]
    public async Task The_export_follows_the_format_page_s_conventions()
    {
        var project = await ImportAsync(StudioXifFixtures.Geo(), "geo");

        var exported = await ExportAsync(project, "geo-out.xif");

        CollectionAssert.AreEqual(new byte[] { 0x78, 0xDA }, exported[..2]);
        var xml = Inflate(exported);
        CollectionAssert.AreEqual(new byte[] { 0xEF, 0xBB, 0xBF }, xml[..3], "UTF-8 with a BOM");
        var text = Encoding.UTF8.GetString(xml, 3, xml.Length - 3);
        StringAssert.StartsWith(text, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Extension Key=\"");
        Assert.IsFalse(text.Replace("\r\n", string.Empty, StringComparison.Ordinal).Contains('\n', StringComparison.Ordinal), "CRLF only");
        Assert.IsTrue(text.EndsWith("</Extension>", StringComparison.Ordinal), "no line end after the root");
        StringAssert.Contains(text, "\r\n  <Entities />\r\n", "childless containers self-close with a space");
        StringAssert.Contains(text, "<JavaBody></JavaBody>", "JavaBody always has an end tag");
        StringAssert.Contains(text, "<Data></Data>", "an empty resource keeps an explicit end tag");
        StringAssert.Contains(text, "<Expression Name=\"Default\" StringText=\"&quot;Portrait&quot;\"><Text position=\"1\" value=\"Portrait\" Type=\"rtText\"></Text></Expression>");
        StringAssert.Contains(text, "Description=\"Distances &amp; routes, &quot;quoted&quot;&#xD;&#xA;second line\"");
        StringAssert.Contains(text, $"<Data>{Convert.ToBase64String(StudioXifFixtures.GeoCs)}</Data>");
    }

    [TestMethod]
    public async Task Export_then_import_gives_back_the_same_definition()
    {
        var first = await ImportAsync(StudioXifFixtures.Geo(), "geo");
        var exported = await ExportAsync(first, "geo-out.xif");

        var second = await ImportAsync(exported, "geo-again");

        Assert.AreEqual(File.ReadAllText(Path.Combine(first, "extension.xml")), File.ReadAllText(Path.Combine(second, "extension.xml")));
    }

    private static void AssertSameElement(XElement expected, XElement actual, string path)
    {
        Assert.AreEqual(expected.Name, actual.Name, path);
        var expectedAttributes = Attributes(expected, path);
        var actualAttributes = Attributes(actual, path);
        CollectionAssert.AreEquivalent(expectedAttributes, actualAttributes, $"attributes of {path}: expected {string.Join(' ', expectedAttributes)}, got {string.Join(' ', actualAttributes)}");
        var expectedChildren = expected.Elements().ToList();
        var actualChildren = actual.Elements().ToList();
        CollectionAssert.AreEqual(expectedChildren.Select(e => e.Name.LocalName).ToList(), actualChildren.Select(e => e.Name.LocalName).ToList(), $"children of {path}");
        if (expectedChildren.Count == 0)
        {
            Assert.AreEqual(expected.Value.Trim(), actual.Value.Trim(), $"text of {path}");
        }

        for (var i = 0; i < expectedChildren.Count; i++)
        {
            AssertSameElement(expectedChildren[i], actualChildren[i], $"{path}/{expectedChildren[i].Name.LocalName}[{i}]");
        }
    }

    private static List<string> Attributes(XElement element, string path) =>
        element.Attributes()
            .Where(a => !(path == "/Extension" && NotReproduced.Contains(a.Name.LocalName)))
            .Select(a => $"{a.Name}={a.Value}")
            .ToList();
}
