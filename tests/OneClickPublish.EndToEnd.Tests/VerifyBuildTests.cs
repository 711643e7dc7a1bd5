namespace OneClickPublish.EndToEnd.Tests;

/// <summary>A real `dotnet build` of sample extensions with the packed package: Verify inside MSBuild.</summary>
[TestClass]
public sealed class VerifyBuildTests
{
    [TestMethod]
    public void Valid_sample_builds_without_errors_or_warnings()
    {
        var sample = SampleProject.Copy();

        var result = sample.Build();

        Assert.IsTrue(result.Succeeded, result.ToString());
        Assert.AreEqual(0, SampleProject.Diagnostics(result).Count(d => d.Code.StartsWith("OCP", StringComparison.Ordinal)), result.ToString());
        Assert.IsTrue(File.Exists(Path.Combine(sample.Directory, "bin", "Debug", "net10.0", "HelloExtension.dll")));
    }

    [TestMethod]
    public void Independent_mistakes_are_all_reported_in_one_build_with_file_line_and_column()
    {
        var sample = SampleProject.Copy();
        sample.EditDefinition(xml => xml
            // duplicated action name
            .Replace("<Action Name=\"Describe\"", "<Action Name=\"SayHello\"", StringComparison.Ordinal)
            // unknown data type
            .Replace("Name=\"Times\" DataType=\"Integer\"", "Name=\"Times\" DataType=\"Integr\"", StringComparison.Ordinal)
            // version that is not SemVer
            .Replace("Version=\"1.0.0\"", "Version=\"1.0\"", StringComparison.Ordinal)
            // entity without identifier
            .Replace("Identifier=\"true\" ", string.Empty, StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsFalse(result.Succeeded, result.ToString());
        var errors = SampleProject.Diagnostics(result).Where(d => d.Severity == "error").ToList();
        Assert.IsTrue(errors.Count >= 4, result.ToString());
        Assert.IsTrue(errors.All(e => e.Code.StartsWith("OCP1", StringComparison.Ordinal)), result.ToString());
        Assert.IsTrue(errors.All(e => e.File.EndsWith("extension.xml", StringComparison.Ordinal) && e.Line > 0 && e.Column > 0), result.ToString());
        Assert.AreEqual(errors.Count, errors.Select(e => e.Code).Distinct().Count(), "each mistake has its own code: " + result);
    }

    [TestMethod]
    [DataRow("record without record type", "RecordType=\"Person\" Mandatory=\"true\" Description=\"The person.\"", "Mandatory=\"true\" Description=\"The person.\"")]
    [DataRow("recursive structure", "<Attribute Name=\"BirthDate\" DataType=\"Date\"", "<Attribute Name=\"Self\" DataType=\"Record\" RecordType=\"Person\" Description=\"Loop.\" /><Attribute Name=\"BirthDate\" DataType=\"Date\"")]
    [DataRow("not well-formed", "</Actions>", "</Action>")]
    public void Each_kind_of_mistake_fails_the_build_with_a_coded_error_in_the_definition(string mistake, string find, string replace)
    {
        var sample = SampleProject.Copy();
        sample.EditDefinition(xml => xml.Replace(find, replace, StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsFalse(result.Succeeded, mistake + ": " + result);
        var error = SampleProject.Diagnostics(result).FirstOrDefault(d => d.Severity == "error");
        Assert.IsNotNull(error, mistake + ": " + result);
        StringAssert.StartsWith(error.Code, "OCP1", mistake + ": " + result);
        StringAssert.EndsWith(error.File, "extension.xml", mistake + ": " + result);
        Assert.IsTrue(error.Line > 0, mistake + ": " + result);
    }

    [TestMethod]
    public void Warnings_only_build_succeeds_and_warnaserror_and_nowarn_apply()
    {
        var sample = SampleProject.Copy();
        sample.EditDefinition(xml => xml.Replace(" Description=\"Builds a greeting for a person.\"", string.Empty, StringComparison.Ordinal));

        var plain = sample.Build();
        Assert.IsTrue(plain.Succeeded, plain.ToString());
        var warnings = SampleProject.Diagnostics(plain).Where(d => d.Severity == "warning" && d.Code.StartsWith("OCP", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(1, warnings.Select(w => w.Code).Distinct().Count(), plain.ToString());
        var warning = warnings[0];
        StringAssert.EndsWith(warning.File, "extension.xml");

        var strict = sample.Build("-warnaserror", "--no-incremental");
        Assert.IsFalse(strict.Succeeded, strict.ToString());

        var byCode = sample.Build($"-p:WarningsAsErrors={warning.Code}", "--no-incremental");
        Assert.IsFalse(byCode.Succeeded, byCode.ToString());

        var silenced = sample.Build($"-p:NoWarn={warning.Code}", "--no-incremental");
        Assert.IsTrue(silenced.Succeeded, silenced.ToString());
        Assert.IsFalse(SampleProject.Diagnostics(silenced).Any(d => d.Code == warning.Code), silenced.ToString());
    }

    [TestMethod]
    public void Entities_that_would_not_port_across_databases_are_warned_of_at_their_lines_and_the_build_succeeds()
    {
        var sample = SampleProject.Copy();
        sample.EditDefinition(xml => xml
            .Replace("Name=\"Name\" DataType=\"Text\" Length=\"100\" Mandatory=\"true\" Description=\"Customer name.\"", "Name=\"User\" DataType=\"Text\" Length=\"100\" Mandatory=\"true\" Description=\"Customer name.\"", StringComparison.Ordinal)
            .Replace("  </Entities>", """
                    <Entity Name="Visit" Key="ent-visit" Description="A visit.">
                      <Attribute Name="Id" DataType="Long Integer" Identifier="true" AutoNumber="true" Mandatory="true" Description="Identifier." />
                    </Entity>
                    <Entity Name="Scan" Key="ent-scan" Description="A scan.">
                      <Attribute Name="Id" DataType="Integer" Identifier="true" Mandatory="true" Description="Identifier." />
                      <Attribute Name="Front" DataType="Binary Data" Description="Front side." />
                      <Attribute Name="Back" DataType="Binary Data" Description="Back side." />
                    </Entity>
                  </Entities>
                """, StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsTrue(result.Succeeded, result.ToString());
        var warnings = SampleProject.Diagnostics(result).Where(d => d.Severity == "warning").ToList();
        var lines = File.ReadAllLines(sample.DefinitionFile);
        int LineOf(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;
        CollectionAssert.AreEquivalent(
            new[] { $"OCP1079@{LineOf("Name=\"User\"")}", $"OCP1080@{LineOf("<Entity Name=\"Visit\"")}", $"OCP1081@{LineOf("Name=\"Back\"")}" },
            warnings.Select(w => $"{w.Code}@{w.Line}").ToArray(),
            result.ToString());
    }

    [TestMethod]
    public void A_resource_that_would_replace_the_host_s_web_config_fails_the_build_at_its_path()
    {
        var sample = SampleProject.Copy();
        File.WriteAllText(Path.Combine(sample.Directory, "web.config"), "<configuration />");
        sample.EditDefinition(xml => xml.Replace("  </Resources>", """
                <Resource Path="web.config" DeployAction="Application" Description="Settings." />
              </Resources>
            """, StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsFalse(result.Succeeded, result.ToString());
        var error = SampleProject.Diagnostics(result).Single(d => d.Severity == "error");
        Assert.AreEqual("OCP1094", error.Code, result.ToString());
        StringAssert.EndsWith(error.File, "extension.xml");
        Assert.AreEqual(Array.FindIndex(File.ReadAllLines(sample.DefinitionFile), l => l.Contains("web.config", StringComparison.Ordinal)) + 1, error.Line);
    }

    [TestMethod]
    public void Verify_on_build_can_be_switched_off()
    {
        var sample = SampleProject.Copy();
        sample.EditDefinition(xml => xml.Replace("Version=\"1.0.0\"", "Version=\"one\"", StringComparison.Ordinal));

        var result = sample.Build("-p:OneClickPublishVerifyOnBuild=false");

        // Generated code is not produced either, so the implementation does not compile: that is the user's choice.
        Assert.IsFalse(SampleProject.Diagnostics(result).Any(d => d.Code.StartsWith("OCP1", StringComparison.Ordinal)), result.ToString());
    }

    [TestMethod]
    public void Second_build_with_nothing_changed_runs_no_step_and_rewrites_no_generated_file()
    {
        var sample = SampleProject.Copy();
        var first = sample.Build();
        Assert.IsTrue(first.Succeeded, first.ToString());
        var generated = Directory.GetFiles(Path.Combine(sample.Directory, "obj"), "*.g.cs", SearchOption.AllDirectories)
            .Where(f => f.Contains("OneClickPublish", StringComparison.Ordinal))
            .ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Assert.IsTrue(generated.Count > 0, "generated code lives in obj/");
        var implementationTime = File.GetLastWriteTimeUtc(sample.ImplementationFile);

        var second = sample.Build("-v:d");

        Assert.IsTrue(second.Succeeded, second.ToString());
        foreach (var (file, time) in generated)
        {
            Assert.AreEqual(time, File.GetLastWriteTimeUtc(file), file + " was rewritten");
        }

        Assert.AreEqual(implementationTime, File.GetLastWriteTimeUtc(sample.ImplementationFile));
        foreach (var target in new[] { "OneClickPublishVerifyDefinition", "OneClickPublishUpdateSource", "OneClickPublishCheckCompiledAssembly" })
        {
            StringAssert.Contains(second.Output, $"Skipping target \"{target}\" because all output files are up-to-date", target + "\n" + second.Output);
        }
    }

    [TestMethod]
    public void Design_time_build_only_generates_code()
    {
        var sample = SampleProject.Copy();
        var restore = DotNet.Run(sample.Directory, "restore", sample.ProjectFile);
        Assert.IsTrue(restore.Succeeded, restore.ToString());
        sample.EditDefinition(xml => xml.Replace("<Actions>", "<Actions><Action Name=\"Wave\" Description=\"Waves.\" />", StringComparison.Ordinal));
        var before = File.ReadAllText(sample.ImplementationFile);

        var result = DotNet.Run(sample.Directory, "msbuild", sample.ProjectFile, "-t:Compile", "-p:DesignTimeBuild=true", "-p:SkipCompilerExecution=true", "-p:ProvideCommandLineArgs=true", "-p:BuildingProject=false", "-nologo", "-v:m");

        Assert.IsTrue(result.Succeeded, result.ToString());
        Assert.AreEqual(before, File.ReadAllText(sample.ImplementationFile), "a design-time build never touches the user's file");
        var generated = Directory.GetFiles(Path.Combine(sample.Directory, "obj"), "*.g.cs", SearchOption.AllDirectories);
        Assert.IsTrue(generated.Any(f => File.ReadAllText(f).Contains("Wave", StringComparison.Ordinal)), "generated code follows the definition");
        Assert.IsFalse(File.Exists(Path.Combine(sample.Directory, "bin", "Debug", "net10.0", "HelloExtension.dll")));
    }
}
