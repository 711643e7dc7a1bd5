using System.Text.RegularExpressions;
using OneClickPublish.Diagnostics;
using OneClickPublish.Pipeline;
using OneClickPublish.Tool.Operation;
using OneClickPublish.Tool.Window;
using Spectre.Console;
using Spectre.Console.Testing;

namespace OneClickPublish.Tool.Tests;

[TestClass]
public sealed partial class WindowTests
{
    private static async Task<OperationState> StateAfter(OneClickStep step, params Recording[] recordings)
    {
        var state = new OperationState("HelloExtension");
        var session = new OneClickSession(new RecordedBuildRunner(recordings), new SessionSettings("/src/Hello/Hello.csproj"), new FixedClock());
        await session.RunAsync(step, new ApplyTo(state), CancellationToken.None);
        state.SetVerifyOutcome(session.LastVerifyHadErrors);
        return state;
    }

    private sealed class ApplyTo(OperationState state) : IOperationSink
    {
        public void Report(OperationEvent operationEvent) => state.Apply(operationEvent);
    }

    private static string Draw(OperationState state, bool ansi = false)
    {
        using var console = new TestConsole().Width(140).Height(40).SupportsUnicode(true);
        if (ansi)
        {
            console.EmitAnsiSequences().Colors(ColorSystem.Standard);
        }

        console.Write(WindowView.Render(state, 140, 40, unicode: true));
        return console.Output;
    }

    [TestMethod]
    public async Task The_five_markers_show_done_and_failed_stages()
    {
        var failed = Draw(await StateAfter(OneClickStep.Publish, Streams.ServerDown()));
        StringAssert.Contains(failed, "✔ Verify");
        StringAssert.Contains(failed, "✔ Save");
        StringAssert.Contains(failed, "✘ Upload");
        StringAssert.Contains(failed, "○ Publish");
        StringAssert.Contains(failed, "○ Deploy");

        var done = Draw(await StateAfter(OneClickStep.Publish, Streams.WholeChain()));
        foreach (var stage in Enum.GetValues<Stage>())
        {
            StringAssert.Contains(done, $"✔ {stage}");
        }
    }

    [TestMethod]
    public void The_running_stage_is_highlighted()
    {
        var state = new OperationState("HelloExtension");
        state.Apply(new RunStarted(OneClickStep.Publish, DateTimeOffset.UnixEpoch));
        state.Apply(new StageStarted(Stage.Verify, DateTimeOffset.UnixEpoch));
        state.Apply(new StageEnded(Stage.Verify, true, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch));
        state.Apply(new StageStarted(Stage.Save, DateTimeOffset.UnixEpoch));
        state.Apply(new StageEnded(Stage.Save, true, TimeSpan.FromSeconds(1), DateTimeOffset.UnixEpoch));
        state.Apply(new StageStarted(Stage.Upload, DateTimeOffset.UnixEpoch));
        state.Apply(new StageProgress(Stage.Upload, 40, "4 MB of 10 MB", DateTimeOffset.UnixEpoch));

        var output = Draw(state, ansi: true);

        // Reverse video (SGR 7) on the running marker only: visible with and without colours.
        var highlighted = Highlighted().Matches(output).Select(static m => m.Groups["text"].Value.Trim()).ToList();
        CollectionAssert.Contains(highlighted, "▶ Upload");
        Assert.IsFalse(highlighted.Any(static h => h.Contains("Verify", StringComparison.Ordinal) || h.Contains("Save", StringComparison.Ordinal)));
        Assert.AreEqual(Stage.Upload, state.CurrentStage);
        StringAssert.Contains(Draw(state), "Upload 40% (4 MB of 10 MB)");
    }

    [GeneratedRegex("\u001b\\[(?:\\d+;)*7(?:;\\d+)*m(?<text>[^\u001b]*)")]
    private static partial Regex Highlighted();

    [TestMethod]
    public async Task The_log_has_a_line_per_stage_start_and_end_and_per_diagnostic_with_its_code()
    {
        var output = Draw(await StateAfter(OneClickStep.Publish, Streams.VerifyWithWarning()));

        StringAssert.Contains(output, "▶ Verify started");
        StringAssert.Contains(output, "⚠ warning OCP1028: /src/Hello/extension.xml(3,2) Action 'Describe' has no description");
        StringAssert.Contains(output, "✔ Verify succeeded in 1530 ms");
    }

    [TestMethod]
    public async Task Verify_s_three_steps_are_lines_of_their_own_under_the_Verify_stage()
    {
        var state = await StateAfter(OneClickStep.Publish, Streams.VerifyWithCompilerError());

        var rows = Draw(state).Split('\n').Select(static r => r.Trim('│', ' ', '\r')).ToList();
        var verify = rows.FindIndex(static r => r.EndsWith("▶ Verify started", StringComparison.Ordinal));
        Assert.IsTrue(verify >= 0);
        CollectionAssert.AreEqual(
            new[]
            {
                "▶ Verify started",
                "✔ Verify the Extension Definition succeeded in 0 ms",
                "✔ Update the Extension Source Code succeeded in 0 ms",
                "✘ error CS0103: /src/Hello/HelloExtensionActions.cs(14,20) The name 'greeting' does not exist in the current context",
                "✘ Compile the Extension failed after 0 ms",
            },
            rows.Skip(verify).Take(5).Select(static r => r.TrimStart('›', ' ')).ToArray());
        StringAssert.Contains(WindowView.LineText(state.Lines[1], Glyphs.Unicode), "  ✔ Verify the Extension Definition", "indented under the stage");
    }

    [TestMethod]
    public void The_progress_bar_names_the_step_of_Verify_that_runs_and_its_details_say_what_it_does()
    {
        var state = new OperationState("HelloExtension");
        state.Apply(new RunStarted(OneClickStep.Publish, DateTimeOffset.UnixEpoch));
        state.Apply(new StageStarted(Stage.Verify, DateTimeOffset.UnixEpoch));
        state.Apply(new StepStarted(VerifyStep.Compile, DateTimeOffset.UnixEpoch));

        StringAssert.Contains(Draw(state), "Verify: Compile the Extension…");
        state.Apply(new StageEnded(Stage.Verify, true, TimeSpan.Zero, DateTimeOffset.UnixEpoch));
        state.Apply(new StageStarted(Stage.Upload, DateTimeOffset.UnixEpoch));
        StringAssert.Contains(Draw(state), " Upload…", "the stage that runs, not the step asked for");
        state.Apply(new StageStarted(Stage.Verify, DateTimeOffset.UnixEpoch));

        state.Apply(new StepEnded(VerifyStep.Compile, StepStatus.UpToDate, TimeSpan.Zero, DateTimeOffset.UnixEpoch));
        var output = Draw(state);
        StringAssert.Contains(output, "Compile the Extension: up to date · step 3 of 3 of Verify");
        StringAssert.Contains(output, "did not run again");
    }

    [TestMethod]
    public async Task After_errors_the_first_error_is_selected_and_its_details_shown()
    {
        var state = await StateAfter(OneClickStep.Publish, Streams.VerifyWithCompilerError());

        var selected = (DiagnosticReported)state.SelectedLine!;
        Assert.AreEqual("CS0103", selected.Code);
        var output = Draw(state);
        StringAssert.Contains(output, "Error CS0103");
        StringAssert.Contains(output, "Location: /src/Hello/HelloExtensionActions.cs, line 14, column 20");
    }

    [TestMethod]
    public async Task Arrow_keys_move_the_selection_and_the_details_follow()
    {
        var state = await StateAfter(OneClickStep.Verify, Streams.VerifyWithDefinitionError());
        Assert.AreEqual(1, state.Selected, "the error");

        state.MoveSelection(-1);
        Assert.IsInstanceOfType<StageStarted>(state.SelectedLine);
        StringAssert.Contains(Draw(state), "Verify: the definition is checked");

        state.MoveSelection(+1);
        var output = Draw(state);
        StringAssert.Contains(output, "Error OCP1022 · Duplicated name", "the code's title from the catalogue");
        StringAssert.Contains(output, "Location: /src/Hello/extension.xml, line 12, column 5");
        StringAssert.Contains(output, "Help: ");
        StringAssert.Contains(output, "docs/diagnostics/OCP1022.md");

        state.MoveSelection(+5);
        Assert.IsInstanceOfType<StageEnded>(state.SelectedLine, "the selection stops at the last line");
    }

    [TestMethod]
    public async Task Details_of_a_catalogued_code_give_its_title_and_what_to_do()
    {
        var state = await StateAfter(OneClickStep.Verify, new Recording([], new Build.BuildOutcome(-1, "no dotnet", [])));
        state.SelectFirst();
        state.MoveSelection(0);
        while (state.SelectedLine is not DiagnosticReported)
        {
            state.MoveSelection(1);
        }

        var output = Draw(state);
        StringAssert.Contains(output, "Build could not start");
        StringAssert.Contains(output, "Check that the .NET SDK is installed");
    }

    [TestMethod]
    public async Task Verify_Again_is_offered_only_when_the_last_verify_had_errors()
    {
        var failed = await StateAfter(OneClickStep.Publish, Streams.VerifyWithDefinitionError());
        CollectionAssert.AreEqual(new[] { WindowAction.VerifyAgain, WindowAction.Close }, failed.OfferedActions.ToArray());
        var failedOutput = Draw(failed);
        StringAssert.Contains(failedOutput, "V Verify Again");
        Assert.IsFalse(failedOutput.Contains("S Save", StringComparison.Ordinal));
        Assert.IsFalse(failedOutput.Contains("P Publish", StringComparison.Ordinal));

        var passed = await StateAfter(OneClickStep.Verify, Streams.VerifyWithWarning());
        CollectionAssert.AreEqual(new[] { WindowAction.Save, WindowAction.Upload, WindowAction.Publish, WindowAction.Close }, passed.OfferedActions.ToArray());
        var passedOutput = Draw(passed);
        Assert.IsFalse(passedOutput.Contains("Verify Again", StringComparison.Ordinal));
        StringAssert.Contains(passedOutput, "S Save");
        StringAssert.Contains(passedOutput, "U Upload");
        StringAssert.Contains(passedOutput, "P Publish");
        StringAssert.Contains(passedOutput, "C Close");
    }

    [TestMethod]
    public void A_long_line_takes_one_row_of_the_log_and_is_whole_in_the_details()
    {
        var state = new OperationState("HelloExtension");
        var message = "Cannot connect to the Platform Server " + new string('x', 300) + " END";
        state.Apply(new DiagnosticReported(DiagnosticSeverity.Error, "OCP5006", message, SourceLocation.None, null, Stage.Upload, DateTimeOffset.UnixEpoch));
        state.MoveSelection(-1); // the details pane of a line that is not selected in the log view

        var output = Draw(state);

        var logRows = output.Split('\n').Where(static l => l.Contains("OCP5006: Cannot connect", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(1, logRows.Count, "one row in the log");
        StringAssert.Contains(logRows[0], "…");
        StringAssert.Contains(output.Replace("\n", string.Empty, StringComparison.Ordinal).Replace("│", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal), "xEND", "the details pane wraps the whole message");
    }

    [TestMethod]
    public async Task An_error_MSBuild_placed_on_the_project_file_without_a_line_has_no_location()
    {
        var state = await StateAfter(OneClickStep.Upload, Recording.Of(1,
            Streams.Message("OCP0001", "Upload started"),
            $$"""{"type":"error","code":"OCP5006","message":"Cannot connect","file":"/src/Hello/Hello.csproj","projectFile":"/src/Hello/Hello.csproj","time":"{{Streams.Time}}"}""",
            Streams.Finished(false)));

        var error = state.Lines.OfType<DiagnosticReported>().Single();
        Assert.AreEqual(SourceLocation.None, error.Location);
    }

    [TestMethod]
    public void While_a_step_runs_only_Close_is_offered()
    {
        var state = new OperationState("HelloExtension");
        state.Apply(new RunStarted(OneClickStep.Publish, DateTimeOffset.UnixEpoch));

        CollectionAssert.AreEqual(new[] { WindowAction.Close }, state.OfferedActions.ToArray());
        StringAssert.Contains(Draw(state), "C Cancel and close");
    }

    [TestMethod]
    public void Without_Unicode_the_window_uses_ASCII()
    {
        var state = new OperationState("HelloExtension");
        state.Apply(new RunStarted(OneClickStep.Verify, DateTimeOffset.UnixEpoch));
        state.Apply(new StageStarted(Stage.Verify, DateTimeOffset.UnixEpoch));
        using var console = new TestConsole().Width(120).Height(30);
        console.Write(WindowView.Render(state, 120, 30, unicode: false));

        StringAssert.Contains(console.Output, "> Verify");
        StringAssert.Contains(console.Output, "o Save");
        Assert.IsFalse(console.Output.Any(static c => c > 127 && c != '·' && c != '…'), console.Output);
    }

    // ---- the window's loop: keys -----------------------------------------------------------

    private static (PublishWindow Window, TestConsole Console, RecordedBuildRunner Runner) Window(IChangeSource? changes, params Recording[] recordings)
    {
        var console = new TestConsole().Width(120).Height(40).SupportsUnicode(true).Interactive();
        var runner = new RecordedBuildRunner(recordings);
        var session = new OneClickSession(runner, new SessionSettings("/src/Hello/Hello.csproj"), new FixedClock());
        return (new PublishWindow(console, session, new ConsoleKeySource(console.Input), changes, new FixedClock()), console, runner);
    }

    [TestMethod]
    public async Task Verify_Again_after_fixing_the_error_verifies_and_carries_the_1_Click_Publish_on_to_Deploy()
    {
        var (window, console, runner) = Window(null, Streams.VerifyWithDefinitionError(), Streams.WholeChain());
        console.Input.PushKey(ConsoleKey.S); // not offered after a failed verify: nothing happens
        console.Input.PushKey(ConsoleKey.V);
        console.Input.PushKey(ConsoleKey.C);

        var exitCode = await window.RunAsync(OneClickStep.Publish, CancellationToken.None);

        // One build: the chain verifies first (and would stop at Verify's errors), then Save, Upload, Publish, Deploy.
        CollectionAssert.AreEqual(new[] { OneClickStep.Publish, OneClickStep.Publish }, window.StepsRun);
        CollectionAssert.AreEqual(new[] { "OneClickPublish", "OneClickPublish" }, runner.Requests.Select(static r => r.Target).ToArray());
        Assert.AreEqual(0, exitCode);
        foreach (var stage in Enum.GetValues<Stage>())
        {
            Assert.AreEqual(MarkerState.Succeeded, window.State.Marker(stage), stage.ToString());
        }

        Assert.IsFalse(window.State.LastVerifyHadErrors);
        var lastRun = window.State.Lines.SkipWhile(static l => l is not StageEnded { Stage: Stage.Verify, Succeeded: false }).Skip(1).ToList();
        CollectionAssert.AreEqual(
            Enum.GetValues<Stage>(),
            lastRun.OfType<StageEnded>().Where(static e => e.Succeeded).Select(static e => e.Stage).ToArray(),
            "after Verify Again the log goes on through every stage");
        var drawn = Draw(window.State);
        StringAssert.Contains(drawn, "✔ Deploy");
        StringAssert.Contains(drawn, " done");
    }

    [TestMethod]
    public async Task Verify_Again_that_still_finds_errors_stops_at_Verify_and_offers_Verify_Again_once_more()
    {
        var (window, console, runner) = Window(null, Streams.VerifyWithDefinitionError(), Streams.VerifyWithDefinitionError());
        console.Input.PushKey(ConsoleKey.V);
        console.Input.PushKey(ConsoleKey.C);

        var exitCode = await window.RunAsync(OneClickStep.Publish, CancellationToken.None);

        Assert.AreEqual(1, exitCode);
        Assert.AreEqual(2, runner.Requests.Count);
        Assert.AreEqual(MarkerState.Failed, window.State.Marker(Stage.Verify));
        Assert.AreEqual(MarkerState.Pending, window.State.Marker(Stage.Save), "the chain stopped at Verify");
        CollectionAssert.AreEqual(new[] { WindowAction.VerifyAgain, WindowAction.Close }, window.State.OfferedActions.ToArray());
    }

    [TestMethod]
    public async Task Publish_after_a_clean_verify_runs_the_whole_chain()
    {
        var (window, console, _) = Window(null, Streams.VerifyWithWarning(), Streams.WholeChain());
        console.Input.PushKey(ConsoleKey.V); // not offered after a clean verify
        console.Input.PushKey(ConsoleKey.P);
        console.Input.PushKey(ConsoleKey.Escape);

        var exitCode = await window.RunAsync(OneClickStep.Verify, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { OneClickStep.Verify, OneClickStep.Publish }, window.StepsRun);
        Assert.AreEqual(0, exitCode);
        Assert.AreEqual(MarkerState.Succeeded, window.State.Marker(Stage.Deploy));
    }

    [TestMethod]
    public async Task Close_after_errors_ends_with_the_extension_error_exit_code()
    {
        var (window, console, _) = Window(null, Streams.VerifyWithCompilerError());
        console.Input.PushKey(ConsoleKey.UpArrow);
        console.Input.PushKey(ConsoleKey.C);

        var exitCode = await window.RunAsync(OneClickStep.Publish, CancellationToken.None);

        Assert.AreEqual(1, exitCode);
        CollectionAssert.AreEqual(new[] { OneClickStep.Publish }, window.StepsRun);
        Assert.AreEqual(VerifyStep.UpdateSource, ((StepEnded)window.State.SelectedLine!).Step, "the up arrow moved from the error to the line above");
        StringAssert.Contains(console.Output, "CS0103");
    }

    [TestMethod]
    public async Task In_watch_mode_a_change_re_verifies_by_itself()
    {
        var changes = new OneChange("HelloExtensionActions.cs");
        var console = new TestConsole().Width(120).Height(40).SupportsUnicode(true).Interactive();
        var session = new OneClickSession(new RecordedBuildRunner(Streams.VerifyWithCompilerError(), Streams.VerifyWithWarning()), new SessionSettings("/src/Hello/Hello.csproj"), new FixedClock());
        PublishWindow? window = null;
        var keys = new CloseWhen(() => window!.StepsRun.Count == 2 && window.State.Running is null);
        window = new PublishWindow(console, session, keys, changes, new FixedClock());

        var exitCode = await window.RunAsync(OneClickStep.Publish, CancellationToken.None);

        CollectionAssert.AreEqual(new[] { OneClickStep.Publish, OneClickStep.Verify }, window.StepsRun);
        Assert.AreEqual(0, exitCode);
        Assert.IsTrue(window.State.Lines.OfType<DiagnosticReported>().Any(static d => d.Code == ToolDiagnostics.FilesChanged.Code));
    }

    private sealed class OneChange(string path) : IChangeSource
    {
        private bool _given;

        public Task<string> NextChangeAsync(CancellationToken cancellationToken)
        {
            if (!_given)
            {
                _given = true;
                return Task.FromResult(path);
            }

            return Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(static _ => string.Empty, TaskScheduler.Default);
        }

        public void Drain()
        {
        }
    }

    private sealed class CloseWhen(Func<bool> condition) : IKeySource
    {
        public async Task<ConsoleKeyInfo?> ReadKeyAsync(CancellationToken cancellationToken)
        {
            while (!condition())
            {
                await Task.Delay(10, cancellationToken);
            }

            return new ConsoleKeyInfo('c', ConsoleKey.C, false, false, false);
        }
    }
}
