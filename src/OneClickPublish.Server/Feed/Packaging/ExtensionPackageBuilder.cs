using System.Runtime.Versioning;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Versioning;
using OneClickPublish.Definition;
using OneClickPublish.Server.Storage;
using OneClickPublish.Xif;

namespace OneClickPublish.Server.Feed.Packaging;

/// <summary>What a version's package is made of: its identity, its definition and the files it was published with.</summary>
internal sealed record PackageSource(
    string PackageId,
    string Version,
    ExtensionDefinition Definition,
    string DefinitionXml,
    IReadOnlyList<VersionFileRecord> Files);

/// <summary>
/// Writes the NuGet package of a published version with NuGet's own <see cref="PackageBuilder"/>
/// (docs/feed.md, "What is in a package"): <c>lib/&lt;tfm&gt;/</c> with the assemblies the XIF ships for each
/// framework and the extension assembly's XML documentation made from the definition, the definition as
/// <c>extension.xml</c>, a README.md listing the actions, and a nuspec whose id and version are the
/// extension's. The same version's files give the same bytes (<see cref="DeterministicZip"/>).
/// </summary>
internal sealed class ExtensionPackageBuilder(BlobStore blobs)
{
    public const string ReadmeFileName = "README.md";
    public static readonly IReadOnlyList<string> Tags = ["oneclickpublish", "extension"];

    /// <summary>Writes the package into <paramref name="destination"/> (a new file); throws <see cref="FileNotFoundException"/> when a stored file is missing.</summary>
    public void Build(PackageSource source, string destination)
    {
        // Every file the package may take must still be there, before anything is read or written.
        foreach (var file in source.Files.Where(static f => f.Path.StartsWith("bin/", StringComparison.Ordinal) || f.Path == XifFormat.DefinitionEntryPath))
        {
            RequireBlob(file);
        }

        var builder = new PackageBuilder(deterministic: true)
        {
            Id = source.PackageId,
            Version = NuGetVersion.Parse(source.Version),
            Title = source.PackageId,
            Description = DescriptionOf(source.Definition),
            Readme = ReadmeFileName,
        };
        builder.Authors.Add(source.PackageId);
        builder.Tags.AddRange(Tags);

        var definitionFile = source.Files.FirstOrDefault(static f => f.Path == XifFormat.DefinitionEntryPath);
        builder.Files.Add(definitionFile is null
            ? new BytesFile(XifFormat.DefinitionEntryPath, System.Text.Encoding.UTF8.GetBytes(source.DefinitionXml))
            : new BlobFile(XifFormat.DefinitionEntryPath, RequireBlob(definitionFile)));
        builder.Files.Add(new BytesFile(ReadmeFileName, PackageReadme.Create(source.Definition, source.PackageId, source.Version)));

        foreach (var group in PackageLayout.Plan(source.Definition, source.Files, blobs.PathOf))
        {
            if (group.Framework is { } framework)
            {
                // No dependencies: the XIF ships every assembly the extension needs. The empty group names the framework.
                builder.DependencyGroups.Add(new PackageDependencyGroup(framework, []));
            }

            foreach (var file in group.Files)
            {
                builder.Files.Add(new BlobFile(group.LibFolder + Path.GetFileName(file.Path), RequireBlob(file)));
            }

            if (group.ExtensionAssembly is { } assembly)
            {
                builder.Files.Add(new BytesFile($"{group.LibFolder}{assembly}.xml", DocumentationFile.Create(source.Definition, assembly)));
            }
        }

        var raw = destination + ".raw";
        try
        {
            using (var stream = new FileStream(raw, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                builder.Save(stream);
            }

            using var input = new FileStream(raw, FileMode.Open, FileAccess.Read, FileShare.None);
            using var output = new FileStream(destination, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            DeterministicZip.Normalize(input, output);
            output.Flush(flushToDisk: true);
        }
        finally
        {
            File.Delete(raw);
        }
    }

    /// <summary>The package's description: the definition's, or one line naming the extension (NuGet requires one).</summary>
    public static string DescriptionOf(ExtensionDefinition definition) =>
        definition.Description is { Length: > 0 } description ? description.Trim() : $"The extension {definition.Name}, published with OneClickPublish.";

    private string RequireBlob(VersionFileRecord file)
    {
        var path = blobs.PathOf(file.Sha256);
        return File.Exists(path) ? path : throw new FileNotFoundException($"the file '{file.Path}' (blob {file.Sha256}) is missing from the blob store", path);
    }

    /// <summary>A file of the package held in memory (the generated documentation, the readme).</summary>
    private sealed class BytesFile(string path, byte[] content) : IPackageFile
    {
        public string Path => path;

        public string EffectivePath => path;

        public FrameworkName? TargetFramework => null;

        public NuGetFramework NuGetFramework => NuGetFramework.AnyFramework;

        public DateTimeOffset LastWriteTime => XifFormat.EntryTimestamp;

        public Stream GetStream() => new MemoryStream(content, writable: false);
    }

    /// <summary>A file of the package read from the blob store as it is written (never held in memory whole).</summary>
    private sealed class BlobFile(string path, string blobPath) : IPackageFile
    {
        public string Path => path;

        public string EffectivePath => path;

        public FrameworkName? TargetFramework => null;

        public NuGetFramework NuGetFramework => NuGetFramework.AnyFramework;

        public DateTimeOffset LastWriteTime => XifFormat.EntryTimestamp;

        public Stream GetStream() => new FileStream(blobPath, FileMode.Open, FileAccess.Read, FileShare.Read);
    }
}
