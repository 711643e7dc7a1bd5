using Microsoft.Build.Framework;
using Moq;
using OneClickPublish.Tasks.Logging;
using OneClickPublish.Tool.Build;

namespace OneClickPublish.Tool.Tests;

[TestClass]
public sealed class EventStreamLoggerTests
{
    private string _file = null!;
    private Mock<IEventSource> _source = null!;
    private EventStreamLogger _logger = null!;

    [TestInitialize]
    public void Start()
    {
        _file = Path.Combine(Path.GetTempPath(), $"oneclick-logger-test-{Guid.NewGuid():N}", "events.jsonl");
        _source = new Mock<IEventSource>();
        _logger = new EventStreamLogger { Parameters = $"LogFile={_file}" };
        _logger.Initialize(_source.Object, nodeCount: 2);
    }

    [TestCleanup]
    public void Stop()
    {
        _logger.Shutdown();
        Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);
    }

    private List<BuildEvent> Read()
    {
        // The tool reads while the build still writes: the file must be shared for reading.
        using var stream = new FileStream(_file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var events = new List<BuildEvent>();
        while (reader.ReadLine() is { } line)
        {
            events.Add(BuildEventReader.Parse(line) ?? throw new AssertFailedException($"Not an event: {line}"));
        }

        return events;
    }

    [TestMethod]
    public void An_error_is_written_with_its_code_file_line_and_column_while_the_build_runs()
    {
        _source.Raise(s => s.ErrorRaised += null, new BuildErrorEventArgs(
            null, "OCP1022", "/src/Hello/extension.xml", 12, 5, 12, 30, "Action 'SayHello' is declared twice", "docs/diagnostics/OCP1022.md", "OneClickPublish"));

        var e = Read().Single();
        Assert.AreEqual(BuildEventType.Error, e.Type);
        Assert.AreEqual("OCP1022", e.Code);
        Assert.AreEqual("Action 'SayHello' is declared twice", e.Message);
        Assert.AreEqual("/src/Hello/extension.xml", e.File);
        Assert.AreEqual(12, e.Line);
        Assert.AreEqual(5, e.Column);
        Assert.AreEqual("docs/diagnostics/OCP1022.md", e.HelpKeyword);
        Assert.IsNotNull(e.Time);
    }

    [TestMethod]
    public void Compiler_errors_and_warnings_are_written_like_every_other()
    {
        _source.Raise(s => s.ErrorRaised += null, new BuildErrorEventArgs(
            "", "CS0103", "/src/Hello/HelloExtensionActions.cs", 14, 20, 0, 0, "The name 'greeting' does not exist in the current context", null, "Csc"));
        _source.Raise(s => s.WarningRaised += null, new BuildWarningEventArgs(
            null, "OCP1028", "/src/Hello/extension.xml", 3, 2, 0, 0, "Action 'Describe' has no description", null, "VerifyDefinition"));

        var events = Read();
        Assert.AreEqual(2, events.Count);
        Assert.AreEqual((BuildEventType.Error, "CS0103", 14, 20), (events[0].Type, events[0].Code, events[0].Line, events[0].Column));
        Assert.AreEqual((BuildEventType.Warning, "OCP1028", "/src/Hello/extension.xml"), (events[1].Type, events[1].Code, events[1].File));
    }

    [TestMethod]
    public void Messages_are_written_only_when_coded_or_of_high_importance()
    {
        _source.Raise(s => s.MessageRaised += null, new BuildMessageEventArgs(
            null, "OCP0001", null, 0, 0, 0, 0, "Verify started", null, "VerifyDefinition", MessageImportance.Low));
        _source.Raise(s => s.MessageRaised += null, new BuildMessageEventArgs("Copying file from obj to bin", null, "Copy", MessageImportance.Normal));
        _source.Raise(s => s.MessageRaised += null, new BuildMessageEventArgs("HelloExtension -> /src/Hello/bin/HelloExtension.dll", null, "Message", MessageImportance.High));

        var events = Read();
        Assert.AreEqual(2, events.Count);
        Assert.AreEqual(("OCP0001", "Verify started", "low"), (events[0].Code, events[0].Message, events[0].Importance));
        Assert.AreEqual((null, "high"), (events[1].Code, events[1].Importance));
    }

    [TestMethod]
    public void Only_the_pipelines_targets_the_compile_and_the_end_of_the_build_are_written()
    {
        _source.Raise(s => s.TargetStarted += null, new TargetStartedEventArgs("", null, "ResolveAssemblyReferences", "/src/Hello/Hello.csproj", "/sdk/Microsoft.Common.targets"));
        _source.Raise(s => s.TargetStarted += null, new TargetStartedEventArgs("", null, "OneClickVerify", "/src/Hello/Hello.csproj", "/pkg/OneClickPublish.targets"));
        _source.Raise(s => s.TargetStarted += null, new TargetStartedEventArgs("", null, "CoreCompile", "/src/Hello/Hello.csproj", "/sdk/Microsoft.CSharp.targets"));
        _source.Raise(s => s.TargetFinished += null, new TargetFinishedEventArgs("", null, "CoreCompile", "/src/Hello/Hello.csproj", "/sdk/Microsoft.CSharp.targets", succeeded: false));
        _source.Raise(s => s.TargetFinished += null, new TargetFinishedEventArgs("", null, "OneClickVerify", "/src/Hello/Hello.csproj", "/pkg/OneClickPublish.targets", succeeded: false));
        _source.Raise(s => s.BuildFinished += null, new BuildFinishedEventArgs("Build FAILED.", null, succeeded: false));

        var events = Read();
        CollectionAssert.AreEqual(
            new[] { BuildEventType.TargetStarted, BuildEventType.TargetStarted, BuildEventType.TargetFinished, BuildEventType.TargetFinished, BuildEventType.BuildFinished },
            events.Select(static e => e.Type).ToArray());
        CollectionAssert.AreEqual(new[] { "OneClickVerify", "CoreCompile", "CoreCompile", "OneClickVerify", null }, events.Select(static e => e.Target).ToArray());
        Assert.IsFalse(events[2].Succeeded);
        Assert.IsFalse(events[4].Succeeded);
    }

    [TestMethod]
    public void A_streamed_target_skipped_as_up_to_date_is_written_with_the_reason()
    {
        _source.Raise(s => s.MessageRaised += null, new TargetSkippedEventArgs(message: null)
        {
            TargetName = "OneClickPublishUpdateSource",
            SkipReason = TargetSkipReason.OutputsUpToDate,
            ProjectFile = "/src/Hello/Hello.csproj",
        });
        _source.Raise(s => s.MessageRaised += null, new TargetSkippedEventArgs(message: null)
        {
            TargetName = "GenerateAssemblyInfo",
            SkipReason = TargetSkipReason.OutputsUpToDate,
        });

        var skipped = Read().Single();
        Assert.AreEqual((BuildEventType.TargetSkipped, "OneClickPublishUpdateSource", "outputsUpToDate"), (skipped.Type, skipped.Target, skipped.Reason));
    }

    [TestMethod]
    public void Text_that_needs_escaping_survives_the_round_trip()
    {
        const string message = "Path \"C:\\x\" › Action ChargeCard\nsecond line";
        _source.Raise(s => s.ErrorRaised += null, new BuildErrorEventArgs(null, "OCP1001", "a b.xml", 1, 1, 0, 0, message, null, null));

        Assert.AreEqual(message, Read().Single().Message);
    }

    [TestMethod]
    [DataRow("LogFile=/tmp/x.jsonl", "/tmp/x.jsonl")]
    [DataRow("/tmp/x.jsonl", "/tmp/x.jsonl")]
    [DataRow("Verbose;logfile=\"/tmp/a b.jsonl\"", "/tmp/a b.jsonl")]
    public void The_file_is_taken_from_the_parameters(string parameters, string expected) =>
        Assert.AreEqual(expected, EventStreamLogger.ParseLogFile(parameters));

    [TestMethod]
    public void Without_a_file_the_logger_refuses_to_start()
    {
        var logger = new EventStreamLogger();
        Assert.ThrowsExactly<LoggerException>(() => logger.Initialize(new Mock<IEventSource>().Object));
    }
}
