using OneClickPublish.Pipeline;
using OneClickPublish.Tool.Build;
using OneClickPublish.Tool.Operation;

namespace OneClickPublish.Tool.Tests;

/// <summary>
/// One real <c>dotnet build</c> through <see cref="DotnetBuildRunner"/>: the logger loads in MSBuild
/// from the tool's folder and streams what the project's targets log. The project stands in for
/// the pipeline's targets (it logs coded lines as the tasks do), so this checks the tool's side only.
/// </summary>
[TestClass]
[TestCategory("Integration")]
public sealed class RealBuildTests
{
    private sealed class Collect : IOperationSink
    {
        public List<OperationEvent> Events { get; } = [];

        public void Report(OperationEvent operationEvent)
        {
            lock (Events)
            {
                Events.Add(operationEvent);
            }
        }
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task A_real_build_writes_the_binary_log_asked_for_and_runs_at_the_verbosity_asked_for()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"oneclick-real-build-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var project = Path.Combine(folder, "FakeExtension.csproj");
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Assets", "FakeExtension", "FakeExtension.csproj"), project);
            var binaryLog = Path.Combine(folder, "logs", "verify.binlog");
            var settings = new SessionSettings(project) { Verbosity = "diagnostic", BinaryLog = binaryLog };
            var session = new OneClickSession(new DotnetBuildRunner(), settings, TimeProvider.System);
            var sink = new Collect();

            var result = await session.RunAsync(OneClickStep.Verify, sink, CancellationToken.None);

            Assert.AreEqual(RunResult.Succeeded, result, string.Join(Environment.NewLine, sink.Events));
            Assert.IsTrue(File.Exists(binaryLog) && new FileInfo(binaryLog).Length > 0, "the build wrote its binary log where asked");
            // The logger in the build streams low-importance messages only at diagnostic verbosity:
            // this line is there because -verbosity:diagnostic reached the child build.
            Assert.IsTrue(sink.Events.OfType<DiagnosticReported>().Any(static d => d.Code is null && d.Message == "A low-importance message of the build"), string.Join(Environment.NewLine, sink.Events));

            await session.RunAsync(OneClickStep.Verify, new Collect(), CancellationToken.None);
            Assert.IsTrue(File.Exists(Path.Combine(folder, "logs", "verify-2.binlog")), "the second build of the run writes beside the first");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task A_real_build_streams_stage_lines_diagnostics_and_the_key_through_the_environment()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"oneclick-real-build-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var project = Path.Combine(folder, "FakeExtension.csproj");
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Assets", "FakeExtension", "FakeExtension.csproj"), project);
            var settings = new SessionSettings(project)
            {
                Server = (_, _) => Task.FromResult(new ServerEndpoint(new Uri("http://127.0.0.1:1/"), "key-from-env")),
                Properties = new Dictionary<string, string> { ["Fail"] = "false" },
            };
            var session = new OneClickSession(new DotnetBuildRunner(), settings, TimeProvider.System);
            var sink = new Collect();

            var result = await session.RunAsync(OneClickStep.Publish, sink, CancellationToken.None);

            Assert.AreEqual(RunResult.Succeeded, result, string.Join(Environment.NewLine, sink.Events));
            CollectionAssert.AreEqual(new[] { Stage.Verify, Stage.Upload }, sink.Events.OfType<StageStarted>().Select(static s => s.Stage).ToArray());
            Assert.AreEqual(50, sink.Events.OfType<StageProgress>().Single().Percent);
            var warning = sink.Events.OfType<DiagnosticReported>().Single(static d => d.Code == "OCP1028");
            Assert.AreEqual("extension.xml", warning.Location.File);
            var information = sink.Events.OfType<DiagnosticReported>().Single(static d => d.Code == "OCP5020");
            Assert.AreEqual("Server: http://127.0.0.1:1 key: key-from-env", information.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
