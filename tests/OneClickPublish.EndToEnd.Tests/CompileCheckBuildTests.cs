namespace OneClickPublish.EndToEnd.Tests;

/// <summary>The Compile step checks the built assembly against the definition, in a real build.</summary>
[TestClass]
public sealed class CompileCheckBuildTests
{
    [TestMethod]
    public void Assembly_version_other_than_the_definition_version_is_an_error()
    {
        var sample = SampleProject.Copy();

        var result = sample.Build("-p:Version=2.0.0");

        Assert.IsFalse(result.Succeeded, result.ToString());
        Assert.IsTrue(SampleProject.Diagnostics(result).Any(d => d.Severity == "error" && d.Code.StartsWith("OCP3", StringComparison.Ordinal) && d.Message.Contains("2.0.0", StringComparison.Ordinal)), result.ToString());
    }

    [TestMethod]
    public void An_entry_class_whose_only_constructor_takes_parameters_is_OCP3017_in_its_file()
    {
        var sample = SampleProject.Copy();
        sample.Edit(sample.ImplementationFile, code => code.Replace(
            "public partial class HelloExtensionActions : IHelloExtension\n{",
            "public partial class HelloExtensionActions : IHelloExtension\n{\n    public HelloExtensionActions(string settings) { }\n",
            StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsFalse(result.Succeeded, result.ToString());
        var error = SampleProject.Diagnostics(result).Single(d => d.Severity == "error");
        Assert.AreEqual("OCP3017", error.Code, result.ToString());
        StringAssert.Contains(error.Message, "its public constructors all take parameters");
        StringAssert.EndsWith(error.File, "HelloExtensionActions.cs");
    }

    [TestMethod]
    public void Compiler_errors_of_the_implementation_reach_the_log_with_file_and_line()
    {
        var sample = SampleProject.Copy();
        sample.Edit(sample.ImplementationFile, code => code.Replace("greeting = builder.ToString().TrimEnd();", "greeting = builder.ToString().TrimEnd()", StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsFalse(result.Succeeded);
        var error = SampleProject.Diagnostics(result).First(d => d.Severity == "error");
        Assert.AreEqual("CS1002", error.Code, result.ToString());
        StringAssert.EndsWith(error.File, "HelloExtensionActions.cs");
    }
}
