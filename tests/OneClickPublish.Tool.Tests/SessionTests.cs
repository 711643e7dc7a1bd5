using OneClickPublish.Diagnostics;
using OneClickPublish.Pipeline;
using OneClickPublish.Tool.Build;
using OneClickPublish.Tool.Operation;

namespace OneClickPublish.Tool.Tests;

[TestClass]
public sealed class SessionTests
{
    private sealed class Collect : IOperationSink
    {
        public List<OperationEvent> Events { get; } = [];

        public void Report(OperationEvent operationEvent) => Events.Add(operationEvent);
    }

    private static (OneClickSession Session, RecordedBuildRunner Runner, Collect Sink) Create(params Recording[] recordings)
    {
        var runner = new RecordedBuildRunner(recordings);
        var session = new OneClickSession(runner, new SessionSettings("/src/Hello/Hello.csproj"), new FixedClock());
        return (session, runner, new Collect());
    }

    [TestMethod]
    public async Task Stage_lines_become_stage_events_and_errors_stop_the_chain()
    {
        var (session, runner, sink) = Create(Streams.VerifyWithDefinitionError());

        var result = await session.RunAsync(OneClickStep.Publish, sink, CancellationToken.None);

        Assert.AreEqual(RunResult.ExtensionErrors, result);
        Assert.IsTrue(session.LastVerifyHadErrors);
        Assert.AreEqual("OneClickPublish", runner.Requests.Single().Target);
        var events = sink.Events.Where(static e => e is not (StepStarted or StepEnded)).ToList();
        Assert.IsInstanceOfType<RunStarted>(events[0]);
        Assert.AreEqual(new StageStarted(Stage.Verify, events[1].Time), events[1]);
        var error = (DiagnosticReported)events[2];
        Assert.AreEqual((DiagnosticSeverity.Error, "OCP1022", 12, 5, Stage.Verify), (error.Severity, error.Code, error.Location.Line, error.Location.Column, error.Stage));
        var ended = (StageEnded)events[3];
        Assert.AreEqual((Stage.Verify, false, TimeSpan.FromMilliseconds(240)), (ended.Stage, ended.Succeeded, ended.Duration));
        var finished = (RunFinished)events[4];
        Assert.AreEqual((RunResult.ExtensionErrors, 1, 0), (finished.Result, finished.Errors, finished.Warnings));
        Assert.AreEqual(5, events.Count, "nothing after the failed Verify: Save, Upload, Publish and Deploy never start");
    }

    [TestMethod]
    public async Task Verify_has_a_line_for_each_of_its_three_steps_under_it_before_its_end()
    {
        var (session, _, sink) = Create(Streams.VerifyWithWarning());

        await session.RunAsync(OneClickStep.Verify, sink, CancellationToken.None);

        var lines = sink.Events.Where(static e => e is StageStarted or StageEnded or StepEnded or DiagnosticReported).ToList();
        Assert.IsInstanceOfType<StageStarted>(lines[0]);
        Assert.AreEqual("OCP1028", ((DiagnosticReported)lines[1]).Code, "the warning came while the definition was verified");
        CollectionAssert.AreEqual(
            new[] { (VerifyStep.VerifyDefinition, StepStatus.Succeeded), (VerifyStep.UpdateSource, StepStatus.Succeeded), (VerifyStep.Compile, StepStatus.Succeeded) },
            lines.Skip(2).Take(3).Cast<StepEnded>().Select(static e => (e.Step, e.Status)).ToArray());
        Assert.IsInstanceOfType<StageEnded>(lines[5]);
        CollectionAssert.AreEqual(
            new[] { VerifyStep.VerifyDefinition, VerifyStep.UpdateSource, VerifyStep.Compile },
            sink.Events.OfType<StepStarted>().Select(static e => e.Step).ToArray(), "each step says when it starts (the window's progress label)");
    }

    [TestMethod]
    public async Task Steps_whose_targets_were_skipped_as_up_to_date_say_so()
    {
        var (session, _, sink) = Create(Recording.Of(0,
            [Streams.Message("OCP0001", "Verify started"), .. Streams.StepsUpToDate(), Streams.Message("OCP0002", "Verify succeeded in 300 ms"), Streams.Finished(true)]));

        await session.RunAsync(OneClickStep.Verify, sink, CancellationToken.None);

        Assert.IsTrue(sink.Events.OfType<StepEnded>().Select(static e => e.Status).SequenceEqual([StepStatus.UpToDate, StepStatus.UpToDate, StepStatus.UpToDate]));
        Assert.AreEqual("Compile the Extension: up to date", sink.Events.OfType<StepEnded>().Last().Text);
    }

    [TestMethod]
    public async Task A_compile_that_ran_after_an_up_to_date_definition_check_succeeded()
    {
        var (session, _, sink) = Create(Recording.Of(0,
            [
                Streams.Message("OCP0001", "Verify started"),
                .. Streams.UpToDate(Streams.VerifyDefinitionTarget),
                .. Streams.UpToDate(Streams.UpdateSourceTarget),
                .. Streams.Ran(Streams.CompileTarget),
                .. Streams.UpToDate(Streams.CheckTarget),
                Streams.Message("OCP0002", "Verify succeeded in 300 ms"),
                Streams.Finished(true),
            ]));

        await session.RunAsync(OneClickStep.Verify, sink, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { StepStatus.UpToDate, StepStatus.UpToDate, StepStatus.Succeeded }, sink.Events.OfType<StepEnded>().Select(static e => e.Status).ToArray());
    }

    [TestMethod]
    public async Task A_failed_step_is_failed_and_the_steps_after_it_did_not_run()
    {
        var (session, _, sink) = Create(Streams.VerifyWithDefinitionError());

        await session.RunAsync(OneClickStep.Publish, sink, CancellationToken.None);

        CollectionAssert.AreEqual(
            new[] { "Verify the Extension Definition failed after 0 ms", "Update the Extension Source Code: not run", "Compile the Extension: not run" },
            sink.Events.OfType<StepEnded>().Select(static e => e.Text).ToArray());
        var order = sink.Events.Select(static e => e.GetType().Name).ToList();
        Assert.IsTrue(order.IndexOf(nameof(DiagnosticReported)) < order.IndexOf(nameof(StepEnded)), "the error, then the step it failed");
        Assert.IsTrue(order.LastIndexOf(nameof(StepEnded)) < order.IndexOf(nameof(StageEnded)), "the steps come before Verify's end line");
    }

    [TestMethod]
    public async Task A_compiler_error_fails_the_Compile_step()
    {
        var (session, _, sink) = Create(Streams.VerifyWithCompilerError());

        await session.RunAsync(OneClickStep.Verify, sink, CancellationToken.None);

        CollectionAssert.AreEqual(
            new[] { (VerifyStep.VerifyDefinition, StepStatus.Succeeded), (VerifyStep.UpdateSource, StepStatus.Succeeded), (VerifyStep.Compile, StepStatus.Failed) },
            sink.Events.OfType<StepEnded>().Select(static e => (e.Step, e.Status)).ToArray());
    }

    [TestMethod]
    public async Task The_inner_builds_of_a_multi_targeted_project_make_one_Compile_line_that_ends_with_the_last()
    {
        var (session, _, sink) = Create(Recording.Of(0,
            [
                Streams.Message("OCP0001", "Verify started"),
                .. Streams.Ran(Streams.VerifyDefinitionTarget),
                .. Streams.Ran(Streams.UpdateSourceTarget),
                Streams.TargetStarted(Streams.CompileTarget), // net8.0
                Streams.TargetStarted(Streams.CompileTarget), // net472
                .. Streams.Ran(Streams.UpdateSourceTarget),   // an inner build generating code again: no second line
                Streams.TargetFinished(Streams.CompileTarget),
                .. Streams.Ran(Streams.CheckTarget),
                Streams.TargetFinished(Streams.CompileTarget),
                Streams.TargetStarted(Streams.CheckTarget),
                Streams.Message("OCP9999", "the last check is still running"),
                Streams.TargetFinished(Streams.CheckTarget),
                Streams.Message("OCP0002", "Verify succeeded in 300 ms"),
                Streams.Finished(true),
            ]));

        await session.RunAsync(OneClickStep.Verify, sink, CancellationToken.None);

        Assert.AreEqual(3, sink.Events.OfType<StepEnded>().Count());
        var names = sink.Events.Select(static e => e is DiagnosticReported d ? d.Code : e.GetType().Name).ToList();
        Assert.IsTrue(names.IndexOf("OCP9999") < names.LastIndexOf(nameof(StepEnded)), "Compile ends after the last inner build's check");
    }

    [TestMethod]
    public async Task A_later_stage_that_never_started_is_not_marked_failed()
    {
        var (session, _, sink) = Create(Recording.Of(1,
            Streams.Message("OCP0001", "Verify started"),
            Streams.Error("OCP1022", "Action 'SayHello' is declared twice"),
            Streams.Message("OCP0003", "Verify failed after 240 ms"),
            Streams.Message("OCP0003", "Save failed after 0 ms"),
            Streams.Finished(false)));

        await session.RunAsync(OneClickStep.Save, sink, CancellationToken.None);

        Assert.AreEqual(Stage.Verify, sink.Events.OfType<StageEnded>().Single().Stage);
    }

    [TestMethod]
    public async Task A_compiler_error_ends_the_open_Verify_stage_as_failed()
    {
        var (session, _, sink) = Create(Streams.VerifyWithCompilerError());

        var result = await session.RunAsync(OneClickStep.Verify, sink, CancellationToken.None);

        Assert.AreEqual(RunResult.ExtensionErrors, result);
        Assert.IsTrue(session.LastVerifyHadErrors);
        var error = sink.Events.OfType<DiagnosticReported>().Single();
        Assert.AreEqual(("CS0103", "/src/Hello/HelloExtensionActions.cs", 14), (error.Code, error.Location.File, error.Location.Line));
        var ended = sink.Events.OfType<StageEnded>().Single();
        Assert.AreEqual((Stage.Verify, false), (ended.Stage, ended.Succeeded));
    }

    [TestMethod]
    public async Task Warnings_are_listed_and_the_chain_goes_on()
    {
        var (session, _, sink) = Create(Streams.VerifyWithWarning());

        var result = await session.RunAsync(OneClickStep.Verify, sink, CancellationToken.None);

        Assert.AreEqual(RunResult.Succeeded, result);
        Assert.IsFalse(session.LastVerifyHadErrors);
        Assert.AreEqual(DiagnosticSeverity.Warning, sink.Events.OfType<DiagnosticReported>().Single().Severity);
        Assert.IsTrue(sink.Events.OfType<StageEnded>().Single().Succeeded);
    }

    [TestMethod]
    public async Task Progress_lines_become_progress_events()
    {
        var (session, _, sink) = Create(Streams.WholeChain());

        Assert.AreEqual(RunResult.Succeeded, await session.RunAsync(OneClickStep.Publish, sink, CancellationToken.None));

        var progress = sink.Events.OfType<StageProgress>().ToList();
        Assert.AreEqual((Stage.Upload, 50, "6 KB of 12 KB"), (progress[0].Stage, progress[0].Percent, progress[0].Detail));
        CollectionAssert.AreEqual(Enum.GetValues<Stage>(), sink.Events.OfType<StageEnded>().Select(static e => e.Stage).ToArray());
        Assert.AreEqual("OCP5020", sink.Events.OfType<DiagnosticReported>().Single().Code);
    }

    [TestMethod]
    public async Task A_server_that_cannot_be_reached_is_not_an_error_in_the_extension()
    {
        var (session, _, sink) = Create(Streams.ServerDown());

        Assert.AreEqual(RunResult.ServerUnreachable, await session.RunAsync(OneClickStep.Publish, sink, CancellationToken.None));
        Assert.IsFalse(session.LastVerifyHadErrors);
        Assert.AreEqual(2, ExitCodes.Of(RunResult.ServerUnreachable));
    }

    [TestMethod]
    public async Task A_build_that_fails_without_logging_an_error_says_what_MSBuild_printed()
    {
        var recording = new Recording([], new BuildOutcome(1, null, ["MSBUILD : error MSB1009: Project file does not exist.", "Switch: /src/Nope.csproj"]));
        var (session, _, sink) = Create(recording);

        Assert.AreEqual(RunResult.ExtensionErrors, await session.RunAsync(OneClickStep.Verify, sink, CancellationToken.None));

        var error = sink.Events.OfType<DiagnosticReported>().Single();
        Assert.AreEqual(ToolDiagnostics.BuildFailedWithoutErrors.Code, error.Code);
        StringAssert.Contains(error.Message, "MSB1009");
        var ended = sink.Events.OfType<StageEnded>().Single();
        Assert.AreEqual((Stage.Verify, false), (ended.Stage, ended.Succeeded), "the failure belongs to the first stage");
    }

    [TestMethod]
    public async Task A_cancelled_build_ends_its_open_stage_and_says_it_was_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var runner = new Moq.Mock<IBuildRunner>();
        runner.Setup(static r => r.RunAsync(Moq.It.IsAny<BuildRequest>(), Moq.It.IsAny<Action<BuildEvent>>(), Moq.It.IsAny<CancellationToken>()))
            .Returns<BuildRequest, Action<BuildEvent>, CancellationToken>(async (_, onEvent, token) =>
            {
                onEvent(BuildEventReader.Parse(Streams.Message("OCP0001", "Verify started"))!);
                await cancel.CancelAsync();
                token.ThrowIfCancellationRequested();
                return new BuildOutcome(0, null, []);
            });
        var session = new OneClickSession(runner.Object, new SessionSettings("/src/Hello/Hello.csproj"), new FixedClock());
        var sink = new Collect();

        var result = await session.RunAsync(OneClickStep.Publish, sink, cancel.Token);

        Assert.AreEqual(RunResult.Cancelled, result);
        Assert.AreEqual(130, ExitCodes.Of(result));
        Assert.AreEqual((Stage.Verify, false), sink.Events.OfType<StageEnded>().Select(static e => (e.Stage, e.Succeeded)).Single());
        Assert.AreEqual(ToolDiagnostics.Cancelled.Code, sink.Events.OfType<DiagnosticReported>().Single().Code, "no 'failed without an error' line");
    }

    [TestMethod]
    public async Task A_build_without_the_pipelines_targets_says_why_they_may_be_missing()
    {
        var (session, _, sink) = Create(Recording.Of(1,
            """{"type":"error","code":"MSB4057","message":"The target \"OneClickVerify\" does not exist in the project.","file":"/src/Hello/Hello.csproj","time":"2026-11-24T01:00:00.0000000Z"}""",
            Streams.Finished(false)));

        Assert.AreEqual(RunResult.ExtensionErrors, await session.RunAsync(OneClickStep.Verify, sink, CancellationToken.None));

        var lines = sink.Events.OfType<DiagnosticReported>().ToList();
        Assert.AreEqual(("MSB4057", ToolDiagnostics.PipelineNotInjected.Code), (lines[0].Code, lines[1].Code));
        StringAssert.Contains(lines[1].Message, "no target OneClickVerify");
        StringAssert.Contains(ToolDiagnostics.PipelineNotInjected.Details, "ImportDirectoryBuildTargets");
        Assert.AreEqual(1, ((RunFinished)sink.Events[^1]).Errors, "an explanation, not a second error");
    }

    [TestMethod]
    public async Task A_build_that_cannot_start_is_a_coded_error()
    {
        var (session, _, sink) = Create(new Recording([], new BuildOutcome(-1, "dotnet: No such file or directory", [])));

        Assert.AreEqual(RunResult.ExtensionErrors, await session.RunAsync(OneClickStep.Verify, sink, CancellationToken.None));
        Assert.AreEqual(ToolDiagnostics.BuildNotStarted.Code, sink.Events.OfType<DiagnosticReported>().Single().Code);
    }

    [TestMethod]
    public async Task The_server_goes_to_the_build_as_a_property_and_its_key_through_the_environment()
    {
        var runner = new RecordedBuildRunner(Streams.WholeChain(), Streams.VerifyWithWarning());
        var settings = new SessionSettings("/src/Hello/Hello.csproj")
        {
            Server = (_, _) => Task.FromResult(new ServerEndpoint(new Uri("http://127.0.0.1:5080/"), "secret-key")),
            Properties = new Dictionary<string, string> { ["Configuration"] = "Release" },
        };
        var session = new OneClickSession(runner, settings, new FixedClock());

        await session.RunAsync(OneClickStep.Publish, new Collect(), CancellationToken.None);
        await session.RunAsync(OneClickStep.Verify, new Collect(), CancellationToken.None);

        var publish = runner.Requests[0];
        Assert.AreEqual("http://127.0.0.1:5080", publish.Properties["OneClickPublishServer"]);
        Assert.AreEqual("Release", publish.Properties["Configuration"]);
        Assert.AreEqual("secret-key", publish.Environment["ONECLICK_API_KEY"]);
        var arguments = BuildCommandLine.Arguments(publish, "/tool/OneClickPublish.Tasks.dll", "/tmp/e.jsonl");
        Assert.IsFalse(arguments.Any(static a => a.Contains("secret-key", StringComparison.Ordinal)), "the key is never on the command line");
        Assert.IsFalse(runner.Requests[1].Properties.ContainsKey("OneClickPublishServer"), "verify needs no server");
        Assert.IsTrue(runner.Requests[1].Environment.TryGetValue("ONECLICK_API_KEY", out var verifyKey) && verifyKey is null, "nor a key: the user's own is removed from the build's environment");
    }

    [TestMethod]
    public async Task Each_build_of_a_session_writes_its_own_binary_log()
    {
        var runner = new RecordedBuildRunner(Streams.VerifyWithDefinitionError(), Streams.WholeChain(), Streams.VerifyWithWarning());
        var session = new OneClickSession(runner, new SessionSettings("/src/Hello/Hello.csproj") { BinaryLog = "/logs/oneclick.binlog" }, new FixedClock());

        await session.RunAsync(OneClickStep.Publish, new Collect(), CancellationToken.None);
        await session.RunAsync(OneClickStep.Publish, new Collect(), CancellationToken.None);
        await session.RunAsync(OneClickStep.Verify, new Collect(), CancellationToken.None);

        CollectionAssert.AreEqual(
            new[] { "/logs/oneclick.binlog", "/logs/oneclick-2.binlog", "/logs/oneclick-3.binlog" },
            runner.Requests.Select(static r => r.BinaryLog!.Replace('\\', '/')).ToArray());
    }

    [TestMethod]
    public void The_build_command_line_is_the_extensions_own_build_with_the_event_logger()
    {
        var request = new BuildRequest("/src/Hello/Hello.csproj", "OneClickVerify",
            new Dictionary<string, string> { ["OneClickPublishServer"] = "http://h:1", ["B"] = "x;y,z%" }, new Dictionary<string, string?>());

        var arguments = BuildCommandLine.Arguments(request, "/tool/OneClickPublish.Tasks.dll", "/tmp/e.jsonl");

        CollectionAssert.AreEqual(
            new[]
            {
                "build", "/src/Hello/Hello.csproj", "-t:OneClickVerify", "-nologo", "-noconsolelogger",
                "-p:B=x%3By%2Cz%25", "-p:OneClickPublishServer=http://h:1",
                "-logger:OneClickPublish.Tasks.Logging.EventStreamLogger,/tool/OneClickPublish.Tasks.dll;LogFile=/tmp/e.jsonl",
            },
            arguments.ToArray());
    }

    [TestMethod]
    [DataRow("Verify", "OneClickVerify")]
    [DataRow("Save", "OneClickSave")]
    [DataRow("Upload", "OneClickUpload")]
    [DataRow("Publish", "OneClickPublish")]
    public void Each_step_is_one_target_of_the_pipeline(string step, string target) =>
        Assert.AreEqual(target, Enum.Parse<OneClickStep>(step).Target());
}

[TestClass]
public sealed class ToolDiagnosticsTests
{
    [TestMethod]
    public void Every_code_of_the_tool_is_in_its_range_and_has_a_page()
    {
        var descriptors = typeof(OneClickPublish.Diagnostics.ToolDiagnostics).GetFields()
            .Select(static f => (OneClickPublish.Diagnostics.DiagnosticDescriptor)f.GetValue(null)!).ToList();
        Assert.IsTrue(descriptors.Count > 10);
        foreach (var descriptor in descriptors)
        {
            var number = int.Parse(descriptor.Code[3..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.IsTrue(number is >= 7001 and <= 7099, descriptor.Code);
            var page = Path.Combine(AppContext.BaseDirectory, "docs", "diagnostics", descriptor.Code + ".md");
            Assert.IsTrue(File.Exists(page), $"{descriptor.Code} has no page (shipped beside the tool from docs/diagnostics)");
            StringAssert.StartsWith(File.ReadAllText(page), $"# {descriptor.Code}: {descriptor.Title}");
        }
    }
}
