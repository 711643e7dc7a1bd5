namespace OneClickPublish.Tasks.Tests;

[TestClass]
public sealed class VerifyDefinitionTests
{
    [TestMethod]
    public void Valid_definition_logs_nothing_returns_true_and_writes_name_and_version()
    {
        using var folder = new TaskTestFolder();
        var engine = new BuildEngineMock();
        var task = new VerifyDefinition { BuildEngine = engine.Object, DefinitionFile = folder.DefinitionFile, VerifiedFile = folder.File("obj/verified.txt") };

        Assert.IsTrue(task.Execute(), engine.Log);

        Assert.AreEqual(0, engine.Errors.Count + engine.Warnings.Count, engine.Log);
        Assert.AreEqual("HelloExtension", task.ExtensionName);
        Assert.AreEqual("1.0.0", task.ExtensionVersion);
        Assert.AreEqual("HelloExtension\n1.0.0\n", File.ReadAllText(folder.File("obj/verified.txt")));
    }

    [TestMethod]
    public void Errors_are_logged_with_code_file_line_and_column_and_the_task_returns_false()
    {
        using var folder = new TaskTestFolder();
        folder.EditDefinition("DataType=\"Integer\"", "DataType=\"Integr\"");
        folder.EditDefinition("Version=\"1.0.0\"", "Version=\"1.0\"");
        var engine = new BuildEngineMock();
        var task = new VerifyDefinition { BuildEngine = engine.Object, DefinitionFile = folder.DefinitionFile, VerifiedFile = folder.File("obj/verified.txt") };

        Assert.IsFalse(task.Execute());

        Assert.AreEqual(2, engine.Errors.Count, engine.Log);
        foreach (var error in engine.Errors)
        {
            StringAssert.StartsWith(error.Code, "OCP1");
            Assert.AreEqual(folder.DefinitionFile, error.File);
            Assert.IsTrue(error.LineNumber > 0 && error.ColumnNumber > 0, engine.Log);
            Assert.AreEqual($"docs/diagnostics/{error.Code}.md", error.HelpLink);
        }

        Assert.IsFalse(File.Exists(folder.File("obj/verified.txt")), "an invalid definition is never recorded as verified");
    }

    [TestMethod]
    public void Warnings_alone_keep_the_task_successful()
    {
        using var folder = new TaskTestFolder();
        folder.EditDefinition(" Description=\"Builds a greeting for a person.\"", string.Empty);
        var engine = new BuildEngineMock();

        var result = new VerifyDefinition { BuildEngine = engine.Object, DefinitionFile = folder.DefinitionFile }.Execute();

        Assert.IsTrue(result, engine.Log);
        Assert.AreEqual(0, engine.Errors.Count);
        Assert.IsTrue(engine.Warnings.Count > 0 && engine.Warnings.All(w => w.Code.StartsWith("OCP1", StringComparison.Ordinal) && w.LineNumber > 0), engine.Log);
    }

    [TestMethod]
    public void Missing_definition_is_one_coded_error_not_an_exception()
    {
        var engine = new BuildEngineMock();

        var result = new VerifyDefinition { BuildEngine = engine.Object, DefinitionFile = "/nowhere/extension.xml" }.Execute();

        Assert.IsFalse(result);
        var error = engine.Errors.Single();
        StringAssert.StartsWith(error.Code, "OCP1");
        Assert.IsFalse(error.Message!.Contains("   at ", StringComparison.Ordinal), "no stack trace for a user mistake");
    }
}
