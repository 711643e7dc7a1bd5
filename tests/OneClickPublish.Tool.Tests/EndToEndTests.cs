using System.Diagnostics;
using System.Text.Json;
using OneClickPublish.Tests;

namespace OneClickPublish.Tool.Tests;

/// <summary>
/// The real tool on a copy of the sample: README's first command against the embedded server,
/// and publish --server against a server started as its own process. Slow (real builds).
/// </summary>
[TestClass]
[TestCategory("EndToEnd")]
public sealed class EndToEndTests
{
    private string _work = null!;

    [TestInitialize]
    public void CopySample()
    {
        _work = Directory.CreateTempSubdirectory("oneclick-e2e-").FullName;
        var root = TestRepository.Root;
        CopyDirectory(Path.Combine(root, "samples", "HelloExtension"), Path.Combine(_work, "samples", "HelloExtension"));
        File.Copy(Path.Combine(root, "samples", "Directory.Build.props"), Path.Combine(_work, "samples", "Directory.Build.props"));
    }

    [TestCleanup]
    public void Delete()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file for a moment; the temp folder is cleaned later.
        }
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Publish_with_nothing_set_up_publishes_to_the_embedded_server_and_says_where_it_is_deployed()
    {
        var (exitCode, output) = await RunToolAsync(["publish", "samples/HelloExtension"], environment: null);

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "info OCP7011: Publishing to a Platform Server started for this run at http://127.0.0.1:");
        StringAssert.Contains(output, "Deploy succeeded");
        var deployedLine = output.Split('\n').Single(static l => l.StartsWith("info OCP7012: HelloExtension 1.0.0 is deployed at ", StringComparison.Ordinal)).Trim();
        var deploymentPath = deployedLine["info OCP7012: HelloExtension 1.0.0 is deployed at ".Length..];
        Assert.IsTrue(Directory.Exists(deploymentPath), deploymentPath);
        StringAssert.Contains(output, "info OCP7013: Reach this server again with: 'oneclick server --data .oneclick/server'");

        // The new server's first key: in a file only its owner reads, in no output (CI logs are often public).
        var keyFile = Path.Combine(_work, ".oneclick", "server", "first-api-key.txt");
        StringAssert.Contains(output, $"info OCP7018: The new server's first API key (scope publish) is in {keyFile}");
        var key = File.ReadAllText(keyFile).Trim();
        StringAssert.StartsWith(key, "ocp_");
        Assert.IsFalse(output.Contains(key, StringComparison.Ordinal), "the key is never printed");
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        // The same data, through the local server: status sees the version as active.
        var (statusCode, status) = await RunToolAsync(["status", "--json"], environment: null);
        Assert.AreEqual(0, statusCode, status);
        var extension = JsonDocument.Parse(status).RootElement.EnumerateArray().Single();
        Assert.AreEqual(("HelloExtension", "1.0.0"), (extension.GetProperty("name").GetString(), extension.GetProperty("activeVersion").GetString()));
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task The_first_publish_of_a_new_extension_writes_and_compiles_the_stub_and_takes_the_definitions_version()
    {
        // A new extension: no implementation file yet, and its version written only in the definition.
        var sample = Path.Combine(_work, "samples", "HelloExtension");
        File.Delete(Path.Combine(sample, "HelloExtensionActions.cs"));
        var definition = Path.Combine(sample, "extension.xml");
        File.WriteAllText(definition, File.ReadAllText(definition).Replace("Version=\"1.0.0\"", "Version=\"1.2.0\"", StringComparison.Ordinal));

        var (exitCode, output) = await RunToolAsync(["publish", "samples/HelloExtension"], environment: null);

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "info OCP2012: Created ");
        StringAssert.Contains(output, "info OCP7012: HelloExtension 1.2.0 is deployed at ");
        Assert.IsTrue(File.Exists(Path.Combine(sample, "HelloExtensionActions.cs")));
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task Publish_to_a_server_started_on_its_own()
    {
        using var server = Start(["server", "--data", Path.Combine(_work, "server-data"), "--urls", "http://127.0.0.1:0"], environment: null);
        try
        {
            string? url = null;
            string? key = null;
            while ((url is null || key is null) && await server.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.Contains("listening at ", StringComparison.Ordinal))
                {
                    url = line.Split("listening at ")[1].Split(' ')[0];
                }

                if (line.Contains("ocp_", StringComparison.Ordinal))
                {
                    key = line[line.IndexOf("ocp_", StringComparison.Ordinal)..].Trim();
                }
            }

            Assert.IsNotNull(url);
            Assert.IsNotNull(key);
            var environment = new Dictionary<string, string> { ["ONECLICK_API_KEY"] = key };

            var (exitCode, output) = await RunToolAsync(["publish", "samples/HelloExtension", "--server", url, "--json"], environment);

            Assert.AreEqual(0, exitCode, output);
            var events = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => JsonDocument.Parse(l).RootElement).ToList();
            CollectionAssert.AreEqual(
                new[] { "Verify", "Save", "Upload", "Publish", "Deploy" },
                events.Where(static e => e.GetProperty("event").GetString() == "stageEnded").Select(static e => e.GetProperty("stage").GetString()).ToArray());
            Assert.IsFalse(output.Contains(key, StringComparison.Ordinal), "the key is never printed");

            var (wrongKeyCode, _) = await RunToolAsync(["status", "--server", url, "--api-key", "ocp_0000_wrong"], environment: null);
            Assert.AreEqual(2, wrongKeyCode, "a rejected key is a server that cannot be used");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task A_projects_own_CustomAfterMicrosoftCommonTargets_and_Directory_Build_targets_run_beside_the_pipeline()
    {
        var project = Path.Combine(_work, "samples", "HelloExtension");
        WriteMarker(Path.Combine(project, "user.after.targets"), "USR0001", "the project's own CustomAfterMicrosoftCommonTargets ran", "AfterTargets=\"CoreCompile\"");
        WriteMarker(Path.Combine(_work, "samples", "Directory.Build.targets"), "USR0002", "the project's own Directory.Build.targets ran", "AfterTargets=\"CoreCompile\"");
        SetProperties(Path.Combine(project, "HelloExtension.csproj"), "<CustomAfterMicrosoftCommonTargets>$(MSBuildThisFileDirectory)user.after.targets</CustomAfterMicrosoftCommonTargets>");

        var (verifyCode, verify) = await RunToolAsync(["verify", "samples/HelloExtension"], environment: null);

        Assert.AreEqual(0, verifyCode, verify);
        StringAssert.Contains(verify, "info USR0001: the project's own CustomAfterMicrosoftCommonTargets ran");
        StringAssert.Contains(verify, "info USR0002: the project's own Directory.Build.targets ran");
        StringAssert.Contains(verify, "  Compile the Extension ", "the pipeline ran too");
        StringAssert.Contains(verify, "Verify succeeded");

        var (publishCode, publish) = await RunToolAsync(["publish", "samples/HelloExtension", "--json"], environment: null);

        Assert.AreEqual(0, publishCode, publish);
        var events = publish.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => JsonDocument.Parse(l).RootElement).ToList();
        CollectionAssert.IsSubsetOf(new[] { "USR0001", "USR0002" }, events.Where(static e => e.TryGetProperty("code", out _)).Select(static e => e.GetProperty("code").GetString()).ToArray());
        CollectionAssert.AreEqual(
            new[] { "Verify", "Save", "Upload", "Publish", "Deploy" },
            events.Where(static e => e.GetProperty("event").GetString() == "stageEnded").Select(static e => e.GetProperty("stage").GetString()).ToArray());
    }

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task In_a_multi_targeted_project_its_own_cross_targeting_hook_runs_beside_the_pipeline()
    {
        var project = Path.Combine(_work, "samples", "HelloExtension");
        var file = Path.Combine(project, "HelloExtension.csproj");
        File.WriteAllText(file, File.ReadAllText(file).Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net10.0</TargetFrameworks>", StringComparison.Ordinal));
        WriteMarker(Path.Combine(project, "user.outer.targets"), "USR0003", "the project's own CustomAfterMicrosoftCommonCrossTargetingTargets ran", "BeforeTargets=\"DispatchToInnerBuilds\"");
        SetProperties(file, "<CustomAfterMicrosoftCommonCrossTargetingTargets>$(MSBuildThisFileDirectory)user.outer.targets</CustomAfterMicrosoftCommonCrossTargetingTargets>");

        var (exitCode, output) = await RunToolAsync(["save", "samples/HelloExtension"], environment: null);

        Assert.AreEqual(0, exitCode, output);
        StringAssert.Contains(output, "info USR0003: the project's own CustomAfterMicrosoftCommonCrossTargetingTargets ran");
        StringAssert.Contains(output, "  Compile the Extension ");
        StringAssert.Contains(output, "Save succeeded");
        Assert.IsTrue(File.Exists(Path.Combine(project, "bin", "Debug", "HelloExtension.1.0.0.xif")), output);
    }

    /// <summary>A targets file whose target logs a coded line the tool shows (a critical message keeps its code).</summary>
    private static void WriteMarker(string path, string code, string text, string when) =>
        File.WriteAllText(path, $$"""
            <Project>
              <Target Name="Marker{{code}}" {{when}}>
                <Message IsCritical="true" Code="{{code}}" Text="{{text}}" />
              </Target>
            </Project>
            """);

    private static void SetProperties(string projectFile, string properties)
    {
        var text = File.ReadAllText(projectFile);
        File.WriteAllText(projectFile, text.Replace("</PropertyGroup>", properties + "</PropertyGroup>", StringComparison.Ordinal));
    }

    private async Task<(int ExitCode, string Output)> RunToolAsync(string[] args, Dictionary<string, string>? environment)
    {
        using var process = Start(args, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private Process Start(string[] args, Dictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "oneclick.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ONECLICK_API_KEY"] = null;
        start.Environment["MSBUILDNOINPROCNODE"] = null;
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts[0] is "bin" or "obj" or ".oneclick")
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
