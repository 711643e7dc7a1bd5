namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// The packed targets pick tasks/net8.0/ for MSBuild on .NET and tasks/net472/ for MSBuild on .NET Framework
/// (MSBuild.exe, Mono), and an MSBuild older than the one the tasks are compiled against gets OCP0103 alone.
/// MSBuildRuntimeType and MSBuildVersion are reserved: the targets read them through internal properties,
/// which these tests set to stand for another MSBuild.
/// </summary>
[TestClass]
public sealed class TaskFolderBuildTests
{
    private static SampleProject? _restored;

    /// <summary>One restored copy for the evaluation-only tests.</summary>
    private static SampleProject Restored
    {
        get
        {
            if (_restored is null)
            {
                var sample = SampleProject.Copy();
                var restore = DotNet.Run(sample.Directory, "restore", sample.ProjectFile, "-nologo");
                Assert.IsTrue(restore.Succeeded, restore.ToString());
                _restored = sample;
            }

            return _restored;
        }
    }

    [TestMethod]
    [DataRow(null, "net8.0")]
    [DataRow("Core", "net8.0")]
    [DataRow("Full", "net472")]
    [DataRow("Mono", "net472")]
    public void Targets_choose_the_task_folder_by_MSBuild_runtime_type(string? runtimeType, string folder)
    {
        var assembly = Evaluate("OneClickPublishTasksAssembly", runtimeType is null ? [] : [$"-p:_OneClickPublishMSBuildRuntimeType={runtimeType}"]);

        var expected = Path.Combine("tasks", folder, "OneClickPublish.Tasks.dll");
        StringAssert.EndsWith(assembly.Replace('\\', Path.DirectorySeparatorChar), expected);
        Assert.IsTrue(File.Exists(assembly), assembly);
    }

    [TestMethod]
    public void A_task_assembly_set_by_the_caller_wins()
    {
        var custom = Path.Combine(PackedPackage.WorkRoot, "tool", "OneClickPublish.Tasks.dll");

        Assert.AreEqual(custom, Evaluate("OneClickPublishTasksAssembly", $"-p:OneClickPublishTasksAssembly={custom}", "-p:_OneClickPublishMSBuildRuntimeType=Full"));
    }

    [TestMethod]
    [DataRow("17.7.2", "true")]
    [DataRow("16.11.54", "true")]
    [DataRow("", "true")]
    [DataRow("17.8.3", "")]
    [DataRow("17.14.8", "")]
    [DataRow("18.0.0-preview-25325-01", "")]
    public void MSBuild_17_8_is_the_oldest_that_runs_the_tasks(string version, string tooOld)
    {
        // An empty version stands for an MSBuild so old that it has no MSBuildVersion.
        Assert.AreEqual(tooOld, Evaluate("_OneClickPublishMSBuildTooOld", version.Length == 0 ? "-p:_OneClickPublishMSBuildVersion= " : $"-p:_OneClickPublishMSBuildVersion={version}"));
    }

    [TestMethod]
    [DataRow("Build")]
    [DataRow("OneClickPublish")]
    public void An_MSBuild_older_than_17_8_gets_OCP0103_and_no_other_error(string target)
    {
        var sample = SampleProject.Copy();

        var result = sample.Build($"-t:{target}", "-p:_OneClickPublishMSBuildVersion=17.7.2", "-p:OneClickPublishServer=http://127.0.0.1:9");

        Assert.IsFalse(result.Succeeded, result.ToString());
        var errors = SampleProject.Diagnostics(result).Where(d => d.Severity == "error").ToList();
        Assert.AreEqual(1, errors.Count, result.ToString());
        Assert.AreEqual("OCP0103", errors[0].Code, result.ToString());
        StringAssert.Contains(errors[0].Message, "MSBuild 17.7.2 is too old");
        StringAssert.Contains(errors[0].Message, "Visual Studio 2022 version 17.8");
        StringAssert.Contains(errors[0].Message, ".NET SDK 8.0.100");
        Assert.IsFalse(result.Output.Contains("MSB4062", StringComparison.Ordinal) || result.Output.Contains("MSB4036", StringComparison.Ordinal), result.ToString());
        // The targets' text is the catalogue's: the code's page and the tool describe the same error.
        Assert.AreEqual(OneClickPublish.Diagnostics.TaskDiagnostics.MSBuildTooOld.FormatMessage("17.7.2"), errors[0].Message);
    }

    private static string Evaluate(string property, params string[] properties)
    {
        var sample = Restored;
        var result = DotNet.Run(sample.Directory, ["msbuild", sample.ProjectFile, "-nologo", $"-getProperty:{property}", .. properties]);
        Assert.IsTrue(result.Succeeded, result.ToString());
        return result.Output.Trim();
    }
}
