using OneClickPublish.Tool.Build;

namespace OneClickPublish.Tool.Tests;

/// <summary>
/// A build runner that replays recorded event streams (the JSON lines EventStreamLogger writes),
/// one per build, in order, and remembers what it was asked to build.
/// </summary>
internal sealed class RecordedBuildRunner(params Recording[] recordings) : IBuildRunner
{
    private readonly Queue<Recording> _recordings = new(recordings);

    public List<BuildRequest> Requests { get; } = [];

    public Task<BuildOutcome> RunAsync(BuildRequest request, Action<BuildEvent> onEvent, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        if (!_recordings.TryDequeue(out var recording))
        {
            throw new AssertFailedException($"No recording left for build #{Requests.Count} ({request.Target}).");
        }

        foreach (var line in recording.Lines)
        {
            if (BuildEventReader.Parse(line) is { } e)
            {
                onEvent(e);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(recording.Outcome);
    }
}

/// <summary>One recorded build: the logger's lines and how the process ended.</summary>
internal sealed record Recording(IReadOnlyList<string> Lines, BuildOutcome Outcome)
{
    public static Recording Of(int exitCode, params string[] lines) => new(lines, new BuildOutcome(exitCode, null, []));
}

/// <summary>Event streams recorded from builds of the sample, trimmed to what matters.</summary>
internal static class Streams
{
    public const string Time = "2026-11-24T01:00:00.0000000Z";

    public static string Message(string code, string text) =>
        $$"""{"type":"message","importance":"high","code":"{{code}}","message":"{{text}}","time":"{{Time}}"}""";

    public static string Error(string code, string text, string file = "/src/Hello/extension.xml", int line = 12, int column = 5) =>
        $$"""{"type":"error","code":"{{code}}","message":"{{text}}","file":"{{file}}","line":{{line}},"column":{{column}},"time":"{{Time}}"}""";

    public static string Warning(string code, string text, string file = "/src/Hello/extension.xml", int line = 3, int column = 2) =>
        $$"""{"type":"warning","code":"{{code}}","message":"{{text}}","file":"{{file}}","line":{{line}},"column":{{column}},"time":"{{Time}}"}""";

    public static string TargetStarted(string target) =>
        $$"""{"type":"targetStarted","target":"{{target}}","time":"{{Time}}"}""";

    public static string TargetFinished(string target, bool succeeded = true) =>
        $$"""{"type":"targetFinished","target":"{{target}}","succeeded":{{(succeeded ? "true" : "false")}},"time":"{{Time}}"}""";

    public static string TargetSkipped(string target, string reason = "outputsUpToDate") =>
        $$"""{"type":"targetSkipped","target":"{{target}}","reason":"{{reason}}","time":"{{Time}}"}""";

    public const string VerifyDefinitionTarget = "OneClickPublishVerifyDefinition";
    public const string UpdateSourceTarget = "OneClickPublishUpdateSource";
    public const string CompileTarget = "CoreCompile";
    public const string CheckTarget = "OneClickPublishCheckCompiledAssembly";

    /// <summary>A target that ran, as the logger streams it.</summary>
    public static string[] Ran(string target) => [TargetStarted(target), TargetFinished(target)];

    /// <summary>A target skipped because its outputs were up to date: it still starts and finishes.</summary>
    public static string[] UpToDate(string target) => [TargetStarted(target), TargetSkipped(target), TargetFinished(target)];

    /// <summary>Verify's three steps, each of which ran.</summary>
    public static string[] StepsRan() => [.. Ran(VerifyDefinitionTarget), .. Ran(UpdateSourceTarget), .. Ran(CompileTarget), .. Ran(CheckTarget)];

    /// <summary>Verify's three steps in a build where nothing changed.</summary>
    public static string[] StepsUpToDate() => [.. UpToDate(VerifyDefinitionTarget), .. UpToDate(UpdateSourceTarget), .. UpToDate(CompileTarget), .. UpToDate(CheckTarget)];

    public static string Finished(bool succeeded) =>
        $$"""{"type":"buildFinished","succeeded":{{(succeeded ? "true" : "false")}},"time":"{{Time}}"}""";

    /// <summary>Verify with a duplicated action name: the definition step fails, the chain stops.</summary>
    public static Recording VerifyWithDefinitionError() => Recording.Of(1,
        Message("OCP0001", "Verify started"),
        TargetStarted(VerifyDefinitionTarget),
        Error("OCP1022", "Action 'SayHello' is declared twice (names are compared without case)"),
        TargetFinished(VerifyDefinitionTarget, succeeded: false),
        Message("OCP0003", "Verify failed after 240 ms"),
        Finished(false));

    /// <summary>A compiler error: CoreCompile stops the build before the Verify task can say Verify failed.</summary>
    public static Recording VerifyWithCompilerError() => Recording.Of(1,
        [
            Message("OCP0001", "Verify started"),
            .. Ran(VerifyDefinitionTarget),
            .. Ran(UpdateSourceTarget),
            TargetStarted(CompileTarget),
            Error("CS0103", "The name 'greeting' does not exist in the current context", "/src/Hello/HelloExtensionActions.cs", 14, 20),
            TargetFinished(CompileTarget, succeeded: false),
            Finished(false),
        ]);

    /// <summary>A clean verify with one warning.</summary>
    public static Recording VerifyWithWarning() => Recording.Of(0,
        [
            Message("OCP0001", "Verify started"),
            TargetStarted(VerifyDefinitionTarget),
            Warning("OCP1028", "Action 'Describe' has no description"),
            TargetFinished(VerifyDefinitionTarget),
            .. Ran(UpdateSourceTarget),
            .. Ran(CompileTarget),
            .. Ran(CheckTarget),
            Message("OCP0002", "Verify succeeded in 1530 ms"),
            Finished(true),
        ]);

    /// <summary>The whole chain to a server, with progress and the server's information relayed.</summary>
    public static Recording WholeChain() => Recording.Of(0,
        [
            Message("OCP0001", "Verify started"),
            .. StepsRan(),
            Message("OCP0002", "Verify succeeded in 1530 ms"),
            Message("OCP0001", "Save started"),
            Message("OCP0002", "Save succeeded in 80 ms: /src/Hello/bin/Debug/net10.0/HelloExtension.1.0.0.xif"),
            Message("OCP0001", "Upload started"),
            Message("OCP0004", "Upload: 50% (6 KB of 12 KB)"),
            Message("OCP0004", "Upload: 100% (12 KB of 12 KB)"),
            Message("OCP0002", "Upload succeeded in 35 ms"),
            Message("OCP0001", "Publish started"),
            Message("OCP0002", "Publish succeeded in 120 ms"),
            Message("OCP0001", "Deploy started"),
            Message("OCP5020", "HelloExtension 1.0.0 is active"),
            Message("OCP0002", "Deploy succeeded in 60 ms"),
            Finished(true),
        ]);

    /// <summary>Verify (up to date) and Save pass, Upload cannot reach the server.</summary>
    public static Recording ServerDown() => Recording.Of(1,
        [
            Message("OCP0001", "Verify started"),
            .. StepsUpToDate(),
            Message("OCP0002", "Verify succeeded in 1530 ms"),
            Message("OCP0001", "Save started"),
            Message("OCP0002", "Save succeeded in 80 ms"),
            Message("OCP0001", "Upload started"),
            """{"type":"error","code":"OCP5006","message":"Cannot reach the Platform Server at http://127.0.0.1:9/","time":"2026-11-24T01:00:00.0000000Z"}""",
            Message("OCP0003", "Upload failed after 3.0 s"),
            Finished(false),
        ]);
}

/// <summary>A clock that stands still unless moved, so durations the tool measures are known.</summary>
internal sealed class FixedClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.Parse(Streams.Time, global::System.Globalization.CultureInfo.InvariantCulture);

    public override DateTimeOffset GetUtcNow() => Now;
}
