using Microsoft.Build.Utilities;

namespace OneClickPublish.Tasks.Tests;

[TestClass]
public sealed class CompileAndSaveTaskTests
{
    [TestMethod]
    public void Compile_reports_a_missing_assembly_as_a_coded_error_and_returns_false()
    {
        using var folder = new TaskTestFolder();
        var engine = new BuildEngineMock();

        var result = new Compile { BuildEngine = engine.Object, DefinitionFile = folder.DefinitionFile, AssemblyFile = folder.File("obj/HelloExtension.dll"), StampFile = folder.File("obj/compile.stamp") }.Execute();

        Assert.IsFalse(result);
        StringAssert.StartsWith(engine.Errors.Single().Code, "OCP3");
        Assert.IsFalse(File.Exists(folder.File("obj/compile.stamp")));
    }

    [TestMethod]
    public void Compile_points_errors_without_a_file_at_the_project()
    {
        using var folder = new TaskTestFolder();
        var engine = new BuildEngineMock();

        new Compile { BuildEngine = engine.Object, ProjectFile = "/src/Hello/Hello.csproj", DefinitionFile = folder.DefinitionFile, AssemblyFile = folder.File("missing.dll") }.Execute();

        var error = engine.Errors.Single();
        Assert.IsFalse(string.IsNullOrEmpty(error.File), engine.Log);
    }

    [TestMethod]
    public void SaveXif_writes_the_archive_and_returns_true()
    {
        using var folder = new TaskTestFolder();
        var binary = folder.File("bin/HelloExtension.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
        File.WriteAllBytes(binary, [1, 2, 3, 4]);
        var engine = new BuildEngineMock();
        var xif = folder.File("out/HelloExtension.1.0.0.xif");

        var result = new SaveXif
        {
            BuildEngine = engine.Object,
            DefinitionFile = folder.DefinitionFile,
            XifFile = xif,
            Binaries = [new TaskItem(binary)],
            Sources = [new TaskItem(folder.File("HelloExtensionActions.cs"))],
            SourceRoot = folder.Path,
        }.Execute();

        Assert.IsTrue(result, engine.Log);
        using var archive = System.IO.Compression.ZipFile.OpenRead(xif);
        CollectionAssert.IsSubsetOf(
            new[] { "manifest.json", "extension.xml", "bin/HelloExtension.dll", "sources/HelloExtensionActions.cs", "resources/Resources/hello.png" },
            archive.Entries.Select(e => e.FullName).ToList());
    }

    [TestMethod]
    public void SaveXif_with_a_missing_resource_fails_with_a_coded_error_and_leaves_no_file()
    {
        using var folder = new TaskTestFolder();
        File.Delete(folder.File("Resources/hello.png"));
        var engine = new BuildEngineMock();
        var xif = folder.File("out/HelloExtension.1.0.0.xif");

        var result = new SaveXif { BuildEngine = engine.Object, DefinitionFile = folder.DefinitionFile, XifFile = xif }.Execute();

        Assert.IsFalse(result);
        Assert.IsTrue(engine.Errors.Count > 0 && engine.Errors.All(e => e.Code.StartsWith("OCP", StringComparison.Ordinal)), engine.Log);
        Assert.IsFalse(File.Exists(xif));
        Assert.IsFalse(Directory.Exists(folder.File("out")) && Directory.EnumerateFiles(folder.File("out")).Any(), "no half-written file");
    }

    [TestMethod]
    public void SaveXif_rejects_an_unknown_compression_level_with_a_coded_error()
    {
        using var folder = new TaskTestFolder();
        var engine = new BuildEngineMock();

        var result = new SaveXif { BuildEngine = engine.Object, DefinitionFile = folder.DefinitionFile, XifFile = folder.File("x.xif"), CompressionLevel = "Maximum" }.Execute();

        Assert.IsFalse(result);
        Assert.AreEqual("OCP0102", engine.Errors.Single().Code);
    }
}
