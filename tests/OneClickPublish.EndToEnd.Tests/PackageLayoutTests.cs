using System.IO.Compression;
using System.Xml.Linq;

namespace OneClickPublish.EndToEnd.Tests;

[TestClass]
public sealed class PackageLayoutTests
{
    [TestMethod]
    public void Package_has_tasks_and_build_files_and_nothing_in_lib()
    {
        using var package = ZipFile.OpenRead(PackedPackage.NupkgPath);
        var entries = package.Entries.Select(e => e.FullName).ToList();

        CollectionAssert.Contains(entries, "tasks/net10.0/OneClickPublish.Tasks.dll");
        CollectionAssert.Contains(entries, "tasks/net10.0/OneClickPublish.Core.dll");
        CollectionAssert.Contains(entries, "tasks/net10.0/OneClickPublish.Tasks.deps.json");
        CollectionAssert.Contains(entries, "build/OneClickPublish.props");
        CollectionAssert.Contains(entries, "build/OneClickPublish.targets");
        CollectionAssert.Contains(entries, "buildMultiTargeting/OneClickPublish.targets");
        // A project that references an extension must never run the pipeline: nothing transitive.
        Assert.IsFalse(entries.Any(e => e.StartsWith("buildTransitive/", StringComparison.Ordinal)), "no buildTransitive/");
        Assert.IsFalse(entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal)), "nothing belongs in lib/");
        // MSBuild supplies its own assemblies; shipping them would load a second copy.
        Assert.IsFalse(entries.Any(e => e.Contains("Microsoft.Build.", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal)));

        var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        var ns = document.Root!.Name.Namespace;
        Assert.AreEqual("true", document.Root.Element(ns + "metadata")!.Element(ns + "developmentDependency")?.Value);
    }
}
