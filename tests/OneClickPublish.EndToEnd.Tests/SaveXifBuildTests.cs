using System.IO.Compression;
using System.Security.Cryptography;

namespace OneClickPublish.EndToEnd.Tests;

[TestClass]
public sealed class SaveXifBuildTests
{
    [TestMethod]
    public void OneClickSave_writes_Name_Version_xif_with_definition_binaries_sources_and_resources()
    {
        var sample = SampleProject.Copy();

        var result = sample.Build("-t:OneClickSave");

        Assert.IsTrue(result.Succeeded, result.ToString());
        var xif = Path.Combine(sample.Directory, "bin", "Debug", "net10.0", "HelloExtension.1.0.0.xif");
        Assert.IsTrue(File.Exists(xif), result.ToString());
        using var archive = ZipFile.OpenRead(xif);
        var names = archive.Entries.Select(e => e.FullName).ToList();
        Assert.IsTrue(names.Any(n => n.EndsWith("HelloExtension.dll", StringComparison.Ordinal)), string.Join(", ", names));
        Assert.IsTrue(names.Any(n => n.EndsWith("HelloExtensionActions.cs", StringComparison.Ordinal)), string.Join(", ", names));
        Assert.IsTrue(names.Any(n => n.EndsWith("hello.png", StringComparison.Ordinal)), string.Join(", ", names));
        Assert.IsTrue(names.Any(n => n.EndsWith("extension.xml", StringComparison.Ordinal)), string.Join(", ", names));
        StringAssert.Contains(result.Output, "OCP0002");
    }

    [TestMethod]
    public void Two_clean_builds_give_byte_identical_xif_files()
    {
        var first = SampleProject.Copy(name: "determinism-a");
        var second = SampleProject.Copy(name: "determinism-b");
        // Same content, same relative layout; the folders differ, as two CI agents' would.
        var a = first.Build("-t:OneClickSave", "-p:ContinuousIntegrationBuild=true", "-p:PathMap=" + first.Directory + "=/src");
        var b = second.Build("-t:OneClickSave", "-p:ContinuousIntegrationBuild=true", "-p:PathMap=" + second.Directory + "=/src");
        Assert.IsTrue(a.Succeeded, a.ToString());
        Assert.IsTrue(b.Succeeded, b.ToString());

        var hashA = Hash(Path.Combine(first.Directory, "bin", "Debug", "net10.0", "HelloExtension.1.0.0.xif"));
        var hashB = Hash(Path.Combine(second.Directory, "bin", "Debug", "net10.0", "HelloExtension.1.0.0.xif"));

        Assert.AreEqual(hashA, hashB);
    }

    [TestMethod]
    public void Multi_targeted_extension_verifies_once_and_ships_every_target_framework()
    {
        var sample = SampleProject.Copy();
        sample.Edit(sample.ProjectFile, project => project.Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFrameworks>net8.0;net10.0</TargetFrameworks>", StringComparison.Ordinal));

        var result = sample.Build("-t:OneClickSave");

        Assert.IsTrue(result.Succeeded, result.ToString());
        var xif = Directory.GetFiles(Path.Combine(sample.Directory, "bin"), "HelloExtension.1.0.0.xif", SearchOption.AllDirectories).Single();
        using var archive = ZipFile.OpenRead(xif);
        var names = archive.Entries.Select(e => e.FullName).ToList();
        Assert.IsTrue(names.Any(n => n.Contains("net8.0/HelloExtension.dll", StringComparison.Ordinal)), string.Join(", ", names));
        Assert.IsTrue(names.Any(n => n.Contains("net10.0/HelloExtension.dll", StringComparison.Ordinal)), string.Join(", ", names));
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
