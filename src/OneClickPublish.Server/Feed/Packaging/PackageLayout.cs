using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using NuGet.Frameworks;
using OneClickPublish.Definition;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Feed.Packaging;

/// <summary>
/// The assemblies of one target framework: what goes to <c>lib/&lt;Framework&gt;/</c>. <see cref="Framework"/> is
/// null when no assembly says which framework it was built for (then the files go to <c>lib/</c>, which NuGet
/// offers to every framework). <see cref="ExtensionAssembly"/> is the file name, without extension, of the
/// assembly that declares the extension's interface or entry class, when one does.
/// </summary>
internal sealed record FrameworkAssemblies(NuGetFramework? Framework, IReadOnlyList<VersionFileRecord> Files, string? ExtensionAssembly)
{
    /// <summary>The package folder: <c>lib/net48/</c>, <c>lib/net8.0/</c>, or <c>lib/</c>.</summary>
    public string LibFolder => Framework is null ? "lib/" : $"lib/{Framework.GetShortFolderName()}/";
}

/// <summary>
/// Which of a version's files go into its package, per framework, read from the XIF's <c>bin/</c> folder as
/// SaveXif writes it: <c>bin/&lt;tfm&gt;/…</c> for a multi-targeted project, <c>bin/…</c> for a single target,
/// whose framework is then read from its assembly's <c>TargetFrameworkAttribute</c> (metadata only: no
/// assembly is loaded). Assemblies (.dll) and their symbols (.pdb) are taken; nothing else of bin/.
/// </summary>
internal static class PackageLayout
{
    private const string BinFolder = "bin/";

    public static IReadOnlyList<FrameworkAssemblies> Plan(ExtensionDefinition definition, IReadOnlyList<VersionFileRecord> files, Func<string, string> blobPath)
    {
        var byFolder = new SortedDictionary<string, List<VersionFileRecord>>(StringComparer.Ordinal);
        var root = new List<VersionFileRecord>();
        foreach (var file in files.Where(static f => f.Path.StartsWith(BinFolder, StringComparison.Ordinal) && IsPackaged(f.Path)))
        {
            var rest = file.Path[BinFolder.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                root.Add(file);
            }
            else if (rest.IndexOf('/', slash + 1) < 0 && FolderFramework(rest[..slash]) is { } folder)
            {
                (byFolder.TryGetValue(folder, out var list) ? list : byFolder[folder] = []).Add(file);
            }

            // Anything deeper (satellite assemblies, a folder that names no framework) is not an assembly NuGet would reference.
        }

        var groups = byFolder.Select(g => Group(NuGetFramework.Parse(g.Key), g.Value, definition, blobPath)).ToList();
        if (root.Count > 0)
        {
            var extension = FindExtensionAssembly(root, definition, blobPath);
            var framework = (extension is null ? null : ReadTargetFramework(blobPath(extension.Sha256)))
                ?? root.Where(IsAssembly).OrderBy(static f => f.Path, StringComparer.Ordinal).Select(f => ReadTargetFramework(blobPath(f.Sha256))).FirstOrDefault(static f => f is not null);

            // A framework the XIF also has a folder for is already served by that folder.
            if (framework is null || !groups.Exists(g => g.Framework == framework))
            {
                groups.Add(new FrameworkAssemblies(framework, Sorted(root), extension is null ? null : Path.GetFileNameWithoutExtension(extension.Path)));
            }
        }

        return [.. groups.OrderBy(static g => g.LibFolder, StringComparer.Ordinal)];
    }

    private static FrameworkAssemblies Group(NuGetFramework framework, List<VersionFileRecord> files, ExtensionDefinition definition, Func<string, string> blobPath)
    {
        var extension = FindExtensionAssembly(files, definition, blobPath);
        return new FrameworkAssemblies(framework, Sorted(files), extension is null ? null : Path.GetFileNameWithoutExtension(extension.Path));
    }

    private static List<VersionFileRecord> Sorted(IEnumerable<VersionFileRecord> files) => [.. files.OrderBy(static f => f.Path, StringComparer.Ordinal)];

    private static bool IsPackaged(string path) =>
        path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase);

    private static bool IsAssembly(VersionFileRecord file) => file.Path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    /// <summary>The framework a folder of bin/ names (net48, net8.0, netstandard2.0), in its short form; null for any other folder.</summary>
    private static string? FolderFramework(string folder)
    {
        var framework = NuGetFramework.Parse(folder);
        return framework.IsUnsupported || framework.IsAny || framework.IsAgnostic ? null : framework.GetShortFolderName();
    }

    /// <summary>The assembly that declares the definition's interface or entry class (the generated code is compiled into it).</summary>
    private static VersionFileRecord? FindExtensionAssembly(IEnumerable<VersionFileRecord> files, ExtensionDefinition definition, Func<string, string> blobPath)
    {
        foreach (var file in files.Where(IsAssembly).OrderBy(static f => f.Path, StringComparer.Ordinal))
        {
            var found = ReadMetadata(blobPath(file.Sha256), reader => DeclaresExtension(reader, definition));
            if (found)
            {
                return file;
            }
        }

        return null;
    }

    /// <summary>Whether the assembly declares the definition's interface or entry class (the generated code is compiled into it).</summary>
    internal static bool DeclaresExtension(MetadataReader reader, ExtensionDefinition definition)
    {
        var ns = definition.EffectiveNamespace;
        return reader.TypeDefinitions.Select(reader.GetTypeDefinition).Any(t =>
            reader.StringComparer.Equals(t.Namespace, ns)
            && (reader.StringComparer.Equals(t.Name, definition.InterfaceName) || reader.StringComparer.Equals(t.Name, definition.EntryClassName)));
    }

    /// <summary>The framework of the assembly's <c>[assembly: TargetFramework(".NETFramework,Version=v4.8")]</c>; null without one.</summary>
    internal static NuGetFramework? ReadTargetFramework(string assemblyPath) => ReadMetadata(assemblyPath, TargetFrameworkOf);

    /// <summary>The framework its <c>TargetFrameworkAttribute</c> names; null without one.</summary>
    internal static NuGetFramework? TargetFrameworkOf(MetadataReader reader)
    {
        string? name = null;
        foreach (var handle in reader.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (IsTargetFrameworkAttribute(reader, attribute))
            {
                var value = reader.GetBlobReader(attribute.Value);
                name = value.ReadUInt16() == 1 ? value.ReadSerializedString() : null; // prolog, then the string argument
                break;
            }
        }

        if (name is null)
        {
            return null;
        }

        var framework = NuGetFramework.ParseFrameworkName(name, DefaultFrameworkNameProvider.Instance);
        return framework.IsUnsupported ? null : framework;
    }

    private static bool IsTargetFrameworkAttribute(MetadataReader reader, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var member = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
        if (member.Parent.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var type = reader.GetTypeReference((TypeReferenceHandle)member.Parent);
        return reader.StringComparer.Equals(type.Name, "TargetFrameworkAttribute") && reader.StringComparer.Equals(type.Namespace, "System.Runtime.Versioning");
    }

    /// <summary>Reads an assembly's metadata without loading it; a file that is no .NET assembly (or is missing: the builder reports that) reads as <c>default</c>.</summary>
    private static T? ReadMetadata<T>(string path, Func<MetadataReader, T> read)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return ReadMetadata(stream, read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return default;
        }
    }

    /// <summary>As above, from a seekable stream (an entry of a XIF copied out of it).</summary>
    internal static T? ReadMetadata<T>(Stream stream, Func<MetadataReader, T> read)
    {
        try
        {
            using var pe = new PEReader(stream, PEStreamOptions.LeaveOpen);
            return pe.HasMetadata ? read(pe.GetMetadataReader()) : default;
        }
        catch (BadImageFormatException)
        {
            return default;
        }
    }
}
