using OneClickPublish.Platform;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// `dotnet build -t:OneClickPublish` of sample extensions against a real Platform Server process on
/// loopback: the whole chain, and each way it must fail with a coded error.
/// </summary>
[TestClass]
public sealed class PublishBuildTests
{
    private static ServerProcess Server => SharedServer.Server;

    [TestMethod]
    public void Publish_runs_every_stage_deploys_and_republishing_the_same_bytes_changes_nothing()
    {
        var sample = Extension("Alpha");

        var first = Publish(sample, Server);

        Assert.IsTrue(first.Succeeded, first + Server.Output);
        foreach (var stage in new[] { "Verify", "Save", "Upload", "Publish", "Deploy" })
        {
            StringAssert.Contains(first.Output, $"OCP0002: {stage} succeeded", stage + "\n" + first);
        }

        Assert.IsFalse(first.Output.Contains(Server.ApiKey, StringComparison.Ordinal), "the API key is never printed");
        var info = Extension(Server, "Alpha");
        Assert.AreEqual("1.0.0", info.ActiveVersion);
        var deployed = info.Versions.Single(v => v.Version == "1.0.0").DeploymentPath;
        Assert.IsTrue(Directory.EnumerateFiles(deployed!, "HelloExtension.dll", SearchOption.AllDirectories).Any(), deployed);

        var again = Publish(sample, Server);

        Assert.IsTrue(again.Succeeded, again.ToString());
        Assert.AreEqual("1.0.0", Extension(Server, "Alpha").ActiveVersion);
        Assert.AreEqual(1, Extension(Server, "Alpha").Versions.Count);
    }

    [TestMethod]
    public void Same_version_with_other_bytes_is_refused_with_a_coded_error()
    {
        var sample = Extension("Beta");
        Assert.IsTrue(Publish(sample, Server).Succeeded);
        sample.Edit(Path.Combine(sample.Directory, "BetaActions.cs"), code => code.Replace("Hello, ", "Hi, ", StringComparison.Ordinal));

        var result = Publish(sample, Server);

        Assert.IsFalse(result.Succeeded, result.ToString());
        var error = SampleProject.Diagnostics(result).First(d => d.Severity == "error");
        StringAssert.StartsWith(error.Code, "OCP51", result.ToString());
        StringAssert.Contains(error.Message, "1.0.0", result.ToString());
    }

    [TestMethod]
    public void Removing_an_action_without_a_major_bump_fails_naming_the_breaking_change_and_adding_one_needs_only_a_minor_bump()
    {
        var sample = Extension("Gamma");
        Assert.IsTrue(Publish(sample, Server).Succeeded);

        // Adding an action: a minor bump is enough.
        sample.EditDefinition(xml => xml
            .Replace("Version=\"1.0.0\"", "Version=\"1.1.0\"", StringComparison.Ordinal)
            .Replace("</Actions>", "<Action Name=\"Wave\" Key=\"act-wave\" Description=\"Waves.\" /></Actions>", StringComparison.Ordinal));
        var added = Publish(sample, Server, "-p:Version=1.1.0");
        Assert.IsTrue(added.Succeeded, added.ToString());
        Assert.AreEqual("1.1.0", Extension(Server, "Gamma").ActiveVersion);

        // Removing one: a breaking change that needs 2.0.0.
        sample.EditDefinition(xml => xml
            .Replace("Version=\"1.1.0\"", "Version=\"1.2.0\"", StringComparison.Ordinal)
            .Replace("<Action Name=\"Wave\" Key=\"act-wave\" Description=\"Waves.\" />", string.Empty, StringComparison.Ordinal));
        var removed = Publish(sample, Server, "-p:Version=1.2.0");

        Assert.IsFalse(removed.Succeeded, removed.ToString());
        var errors = SampleProject.Diagnostics(removed).Where(d => d.Severity == "error").ToList();
        Assert.IsTrue(errors.Any(e => e.Code.StartsWith("OCP51", StringComparison.Ordinal) && e.Message.Contains("Wave", StringComparison.Ordinal)), removed.ToString());
        Assert.AreEqual("1.1.0", Extension(Server, "Gamma").ActiveVersion, "a refused publish changes nothing");

        // Rolling back over HTTP makes 1.0.0 active again.
        using var client = Client(Server);
        client.RollbackAsync("Gamma", "1.0.0", CancellationToken.None).GetAwaiter().GetResult();
        Assert.AreEqual("1.0.0", Extension(Server, "Gamma").ActiveVersion);
        var history = client.GetHistoryAsync("Gamma", CancellationToken.None).GetAwaiter().GetResult();
        Assert.IsTrue(history.Count >= 3, string.Join("; ", history));
    }

    [TestMethod]
    public void Wrong_key_missing_key_and_a_server_that_is_down_each_end_with_their_own_code()
    {
        var sample = Extension("Delta");

        var wrongKey = Publish(sample, Server, apiKey: "not-a-key");
        var noKey = Publish(sample, Server, apiKey: string.Empty);
        var down = sample.Build(new Dictionary<string, string> { ["ONECLICK_API_KEY"] = Server.ApiKey },
            "-t:OneClickPublish", $"-p:OneClickPublishServer=http://127.0.0.1:{ServerProcess.FreePort()}", "-p:OneClickPublishRetries=1", "-p:OneClickPublishRetryDelay=0");

        var codes = new[] { wrongKey, noKey, down }.Select(r =>
        {
            Assert.IsFalse(r.Succeeded, r.ToString());
            return SampleProject.Diagnostics(r).First(d => d.Severity == "error").Code;
        }).ToList();
        Assert.AreEqual(3, codes.Distinct().Count(), string.Join(", ", codes));
        Assert.IsTrue(codes.All(c => c.StartsWith("OCP50", StringComparison.Ordinal)), string.Join(", ", codes));
        StringAssert.Contains(SampleProject.Diagnostics(down).First(d => d.Severity == "error").Message, "OneClickPublishServer");
        // Before giving up, the Upload task said why it waited: a warning per retry in the build log.
        var retry = SampleProject.Diagnostics(down).Single(d => d.Severity == "warning" && d.Code == "OCP5018");
        StringAssert.Contains(retry.Message, "(attempt 2 of 2): Connection refused");
    }

    [TestMethod]
    public void Server_killed_before_activation_keeps_the_previous_version_active_and_reports_the_publish_failed()
    {
        var sample = Extension("Epsilon");
        var server = ServerProcess.StartAsync().GetAwaiter().GetResult();
        try
        {
            Assert.IsTrue(Publish(sample, server).Succeeded, server.Output);
            server.Kill();
            server.RestartAsync(holdAt: "BeforeActivate").GetAwaiter().GetResult();
            sample.EditDefinition(xml => xml.Replace("Version=\"1.0.0\"", "Version=\"1.0.1\"", StringComparison.Ordinal));

            // The build waits on the held publish; the server dies under it.
            using var cancel = new CancellationTokenSource();
            var build = DotNet.RunAsync(sample.Directory, new Dictionary<string, string> { ["ONECLICK_API_KEY"] = server.ApiKey }, TimeSpan.FromMinutes(5), cancel.Token,
                "build", sample.ProjectFile, "-nologo", "-v:m", "-t:OneClickPublish", $"-p:OneClickPublishServer={server.Url}", "-p:Version=1.0.1", "-p:OneClickPublishRetries=0", "-p:OneClickPublishTimeout=240");
            // Held before activation: the new version's folder is in place, not yet active.
            WaitFor(() => Directory.Exists(Path.Combine(server.DataDirectory, "deployments", "Epsilon", "1.0.1")), TimeSpan.FromMinutes(3), server);
            server.Kill();
            var result = build.GetAwaiter().GetResult();
            Assert.IsFalse(result.Succeeded, result.ToString());

            server.RestartAsync().GetAwaiter().GetResult();

            var info = Extension(server, "Epsilon");
            Assert.AreEqual("1.0.0", info.ActiveVersion);
            var active = info.Versions.Single(v => v.Version == "1.0.0").DeploymentPath!;
            Assert.IsTrue(Directory.EnumerateFiles(active, "HelloExtension.dll", SearchOption.AllDirectories).Any(), "the previous version is complete");
            Assert.IsFalse(info.Versions.Any(v => v.Version == "1.0.1"), "the interrupted version was never registered");
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [TestMethod]
    public void A_second_publish_of_an_extension_while_one_runs_is_refused_with_a_coded_error_and_changes_nothing()
    {
        var first = Extension("Zeta");
        var second = Extension("Zeta");
        second.EditDefinition(xml => xml.Replace("Version=\"1.0.0\"", "Version=\"1.0.1\"", StringComparison.Ordinal));
        var server = ServerProcess.StartAsync(holdAt: "BeforeActivate").GetAwaiter().GetResult();
        try
        {
            // The first publish is held just before its activation, so it is still running when the second arrives.
            var running = DotNet.RunAsync(first.Directory, new Dictionary<string, string> { ["ONECLICK_API_KEY"] = server.ApiKey }, TimeSpan.FromMinutes(5), CancellationToken.None,
                "build", first.ProjectFile, "-nologo", "-v:m", "-t:OneClickPublish", $"-p:OneClickPublishServer={server.Url}", "-p:OneClickPublishRetries=0", "-p:OneClickPublishTimeout=240");
            WaitFor(() => Directory.Exists(Path.Combine(server.DataDirectory, "deployments", "Zeta", "1.0.0")), TimeSpan.FromMinutes(3), server);

            var refused = Publish(second, server, "-p:Version=1.0.1");

            Assert.IsFalse(refused.Succeeded, refused.ToString());
            var error = SampleProject.Diagnostics(refused).First(d => d.Severity == "error");
            Assert.AreEqual("OCP5103", error.Code, refused.ToString());
            server.Kill();
            Assert.IsFalse(running.GetAwaiter().GetResult().Succeeded);
            server.RestartAsync().GetAwaiter().GetResult();
            using var client = Client(server);
            Assert.AreEqual(0, client.GetExtensionsAsync(CancellationToken.None).GetAwaiter().GetResult().Count(e => e.Name == "Zeta" && e.Versions.Count > 0), "neither publish registered a version");
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static SampleProject Extension(string name) => SampleProject.Hello(name);

    private static CommandResult Publish(SampleProject sample, ServerProcess server, string? version = null, string? apiKey = null) =>
        SharedServer.Publish(sample, server, version, apiKey);

    private static PlatformClient Client(ServerProcess server) => SharedServer.Client(server);

    private static ExtensionInfo Extension(ServerProcess server, string name) => SharedServer.Extension(server, name);

    private static void WaitFor(Func<bool> condition, TimeSpan timeout, ServerProcess server)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met:\n" + server.Output);
            }

            Thread.Sleep(250);
        }
    }
}
