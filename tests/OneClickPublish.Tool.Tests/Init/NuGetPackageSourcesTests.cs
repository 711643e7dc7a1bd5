using OneClickPublish.Tests;
using System.Diagnostics;
using System.IO.Compression;
using NuGet.Versioning;
using OneClickPublish.Tool.Init;

namespace OneClickPublish.Tool.Tests.Init;

/// <summary>
/// The NuGet sources of a folder, asked through NuGet's own libraries, on local folder feeds only
/// (every NuGet.config here clears the user's sources: no test reaches a network).
/// </summary>
[TestClass]
public sealed class NuGetPackageSourcesTests
{
    private static readonly NuGetVersion Version = NuGetVersion.Parse("0.1.0");

    private string _root = null!;
    private string _project = null!;

    [TestInitialize]
    public void Create()
    {
        _root = Directory.CreateTempSubdirectory("oneclick-sources-").FullName;
        _project = Path.Combine(_root, "src", "Geo");
        Directory.CreateDirectory(_project);
    }

    [TestCleanup]
    public void Delete() => Directory.Delete(_root, recursive: true);

    /// <summary>A package NuGet reads: a zip holding its .nuspec.</summary>
    private static void WritePackage(string folder, string id, string version)
    {
        Directory.CreateDirectory(folder);
        using var zip = ZipFile.Open(Path.Combine(folder, $"{id}.{version}.nupkg"), ZipArchiveMode.Create);
        using var writer = new StreamWriter(zip.CreateEntry($"{id}.nuspec").Open());
        writer.Write($"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata><id>{id}</id><version>{version}</version><authors>test</authors><description>test</description></metadata>
            </package>
            """);
    }

    private void WriteConfig(string folder, string sources, string mapping = "")
    {
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                {sources}
              </packageSources>
              {mapping}
            </configuration>
            """);
    }

    private Task<PackageAvailability> Find() => new NuGetPackageSources().FindAsync(_project, "OneClickPublish", Version, CancellationToken.None);

    [TestMethod]
    public async Task The_source_that_has_the_version_is_found_through_relative_paths_of_a_config_above_the_project()
    {
        WritePackage(Path.Combine(_root, "empty"), "Other", "1.0.0");
        WritePackage(Path.Combine(_root, "feed"), "OneClickPublish", "0.1.0");
        WriteConfig(_root, """<add key="empty" value="empty" /><add key="feed" value="feed" />""");

        var availability = await Find();

        Assert.AreEqual("feed", availability.FoundOn);
        Assert.AreEqual(Path.Combine(_root, "feed"), availability.FoundAt);
        CollectionAssert.AreEqual(new[] { "empty", "feed" }, availability.SourcesAsked.ToArray());
        Assert.AreEqual(Path.Combine(_root, "NuGet.config"), availability.ConfigFileForNewSource);
        Assert.IsFalse(availability.ConfigFileIsUsers);
    }

    [TestMethod]
    public async Task Another_version_is_not_the_version()
    {
        WritePackage(Path.Combine(_root, "feed"), "OneClickPublish", "0.0.9");
        WriteConfig(_root, """<add key="feed" value="feed" />""");

        var availability = await Find();

        Assert.IsNull(availability.FoundOn);
        Assert.AreEqual(0, availability.Unchecked.Count);
    }

    [TestMethod]
    public async Task Source_mapping_decides_which_sources_are_asked()
    {
        WritePackage(Path.Combine(_root, "feed"), "OneClickPublish", "0.1.0");
        Directory.CreateDirectory(Path.Combine(_root, "company"));
        WriteConfig(_root, """<add key="feed" value="feed" /><add key="company" value="company" />""", """
            <packageSourceMapping>
              <packageSource key="company"><package pattern="OneClickPublish*" /></packageSource>
              <packageSource key="feed"><package pattern="Other.*" /></packageSource>
            </packageSourceMapping>
            """);

        var availability = await Find();

        Assert.IsNull(availability.FoundOn, "restore would never take it from 'feed'");
        CollectionAssert.AreEqual(new[] { "company" }, availability.SourcesAsked.ToArray());
        Assert.IsTrue(availability.MappingEnabled);
        CollectionAssert.AreEquivalent(new[] { "feed", "company" }, availability.SourceNames.ToArray());
    }

    [TestMethod]
    public async Task Disabled_sources_are_not_asked_but_their_names_are_taken()
    {
        WritePackage(Path.Combine(_root, "feed"), "OneClickPublish", "0.1.0");
        WriteConfig(_root, """<add key="feed" value="feed" /></packageSources><disabledPackageSources><add key="feed" value="true" /></disabledPackageSources><packageSources>""");

        var availability = await Find();

        Assert.IsNull(availability.FoundOn);
        Assert.AreEqual(0, availability.SourcesAsked.Count);
        Assert.IsTrue(availability.SourceNames.Contains("feed"));
    }

    [TestMethod]
    public async Task A_folder_that_does_not_exist_is_reported_as_not_checked()
    {
        WriteConfig(_project, """<add key="gone" value="../gone" />""");

        var availability = await Find();

        var notChecked = availability.Unchecked.Single();
        Assert.AreEqual(("gone", Path.Combine(_root, "src", "gone"), "the folder does not exist"), (notChecked.Name, notChecked.Location, notChecked.Reason));
        Assert.AreEqual(Path.Combine(_project, "NuGet.config"), availability.ConfigFileForNewSource, "the nearest config");
    }

    [TestMethod]
    [TestCategory("Integration")]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task The_printed_command_run_as_it_is_makes_the_package_found()
    {
        var feed = Path.Combine(_root, "packed packages");
        WritePackage(feed, "OneClickPublish", "0.1.0");
        Directory.CreateDirectory(Path.Combine(_root, "empty"));
        WriteConfig(_root, """<add key="OneClickPublish" value="empty" />""");
        var before = await Find();
        Assert.IsNull(before.FoundOn);

        var command = SourceAdvice.Lines(before, SourceAdvice.FolderHolding([feed], "OneClickPublish", Version), "OneClickPublish", Version)[1].Trim();
        Assert.AreEqual($"dotnet nuget add source \"{feed}\" --name OneClickPublish-2 --configfile {Path.Combine(_root, "NuGet.config")}", command);
        await RunShell(command);

        var after = await Find();
        Assert.AreEqual("OneClickPublish-2", after.FoundOn);
    }

    private Task RunShell(string commandLine) => UserShell.RunAsync(_root, commandLine);
}
