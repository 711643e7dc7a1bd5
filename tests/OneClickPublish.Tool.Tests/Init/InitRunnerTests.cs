using System.CommandLine;
using NuGet.Versioning;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Tool.Cli;
using OneClickPublish.Tool.Init;
using OneClickPublish.Verification;
using Spectre.Console.Testing;

namespace OneClickPublish.Tool.Tests.Init;

/// <summary><c>oneclick init</c> in-process, on class libraries in temp folders, with the NuGet sources' answer given.</summary>
[TestClass]
public sealed class InitRunnerTests
{
    private const string ClassLibrary = "<Project Sdk=\"Microsoft.NET.Sdk\">\n\n  <PropertyGroup>\n    <TargetFramework>net10.0</TargetFramework>\n  </PropertyGroup>\n\n</Project>\n";

    private string _root = null!;
    private string _project = null!;
    private StringWriter _out = null!;
    private StringWriter _error = null!;
    private FixedClock _clock = null!;

    [TestInitialize]
    public void Create()
    {
        _root = Directory.CreateTempSubdirectory("oneclick-init-").FullName;
        _project = Path.Combine(_root, "Geo");
        Directory.CreateDirectory(_project);
        File.WriteAllText(ProjectFile, ClassLibrary);
        File.WriteAllText(Path.Combine(_project, "Class1.cs"), "namespace Geo;\n\npublic class Class1 { }\n");
        _out = new StringWriter();
        _error = new StringWriter();
        _clock = new FixedClock();
    }

    [TestCleanup]
    public void Delete() => Directory.Delete(_root, recursive: true);

    private string ProjectFile => Path.Combine(_project, "Geo.csproj");

    private string Output => _out.ToString();

    /// <summary>Backups are named by the local time, as UpdateSource names them.</summary>
    private string Stamp => _clock.GetLocalNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);

    private ToolContext Context(string? currentDirectory = null) => new()
    {
        Out = _out,
        Error = _error,
        BuildRunner = static () => throw new InvalidOperationException("init builds nothing"),
        IsTerminal = false,
        Console = static () => new TestConsole(),
        CurrentDirectory = currentDirectory ?? _project,
        Clock = _clock,
        ToolDirectory = Path.Combine(_root, "tool"),
    };

    private static PackageAvailability Found() => new()
    {
        FoundOn = "local",
        FoundAt = "/feed",
        SourcesAsked = ["local"],
        SourceNames = ["local"],
        ConfigFileForNewSource = "/src/NuGet.config",
    };

    private sealed class Sources(PackageAvailability answer) : IPackageSources
    {
        public List<(string Folder, string Id, NuGetVersion Version)> Asked { get; } = [];

        public Task<PackageAvailability> FindAsync(string projectDirectory, string packageId, NuGetVersion version, CancellationToken cancellationToken)
        {
            Asked.Add((projectDirectory, packageId, version));
            return Task.FromResult(answer);
        }
    }

    private Task<int> Run(InitRequest request, PackageAvailability? answer = null, IEnumerable<string>? knownFolders = null) =>
        new InitRunner(Context(), new Sources(answer ?? Found())) { KnownPackageFolders = () => knownFolders ?? [] }.RunAsync(request, CancellationToken.None);

    private Task<int> Cli(params string[] args) => Cli(Found(), args);

    private async Task<int> Cli(PackageAvailability answer, params string[] args)
    {
        var context = Context();
        var cli = new OneClickCli(context);
        var root = new RootCommand { InitCommand.Create(context, cli.ResolveProject, new Sources(answer)) };
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = _out, Error = _error });
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);

    [TestMethod]
    public async Task A_class_library_gets_a_definition_its_schema_the_reference_and_a_gitignore_and_is_told_what_to_run_next()
    {
        var sources = new Sources(Found());

        var exitCode = await new InitRunner(Context(), sources).RunAsync(new InitRequest(ProjectFile, null, false, "0.1.0"), CancellationToken.None);

        Assert.AreEqual(0, exitCode, Output + _error);
        Assert.AreEqual(string.Empty, _error.ToString());
        var diagnostics = new DiagnosticBag();
        var definition = DefinitionReader.Read(Path.Combine(_project, "extension.xml"), diagnostics)!;
        DefinitionVerifier.Verify(definition, diagnostics);
        Assert.AreEqual(0, diagnostics.Count, string.Join(Environment.NewLine, diagnostics));
        Assert.AreEqual(("Geo", "Geo", "1.0.0"), (definition.Name, definition.Namespace, definition.VersionText));
        Assert.AreEqual(DefinitionSchema.ReadText().ReplaceLineEndings("\n"), File.ReadAllText(Path.Combine(_project, "extension.xsd")));
        StringAssert.Contains(File.ReadAllText(ProjectFile), "    <PackageReference Include=\"OneClickPublish\" Version=\"0.1.0\" PrivateAssets=\"all\" />\n");
        StringAssert.EndsWith(File.ReadAllText(Path.Combine(_project, ".gitignore")), "\n.oneclick/\n");
        Assert.AreEqual((_project, "OneClickPublish", NuGetVersion.Parse("0.1.0")), sources.Asked.Single());

        var lines = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        CollectionAssert.AreEqual(new[]
        {
            "Wrote extension.xml: the extension Geo 1.0.0 (namespace Geo) with one example action, Greet",
            "Wrote extension.xsd: the definition's schema, so that editors check and complete extension.xml",
            "Added the package reference OneClickPublish 0.1.0 to Geo.csproj",
            "Wrote .gitignore: .oneclick/ (backups, the local server's data) stays out of git",
            "OneClickPublish 0.1.0 is on the NuGet source 'local' (/feed)",
            "Next: dotnet build   (verifies the definition and adds GeoActions.cs with a method to fill in for Greet)",
        }, lines);
    }

    [TestMethod]
    public async Task The_tool_s_own_version_is_referenced_by_default()
    {
        var exitCode = await Run(new InitRequest(ProjectFile, null, false, null));

        Assert.AreEqual(0, exitCode);
        StringAssert.Contains(File.ReadAllText(ProjectFile), $"Version=\"{ToolVersion.Current}\"");
        Assert.IsFalse(ToolVersion.Current.Contains('+', StringComparison.Ordinal), "no commit hash in a package version");
        Assert.IsTrue(NuGetVersion.TryParse(ToolVersion.Current, out _), ToolVersion.Current);
    }

    [TestMethod]
    public async Task An_existing_definition_is_a_coded_refusal_that_changes_nothing()
    {
        File.WriteAllText(Path.Combine(_project, "extension.xml"), "<Extension Name=\"Mine\" />");
        var before = Snapshot();

        var exitCode = await Cli("init", _project);

        Assert.AreEqual(3, exitCode);
        StringAssert.Contains(_error.ToString(), "error OCP7030: 'extension.xml' already exists; nothing was changed");
        CollectionAssert.AreEquivalent(before.ToList(), Snapshot().ToList());
        Assert.AreEqual(string.Empty, Output);
    }

    [TestMethod]
    public async Task Force_replaces_the_definition_and_a_different_schema_keeping_both_in_the_backups_folder()
    {
        File.WriteAllText(Path.Combine(_project, "extension.xml"), "<Extension Name=\"Mine\" />");
        File.WriteAllText(Path.Combine(_project, "extension.xsd"), "<old />");

        var exitCode = await Cli("init", "--force");

        Assert.AreEqual(0, exitCode, Output + _error);
        var backups = Path.Combine(_project, ".oneclick", "backups");
        Assert.AreEqual("<Extension Name=\"Mine\" />", File.ReadAllText(Path.Combine(backups, $"extension.xml.{Stamp}.bak")));
        Assert.AreEqual("<old />", File.ReadAllText(Path.Combine(backups, $"extension.xsd.{Stamp}.bak")));
        StringAssert.Contains(File.ReadAllText(Path.Combine(_project, "extension.xml")), "Name=\"Geo\"");
        StringAssert.Contains(Output, $"Kept the previous extension.xml as {Path.Combine(".oneclick", "backups", $"extension.xml.{Stamp}.bak")}");

        // Again within the same second: a second backup beside the first, nothing overwritten.
        File.WriteAllText(Path.Combine(_project, "extension.xml"), "<Extension Name=\"Second\" />");
        Assert.AreEqual(0, await Cli("init", "--force"));
        Assert.AreEqual("<Extension Name=\"Second\" />", File.ReadAllText(Path.Combine(backups, $"extension.xml.{Stamp}-2.bak")));
        Assert.AreEqual(1, File.ReadAllText(ProjectFile).Split("OneClickPublish").Length - 1, "the reference is added once");
        Assert.AreEqual(1, File.ReadAllText(Path.Combine(_project, ".gitignore")).Split(".oneclick/").Length - 1, "the entry is added once");
    }

    [TestMethod]
    public async Task Without_force_a_schema_that_differs_is_kept()
    {
        File.WriteAllText(Path.Combine(_project, "extension.xsd"), "<mine />");

        Assert.AreEqual(0, await Run(new InitRequest(ProjectFile, null, false, "0.1.0")));

        Assert.AreEqual("<mine />", File.ReadAllText(Path.Combine(_project, "extension.xsd")));
        StringAssert.Contains(Output, "Kept extension.xsd, which differs from this version's schema");
    }

    [TestMethod]
    public async Task Name_sets_the_extension_s_name_and_the_project_s_namespace_and_version_are_kept()
    {
        File.WriteAllText(ProjectFile, "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <RootNamespace>Acme.Geo</RootNamespace>\n    <Version>2.3.0</Version>\n  </PropertyGroup>\n</Project>\n");

        Assert.AreEqual(0, await Cli("init", "--name", "GeoTools"));

        var definition = DefinitionReader.Read(Path.Combine(_project, "extension.xml"), new DiagnosticBag())!;
        Assert.AreEqual(("GeoTools", "Acme.Geo", "2.3.0"), (definition.Name, definition.Namespace, definition.VersionText));
        StringAssert.Contains(Output, "adds GeoToolsActions.cs");
    }

    [TestMethod]
    [DataRow("3d", "OCP7031")]
    [DataRow("class", "OCP7031")]
    public async Task A_name_that_is_not_valid_is_refused_before_anything_is_written(string name, string code)
    {
        var before = Snapshot();

        Assert.AreEqual(3, await Cli("init", "--name", name));

        StringAssert.Contains(_error.ToString(), $"error {code}: '{name}' cannot be the extension's name");
        CollectionAssert.AreEquivalent(before.ToList(), Snapshot().ToList());
    }

    [TestMethod]
    public async Task A_program_is_not_a_class_library()
    {
        File.WriteAllText(ProjectFile, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>");
        var before = Snapshot();

        Assert.AreEqual(3, await Cli("init"));

        StringAssert.Contains(_error.ToString(), "error OCP7032: 'Geo.csproj' is not a C# class library: it builds a program (OutputType Exe)");
        CollectionAssert.AreEquivalent(before.ToList(), Snapshot().ToList());
    }

    [TestMethod]
    public async Task An_FSharp_project_is_not_a_CSharp_class_library()
    {
        File.Delete(ProjectFile);
        File.WriteAllText(Path.Combine(_project, "Geo.fsproj"), ClassLibrary);

        Assert.AreEqual(3, await Cli("init"));

        StringAssert.Contains(_error.ToString(), "error OCP7032:");
    }

    [TestMethod]
    public async Task A_project_file_that_is_not_well_formed_is_reported_at_its_line_and_nothing_is_written()
    {
        File.WriteAllText(ProjectFile, "<Project>\n  <PropertyGroup>\n</Project>\n");
        var before = Snapshot();

        Assert.AreEqual(1, await Cli("init"));

        StringAssert.Contains(_error.ToString(), $"{ProjectFile}(3,3): error OCP7033: 'Geo.csproj' cannot be read as an MSBuild file:");
        CollectionAssert.AreEquivalent(before.ToList(), Snapshot().ToList());
    }

    [TestMethod]
    public async Task A_folder_without_a_project_says_how_to_make_one()
    {
        var empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(empty);

        Assert.AreEqual(3, await Cli("init", empty));

        StringAssert.Contains(_error.ToString(), "error OCP7002:");
        StringAssert.Contains(_error.ToString(), "dotnet new classlib");
        StringAssert.Contains(_error.ToString(), "dotnet new oneclick-extension -n Name");
    }

    [TestMethod]
    public async Task A_package_version_that_is_not_one_is_a_usage_error()
    {
        Assert.AreEqual(3, await Cli("init", "--package-version", "latest"));

        StringAssert.Contains(_error.ToString(), "error OCP7001: 'latest' is not a package version (--package-version)");
    }

    [TestMethod]
    public async Task A_package_on_no_source_is_an_error_with_the_command_that_adds_the_folder_the_tool_knows()
    {
        var feed = Path.Combine(_root, "my feed");
        Directory.CreateDirectory(feed);
        File.WriteAllText(Path.Combine(feed, "oneclickpublish.0.1.0.nupkg"), string.Empty);
        var answer = new PackageAvailability
        {
            SourcesAsked = ["nuget.org"],
            SourceNames = ["nuget.org", "OneClickPublish"],
            ConfigFileForNewSource = Path.Combine(_root, "NuGet.config"),
            MappingEnabled = true,
        };

        var exitCode = await Run(new InitRequest(ProjectFile, null, false, "0.1.0"), answer, [Path.Combine(_root, "nowhere"), feed]);

        Assert.AreEqual(1, exitCode);
        Assert.IsTrue(File.Exists(Path.Combine(_project, "extension.xml")), "the files are written all the same");
        var error = _error.ToString();
        StringAssert.Contains(error, $"{ProjectFile}: error OCP7034: None of the NuGet sources of 'Geo.csproj' has OneClickPublish 0.1.0 (asked: nuget.org)");
        StringAssert.Contains(error, $"  dotnet nuget add source \"{feed}\" --name OneClickPublish-2 --configfile {Path.Combine(_root, "NuGet.config")}\n");
        StringAssert.Contains(error, "  <packageSource key=\"OneClickPublish-2\"><package pattern=\"OneClickPublish\" /></packageSource>");
        StringAssert.StartsWith(Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], "Next: dotnet build");
    }

    [TestMethod]
    public async Task Without_a_known_folder_the_command_names_what_the_folder_must_hold_and_how_to_pack_it()
    {
        var answer = new PackageAvailability { SourcesAsked = [], SourceNames = [], ConfigFileForNewSource = "/home/me/.nuget/NuGet/NuGet.Config", ConfigFileIsUsers = true };

        Assert.AreEqual(1, await Run(new InitRequest(ProjectFile, null, false, "0.1.0"), answer));

        var error = _error.ToString();
        StringAssert.Contains(error, "(asked: none: no source is allowed for it)");
        StringAssert.Contains(error, "in your user NuGet.config");
        StringAssert.Contains(error, "  dotnet nuget add source \"<folder holding OneClickPublish.0.1.0.nupkg>\" --name OneClickPublish --configfile /home/me/.nuget/NuGet/NuGet.Config");
        StringAssert.Contains(error, "dotnet pack src/OneClickPublish.Tasks -c Release");
    }

    [TestMethod]
    public async Task A_source_that_does_not_answer_is_a_warning()
    {
        var answer = Found() with { Unchecked = [new UncheckedSource("company", "https://nuget.example/v3/index.json", "401 (Unauthorized)")] };

        Assert.AreEqual(0, await Run(new InitRequest(ProjectFile, null, false, "0.1.0"), answer));

        StringAssert.Contains(_error.ToString(), "warning OCP7035: The NuGet source 'company' (https://nuget.example/v3/index.json) could not be asked for OneClickPublish 0.1.0: 401 (Unauthorized)");
    }

    [TestMethod]
    public async Task A_gitignore_above_that_ignores_the_folder_already_is_left_alone_and_one_without_the_line_gets_it()
    {
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        File.WriteAllText(Path.Combine(_root, ".gitignore"), "bin/\n.oneclick/\n");

        Assert.AreEqual(0, await Run(new InitRequest(ProjectFile, null, false, "0.1.0")));

        Assert.IsFalse(File.Exists(Path.Combine(_project, ".gitignore")));
        StringAssert.Contains(Output, $".oneclick/ is ignored by {Path.Combine(_root, ".gitignore")} already");
    }

    [TestMethod]
    public async Task A_project_that_references_the_package_keeps_its_reference_and_that_version_is_asked_for()
    {
        File.WriteAllText(ProjectFile, "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <PackageReference Include=\"OneClickPublish\" Version=\"0.0.9\" />\n  </ItemGroup>\n</Project>\n");
        var before = File.ReadAllText(ProjectFile);
        var sources = new Sources(Found());

        Assert.AreEqual(0, await new InitRunner(Context(), sources).RunAsync(new InitRequest(ProjectFile, null, false, "0.1.0"), CancellationToken.None));

        Assert.AreEqual(before, File.ReadAllText(ProjectFile));
        Assert.AreEqual(NuGetVersion.Parse("0.0.9"), sources.Asked.Single().Version);
        StringAssert.Contains(Output, "Geo.csproj already references OneClickPublish 0.0.9: left as it is");
    }

    [TestMethod]
    public async Task A_byte_order_mark_and_crlf_line_endings_of_the_project_are_kept()
    {
        File.WriteAllBytes(ProjectFile, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(ClassLibrary.ReplaceLineEndings("\r\n"))]);

        Assert.AreEqual(0, await Run(new InitRequest(ProjectFile, null, false, "0.1.0")));

        var bytes = File.ReadAllBytes(ProjectFile);
        CollectionAssert.AreEqual(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.IsFalse(text.Replace("\r\n", string.Empty, StringComparison.Ordinal).Contains('\n', StringComparison.Ordinal), "every line ends in CRLF");
    }

    [TestMethod]
    public async Task From_another_folder_the_next_command_names_the_project_s_folder()
    {
        var exitCode = await new InitRunner(Context(currentDirectory: _root), new Sources(Found())).RunAsync(new InitRequest(ProjectFile, null, false, "0.1.0"), CancellationToken.None);

        Assert.AreEqual(0, exitCode);
        StringAssert.Contains(Output, $"Wrote {Path.Combine("Geo", "extension.xml")}:");
        StringAssert.Contains(Output, "Next: dotnet build Geo ");
    }

    [TestMethod]
    public async Task A_definition_file_the_project_names_is_where_the_definition_and_its_schema_go()
    {
        File.WriteAllText(ProjectFile, "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup>\n    <OneClickPublishDefinitionFile>Definition\\geo.xml</OneClickPublishDefinitionFile>\n  </PropertyGroup>\n</Project>\n");
        Directory.CreateDirectory(Path.Combine(_project, "Definition"));

        Assert.AreEqual(0, await Run(new InitRequest(ProjectFile, null, false, "0.1.0")));

        Assert.IsTrue(File.Exists(Path.Combine(_project, "Definition", "geo.xml")));
        Assert.IsTrue(File.Exists(Path.Combine(_project, "Definition", "extension.xsd")));
        Assert.IsFalse(File.Exists(Path.Combine(_project, "extension.xml")), "the build would never read it");
        StringAssert.Contains(Output, $"Wrote {Path.Combine("Definition", "geo.xml")}:");
    }

    [TestMethod]
    public async Task Init_has_help()
    {
        var context = Context();
        Assert.AreEqual(0, await new OneClickCli(context).InvokeAsync(["init", "--help"]));

        foreach (var option in new[] { "--force", "--name", "--package-version", "[<project>]" })
        {
            StringAssert.Contains(Output, option);
        }
    }
}
