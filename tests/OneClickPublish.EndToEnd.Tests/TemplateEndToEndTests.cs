using System.IO.Compression;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// The template package, packed with this run's package version, installed into a template cache
/// of its own (<c>--debug:custom-hive</c>, so the user's templates are left alone), instantiated
/// with <c>dotnet new oneclick-extension</c>, and the result's first build.
/// </summary>
[TestClass]
public sealed class TemplateEndToEndTests
{
    private static string? _hive;

    private static string Hive => _hive ?? throw new InvalidOperationException("The templates were not installed.");

    [ClassInitialize]
    public static void PackAndInstall(TestContext context)
    {
        _ = context;
        var feed = Path.Combine(PackedPackage.WorkRoot, "templates");
        var pack = DotNet.Run(PackedPackage.RepositoryRoot, "pack", "src/OneClickPublish.Templates/OneClickPublish.Templates.csproj",
            "-c", "Release", "-o", feed, $"-p:Version={PackedPackage.Version}", "-nologo");
        Assert.IsTrue(pack.Succeeded, pack.ToString());
        _hive = Path.Combine(PackedPackage.WorkRoot, "template-hive");
        var install = DotNet.Run(PackedPackage.WorkRoot, "new", "install", Path.Combine(feed, $"OneClickPublish.Templates.{PackedPackage.Version}.nupkg"), "--debug:custom-hive", _hive);
        Assert.IsTrue(install.Succeeded, install.ToString());
        StringAssert.Contains(install.Output, "oneclick-extension");
    }

    private static CommandResult New(UserFolder user, params string[] arguments) =>
        DotNet.Run(user.Path, ["new", "oneclick-extension", .. arguments, "--debug:custom-hive", Hive]);

    [TestMethod]
    public void A_new_extension_from_the_template_saves_its_xif_on_the_first_build_without_a_warning()
    {
        var user = UserFolder.WithPackage("template");

        var created = New(user, "-n", "Geo");

        Assert.IsTrue(created.Succeeded, created.ToString());
        var project = Path.Combine(user.Path, "Geo");
        CollectionAssert.AreEquivalent(
            new[] { ".gitignore", "Geo.csproj", "GeoActions.cs", "extension.xml", "extension.xsd" },
            Directory.GetFiles(project).Select(Path.GetFileName).ToArray());
        var csproj = File.ReadAllText(Path.Combine(project, "Geo.csproj"));
        StringAssert.Contains(csproj, "<TargetFramework>net10.0</TargetFramework>", "a framework still supported: no OCP3018 on the first build");
        StringAssert.Contains(csproj, $"<PackageReference Include=\"OneClickPublish\" Version=\"{PackedPackage.Version}\" PrivateAssets=\"all\" />");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "extension.xml")), "Name=\"Geo\"");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, ".gitignore")), ".oneclick/");

        var build = user.Build("Geo", "-t:OneClickSave");

        Assert.IsTrue(build.Succeeded, build.ToString());
        Assert.AreEqual(0, SampleProject.Diagnostics(build).Count, "the implementation is complete: no stub warning either\n" + build);
        var xif = Path.Combine(project, "bin", "Debug", "net10.0", "Geo.1.0.0.xif");
        using var archive = ZipFile.OpenRead(xif);
        Assert.IsTrue(archive.Entries.Any(e => e.FullName.EndsWith("GeoActions.cs", StringComparison.Ordinal)), string.Join(", ", archive.Entries.Select(e => e.FullName)));
    }

    [TestMethod]
    public void A_NET_Framework_extension_from_the_template_builds_on_the_first_build()
    {
        var user = UserFolder.WithPackage("template48");

        var created = New(user, "-n", "Acme.Maps", "-f", "net48");

        Assert.IsTrue(created.Succeeded, created.ToString());
        var project = Path.Combine(user.Path, "Acme.Maps");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "Acme.Maps.csproj")), "<TargetFramework>net48</TargetFramework>");
        Assert.IsTrue(File.Exists(Path.Combine(project, "AcmeMapsActions.cs")), string.Join(", ", Directory.GetFiles(project)));

        var build = user.Build("Acme.Maps");

        Assert.IsTrue(build.Succeeded, build.ToString());
        Assert.IsFalse(SampleProject.Diagnostics(build).Any(d => d.Severity == "error"), build.ToString());
    }
}
