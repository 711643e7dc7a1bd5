using Moq;
using System.Text.Json;
using OneClickPublish.Tool.Cli;
using OneClickPublish.Tool.Operation;
using Spectre.Console.Testing;

namespace OneClickPublish.Tool.Tests;

[TestClass]
public sealed class CommandLineTests
{
    private string _folder = null!;

    [TestInitialize]
    public void CreateProject()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"oneclick-cli-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(_folder, "Hello"));
        File.WriteAllText(Path.Combine(_folder, "Hello", "Hello.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
    }

    [TestCleanup]
    public void DeleteProject() => Directory.Delete(_folder, recursive: true);

    private (ToolContext Context, StringWriter Out, StringWriter Error, RecordedBuildRunner Runner) Context(
        bool terminal = false, Dictionary<string, string>? environment = null, IPlatformServices? platform = null, TestConsole? console = null, params Recording[] recordings)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var runner = new RecordedBuildRunner(recordings);
        var context = new ToolContext
        {
            Out = output,
            Error = error,
            BuildRunner = () => runner,
            IsTerminal = terminal,
            Console = () => console ?? new TestConsole(),
            Environment = name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            CurrentDirectory = _folder,
            Clock = new FixedClock(),
            Platform = platform ?? new Moq.Mock<IPlatformServices>(Moq.MockBehavior.Strict).Object,
        };
        return (context, output, error, runner);
    }

    private static Task<int> Run(ToolContext context, params string[] args) => new OneClickCli(context).InvokeAsync(args);

    [TestMethod]
    [DataRow("publish")]
    [DataRow("verify")]
    [DataRow("save")]
    [DataRow("upload")]
    [DataRow("status")]
    [DataRow("rollback")]
    [DataRow("server")]
    [DataRow("server keys")]
    [DataRow("server keys create")]
    [DataRow("keys list")]
    [DataRow("keys revoke")]
    public async Task Every_command_has_help(string command)
    {
        var (context, output, _, _) = Context();

        var exitCode = await Run(context, [.. command.Split(' '), "--help"]);

        Assert.AreEqual(0, exitCode);
        StringAssert.Contains(output.ToString(), $" {command} ", "the usage line names the command (the root is named after the running executable)");
        StringAssert.Contains(output.ToString(), "Usage:");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("frobnicate")]
    [DataRow("rollback HelloExtension")]
    [DataRow("keys create")]
    [DataRow("keys create --name ci --scope everything")]
    [DataRow("publish Hello --json --unknown-option x")]
    public async Task A_command_line_that_is_not_valid_is_a_usage_error(string args)
    {
        var (context, _, error, _) = Context();

        var exitCode = await Run(context, args.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.AreEqual(3, exitCode);
        StringAssert.Contains(error.ToString(), "error OCP7001:");
        StringAssert.Contains(error.ToString(), "--help");
    }

    [TestMethod]
    public async Task A_folder_without_a_project_is_a_usage_error()
    {
        var (context, _, error, _) = Context();

        Assert.AreEqual(3, await Run(context, "verify", "nowhere"));
        StringAssert.Contains(error.ToString(), "error OCP7002: No extension project found at 'nowhere'");
    }

    [TestMethod]
    public async Task A_folder_with_several_projects_is_a_usage_error()
    {
        File.WriteAllText(Path.Combine(_folder, "Hello", "Other.csproj"), "<Project />");
        var (context, _, error, _) = Context();

        Assert.AreEqual(3, await Run(context, "verify", "Hello"));
        StringAssert.Contains(error.ToString(), "OCP7003");
    }

    [TestMethod]
    public async Task A_server_without_a_key_is_a_usage_error()
    {
        var (context, _, error, runner) = Context();

        Assert.AreEqual(3, await Run(context, "publish", "Hello", "--server", "http://127.0.0.1:5080"));
        StringAssert.Contains(error.ToString(), "OCP7005");
        Assert.AreEqual(0, runner.Requests.Count, "nothing was built");
    }

    [TestMethod]
    public async Task A_server_URL_that_is_not_http_is_a_usage_error()
    {
        var (context, _, error, _) = Context(environment: new() { ["ONECLICK_API_KEY"] = "k" });

        Assert.AreEqual(3, await Run(context, "publish", "Hello", "--server", "ftp://example"));
        StringAssert.Contains(error.ToString(), "OCP7004");
    }

    [TestMethod]
    public async Task Verify_with_errors_exits_1_and_prints_plain_lines_when_not_a_terminal()
    {
        var (context, output, _, runner) = Context(recordings: Streams.VerifyWithDefinitionError());

        var exitCode = await Run(context, "verify", "Hello");

        Assert.AreEqual(1, exitCode);
        Assert.AreEqual(Path.Combine(_folder, "Hello", "Hello.csproj"), runner.Requests.Single().ProjectPath);
        Assert.AreEqual("OneClickVerify", runner.Requests.Single().Target);
        StringAssert.StartsWith(output.ToString(), "Verify started" + Environment.NewLine);
        StringAssert.Contains(output.ToString(), "error OCP1022:");
    }

    [TestMethod]
    public async Task Publish_to_a_given_server_passes_its_URL_and_the_key_from_the_environment_and_exits_0()
    {
        var (context, output, _, runner) = Context(environment: new() { ["ONECLICK_API_KEY"] = "from-env" }, recordings: Streams.WholeChain());

        var exitCode = await Run(context, "publish", "Hello/Hello.csproj", "--server", "http://127.0.0.1:5080", "--json", "-p", "Configuration=Release");

        Assert.AreEqual(0, exitCode);
        var request = runner.Requests.Single();
        Assert.AreEqual("OneClickPublish", request.Target);
        Assert.AreEqual("http://127.0.0.1:5080", request.Properties["OneClickPublishServer"]);
        Assert.AreEqual("Release", request.Properties["Configuration"]);
        Assert.AreEqual("from-env", request.Environment["ONECLICK_API_KEY"]);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.IsTrue(lines.All(static l => JsonDocument.Parse(l).RootElement.TryGetProperty("event", out _)), "every line is one JSON event");
    }

    [TestMethod]
    public async Task The_api_key_option_wins_over_the_environment()
    {
        var (context, _, _, runner) = Context(environment: new() { ["ONECLICK_API_KEY"] = "from-env" }, recordings: Streams.WholeChain());

        await Run(context, "publish", "Hello", "--server", "http://127.0.0.1:5080", "--api-key", "from-option", "--no-window");

        Assert.AreEqual("from-option", runner.Requests.Single().Environment["ONECLICK_API_KEY"]);
    }

    [TestMethod]
    public async Task A_server_that_cannot_be_reached_exits_2()
    {
        var (context, _, _, _) = Context(environment: new() { ["ONECLICK_API_KEY"] = "k" }, recordings: Streams.ServerDown());

        Assert.AreEqual(2, await Run(context, "publish", "Hello", "--server", "http://127.0.0.1:9"));
    }

    [TestMethod]
    public async Task Without_a_server_publish_starts_the_embedded_one_and_says_where_the_extension_is_deployed()
    {
        var embedded = new Moq.Mock<IEmbeddedServer>();
        embedded.SetupGet(static e => e.Endpoint).Returns(new ServerEndpoint(new Uri("http://127.0.0.1:41234/"), "embedded-key"));
        embedded.SetupGet(e => e.DataDirectory).Returns(Path.Combine(_folder, ".oneclick", "server"));
        embedded.Setup(static e => e.LatestDeploymentAsync(Moq.It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DeployedVersion("HelloExtension", "1.0.0", "/data/deployments/HelloExtension/1.0.0"));
        var platform = new Moq.Mock<IPlatformServices>();
        platform.Setup(p => p.StartEmbeddedAsync(Path.Combine(_folder, ".oneclick", "server"), Moq.It.IsAny<CancellationToken>())).ReturnsAsync(embedded.Object);
        var (context, output, _, runner) = Context(platform: platform.Object, recordings: Streams.WholeChain());

        var exitCode = await Run(context, "publish", "Hello");

        Assert.AreEqual(0, exitCode);
        var request = runner.Requests.Single();
        Assert.AreEqual("http://127.0.0.1:41234", request.Properties["OneClickPublishServer"]);
        Assert.AreEqual("embedded-key", request.Environment["ONECLICK_API_KEY"]);
        var text = output.ToString();
        StringAssert.Contains(text, "info OCP7011: Publishing to a Platform Server started for this run at http://127.0.0.1:41234");
        StringAssert.Contains(text, "info OCP7012: HelloExtension 1.0.0 is deployed at /data/deployments/HelloExtension/1.0.0");
        StringAssert.Contains(text, "info OCP7013: Reach this server again with: 'oneclick server --data .oneclick/server'");
        embedded.Verify(static e => e.DisposeAsync(), Moq.Times.Once());
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public async Task The_first_key_of_the_embedded_server_is_never_printed_but_written_to_a_file_only_its_owner_reads(bool json)
    {
        const string key = "ocp_4f1c9d_first-key-never-in-a-log";
        var dataDirectory = Path.Combine(_folder, ".oneclick", "server");
        var embedded = new Moq.Mock<IEmbeddedServer>();
        embedded.SetupGet(static e => e.Endpoint).Returns(new ServerEndpoint(new Uri("http://127.0.0.1:41234/"), key));
        embedded.SetupGet(e => e.DataDirectory).Returns(dataDirectory);
        embedded.SetupGet(static e => e.InitialApiKey).Returns(key);
        embedded.Setup(static e => e.LatestDeploymentAsync(Moq.It.IsAny<CancellationToken>()))
            .ReturnsAsync(new DeployedVersion("HelloExtension", "1.0.0", "/data/deployments/HelloExtension/1.0.0"));
        var platform = new Moq.Mock<IPlatformServices>();
        platform.Setup(static p => p.StartEmbeddedAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<CancellationToken>())).ReturnsAsync(embedded.Object);
        var (context, output, error, _) = Context(platform: platform.Object, recordings: Streams.WholeChain());

        var exitCode = await Run(context, json ? ["publish", "Hello", "--json"] : ["publish", "Hello"]);

        Assert.AreEqual(0, exitCode);
        var printed = output.ToString() + error.ToString();
        Assert.IsFalse(printed.Contains(key, StringComparison.Ordinal), "the key is in no output that is not a terminal");
        var file = Path.Combine(dataDirectory, "first-api-key.txt");
        StringAssert.Contains(printed, json ? file.Replace("\\", "\\\\", StringComparison.Ordinal) : $"info OCP7018: The new server's first API key (scope publish) is in {file}");
        StringAssert.Contains(printed, "the API key in " + Path.Combine(".oneclick", "server", "first-api-key.txt"), "the way back names the file, not the key");
        Assert.AreEqual(key, File.ReadAllText(file).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file), "0600");
        }
    }

    [TestMethod]
    public async Task An_embedded_server_that_cannot_start_exits_2()
    {
        var platform = new Moq.Mock<IPlatformServices>();
        platform.Setup(static p => p.StartEmbeddedAsync(Moq.It.IsAny<string>(), Moq.It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("read-only file system"));
        var (context, output, _, runner) = Context(platform: platform.Object);

        Assert.AreEqual(2, await Run(context, "publish", "Hello"));
        StringAssert.Contains(output.ToString(), "error OCP7010: The Platform Server for this publish could not start: read-only file system");
        Assert.AreEqual(0, runner.Requests.Count);
    }

    [TestMethod]
    public async Task Verify_watch_in_plain_mode_verifies_again_on_a_change_until_cancelled()
    {
        using var stop = new CancellationTokenSource();
        var changes = new ChangesThenStop(stop, "HelloExtensionActions.cs");
        var (context, output, _, runner) = Context(recordings: [Streams.VerifyWithCompilerError(), Streams.VerifyWithWarning()]);
        context = new ToolContext
        {
            Out = context.Out, Error = context.Error, BuildRunner = context.BuildRunner, IsTerminal = false, Console = context.Console,
            Environment = context.Environment, CurrentDirectory = context.CurrentDirectory, Clock = context.Clock, Platform = context.Platform,
            Watcher = _ => changes,
        };

        var exitCode = await new OneClickCli(context).InvokeAsync(["verify", "Hello", "--watch"], stop.Token);

        Assert.AreEqual(0, exitCode, "the last verify passed");
        Assert.AreEqual(2, runner.Requests.Count);
        var lines = output.ToString().Split(Environment.NewLine);
        CollectionAssert.Contains(lines, "info OCP7014: HelloExtensionActions.cs changed; verifying again");
        Assert.AreEqual(2, lines.Count(static l => l == "Verify started"));
    }

    private sealed class ChangesThenStop(CancellationTokenSource stop, string path) : OneClickPublish.Tool.Window.IChangeSource
    {
        private int _calls;

        public async Task<string> NextChangeAsync(CancellationToken cancellationToken)
        {
            if (_calls++ == 0)
            {
                return path;
            }

            await stop.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            return path;
        }

        public void Drain()
        {
        }
    }

    [TestMethod]
    public async Task Verbosity_and_binary_log_reach_the_build()
    {
        var (context, _, _, runner) = Context(recordings: [Streams.VerifyWithWarning(), Streams.VerifyWithWarning(), Streams.VerifyWithWarning()]);

        Assert.AreEqual(0, await Run(context, "verify", "Hello", "-v", "d", "--binlog"));
        Assert.AreEqual(0, await Run(context, "verify", "Hello", "--verbosity", "diagnostic", "--binlog", "logs/verify.binlog"));
        Assert.AreEqual(0, await Run(context, "verify", "Hello"));

        var (first, second, plain) = (runner.Requests[0], runner.Requests[1], runner.Requests[2]);
        Assert.AreEqual(("detailed", Path.Combine(_folder, "oneclick.binlog")), (first.Verbosity, first.BinaryLog));
        Assert.AreEqual(("diagnostic", Path.Combine(_folder, "logs", "verify.binlog")), (second.Verbosity, second.BinaryLog));
        Assert.AreEqual((null, null), (plain.Verbosity, plain.BinaryLog), "MSBuild's own defaults when not asked");
        var arguments = Build.BuildCommandLine.Arguments(first, "/tool/OneClickPublish.Tasks.dll", "/tmp/e.jsonl");
        CollectionAssert.Contains(arguments.ToList(), "-verbosity:detailed");
        CollectionAssert.Contains(arguments.ToList(), $"-bl:LogFile={Path.Combine(_folder, "oneclick.binlog")}");
        Assert.IsFalse(Build.BuildCommandLine.Arguments(plain, "/tool/OneClickPublish.Tasks.dll", "/tmp/e.jsonl").Any(static a => a.StartsWith("-verbosity", StringComparison.Ordinal) || a.StartsWith("-bl", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task A_verbosity_that_is_not_one_is_a_usage_error()
    {
        var (context, _, error, runner) = Context();

        Assert.AreEqual(3, await Run(context, "verify", "Hello", "-v", "loud"));
        StringAssert.Contains(error.ToString(), "OCP7001");
        Assert.AreEqual(0, runner.Requests.Count);
    }

    [TestMethod]
    public async Task At_detailed_verbosity_the_builds_own_messages_are_lines_of_the_log()
    {
        var stream = Recording.Of(0,
        [
            Streams.Message("OCP0001", "Verify started"),
            $$"""{"type":"message","importance":"high","message":"HelloExtension -> /src/Hello/bin/HelloExtension.dll","time":"{{Streams.Time}}"}""",
            Streams.Message("OCP0002", "Verify succeeded in 300 ms"),
            Streams.Finished(true),
        ]);
        var (detailed, detailedOutput, _, _) = Context(recordings: stream);
        var (normal, normalOutput, _, _) = Context(recordings: stream);

        await Run(detailed, "verify", "Hello", "-v", "detailed");
        await Run(normal, "verify", "Hello");

        StringAssert.Contains(detailedOutput.ToString(), "info: HelloExtension -> /src/Hello/bin/HelloExtension.dll");
        Assert.IsFalse(normalOutput.ToString().Contains("HelloExtension ->", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task A_binary_log_of_a_build_that_gets_the_key_says_the_key_is_in_it()
    {
        var (context, output, _, _) = Context(environment: new() { ["ONECLICK_API_KEY"] = "k" }, recordings: Streams.WholeChain());

        Assert.AreEqual(0, await Run(context, "publish", "Hello", "--server", "http://127.0.0.1:5080", "--binlog", "x.binlog"));

        StringAssert.Contains(output.ToString(), $"info OCP7019: The binary log {Path.Combine(_folder, "x.binlog")} records the build's properties, the API key for http://127.0.0.1:5080 among them");
    }

    [TestMethod]
    public async Task Verify_needs_no_server()
    {
        var (context, _, _, runner) = Context(recordings: Streams.VerifyWithWarning());

        Assert.AreEqual(0, await Run(context, "verify", "Hello"));
        Assert.IsFalse(runner.Requests.Single().Properties.ContainsKey("OneClickPublishServer"));
    }

    [TestMethod]
    public async Task In_a_terminal_publish_opens_the_window_and_Close_ends_it()
    {
        var console = new TestConsole().Width(120).Height(40).SupportsUnicode(true).Interactive();
        console.Input.PushKey(ConsoleKey.C);
        var (context, output, _, _) = Context(terminal: true, console: console, environment: new() { ["ONECLICK_API_KEY"] = "k" }, recordings: Streams.VerifyWithDefinitionError());

        var exitCode = await Run(context, "publish", "Hello", "--server", "http://127.0.0.1:5080");

        Assert.AreEqual(1, exitCode);
        StringAssert.Contains(console.Output, "1-Click Publish · Hello");
        StringAssert.Contains(console.Output, "V Verify Again");
        Assert.AreEqual(string.Empty, output.ToString(), "the window draws on the console, not in plain lines");
    }

    [TestMethod]
    public async Task With_no_window_a_terminal_gets_plain_lines()
    {
        var (context, output, _, _) = Context(terminal: true, environment: new() { ["ONECLICK_API_KEY"] = "k", ["NO_COLOR"] = "1" }, recordings: Streams.VerifyWithDefinitionError());

        Assert.AreEqual(1, await Run(context, "publish", "Hello", "--server", "http://127.0.0.1:5080", "--no-window"));
        StringAssert.StartsWith(output.ToString(), "Verify started");
        Assert.IsFalse(output.ToString().Contains('\u001b', StringComparison.Ordinal), "NO_COLOR: no colour codes");
    }

    [TestMethod]
    public async Task Status_and_rollback_go_to_the_given_server_or_the_local_data()
    {
        var platform = new Moq.Mock<IPlatformServices>();
        platform.Setup(static p => p.StatusAsync(Moq.It.IsAny<ServerTarget>(), Moq.It.IsAny<string?>(), Moq.It.IsAny<bool>(), Moq.It.IsAny<TextWriter>(), Moq.It.IsAny<CancellationToken>())).ReturnsAsync(0);
        platform.Setup(static p => p.RollbackAsync(Moq.It.IsAny<ServerTarget>(), "HelloExtension", "1.0.0", false, Moq.It.IsAny<TextWriter>(), Moq.It.IsAny<CancellationToken>())).ReturnsAsync(0);
        var (context, _, _, _) = Context(platform: platform.Object, environment: new() { ["ONECLICK_API_KEY"] = "k" });

        Assert.AreEqual(0, await Run(context, "status", "--json"));
        Assert.AreEqual(0, await Run(context, "rollback", "HelloExtension", "1.0.0", "--server", "http://127.0.0.1:5080"));

        platform.Verify(p => p.StatusAsync(Moq.It.Is<ServerTarget>(t => t.Remote == null && t.DataDirectory == Path.Combine(_folder, ".oneclick", "server")), null, true, Moq.It.IsAny<TextWriter>(), Moq.It.IsAny<CancellationToken>()));
        platform.Verify(static p => p.RollbackAsync(Moq.It.Is<ServerTarget>(static t => t.Remote!.Url == new Uri("http://127.0.0.1:5080") && t.Remote.ApiKey == "k"), "HelloExtension", "1.0.0", false, Moq.It.IsAny<TextWriter>(), Moq.It.IsAny<CancellationToken>()));
    }

    [TestMethod]
    public async Task Keys_is_an_alias_of_server_keys()
    {
        var platform = new Moq.Mock<IPlatformServices>();
        platform.Setup(static p => p.CreateKeyAsync(Moq.It.IsAny<ServerTarget>(), "ci", "read", Moq.It.IsAny<IReadOnlyList<string>?>(), Moq.It.IsAny<TextWriter>(), Moq.It.IsAny<CancellationToken>())).ReturnsAsync(0);
        var (context, _, _, _) = Context(platform: platform.Object, environment: new() { ["ONECLICK_API_KEY"] = "k" });

        Assert.AreEqual(0, await Run(context, "keys", "create", "--name", "ci", "--scope", "read"));
        Assert.AreEqual(0, await Run(context, "server", "keys", "create", "--name", "ci", "--scope", "read", "--data", "elsewhere"));
        Assert.AreEqual(0, await Run(context, "keys", "create", "--name", "ci", "--scope", "read", "--extensions", " Geo*, Maps ,", "--server", "http://127.0.0.1:5080"));

        platform.Verify(p => p.CreateKeyAsync(Moq.It.Is<ServerTarget>(t => t.Remote == null && t.DataDirectory == Path.Combine(_folder, ".oneclick", "server")), "ci", "read", null, Moq.It.IsAny<TextWriter>(), Moq.It.IsAny<CancellationToken>()));
        platform.Verify(p => p.CreateKeyAsync(Moq.It.Is<ServerTarget>(t => t.Remote == null && t.DataDirectory == Path.Combine(_folder, "elsewhere")), "ci", "read", null, Moq.It.IsAny<TextWriter>(), Moq.It.IsAny<CancellationToken>()));
        platform.Verify(static p => p.CreateKeyAsync(Moq.It.Is<ServerTarget>(static t => t.Remote != null && t.Remote.Url == new Uri("http://127.0.0.1:5080") && t.Remote.ApiKey == "k"), "ci", "read",
            Moq.It.Is<IReadOnlyList<string>?>(static e => e != null && e.SequenceEqual(new[] { "Geo*", "Maps" })), Moq.It.IsAny<TextWriter>(), Moq.It.IsAny<CancellationToken>()));
    }
}
