using System.Text.Json;
using OneClickPublish.Tool.Operation;
using OneClickPublish.Tool.Output;

namespace OneClickPublish.Tool.Tests;

[TestClass]
public sealed class OutputTests
{
    private static async Task<string[]> Run(Func<TextWriter, IOperationSink> output, OneClickStep step, params Recording[] recordings)
    {
        using var writer = new StringWriter();
        var session = new OneClickSession(new RecordedBuildRunner(recordings), new SessionSettings("/src/Hello/Hello.csproj"), new FixedClock());
        await session.RunAsync(step, output(writer), CancellationToken.None);
        return writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }

    [TestMethod]
    public async Task Plain_lines_are_the_stage_lines_and_MSBuild_style_diagnostics()
    {
        var lines = await Run(static w => new PlainOutput(w), OneClickStep.Verify, Streams.VerifyWithDefinitionError());

        CollectionAssert.AreEqual(
            new[]
            {
                "Verify started",
                "/src/Hello/extension.xml(12,5): error OCP1022: Action 'SayHello' is declared twice (names are compared without case)",
                "  Verify the Extension Definition failed after 0 ms",
                "  Update the Extension Source Code: not run",
                "  Compile the Extension: not run",
                "Verify failed after 240 ms",
                "Verify failed: 1 error(s), 0 warning(s), 0 ms",
            },
            lines);
    }

    [TestMethod]
    public async Task Plain_lines_of_the_whole_chain_with_progress_and_information()
    {
        var lines = await Run(static w => new PlainOutput(w), OneClickStep.Publish, Streams.WholeChain());

        CollectionAssert.AreEqual(
            new[]
            {
                "Verify started",
                "  Verify the Extension Definition succeeded in 0 ms",
                "  Update the Extension Source Code succeeded in 0 ms",
                "  Compile the Extension succeeded in 0 ms",
                "Verify succeeded in 1530 ms",
                "Save started",
                "Save succeeded in 80 ms: /src/Hello/bin/Debug/net10.0/HelloExtension.1.0.0.xif",
                "Upload started",
                "Upload: 50% (6 KB of 12 KB)",
                "Upload: 100% (12 KB of 12 KB)",
                "Upload succeeded in 35 ms",
                "Publish started",
                "Publish succeeded in 120 ms",
                "Deploy started",
                "info OCP5020: HelloExtension 1.0.0 is active",
                "Deploy succeeded in 60 ms",
                "Publish done: 0 error(s), 0 warning(s), 0 ms",
            },
            lines);
    }

    [TestMethod]
    public async Task Plain_lines_have_no_escape_codes_unless_colour_is_asked_for()
    {
        var plain = await Run(static w => new PlainOutput(w), OneClickStep.Verify, Streams.VerifyWithDefinitionError());
        var coloured = await Run(static w => new PlainOutput(w, color: true), OneClickStep.Verify, Streams.VerifyWithDefinitionError());

        Assert.IsFalse(plain.Any(static l => l.Contains('\u001b', StringComparison.Ordinal)));
        StringAssert.StartsWith(coloured[1], "\u001b[31m");
    }

    [TestMethod]
    public async Task Json_prints_one_object_per_event()
    {
        var lines = await Run(static w => new JsonOutput(w), OneClickStep.Verify, Streams.VerifyWithWarning());

        var all = lines.Select(static l => JsonDocument.Parse(l).RootElement).ToList();
        var events = all.Where(static e => e.GetProperty("event").GetString() is not ("stepStarted" or "stepEnded")).ToList();
        CollectionAssert.AreEqual(
            new[] { "runStarted", "stageStarted", "warning", "stageEnded", "runFinished" },
            events.Select(static e => e.GetProperty("event").GetString()).ToArray());

        Assert.AreEqual("Verify", events[1].GetProperty("stage").GetString());
        var warning = events[2];
        Assert.AreEqual("OCP1028", warning.GetProperty("code").GetString());
        Assert.AreEqual("Action 'Describe' has no description", warning.GetProperty("message").GetString());
        Assert.AreEqual("/src/Hello/extension.xml", warning.GetProperty("file").GetString());
        Assert.AreEqual(3, warning.GetProperty("line").GetInt32());
        Assert.AreEqual(2, warning.GetProperty("column").GetInt32());
        Assert.AreEqual("Verify", warning.GetProperty("stage").GetString());
        StringAssert.EndsWith(warning.GetProperty("helpLink").GetString(), "docs/diagnostics/OCP1028.md");
        Assert.AreEqual("succeeded", events[3].GetProperty("status").GetString());
        Assert.AreEqual(1530, events[3].GetProperty("durationMs").GetInt64());
        Assert.AreEqual("succeeded", events[4].GetProperty("result").GetString());
        Assert.AreEqual(0, events[4].GetProperty("exitCode").GetInt32());
        Assert.AreEqual(1, events[4].GetProperty("warnings").GetInt32());
    }

    [TestMethod]
    public async Task Json_has_a_stepEnded_event_for_each_of_Verify_s_three_steps()
    {
        var events = (await Run(static w => new JsonOutput(w), OneClickStep.Verify, Streams.VerifyWithCompilerError()))
            .Select(static l => JsonDocument.Parse(l).RootElement).ToList();

        var steps = events.Where(static e => e.GetProperty("event").GetString() == "stepEnded").ToList();
        CollectionAssert.AreEqual(
            new[] { "VerifyDefinition succeeded", "UpdateSource succeeded", "Compile failed" },
            steps.Select(static e => $"{e.GetProperty("step").GetString()} {e.GetProperty("status").GetString()}").ToArray());
        CollectionAssert.AreEqual(
            new[] { "Verify the Extension Definition", "Update the Extension Source Code", "Compile the Extension" },
            steps.Select(static e => e.GetProperty("title").GetString()).ToArray());
        Assert.IsTrue(steps.All(static e => e.GetProperty("stage").GetString() == "Verify" && e.TryGetProperty("durationMs", out _)));
        Assert.AreEqual(3, events.Count(static e => e.GetProperty("event").GetString() == "stepStarted"));
        var names = events.Select(static e => e.GetProperty("event").GetString()).ToList();
        Assert.IsTrue(names.LastIndexOf("stepEnded") < names.IndexOf("stageEnded"), "under the Verify stage, before its end");
    }

    [TestMethod]
    public async Task Plain_lines_say_when_a_step_was_up_to_date()
    {
        var lines = await Run(static w => new PlainOutput(w), OneClickStep.Publish, Streams.ServerDown());

        CollectionAssert.AreEqual(
            new[] { "Verify started", "  Verify the Extension Definition: up to date", "  Update the Extension Source Code: up to date", "  Compile the Extension: up to date", "Verify succeeded in 1530 ms" },
            lines.Take(5).ToArray());
    }

    [TestMethod]
    public async Task Json_has_progress_and_information_events_and_the_exit_code_of_a_server_failure()
    {
        var chain = (await Run(static w => new JsonOutput(w), OneClickStep.Publish, Streams.WholeChain())).Select(static l => JsonDocument.Parse(l).RootElement).ToList();
        var progress = chain.First(static e => e.GetProperty("event").GetString() == "progress");
        Assert.AreEqual(("Upload", 50, "6 KB of 12 KB"), (progress.GetProperty("stage").GetString(), progress.GetProperty("percent").GetInt32(), progress.GetProperty("detail").GetString()));
        Assert.AreEqual("OCP5020", chain.Single(static e => e.GetProperty("event").GetString() == "information").GetProperty("code").GetString());

        var down = (await Run(static w => new JsonOutput(w), OneClickStep.Publish, Streams.ServerDown())).Select(static l => JsonDocument.Parse(l).RootElement).ToList();
        var finished = down[^1];
        Assert.AreEqual(("serverUnreachable", 2), (finished.GetProperty("result").GetString(), finished.GetProperty("exitCode").GetInt32()));
    }

    [TestMethod]
    public async Task Json_gives_the_details_text_of_catalogued_codes()
    {
        var lines = await Run(static w => new JsonOutput(w), OneClickStep.Verify, new Recording([], new Build.BuildOutcome(-1, "no dotnet", [])));

        var error = lines.Select(static l => JsonDocument.Parse(l).RootElement).Single(static e => e.GetProperty("event").GetString() == "error");
        Assert.AreEqual("OCP7006", error.GetProperty("code").GetString());
        Assert.AreEqual("Build could not start", error.GetProperty("title").GetString());
        StringAssert.Contains(error.GetProperty("details").GetString(), "dotnet");
    }
}
