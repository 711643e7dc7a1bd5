using System.Text;
using OneClickPublish.CodeGeneration;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using static OneClickPublish.Core.Tests.CodeGeneration.TestDefinitions;

namespace OneClickPublish.Core.Tests.CodeGeneration;

[TestClass]
public sealed class SourceUpdaterTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);
    private static readonly DateTime LongAgo = new(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private string _root = null!;

    private string GeneratedDirectory => Path.Combine(_root, "obj", "OneClickPublish");

    private string ImplementationFile => Path.Combine(_root, "HelloExtensionActions.cs");

    private string BackupDirectory => Path.Combine(_root, "obj", "OneClickPublish", "backup");

    [TestInitialize]
    public void CreateProjectFolder()
    {
        _root = Path.Combine(Path.GetTempPath(), "ocp-source-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
    }

    [TestCleanup]
    public void DeleteProjectFolder() => Directory.Delete(_root, recursive: true);

    private SourceUpdateOptions Options(bool merge = true, DateTimeOffset? now = null) => new()
    {
        GeneratedDirectory = GeneratedDirectory,
        ImplementationFile = ImplementationFile,
        BackupDirectory = BackupDirectory,
        MergeImplementation = merge,
        Clock = new FixedClock(now ?? Now),
    };

    private (SourceUpdateResult Result, DiagnosticBag Diagnostics) Run(ExtensionDefinition definition, bool merge = true, DateTimeOffset? now = null)
    {
        var diagnostics = new DiagnosticBag();
        return (SourceUpdater.Update(definition, Options(merge, now), diagnostics), diagnostics);
    }

    [TestMethod]
    public void A_first_run_writes_the_generated_files_and_creates_the_implementation()
    {
        var (result, diagnostics) = Run(Hello());

        Assert.AreEqual(4, result.GeneratedFiles.Count);
        foreach (var file in result.GeneratedFiles)
        {
            Assert.IsTrue(File.Exists(file), file);
            Assert.AreEqual(GeneratedDirectory, Path.GetDirectoryName(file));
        }

        CollectionAssert.AreEquivalent(result.GeneratedFiles.Append(ImplementationFile).ToList(), result.FilesWritten.ToList());
        Assert.IsTrue(result.ImplementationChanged);
        Assert.IsNull(result.ImplementationBackupPath, "there was nothing to back up");
        var created = diagnostics.Single();
        Assert.AreEqual("OCP2012", created.Code, "a new file is said to be created, not updated");
        StringAssert.Contains(created.Message, "HelloExtensionActions");
        RoslynCompiler.AssertCompiles(Hello(), File.ReadAllText(ImplementationFile));
        Assert.IsFalse(Directory.EnumerateFiles(_root, "*.tmp", SearchOption.AllDirectories).Any(), "no temporary file is left behind");
    }

    [TestMethod]
    public void A_run_with_nothing_changed_writes_nothing_and_keeps_every_timestamp()
    {
        Run(Hello());
        var files = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).ToList();
        foreach (var file in files)
        {
            File.SetLastWriteTimeUtc(file, LongAgo);
        }

        var (result, diagnostics) = Run(Hello());

        Assert.AreEqual(0, result.FilesWritten.Count);
        Assert.IsFalse(result.ImplementationChanged);
        Assert.AreEqual(0, diagnostics.Count);
        Assert.AreEqual(4, result.GeneratedFiles.Count, "unchanged files are still Compile items");
        CollectionAssert.AreEquivalent(files, Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).ToList());
        foreach (var file in files)
        {
            Assert.AreEqual(LongAgo, File.GetLastWriteTimeUtc(file), file);
        }
    }

    [TestMethod]
    public void Only_the_generated_files_whose_content_changes_are_rewritten()
    {
        Run(Hello());
        var changed = Hello();
        changed.Structures[0].Attributes[0].Description = "The full name.";

        var (result, _) = Run(changed);

        CollectionAssert.AreEqual(new[] { Path.Combine(GeneratedDirectory, CodeGenerator.StructuresFileName) }, result.FilesWritten.ToList());
    }

    [TestMethod]
    public void A_new_action_updates_the_implementation_after_a_timestamped_backup()
    {
        Run(Hello());
        var original = File.ReadAllText(ImplementationFile).Replace(
            "throw new global::System.NotImplementedException();", "greeting = \"hi\"; // mine", StringComparison.Ordinal);
        original = original.Replace("out string text)\n    {\n        greeting = \"hi\"; // mine", "out string text)\n    {\n        text = \"x\";", StringComparison.Ordinal);
        File.WriteAllText(ImplementationFile, original);
        var definition = Hello();
        definition.Actions.Add(Action("Farewell", "act-farewell", null));

        var (result, diagnostics) = Run(definition);

        var backup = Path.Combine(BackupDirectory, "HelloExtensionActions.cs.20260314-150926.bak");
        Assert.AreEqual(backup, result.ImplementationBackupPath);
        Assert.AreEqual(original, File.ReadAllText(backup));
        Assert.IsTrue(result.ImplementationChanged);
        var updated = File.ReadAllText(ImplementationFile);
        StringAssert.Contains(updated, "greeting = \"hi\"; // mine");
        StringAssert.Contains(updated, "public void Farewell()");
        var info = diagnostics.Single();
        Assert.AreEqual(DiagnosticSeverity.Information, info.Severity);
        StringAssert.Contains(info.Message, "stub for the new action Farewell");
        StringAssert.Contains(info.Message, backup);
        RoslynCompiler.AssertCompiles(definition, updated);
    }

    [TestMethod]
    public void Backups_made_in_the_same_second_never_overwrite_each_other()
    {
        Run(Hello());
        var definition = Hello();
        var contents = new List<string>();
        var backups = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            contents.Add(File.ReadAllText(ImplementationFile));
            definition.Actions.Add(Action("Extra" + i, null, null));
            backups.Add(Run(definition).Result.ImplementationBackupPath!);
        }

        CollectionAssert.AreEqual(
            new[] { "HelloExtensionActions.cs.20260314-150926.bak", "HelloExtensionActions.cs.20260314-150926-2.bak", "HelloExtensionActions.cs.20260314-150926-3.bak" },
            backups.Select(Path.GetFileName).ToArray());
        for (var i = 0; i < 3; i++)
        {
            Assert.AreEqual(contents[i], File.ReadAllText(backups[i]));
        }
    }

    [TestMethod]
    public void A_hand_edited_generated_file_is_backed_up_with_a_warning_and_regenerated()
    {
        var (first, _) = Run(Hello());
        var interfaceFile = first.GeneratedFiles[0];
        var edited = File.ReadAllText(interfaceFile).Replace("void Describe(", "void DescribeMine(", StringComparison.Ordinal);
        File.WriteAllText(interfaceFile, edited);

        var (result, diagnostics) = Run(Hello());

        var warning = diagnostics.Single();
        Assert.AreEqual("OCP2001", warning.Code);
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        var backup = result.Backups.Single();
        StringAssert.Contains(warning.Message, backup);
        Assert.AreEqual(edited, File.ReadAllText(backup));
        Assert.AreEqual(CodeGenerator.Generate(Hello())[0].Content, File.ReadAllText(interfaceFile));
        CollectionAssert.AreEqual(new[] { interfaceFile }, result.FilesWritten.ToList());
    }

    [TestMethod]
    public void A_generated_file_from_an_older_definition_is_rewritten_without_a_warning()
    {
        Run(Hello());
        var definition = Hello();
        definition.Actions[0].Description = "Says hello.";

        var (result, diagnostics) = Run(definition);

        Assert.AreEqual(0, diagnostics.Count);
        Assert.AreEqual(0, result.Backups.Count);
    }

    [TestMethod]
    public void An_implementation_with_syntax_errors_is_a_warning_and_stays_untouched()
    {
        Run(Hello());
        var broken = File.ReadAllText(ImplementationFile).Replace("public void Describe(", "public void Describe(,", StringComparison.Ordinal);
        File.WriteAllText(ImplementationFile, broken);
        File.SetLastWriteTimeUtc(ImplementationFile, LongAgo);
        var definition = Hello();
        definition.Actions.Add(Action("Farewell", "act-farewell", null));

        var (result, diagnostics) = Run(definition);

        // A warning: the compiler, which runs next, reports the syntax error itself as an error.
        var error = diagnostics.Single(static d => d.Code == "OCP2002");
        Assert.AreEqual(DiagnosticSeverity.Warning, error.Severity);
        Assert.AreEqual(ImplementationFile, error.Location.File);
        Assert.IsTrue(error.Location.Line > 0 && error.Location.Column > 0);
        Assert.AreEqual(broken, File.ReadAllText(ImplementationFile));
        Assert.AreEqual(LongAgo, File.GetLastWriteTimeUtc(ImplementationFile));
        Assert.IsFalse(result.ImplementationChanged);
        Assert.IsFalse(Directory.Exists(BackupDirectory));
    }

    [TestMethod]
    public void With_merging_off_drift_is_a_warning_and_the_implementation_stays_untouched()
    {
        Run(Hello());
        var before = File.ReadAllBytes(ImplementationFile);
        var definition = Hello();
        definition.Actions[0].Parameters[1].DataType = DataType.LongInteger;

        var (result, diagnostics) = Run(definition, merge: false);

        var warning = diagnostics.Single();
        Assert.AreEqual("OCP2004", warning.Code);
        StringAssert.Contains(warning.Message, "parameters of SayHello changed from (string personName, int times, out string greeting) to (string personName, long times, out string greeting)");
        CollectionAssert.AreEqual(before, File.ReadAllBytes(ImplementationFile));
        Assert.IsFalse(result.ImplementationChanged);
        Assert.AreEqual(1, result.ImplementationChanges.Count);
        Assert.AreEqual(1, result.FilesWritten.Count, "generated code still follows the definition");
    }

    [TestMethod]
    public void With_merging_off_a_missing_implementation_is_reported_not_created()
    {
        var (_, diagnostics) = Run(Hello(), merge: false);

        Assert.AreEqual("OCP2004", diagnostics.Single().Code);
        Assert.IsFalse(File.Exists(ImplementationFile));
    }

    [TestMethod]
    public void A_removed_action_is_a_warning_at_its_method_and_the_method_stays()
    {
        Run(Hello());
        var definition = Hello();
        definition.Actions.RemoveAt(1);

        var (result, diagnostics) = Run(definition);

        var warning = diagnostics.Single();
        Assert.AreEqual("OCP2008", warning.Code);
        Assert.AreEqual(ImplementationFile, warning.Location.File);
        Assert.IsTrue(warning.Location.Line > 0);
        StringAssert.Contains(File.ReadAllText(ImplementationFile), "public void Describe(");
        Assert.IsFalse(result.ImplementationChanged);
    }

    [TestMethod]
    public void A_missing_entry_class_is_an_error()
    {
        File.WriteAllText(ImplementationFile, "namespace HelloExtension;\n\npublic class Something { }\n");

        var (_, diagnostics) = Run(Hello());

        Assert.AreEqual("OCP2005", diagnostics.Single().Code);
        Assert.AreEqual("namespace HelloExtension;\n\npublic class Something { }\n", File.ReadAllText(ImplementationFile));
    }

    [TestMethod]
    public void A_byte_order_mark_is_kept()
    {
        Run(Hello());
        var text = File.ReadAllText(ImplementationFile);
        File.WriteAllText(ImplementationFile, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var definition = Hello();
        definition.Actions.Add(Action("Farewell", "act-farewell", null));

        Run(definition);

        var bytes = File.ReadAllBytes(ImplementationFile);
        CollectionAssert.AreEqual(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3).ToArray());
        Assert.AreNotEqual(0xEF, bytes[3]);
    }

    [TestMethod]
    public void A_backup_that_cannot_be_made_is_an_error_and_the_file_is_not_changed()
    {
        Run(Hello());
        var before = File.ReadAllText(ImplementationFile);
        File.WriteAllText(BackupDirectory, "a file where the backup folder should be");
        var definition = Hello();
        definition.Actions.Add(Action("Farewell", "act-farewell", null));

        var (result, diagnostics) = Run(definition);

        Assert.AreEqual("OCP2007", diagnostics.Single().Code);
        Assert.AreEqual(before, File.ReadAllText(ImplementationFile));
        Assert.IsFalse(result.ImplementationChanged);
    }

    [TestMethod]
    public void A_generated_file_that_cannot_be_written_is_an_error()
    {
        Directory.CreateDirectory(GeneratedDirectory);
        Directory.CreateDirectory(Path.Combine(GeneratedDirectory, CodeGenerator.InterfaceFileName));

        var (result, diagnostics) = Run(Hello());

        Assert.IsTrue(diagnostics.Any(static d => d.Code is "OCP2006" or "OCP2009"), string.Join("\n", diagnostics));
        Assert.IsTrue(diagnostics.HasErrors);
        Assert.AreEqual(3, result.FilesWritten.Count(f => f.StartsWith(GeneratedDirectory, StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Generating_code_only_leaves_the_implementation_alone_silently()
    {
        var diagnostics = new DiagnosticBag();
        var options = new SourceUpdateOptions
        {
            GeneratedDirectory = GeneratedDirectory,
            ImplementationFile = ImplementationFile,
            BackupDirectory = BackupDirectory,
            GenerateCodeOnly = true,
        };

        var result = SourceUpdater.Update(Hello(), options, diagnostics);

        Assert.AreEqual(4, result.FilesWritten.Count);
        Assert.IsFalse(File.Exists(ImplementationFile));
        Assert.AreEqual(0, diagnostics.Count);
    }

    [TestMethod]
    public void Concurrent_runs_on_one_implementation_merge_it_once()
    {
        Run(Hello());
        var definition = Hello();
        definition.Actions.Add(Action("Farewell", "act-farewell", null));

        var results = Enumerable.Range(0, 4).AsParallel().WithDegreeOfParallelism(4).Select(i =>
        {
            var options = new SourceUpdateOptions
            {
                GeneratedDirectory = Path.Combine(_root, "obj", "tfm" + i),
                ImplementationFile = ImplementationFile,
                BackupDirectory = BackupDirectory,
                Clock = new FixedClock(Now),
            };
            var diagnostics = new DiagnosticBag();
            return (Result: SourceUpdater.Update(definition, options, diagnostics), Diagnostics: diagnostics);
        }).ToList();

        Assert.AreEqual(1, results.Count(static r => r.Result.ImplementationChanged));
        Assert.AreEqual(1, Directory.GetFiles(BackupDirectory).Length);
        Assert.IsFalse(results.Any(static r => r.Diagnostics.HasErrors));
        var text = File.ReadAllText(ImplementationFile);
        Assert.AreEqual(1, text.Split("public void Farewell(").Length - 1);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
