using OneClickPublish.Tests;
using System.Diagnostics;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// A new extension from an existing class library, as a user makes one: <c>dotnet new classlib</c>,
/// then the real <c>oneclick init</c> (the tool built beside these tests), then a real first build
/// with the packed package.
/// </summary>
[TestClass]
public sealed class InitEndToEndTests
{
    /// <summary>The tool built beside these tests (a project reference copies it here).</summary>
    private static string ToolAssembly => Path.Combine(AppContext.BaseDirectory, "oneclick.dll");

    private static CommandResult Init(string workingDirectory, params string[] arguments) => InitWith(ToolAssembly, workingDirectory, arguments);

    private static CommandResult InitWith(string tool, string workingDirectory, params string[] arguments) =>
        DotNet.Run(workingDirectory, [tool, "init", .. arguments]);

    [TestMethod]
    public void A_class_library_made_an_extension_by_init_saves_its_xif_on_the_first_build()
    {
        var user = UserFolder.WithPackage("init");
        var project = user.NewClassLibrary("Roads");

        // The tool references its own version by default; these tests' package has a version of its own.
        var init = Init(user.Path, "Roads", "--package-version", PackedPackage.Version);

        Assert.AreEqual(0, init.ExitCode, init.ToString());
        StringAssert.Contains(init.Output, "Wrote Roads/extension.xml: the extension Roads 1.0.0 (namespace Roads) with one example action, Greet");
        StringAssert.Contains(init.Output, $"Added the package reference OneClickPublish {PackedPackage.Version} to Roads.csproj");
        StringAssert.Contains(init.Output, $"OneClickPublish {PackedPackage.Version} is on the NuGet source 'e2e'");
        StringAssert.Contains(init.Output, "Next: dotnet build Roads");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, ".gitignore")), ".oneclick/");
        Assert.IsTrue(File.Exists(Path.Combine(project, "extension.xsd")));

        var build = user.Build("Roads", "-t:OneClickSave");

        Assert.IsTrue(build.Succeeded, build.ToString());
        Assert.IsFalse(SampleProject.Diagnostics(build).Any(d => d.Severity == "error"), build.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(project, "bin", "Debug", "net10.0", "Roads.1.0.0.xif")), build.ToString());
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "RoadsActions.cs")), "public void Greet(string personName, out string greeting)");
    }

    [TestMethod]
    public void Init_refuses_to_replace_a_definition_and_changes_nothing_and_force_replaces_it_keeping_a_backup()
    {
        var user = UserFolder.WithPackage("init-again");
        var project = user.NewClassLibrary("Roads");
        const string Mine = "<Extension Name=\"Mine\" Version=\"2.0.0\" />\n";
        File.WriteAllText(Path.Combine(project, "extension.xml"), Mine);
        var before = user.Snapshot();

        var refused = Init(project, "--package-version", PackedPackage.Version);

        Assert.AreEqual(3, refused.ExitCode, refused.ToString());
        StringAssert.Contains(refused.Output, "error OCP7030: 'extension.xml' already exists; nothing was changed");
        CollectionAssert.AreEquivalent(before.ToList(), user.Snapshot().ToList(), "nothing was changed");

        var forced = Init(project, "--force", "--package-version", PackedPackage.Version);

        Assert.AreEqual(0, forced.ExitCode, forced.ToString());
        var backup = Directory.GetFiles(Path.Combine(project, ".oneclick", "backups"), "extension.xml.*.bak").Single();
        Assert.AreEqual(Mine, File.ReadAllText(backup));
        StringAssert.Contains(forced.Output, $"Kept the previous extension.xml as {Path.Combine(".oneclick", "backups", Path.GetFileName(backup))}");
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "extension.xml")), "Name=\"Roads\"");
    }

    [TestMethod]
    public void Where_no_source_has_the_package_init_prints_the_command_that_adds_one_and_that_command_makes_the_build_green()
    {
        var user = UserFolder.WithoutPackage("init-nosource");
        var project = user.NewClassLibrary("Roads");
        // The tool of a clone knows the clone's nuget/ folder, where 'dotnet pack' puts the package.
        var clone = FakeClone();

        var init = InitWith(Path.Combine(clone, "tool", "oneclick.dll"), project, "--package-version", PackedPackage.Version);

        Assert.AreEqual(1, init.ExitCode, init.ToString());
        StringAssert.Contains(init.Output, $"error OCP7034: None of the NuGet sources of 'Roads.csproj' has OneClickPublish {PackedPackage.Version} (asked: company)");
        var command = init.Output.Split('\n').Select(static l => l.Trim()).Single(static l => l.StartsWith("dotnet nuget add source ", StringComparison.Ordinal));
        Assert.AreEqual($"dotnet nuget add source {Path.Combine(clone, "nuget")} --name OneClickPublish --configfile {user.NuGetConfig}", command);
        Assert.IsTrue(File.Exists(Path.Combine(project, "extension.xml")), "init wrote the files all the same");
        // A NuGet cache of its own, as on a machine that never restored the package: only a source can bring it.
        var cache = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(user.Path, "nuget-cache") };
        var before = DotNet.Run(user.Path, cache, "build", "Roads", "-nologo", "-v:m");
        Assert.IsFalse(before.Succeeded, "no source has the package yet\n" + before);
        StringAssert.Contains(before.Output, "NU1101");

        RunShell(project, command);
        var build = DotNet.Run(user.Path, cache, "build", "Roads", "-nologo", "-v:m");

        Assert.IsTrue(build.Succeeded, build.ToString());
    }

    [TestMethod]
    public void An_installed_tool_names_the_task_package_it_carries_and_that_source_makes_the_build_green()
    {
        // The tool as users get it: packed (with the task package of its own version inside) and installed.
        var work = Path.Combine(PackedPackage.WorkRoot, $"installed-{Guid.NewGuid():N}"[..18]);
        var feed = Path.Combine(work, "feed");
        var pack = DotNet.Run(PackedPackage.RepositoryRoot, "pack", "src/OneClickPublish.Tool/OneClickPublish.Tool.csproj", "-c", "Release", "-o", feed,
            $"-p:Version={PackedPackage.Version}", "--artifacts-path", Path.Combine(work, "artifacts"), "-nologo");
        Assert.IsTrue(pack.Succeeded, pack.ToString());
        var toolPath = Path.Combine(work, "tools");
        var install = DotNet.Run(work, "tool", "install", "OneClickPublish.Tool", "--tool-path", toolPath, "--version", PackedPackage.Version, "--add-source", feed);
        Assert.IsTrue(install.Succeeded, install.ToString());
        var user = UserFolder.WithoutPackage("init-installed");
        var project = user.NewClassLibrary("Roads");

        var init = Run(Path.Combine(toolPath, OperatingSystem.IsWindows() ? "oneclick.exe" : "oneclick"), project, "init");

        Assert.AreEqual(1, init.ExitCode, init.ToString());
        var command = init.Output.Split('\n').Select(static l => l.Trim()).Single(static l => l.StartsWith("dotnet nuget add source ", StringComparison.Ordinal));
        StringAssert.Contains(command, Path.Combine("tools", "net10.0", "any", "packages"), "the folder the installed tool carries");
        var cache = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(user.Path, "nuget-cache") };

        RunShell(project, command);
        var build = DotNet.Run(user.Path, cache, "build", "Roads", "-nologo", "-v:m");

        Assert.IsTrue(build.Succeeded, build.ToString());
        StringAssert.Contains(File.ReadAllText(Path.Combine(project, "Roads.csproj")), $"Version=\"{PackedPackage.Version}\"", "the tool references the package of its own version");
    }

    /// <summary>Runs an installed program (not through dotnet) and returns its exit code and output.</summary>
    private static CommandResult Run(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CommandResult(process.ExitCode, output.Result + error.Result);
    }

    /// <summary>A clone of OneClickPublish as the tool finds one: OneClickPublish.sln, nuget/ with the packed package, the tool under it.</summary>
    private static string FakeClone()
    {
        var clone = Path.Combine(PackedPackage.WorkRoot, $"clone-{Guid.NewGuid():N}"[..14]);
        Directory.CreateDirectory(Path.Combine(clone, "nuget"));
        File.WriteAllText(Path.Combine(clone, "OneClickPublish.sln"), string.Empty);
        File.Copy(PackedPackage.NupkgPath, Path.Combine(clone, "nuget", Path.GetFileName(PackedPackage.NupkgPath)));
        var tool = Path.Combine(clone, "tool");
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(tool, Path.GetRelativePath(AppContext.BaseDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return clone;
    }

    private static void RunShell(string workingDirectory, string commandLine) =>
        UserShell.RunAsync(workingDirectory, commandLine).GetAwaiter().GetResult();
}
