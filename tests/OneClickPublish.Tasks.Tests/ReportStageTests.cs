namespace OneClickPublish.Tasks.Tests;

[TestClass]
public sealed class ReportStageTests
{
    [TestMethod]
    public void Started_then_succeeded_logs_two_coded_stage_lines_with_a_duration()
    {
        var engine = new BuildEngineMock();

        Assert.IsTrue(new ReportStage { BuildEngine = engine.Object, Stage = "Save", Status = "Started" }.Execute());
        Assert.IsTrue(new ReportStage { BuildEngine = engine.Object, Stage = "Save", Status = "Succeeded", Detail = "/out/Hello.1.0.0.xif" }.Execute());

        Assert.AreEqual(2, engine.Messages.Count, engine.Log);
        Assert.AreEqual("OCP0001", engine.Messages[0].Code);
        Assert.AreEqual("Save started", engine.Messages[0].Message);
        Assert.AreEqual("OCP0002", engine.Messages[1].Code);
        StringAssert.Matches(engine.Messages[1].Message, new System.Text.RegularExpressions.Regex(@"^Save succeeded in \d+ ms: /out/Hello\.1\.0\.0\.xif$"));
        Assert.AreEqual(0, engine.Errors.Count);
    }

    [TestMethod]
    public void Failed_is_an_information_line_not_an_error()
    {
        var engine = new BuildEngineMock();
        new ReportStage { BuildEngine = engine.Object, Stage = "Verify", Status = "Started" }.Execute();

        var result = new ReportStage { BuildEngine = engine.Object, Stage = "Verify", Status = "Failed" }.Execute();

        // The errors that failed the stage were logged by the step that found them; this line only closes the stage.
        Assert.IsTrue(result);
        Assert.AreEqual("OCP0003", engine.Messages[^1].Code);
        StringAssert.StartsWith(engine.Messages[^1].Message, "Verify failed after ");
    }

    [TestMethod]
    public void Failed_for_a_stage_that_never_started_logs_nothing()
    {
        var engine = new BuildEngineMock();

        var result = new ReportStage { BuildEngine = engine.Object, Stage = "Save", Status = "Failed" }.Execute();

        Assert.IsTrue(result);
        Assert.AreEqual(0, engine.Messages.Count, engine.Log);
    }

    [TestMethod]
    public void Unknown_stage_is_a_coded_error_and_the_task_returns_false()
    {
        var engine = new BuildEngineMock();

        var result = new ReportStage { BuildEngine = engine.Object, Stage = "Compile", Status = "Started" }.Execute();

        Assert.IsFalse(result);
        Assert.AreEqual("OCP0102", engine.Errors.Single().Code);
    }
}
