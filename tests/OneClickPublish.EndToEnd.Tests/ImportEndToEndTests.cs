using System.IO.Compression;
using OneClickPublish.Tests.IntegrationStudio;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// An Integration Studio extension brought over as a user does it: the real <c>oneclick import</c> of a
/// hand-written .xif, then a real <c>dotnet build -t:OneClickSave</c> with the packed package, then a
/// publish to a real Platform Server.
/// </summary>
[TestClass]
public sealed class ImportEndToEndTests
{
    private const string Name = "GeoImported";

    private static string ToolAssembly => Path.Combine(AppContext.BaseDirectory, "oneclick.dll");

    /// <summary>
    /// The shared fixture under a name of its own on the shared server, with a real .NET Framework assembly as
    /// its CodeReference resource (the project references it: a made-up one would not compile).
    /// </summary>
    private static byte[] Fixture()
    {
        using var package = ZipFile.OpenRead(PackedPackage.NupkgPath);
        using var entry = package.GetEntry("tasks/net472/NuGet.Versioning.dll")!.Open();
        using var real = new MemoryStream();
        entry.CopyTo(real);
        var xml = StudioXifFixtures.GeoXml
            .Replace("Geo", Name, StringComparison.Ordinal)
            .Replace("EPPlus.dll", "NuGet.Versioning.dll", StringComparison.Ordinal)
            .Replace(Convert.ToBase64String(StudioXifFixtures.EpplusDll), Convert.ToBase64String(real.ToArray()), StringComparison.Ordinal);
        return StudioXifFixtures.Xif(xml);
    }

    [TestMethod]
    public void A_hand_written_xif_imported_builds_saves_and_publishes()
    {
        var user = UserFolder.WithPackage("import");
        var xif = Path.Combine(user.Path, $"{Name}.xif");
        File.WriteAllBytes(xif, Fixture());

        var import = DotNet.Run(user.Path, [ToolAssembly, "import", xif, "--package-version", PackedPackage.Version]);

        Assert.AreEqual(0, import.ExitCode, import.ToString());
        var project = Path.Combine(user.Path, Name);
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, $"{Name}.csproj")), "<TargetFramework>net472</TargetFramework>");
        StringAssert.Contains(import.Output, $"{Name}Actions.cs: 1 action(s) carried over: Describe.");

        var save = user.Build(Name, "-t:OneClickSave");

        Assert.IsTrue(save.Succeeded, save.ToString());
        Assert.IsFalse(SampleProject.Diagnostics(save).Any(d => d.Severity == "error"), save.ToString());
        var saved = Path.Combine(project, "bin", "Debug", "net472", $"{Name}.1.0.0.xif");
        Assert.IsTrue(File.Exists(saved), save.ToString());
        using (var archive = ZipFile.OpenRead(saved))
        {
            var entries = archive.Entries.Select(e => e.FullName).ToList();
            Assert.IsTrue(entries.Any(e => e.EndsWith("Icons/geo.png", StringComparison.Ordinal)), string.Join(", ", entries));
            Assert.IsTrue(entries.Any(e => e.EndsWith($"IntegrationStudio/Source/NET/{Name}.cs", StringComparison.Ordinal)), string.Join(", ", entries));
        }

        var studio = user.Build(Name, "-t:OneClickSave", "-p:OneClickPublishXifFormat=IntegrationStudio");

        Assert.IsTrue(studio.Succeeded, studio.ToString());
        var exported = Inflate(Path.Combine(project, "bin", "Debug", "net472", $"{Name}.1.0.0.IntegrationStudio.xif"));
        Assert.AreEqual(Name, exported.Root!.Attribute("Name")!.Value);
        Assert.AreEqual(StudioXifFixtures.ExtensionKey, exported.Root.Attribute("Key")!.Value, "the key the import kept");
        CollectionAssert.AreEqual(
            new[] { $"{Name}.cs", $"{Name}.csproj", "%Name%.cs", "geo.png", "NuGet.Versioning.dll", $"OutSystems.Nss{Name}.dll" },
            exported.Descendants("Resource").Select(r => r.Attribute("Filename")!.Value).ToArray(),
            "the original's sources go back as the resources they came from");

        var server = SharedServer.Server;
        var publish = DotNet.Run(user.Path, new Dictionary<string, string> { ["ONECLICK_API_KEY"] = server.ApiKey },
            ["build", Name, "-nologo", "-v:m", "-t:OneClickPublish", $"-p:OneClickPublishServer={server.Url}", "-p:OneClickPublishRetries=1", "-p:OneClickPublishRetryDelay=0"]);

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        Assert.AreEqual("1.0.0", SharedServer.Extension(server, Name).ActiveVersion);
    }

    [TestMethod]
    public void An_extension_not_made_by_import_saves_in_Integration_Studio_s_format_with_its_sources_and_assembly()
    {
        var sample = SampleProject.Copy();

        var save = sample.Build("-t:OneClickSave", "-p:OneClickPublishXifFormat=IntegrationStudio");

        Assert.IsTrue(save.Succeeded, save.ToString());
        var file = Directory.GetFiles(sample.Directory, "*.IntegrationStudio.xif", SearchOption.AllDirectories).Single();
        var xml = Inflate(file);
        var resources = xml.Descendants("Resource").Select(r => r.Attribute("Path")!.Value + r.Attribute("Filename")!.Value).ToList();
        CollectionAssert.Contains(resources, @"\Source\NET\HelloExtensionActions.cs", string.Join(", ", resources));
        CollectionAssert.Contains(resources, @"\Source\NET\Bin\HelloExtension.dll", string.Join(", ", resources));
        Assert.AreEqual(2, xml.Descendants("Technology").Count());
    }

    [TestMethod]
    public void Oneclick_export_of_an_extension_not_made_by_import_writes_what_the_build_writes()
    {
        var sample = SampleProject.Copy();
        var output = Path.Combine(sample.Directory, "out", "Hello.xif");

        var export = DotNet.Run(sample.Directory, [ToolAssembly, "export", sample.ProjectFile, "-o", output]);

        Assert.IsTrue(export.Succeeded, export.ToString());
        var resources = Inflate(output).Descendants("Resource").Select(r => r.Attribute("Path")!.Value + r.Attribute("Filename")!.Value).ToList();
        CollectionAssert.Contains(resources, @"\Source\NET\HelloExtensionActions.cs", string.Join(", ", resources));
        CollectionAssert.Contains(resources, @"\Source\NET\Bin\HelloExtension.dll", string.Join(", ", resources));
    }

    [TestMethod]
    public void Publishing_in_Integration_Studio_s_format_stops_before_saving_with_OCP4027()
    {
        var sample = SampleProject.Copy();

        var publish = sample.Build("-t:OneClickPublish", "-p:OneClickPublishXifFormat=IntegrationStudio", "-p:OneClickPublishServer=http://127.0.0.1:9/");

        Assert.IsFalse(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, "error OCP4027");
        Assert.AreEqual(0, Directory.GetFiles(sample.Directory, "*.xif", SearchOption.AllDirectories).Length, "nothing was saved");
    }

    /// <summary>The XML inside an Integration Studio .xif, inflated with ZLibStream (not with our reader).</summary>
    private static System.Xml.Linq.XDocument Inflate(string path)
    {
        using var zlib = new ZLibStream(File.OpenRead(path), CompressionMode.Decompress);
        return System.Xml.Linq.XDocument.Load(zlib);
    }
}
