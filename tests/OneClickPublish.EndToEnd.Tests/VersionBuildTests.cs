using System.Reflection;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>The version is written once, in the definition: the project takes it unless it sets its own.</summary>
[TestClass]
public sealed class VersionBuildTests
{
    [TestMethod]
    public void Bumping_the_definition_alone_versions_the_assembly_the_package_and_the_xif()
    {
        var sample = SampleProject.Copy();
        sample.EditDefinition(xml => xml.Replace("Version=\"1.0.0\"", "Version=\"1.4.2\"", StringComparison.Ordinal));

        var result = sample.Build("-t:OneClickSave");

        Assert.IsTrue(result.Succeeded, result.ToString());
        var output = Path.Combine(sample.Directory, "bin", "Debug", "net10.0");
        Assert.IsTrue(File.Exists(Path.Combine(output, "HelloExtension.1.4.2.xif")), result.ToString());
        var name = AssemblyName.GetAssemblyName(Path.Combine(output, "HelloExtension.dll"));
        Assert.AreEqual(new Version(1, 4, 2, 0), name.Version);
        var packageVersion = DotNet.Run(sample.Directory, "msbuild", sample.ProjectFile, "-nologo", "-getProperty:PackageVersion");
        Assert.AreEqual("1.4.2", packageVersion.Output.Trim(), packageVersion.ToString());
    }

    [TestMethod]
    public void A_project_version_that_differs_from_the_definition_is_OCP3013_saying_which_to_change()
    {
        var sample = SampleProject.Copy();
        sample.Edit(sample.ProjectFile, project => project.Replace("</TargetFramework>", "</TargetFramework><Version>2.0.0</Version>", StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsFalse(result.Succeeded, result.ToString());
        var error = SampleProject.Diagnostics(result).Single(d => d.Severity == "error");
        Assert.AreEqual("OCP3013", error.Code, result.ToString());
        StringAssert.Contains(error.Message, "remove <Version>", result.ToString());
    }

    [TestMethod]
    public void A_project_version_equal_to_the_definition_is_accepted()
    {
        var sample = SampleProject.Copy();
        sample.Edit(sample.ProjectFile, project => project.Replace("</TargetFramework>", "</TargetFramework><Version>1.0.0</Version>", StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsTrue(result.Succeeded, result.ToString());
    }

    [TestMethod]
    public void A_version_suffix_given_to_a_CI_build_labels_the_definition_version()
    {
        var sample = SampleProject.Copy();

        var result = DotNet.Run(sample.Directory, "msbuild", sample.ProjectFile, "-nologo", "-getProperty:Version", "-p:VersionSuffix=ci.7");

        Assert.AreEqual("1.0.0-ci.7", result.Output.Trim(), result.ToString());
    }

    [TestMethod]
    public void A_definition_version_that_is_not_a_version_gives_our_error_only()
    {
        var sample = SampleProject.Copy();
        sample.EditDefinition(xml => xml.Replace("Version=\"1.0.0\"", "Version=\"one\"", StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsFalse(result.Succeeded, result.ToString());
        var codes = SampleProject.Diagnostics(result).Where(d => d.Severity == "error").Select(d => d.Code).Distinct().ToList();
        CollectionAssert.AreEqual(new[] { "OCP1026" }, codes, result.ToString());
    }
}
