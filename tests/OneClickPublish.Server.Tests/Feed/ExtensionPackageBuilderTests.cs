using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using NuGet.Frameworks;
using NuGet.Packaging;
using OneClickPublish.Server.Feed.Packaging;
using OneClickPublish.Server.Storage;
using OneClickPublish.Server.Tests.Infrastructure;

namespace OneClickPublish.Server.Tests.Feed;

/// <summary>
/// The package of a version, built from the files a publish stored (a real blob store) and read back with
/// NuGet's own <see cref="PackageArchiveReader"/>: what a consumer's restore sees.
/// </summary>
[TestClass]
public sealed class ExtensionPackageBuilderTests
{
    private string _root = null!;
    private BlobStore _blobs = null!;

    [TestInitialize]
    public void Initialize()
    {
        _root = Path.Combine(Path.GetTempPath(), "ocp-package-tests", Guid.NewGuid().ToString("N"));
        _blobs = new BlobStore(Path.Combine(_root, "blobs"));
    }

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    [DataRow(".NETFramework,Version=v4.8", "net48")]
    [DataRow(".NETCoreApp,Version=v8.0", "net8.0")]
    [DataRow(".NETStandard,Version=v2.0", "netstandard2.0")]
    public void A_single_target_build_goes_to_the_framework_its_assembly_names(string attribute, string folder)
    {
        var definition = FeedFixtures.GeoDefinition();
        var files = Files(("extension.xml", Encoding.UTF8.GetBytes(definition)), ("bin/Geo.dll", ExtensionAssembly.Compile(definition, "Geo", attribute)),
            ("bin/Geo.pdb", [1, 2, 3]), ("bin/Newtonsoft.Json.dll", [4, 5, 6]), ("bin/appsettings.json", [7]), ("src/GeoActions.cs", [8]));

        using var reader = new PackageArchiveReader(new MemoryStream(Build(definition, files)));

        var lib = reader.GetLibItems().Single();
        Assert.AreEqual(NuGetFramework.Parse(folder), lib.TargetFramework);
        CollectionAssert.AreEquivalent(
            new[] { $"lib/{folder}/Geo.dll", $"lib/{folder}/Geo.pdb", $"lib/{folder}/Geo.xml", $"lib/{folder}/Newtonsoft.Json.dll" },
            lib.Items.ToList());
        Assert.AreEqual(NuGetFramework.Parse(folder), reader.GetPackageDependencies().Single().TargetFramework);
        Assert.IsFalse(reader.GetFiles().Any(static f => f.Contains("appsettings", StringComparison.Ordinal) || f.Contains("GeoActions.cs", StringComparison.Ordinal)),
            "only assemblies and their symbols of bin/ are packaged, never the sources");
    }

    [TestMethod]
    public void A_multi_targeted_build_gives_each_framework_its_own_lib_folder_with_documentation()
    {
        var definition = FeedFixtures.GeoDefinition();
        var files = Files(("extension.xml", Encoding.UTF8.GetBytes(definition)),
            ("bin/net48/Geo.dll", ExtensionAssembly.Compile(definition, "Geo", ".NETFramework,Version=v4.8")),
            ("bin/net8.0/Geo.dll", ExtensionAssembly.Compile(definition, "Geo", ".NETCoreApp,Version=v8.0")),
            ("bin/net8.0/de/Geo.resources.dll", [9]));

        using var reader = new PackageArchiveReader(new MemoryStream(Build(definition, files)));

        var lib = reader.GetLibItems().ToDictionary(static g => g.TargetFramework.GetShortFolderName(), static g => g.Items.Order(StringComparer.Ordinal).ToList());
        CollectionAssert.AreEquivalent(new[] { "net48", "net8.0" }, lib.Keys.ToList());
        CollectionAssert.AreEqual(new[] { "lib/net48/Geo.dll", "lib/net48/Geo.xml" }, lib["net48"]);
        CollectionAssert.AreEqual(new[] { "lib/net8.0/Geo.dll", "lib/net8.0/Geo.xml" }, lib["net8.0"]);
        CollectionAssert.AreEquivalent(new[] { "net48", "net8.0" }, reader.GetPackageDependencies().Select(static g => g.TargetFramework.GetShortFolderName()).ToList());
    }

    [TestMethod]
    public void Assemblies_that_name_no_framework_go_to_lib_for_every_framework()
    {
        var definition = FeedFixtures.GeoDefinition();
        var files = Files(("extension.xml", Encoding.UTF8.GetBytes(definition)), ("bin/Geo.dll", [77, 90, 0, 0]));

        using var reader = new PackageArchiveReader(new MemoryStream(Build(definition, files)));

        var lib = reader.GetLibItems().Single();
        Assert.AreEqual(NuGetFramework.AnyFramework, lib.TargetFramework);
        CollectionAssert.AreEqual(new[] { "lib/Geo.dll" }, lib.Items.ToList(), "no documentation for an assembly the feed cannot read");
    }

    [TestMethod]
    public void The_nuspec_names_the_extension_and_the_package_carries_its_definition_and_a_readme_of_its_actions()
    {
        var definition = FeedFixtures.GeoDefinition("2.1.0-beta.1");
        var files = Files(("extension.xml", Encoding.UTF8.GetBytes(definition)), ("bin/Geo.dll", ExtensionAssembly.Compile(definition, "Geo", ".NETCoreApp,Version=v8.0")));

        var package = Build(definition, files, version: "2.1.0-beta.1");
        using var reader = new PackageArchiveReader(new MemoryStream(package));

        var nuspec = reader.NuspecReader;
        Assert.AreEqual("Geo", nuspec.GetId());
        Assert.AreEqual("2.1.0-beta.1", nuspec.GetVersion().ToNormalizedString());
        Assert.AreEqual("Distances & routes between points.", nuspec.GetDescription());
        Assert.AreEqual("README.md", nuspec.GetReadme());
        Assert.AreEqual(definition, Read(reader, "extension.xml"), "the definition exactly as published");
        var readme = Read(reader, "README.md");
        foreach (var expected in new[] { "# Geo 2.1.0-beta.1", "dotnet add package Geo --version 2.1.0-beta.1", "`new Geo.Maps.GeoActions()`", "### Distance",
            "void Route(List<Point> points, string @class, out long steps, out byte[] raw);", "| from | in | Record of Point | yes | Where it starts. |", "### Place" })
        {
            StringAssert.Contains(readme, expected);
        }

        StringAssert.Contains(Read(reader, "lib/net8.0/Geo.xml"), "M:Geo.Maps.GeoActions.Distance(Geo.Maps.Point,Geo.Maps.Point,System.Decimal@)");
    }

    [TestMethod]
    public void Two_builds_from_the_same_files_are_byte_identical_and_every_entry_is_dated_1980()
    {
        var definition = FeedFixtures.GeoDefinition();
        var files = Files(("extension.xml", Encoding.UTF8.GetBytes(definition)), ("bin/Geo.dll", ExtensionAssembly.Compile(definition, "Geo", ".NETCoreApp,Version=v8.0")));

        var first = Build(definition, files);
        var second = Build(ExtensionAssembly.Definition(definition), definition, files, "1.0.0");

        CollectionAssert.AreEqual(first, second);
        using var zip = new ZipArchive(new MemoryStream(first));
        Assert.IsTrue(zip.Entries.All(static e => e.LastWriteTime.DateTime == new DateTime(1980, 1, 1)), string.Join(", ", zip.Entries.Select(static e => $"{e.FullName} {e.LastWriteTime}")));
        CollectionAssert.AreEqual(zip.Entries.Select(static e => e.FullName).Order(StringComparer.Ordinal).ToList(), zip.Entries.Select(static e => e.FullName).ToList(), "entries sorted");
        Assert.IsTrue(zip.Entries.All(static e => e.ExternalAttributes == 0));
    }

    [TestMethod]
    public void Each_framework_folder_keeps_all_its_assemblies_and_a_root_build_of_a_framework_with_a_folder_is_not_packaged_twice()
    {
        var definition = FeedFixtures.GeoDefinition();
        var files = Files(("extension.xml", Encoding.UTF8.GetBytes(definition)),
            ("bin/Geo.dll", ExtensionAssembly.Compile(definition, "Geo", ".NETCoreApp,Version=v8.0", "// the root build")),
            ("bin/net8.0/Geo.dll", ExtensionAssembly.Compile(definition, "Geo", ".NETCoreApp,Version=v8.0")),
            ("bin/net8.0/Helper.dll", [77, 90, 1]),
            ("bin/net48/Newtonsoft.Json.dll", [4, 5, 6]),
            ("bin/any/Ignored.dll", [7]),
            ("bin/tools/Ignored.dll", [8]));

        using var reader = new PackageArchiveReader(new MemoryStream(Build(definition, files)));

        var lib = reader.GetLibItems().ToDictionary(static g => g.TargetFramework.GetShortFolderName(), static g => g.Items.Order(StringComparer.Ordinal).ToList());
        CollectionAssert.AreEquivalent(new[] { "net48", "net8.0" }, lib.Keys.ToList(), "the root build of net8.0 is served by bin/net8.0");
        CollectionAssert.AreEqual(new[] { "lib/net8.0/Geo.dll", "lib/net8.0/Geo.xml", "lib/net8.0/Helper.dll" }, lib["net8.0"]);
        CollectionAssert.AreEqual(new[] { "lib/net48/Newtonsoft.Json.dll" }, lib["net48"], "a folder without the extension's assembly has no documentation");
        Assert.IsFalse(reader.GetFiles().Any(static f => f.Contains("Ignored", StringComparison.Ordinal)), "a folder that names no framework is not packaged");
    }

    [TestMethod]
    public void The_framework_is_read_past_an_assembly_s_own_and_generic_attributes()
    {
        // Attributes whose constructor is the assembly's own (a method definition) or a member of a
        // generic instance (a type specification) are not TargetFramework; without one the assembly names none.
        const string Attributes = """
            [assembly: Geo.Marker]
            [assembly: Geo.Tagged<int>]
            namespace Geo
            {
                [System.AttributeUsage(System.AttributeTargets.Assembly)] public sealed class Marker : System.Attribute { }
                [System.AttributeUsage(System.AttributeTargets.Assembly)] public sealed class Tagged<T> : System.Attribute { }
            }
            """;
        var definition = FeedFixtures.GeoDefinition();
        var assembly = ExtensionAssembly.Compile(definition, "Geo", targetFramework: null, Attributes);
        var path = Path.Combine(_root, "Geo.dll");
        File.WriteAllBytes(path, assembly);
        Assert.IsNull(PackageLayout.ReadTargetFramework(path));

        File.WriteAllBytes(path, ExtensionAssembly.Compile(definition, "Geo", ".NETFramework,Version=v4.8", Attributes));
        Assert.AreEqual(NuGetFramework.Parse("net48"), PackageLayout.ReadTargetFramework(path), "found past them");
    }

    [TestMethod]
    public void A_file_missing_from_the_blob_store_fails_the_build_and_leaves_nothing()
    {
        var definition = FeedFixtures.GeoDefinition();
        var files = Files(("extension.xml", Encoding.UTF8.GetBytes(definition)), ("bin/Geo.dll", [1, 2]));
        File.Delete(_blobs.PathOf(files[1].Sha256));
        var destination = Path.Combine(_root, "out.nupkg");

        var error = Assert.ThrowsExactly<FileNotFoundException>(() => new ExtensionPackageBuilder(_blobs).Build(
            new PackageSource("Geo", "1.0.0", ExtensionAssembly.Definition(definition), definition, files), destination));

        StringAssert.Contains(error.Message, "bin/Geo.dll");
        Assert.IsFalse(File.Exists(destination));
    }

    private VersionFileRecord[] Files(params (string Path, byte[] Content)[] files) =>
        [.. files.Select(f =>
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(f.Content));
            Directory.CreateDirectory(Path.GetDirectoryName(_blobs.PathOf(sha))!);
            File.WriteAllBytes(_blobs.PathOf(sha), f.Content);
            return new VersionFileRecord(f.Path, sha, f.Content.Length);
        })];

    private byte[] Build(string definition, IReadOnlyList<VersionFileRecord> files, string version = "1.0.0") =>
        Build(ExtensionAssembly.Definition(definition), definition, files, version);

    private byte[] Build(OneClickPublish.Definition.ExtensionDefinition definition, string xml, IReadOnlyList<VersionFileRecord> files, string version)
    {
        var destination = Path.Combine(_root, Guid.NewGuid().ToString("N") + ".nupkg");
        new ExtensionPackageBuilder(_blobs).Build(new PackageSource("Geo", version, definition, xml, files), destination);
        return File.ReadAllBytes(destination);
    }

    private static string Read(PackageArchiveReader reader, string path)
    {
        using var stream = reader.GetStream(path);
        using var text = new StreamReader(stream);
        return text.ReadToEnd();
    }
}
