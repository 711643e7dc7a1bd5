namespace OneClickPublish.EndToEnd.Tests;

/// <summary>The implementation file is merged by a real build: stubs added, bodies and comments kept, backups written.</summary>
[TestClass]
public sealed class UpdateSourceBuildTests
{
    private const string NewAction = """
        <Action Name="Wave" Key="act-wave" Description="Waves at someone.">
          <Input Name="Who" DataType="Text" Description="Who to wave at." />
        </Action>
        </Actions>
        """;

    [TestMethod]
    public void Adding_an_action_adds_a_stub_keeps_every_body_and_comment_and_writes_a_backup()
    {
        var sample = SampleProject.Copy();
        var original = File.ReadAllText(sample.ImplementationFile);
        sample.EditDefinition(xml => xml.Replace("</Actions>", NewAction, StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsTrue(result.Succeeded, result.ToString());
        var merged = File.ReadAllText(sample.ImplementationFile);
        StringAssert.Contains(merged, "void Wave(string who)");
        StringAssert.Contains(merged, "// One greeting at least, even when asked for none: callers display the result as is.");
        StringAssert.Contains(merged, "builder.Append(CultureInfo.InvariantCulture, $\"Hello, {personName}! \");");
        var backups = Directory.GetFiles(Path.Combine(sample.Directory, ".oneclick", "backups"));
        Assert.AreEqual(1, backups.Length);
        Assert.AreEqual(original, File.ReadAllText(backups[0]));
        // The stub only throws: the Compile check says so, without failing the build.
        Assert.IsTrue(SampleProject.Diagnostics(result).Any(d => d.Severity == "warning" && d.Code.StartsWith("OCP3", StringComparison.Ordinal)), result.ToString());
        var generated = Directory.GetFiles(Path.Combine(sample.Directory, "obj"), "*.g.cs", SearchOption.AllDirectories);
        Assert.IsTrue(generated.Any(f => File.ReadAllText(f).Contains("void Wave(", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Renaming_an_action_that_has_a_key_keeps_its_body()
    {
        var sample = SampleProject.Copy();
        sample.EditDefinition(xml => xml.Replace("<Action Name=\"SayHello\"", "<Action Name=\"Greet\"", StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsTrue(result.Succeeded, result.ToString());
        var merged = File.ReadAllText(sample.ImplementationFile);
        StringAssert.Contains(merged, "void Greet(string personName, int times, out string greeting)");
        Assert.IsFalse(merged.Contains("void SayHello(", StringComparison.Ordinal), merged);
        StringAssert.Contains(merged, "builder.Append(CultureInfo.InvariantCulture, $\"Hello, {personName}! \");");
    }

    [TestMethod]
    public void Changing_a_parameter_type_updates_the_signature_and_keeps_the_body()
    {
        var sample = SampleProject.Copy();
        sample.EditDefinition(xml => xml.Replace("Name=\"Times\" DataType=\"Integer\"", "Name=\"Times\" DataType=\"Long Integer\"", StringComparison.Ordinal));

        var result = sample.Build();

        Assert.IsTrue(result.Succeeded, result.ToString());
        var merged = File.ReadAllText(sample.ImplementationFile);
        StringAssert.Contains(merged, "long times");
        StringAssert.Contains(merged, "for (var i = 0; i < Math.Max(1, times); i++)");
    }
}
