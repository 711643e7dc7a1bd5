using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Compilation;

/// <summary>
/// The Compile check: reads the built assembly with System.Reflection.Metadata (it is never
/// loaded, so nothing of the user's code runs and no file stays locked) and checks it against the
/// definition: the entry class (<see cref="EntryClassCheck"/>), one method per action with the right
/// signature (<see cref="ActionMethodCheck"/>), the assembly version, and, over what Save will ship,
/// one version per assembly name.
/// </summary>
public static class AssemblyChecker
{
    /// <summary>
    /// Reports every mismatch in <paramref name="diagnostics"/>; returns true when none of them is an error.
    /// </summary>
    /// <param name="assemblyPath">The built assembly (TargetPath). A portable PDB beside it, or embedded, lets method diagnostics point at the implementation file and line.</param>
    /// <param name="shippedAssemblies">Every file of the dependency closure Save will ship (the built assembly included); files that are not .NET assemblies are ignored.</param>
    public static bool Check(ExtensionDefinition definition, string assemblyPath, IReadOnlyList<string> shippedAssemblies, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentException.ThrowIfNullOrEmpty(assemblyPath);
        ArgumentNullException.ThrowIfNull(shippedAssemblies);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var errorsBefore = diagnostics.ErrorCount;
        CheckAssembly(definition, assemblyPath, diagnostics);
        CheckShippedVersions(shippedAssemblies, assemblyPath, diagnostics);
        return diagnostics.ErrorCount == errorsBefore;
    }

    private static void CheckAssembly(ExtensionDefinition definition, string assemblyPath, DiagnosticBag diagnostics)
    {
        var assemblyLocation = new SourceLocation(assemblyPath);
        if (!File.Exists(assemblyPath))
        {
            diagnostics.Report(CompileDiagnostics.AssemblyNotFound, assemblyLocation, assemblyPath);
            return;
        }

        try
        {
            using var stream = new FileStream(assemblyPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata || !pe.GetMetadataReader().IsAssembly)
            {
                diagnostics.Report(CompileDiagnostics.AssemblyUnreadable, assemblyLocation, assemblyPath, "it has no .NET assembly metadata");
                return;
            }

            using var pdb = OpenPdb(pe, assemblyPath);
            var metadata = pe.GetMetadataReader();
            var locations = new PdbLocations(pdb?.GetMetadataReader());
            var check = new EntryClassCheck(definition, metadata, locations, new ActionMethodCheck(definition, pe, metadata, locations, diagnostics), diagnostics);
            check.CheckVersion();
            check.CheckEntryClass();
        }
        catch (BadImageFormatException ex)
        {
            diagnostics.Report(CompileDiagnostics.AssemblyUnreadable, assemblyLocation, assemblyPath, ex.Message);
        }
        catch (IOException ex)
        {
            diagnostics.Report(CompileDiagnostics.AssemblyUnreadable, assemblyLocation, assemblyPath, ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            diagnostics.Report(CompileDiagnostics.AssemblyUnreadable, assemblyLocation, assemblyPath, ex.Message);
        }
    }

    /// <summary>The portable PDB beside the assembly (or embedded in it); null when there is none or it cannot be read — locations then fall back to the definition.</summary>
    private static MetadataReaderProvider? OpenPdb(PEReader pe, string assemblyPath)
    {
        try
        {
            return pe.TryOpenAssociatedPortablePdb(
                assemblyPath,
                static path => File.Exists(path) ? File.OpenRead(path) : null,
                out var provider,
                out _)
                ? provider
                : null;
        }
        catch (Exception ex) when (ex is BadImageFormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void CheckShippedVersions(IReadOnlyList<string> shippedAssemblies, string assemblyPath, DiagnosticBag diagnostics)
    {
        var byName = new Dictionary<string, List<(Version Version, string Path)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in shippedAssemblies)
        {
            if (!File.Exists(path))
            {
                if (PathsEqual(path, assemblyPath))
                {
                    continue; // already reported as the built assembly
                }

                diagnostics.Report(CompileDiagnostics.ShippedAssemblyNotFound, new SourceLocation(path), path);
                continue;
            }

            var identity = ReadIdentity(path);
            if (identity is null)
            {
                continue; // native libraries and other files have no assembly version to conflict
            }

            if (!byName.TryGetValue(identity.Value.Name, out var found))
            {
                byName[identity.Value.Name] = found = [];
            }

            found.Add((identity.Value.Version, path));
        }

        foreach (var (name, found) in byName.OrderBy(static p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            var versions = found.GroupBy(static f => f.Version).OrderBy(static g => g.Key).ToList();
            if (versions.Count > 1)
            {
                var list = string.Join(", ", versions.Select(static g => $"{g.Key} ({string.Join(", ", g.Select(static f => f.Path))})"));
                diagnostics.Report(CompileDiagnostics.ConflictingAssemblyVersions, new SourceLocation(versions[^1].First().Path), name, versions.Count, list);
            }
        }
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static (string Name, Version Version)? ReadIdentity(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return null;
            }

            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                return null;
            }

            var assembly = reader.GetAssemblyDefinition();
            return (reader.GetString(assembly.Name), assembly.Version);
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }
}
