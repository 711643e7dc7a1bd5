using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace OneClickPublish.EndToEnd.Tests;

[TestClass]
public sealed class PackageLayoutTests
{
    private static readonly string[] TaskFolders = ["tasks/net8.0/", "tasks/net472/"];

    [TestMethod]
    public void Package_has_tasks_and_build_files_and_nothing_in_lib()
    {
        using var package = ZipFile.OpenRead(PackedPackage.NupkgPath);
        var entries = package.Entries.Select(e => e.FullName).ToList();

        foreach (var folder in TaskFolders)
        {
            CollectionAssert.Contains(entries, folder + "OneClickPublish.Tasks.dll");
            CollectionAssert.Contains(entries, folder + "OneClickPublish.Core.dll");
            CollectionAssert.Contains(entries, folder + "NuGet.Versioning.dll");
            CollectionAssert.Contains(entries, folder + "Microsoft.CodeAnalysis.CSharp.dll");
        }

        // MSBuild on .NET resolves the task's dependencies through its .deps.json; MSBuild.exe probes the folder.
        CollectionAssert.Contains(entries, "tasks/net8.0/OneClickPublish.Tasks.deps.json");
        CollectionAssert.Contains(entries, "build/OneClickPublish.props");
        CollectionAssert.Contains(entries, "build/OneClickPublish.targets");
        CollectionAssert.Contains(entries, "build/OneClickPublish.Pipeline.targets");
        CollectionAssert.Contains(entries, "buildMultiTargeting/OneClickPublish.targets");
        // A project that references an extension must never run the pipeline: nothing transitive.
        Assert.IsFalse(entries.Any(e => e.StartsWith("buildTransitive/", StringComparison.Ordinal)), "no buildTransitive/");
        Assert.IsFalse(entries.Any(e => e.StartsWith("lib/", StringComparison.Ordinal)), "nothing belongs in lib/");
        Assert.IsFalse(entries.Any(e => e.StartsWith("tasks/", StringComparison.Ordinal) && !TaskFolders.Any(f => e.StartsWith(f, StringComparison.Ordinal))),
            "only the two task folders: " + string.Join(", ", entries));
        // MSBuild supplies its own assemblies (and the packages only they need); shipping them would load a second copy.
        Assert.IsFalse(entries.Any(e => e.EndsWith(".dll", StringComparison.Ordinal)
            && (e.Contains("Microsoft.Build.", StringComparison.Ordinal) || e.Contains("Microsoft.NET.StringTools", StringComparison.Ordinal) || e.Contains("Microsoft.IO.Redist", StringComparison.Ordinal))),
            string.Join(", ", entries));
        Assert.IsFalse(entries.Any(e => e.EndsWith(".pdb", StringComparison.Ordinal)), "symbols are embedded, not shipped beside the assemblies");

        var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        var ns = document.Root!.Name.Namespace;
        Assert.AreEqual("true", document.Root.Element(ns + "metadata")!.Element(ns + "developmentDependency")?.Value);
    }

    [TestMethod]
    [DataRow("tasks/net8.0/")]
    [DataRow("tasks/net472/")]
    public void Task_and_core_assemblies_embed_their_portable_pdb(string folder)
    {
        using var package = ZipFile.OpenRead(PackedPackage.NupkgPath);
        foreach (var name in new[] { "OneClickPublish.Tasks.dll", "OneClickPublish.Core.dll" })
        {
            using var pe = new PEReader(new MemoryStream(Read(package.GetEntry(folder + name)!)));
            var embedded = pe.ReadDebugDirectory().Where(d => d.Type == DebugDirectoryEntryType.EmbeddedPortablePdb).ToList();
            Assert.AreEqual(1, embedded.Count, folder + name);
            using var pdb = pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded[0]);
            Assert.IsTrue(pdb.GetMetadataReader().Documents.Count > 0, folder + name + ": the embedded PDB names no source document");
        }
    }

    /// <summary>
    /// Every assembly the task assembly needs, transitively, is in its folder, unless MSBuild or the framework
    /// brings it: a dependency missing from the package would only show as MSB4062 on a user's machine. In
    /// tasks/net472/ each one is there at the asked version or later (what the task's assembly resolver loads).
    /// </summary>
    [TestMethod]
    [DataRow("tasks/net8.0/")]
    [DataRow("tasks/net472/")]
    public void Each_task_folder_holds_the_dependency_closure_of_the_tasks(string folder)
    {
        using var package = ZipFile.OpenRead(PackedPackage.NupkgPath);
        var shipped = package.Entries
            .Where(e => e.FullName.StartsWith(folder, StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal) && !e.FullName[folder.Length..].Contains('/', StringComparison.Ordinal))
            .ToDictionary(e => Path.GetFileNameWithoutExtension(e.Name), e => Read(e), StringComparer.OrdinalIgnoreCase);
        var framework = FrameworkAssemblyNames(folder);
        var missing = new List<string>();
        var pending = new Queue<string>(["OneClickPublish.Tasks"]);
        var seen = new HashSet<string>(pending, StringComparer.OrdinalIgnoreCase);
        while (pending.TryDequeue(out var current))
        {
            foreach (var reference in References(shipped[current]))
            {
                var name = reference.Name;
                if (name.StartsWith("Microsoft.Build", StringComparison.Ordinal))
                {
                    continue; // MSBuild's own, shared with every task
                }

                if (shipped.TryGetValue(name, out var bytes))
                {
                    var version = Identity(bytes).Version;
                    if (folder.Contains("net472", StringComparison.Ordinal) && version < reference.Version)
                    {
                        missing.Add($"{current} needs {name} {reference.Version}, the folder has {version}");
                    }

                    if (seen.Add(name))
                    {
                        pending.Enqueue(name);
                    }
                }
                else if (!framework.Contains(name))
                {
                    missing.Add($"{current} needs {name} {reference.Version}, which is neither in {folder} nor in the framework");
                }
            }
        }

        Assert.AreEqual(0, missing.Count, string.Join("\n", missing));
        Assert.IsTrue(seen.Contains("Microsoft.CodeAnalysis") && seen.Contains("NuGet.Versioning") && seen.Contains("System.Text.Json"), string.Join(", ", seen));
    }

    private static HashSet<string> FrameworkAssemblyNames(string folder)
    {
        IEnumerable<string> directories;
        if (folder.Contains("net472", StringComparison.Ordinal))
        {
            // The reference assemblies the net472 build compiled against (restored with it).
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var root = Path.Combine(packages, "microsoft.netframework.referenceassemblies.net472");
            var version = Directory.Exists(root) ? Directory.GetDirectories(root).Order(StringComparer.Ordinal).LastOrDefault() : null;
            Assert.IsNotNull(version, $"the .NET Framework 4.7.2 reference assemblies are not under {root}");
            var v472 = Path.Combine(version, "build", ".NETFramework", "v4.7.2");
            directories = [v472, Path.Combine(v472, "Facades")];
        }
        else
        {
            // Names only: the running shared framework has every assembly name net8.0 has.
            directories = [RuntimeEnvironment.GetRuntimeDirectory()];
        }

        return directories.Where(Directory.Exists)
            .SelectMany(d => Directory.GetFiles(d, "*.dll"))
            .Select(Path.GetFileNameWithoutExtension)
            .ToHashSet(StringComparer.OrdinalIgnoreCase)!;
    }

    private static List<(string Name, Version Version)> References(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetAssemblyReference(h)).Select(r => (metadata.GetString(r.Name), r.Version)).ToList();
    }

    private static (string Name, Version Version) Identity(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var definition = pe.GetMetadataReader().GetAssemblyDefinition();
        return (pe.GetMetadataReader().GetString(definition.Name), definition.Version);
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
