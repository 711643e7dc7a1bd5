namespace OneClickPublish.Tasks.Tests;

[TestClass]
public sealed class UpdateSourceTaskTests
{
    [TestMethod]
    public void Generates_code_returns_its_files_and_touches_the_stamp()
    {
        using var folder = new TaskTestFolder();
        var engine = new BuildEngineMock();
        var task = new UpdateSource
        {
            BuildEngine = engine.Object,
            DefinitionFile = folder.DefinitionFile,
            GeneratedDirectory = folder.File("obj/generated"),
            BackupDirectory = folder.File(".oneclick/backups"),
            StampFile = folder.File("obj/source.stamp"),
        };

        Assert.IsTrue(task.Execute(), engine.Log);

        Assert.IsTrue(task.GeneratedFiles.Length > 0);
        Assert.IsTrue(task.GeneratedFiles.All(f => File.Exists(f.ItemSpec)));
        // The stamp names the implementation file, so the targets can compile a stub written in this build.
        Assert.AreEqual(folder.File("HelloExtensionActions.cs"), File.ReadAllText(folder.File("obj/source.stamp")).Trim());
        Assert.AreEqual(0, engine.Errors.Count, engine.Log);
    }

    [TestMethod]
    public void Generate_only_never_touches_the_implementation_file()
    {
        using var folder = new TaskTestFolder();
        folder.EditDefinition("<Actions>", "<Actions><Action Name=\"Wave\" Description=\"Waves.\" />");
        var implementation = folder.File("HelloExtensionActions.cs");
        var before = File.ReadAllText(implementation);
        var engine = new BuildEngineMock();

        var result = new UpdateSource
        {
            BuildEngine = engine.Object,
            DefinitionFile = folder.DefinitionFile,
            GeneratedDirectory = folder.File("obj/generated"),
            BackupDirectory = folder.File(".oneclick/backups"),
            GenerateCodeOnly = true,
        }.Execute();

        Assert.IsTrue(result, engine.Log);
        Assert.AreEqual(before, File.ReadAllText(implementation));
        Assert.IsFalse(Directory.Exists(folder.File(".oneclick/backups")));
    }

    [TestMethod]
    public void Broken_definition_fails_with_coded_errors_and_writes_nothing()
    {
        using var folder = new TaskTestFolder();
        folder.EditDefinition("</Actions>", "</Action>");
        var engine = new BuildEngineMock();

        var result = new UpdateSource
        {
            BuildEngine = engine.Object,
            DefinitionFile = folder.DefinitionFile,
            GeneratedDirectory = folder.File("obj/generated"),
            BackupDirectory = folder.File(".oneclick/backups"),
            StampFile = folder.File("obj/source.stamp"),
        }.Execute();

        Assert.IsFalse(result);
        Assert.IsTrue(engine.Errors.Count > 0 && engine.Errors.All(e => e.Code.StartsWith("OCP", StringComparison.Ordinal) && e.LineNumber > 0), engine.Log);
        Assert.IsFalse(Directory.Exists(folder.File("obj/generated")));
        Assert.IsFalse(File.Exists(folder.File("obj/source.stamp")));
    }
}
