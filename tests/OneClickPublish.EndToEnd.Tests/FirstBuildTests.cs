using System.IO.Compression;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// A new extension has a definition and no implementation file yet: its very first build must be green,
/// compiling the stub that UpdateSource writes in that same build (Compile was evaluated before it existed).
/// </summary>
[TestClass]
public sealed class FirstBuildTests
{
    [TestMethod]
    public void First_build_of_a_project_without_an_implementation_file_compiles_the_stub_it_writes()
    {
        var sample = SampleProject.Copy();
        File.Delete(sample.ImplementationFile);

        var result = sample.Build();

        Assert.IsTrue(result.Succeeded, result.ToString());
        Assert.IsTrue(File.Exists(sample.ImplementationFile));
        StringAssert.Contains(File.ReadAllText(sample.ImplementationFile), "class HelloExtensionActions");
        Assert.IsFalse(SampleProject.Diagnostics(result).Any(d => d.Severity == "error"), result.ToString());
        // The stubs only throw: the Compile check says so as warnings, not errors.
        Assert.IsTrue(SampleProject.Diagnostics(result).Any(d => d.Severity == "warning" && d.Code.StartsWith("OCP3", StringComparison.Ordinal)), result.ToString());
    }

    [TestMethod]
    public void First_OneClickSave_of_a_project_without_an_implementation_file_saves_the_xif_with_the_stub()
    {
        var sample = SampleProject.Copy();
        File.Delete(sample.ImplementationFile);

        var result = sample.Build("-t:OneClickSave");

        Assert.IsTrue(result.Succeeded, result.ToString());
        var xif = Path.Combine(sample.Directory, "bin", "Debug", "net10.0", "HelloExtension.1.0.0.xif");
        using var archive = ZipFile.OpenRead(xif);
        Assert.IsTrue(archive.Entries.Any(e => e.FullName.EndsWith("HelloExtensionActions.cs", StringComparison.Ordinal)),
            string.Join(", ", archive.Entries.Select(e => e.FullName)));
    }

    [TestMethod]
    public void First_build_of_a_multi_targeted_project_without_an_implementation_file_is_green()
    {
        var sample = SampleProject.Copy();
        File.Delete(sample.ImplementationFile);
        sample.Edit(sample.ProjectFile, project => project.Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net8.0;net10.0</TargetFrameworks>", StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsTrue(result.Succeeded, result.ToString());
        Assert.IsTrue(File.Exists(sample.ImplementationFile));
    }

    [TestMethod]
    public void A_second_build_after_the_stub_was_written_compiles_it_once()
    {
        var sample = SampleProject.Copy();
        File.Delete(sample.ImplementationFile);
        Assert.IsTrue(sample.Build().Succeeded);

        // Now the default glob holds the file too: adding it again would be CS2002 (a source file given twice).
        var second = sample.Build("-p:OneClickPublishVerifyOnBuild=true", "-t:Rebuild");

        Assert.IsTrue(second.Succeeded, second.ToString());
        Assert.IsFalse(second.Output.Contains("CS2002", StringComparison.Ordinal), second.ToString());
    }
}
