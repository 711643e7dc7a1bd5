using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OneClickPublish.Definition;
using OneClickPublish.Tests;
using OneClickPublish.Xif;

namespace OneClickPublish.Tests.Xif;

/// <summary>Builds packages with the writer and hand-crafted (hostile) archives with System.IO.Compression.</summary>
internal static class XifTestFiles
{
    public const string DefinitionXml = """
        <?xml version="1.0" encoding="utf-8"?>
        <Extension xmlns="urn:oneclickpublish:extension:v1" Name="Hello" Version="1.2.3" />
        """;

    /// <summary>A small extension project on disk and the spec that packs it.</summary>
    public static XifPackageSpec CreateProject(TempDirectory dir, string folder = "project")
    {
        var random = new Random(42);
        var binary = new byte[300_000];
        random.NextBytes(binary);
        var definition = dir.WriteFile($"{folder}/extension.xml", DefinitionXml);
        var source = dir.WriteFile($"{folder}/HelloActions.cs", "public partial class HelloActions { }\n");
        var dll = dir.WriteFile($"{folder}/bin/Hello.dll", binary);
        var logo = dir.WriteFile($"{folder}/images/logo.svg", new string('x', 5000));
        return new XifPackageSpec
        {
            ExtensionName = "Hello",
            ExtensionVersion = "1.2.3",
            DefinitionPath = definition,
            CompressionLevel = CompressionLevel.Optimal,
            Entries =
            [
                new XifSourceEntry(logo, "resources/images/logo.svg", XifEntryKind.Resource, DeployAction.Images),
                new XifSourceEntry(source, "src/HelloActions.cs", XifEntryKind.Source),
                new XifSourceEntry(dll, "bin/Hello.dll", XifEntryKind.Binary, DeployAction.Binaries),
            ],
        };
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static XifManifestEntry ManifestEntry(string path, byte[] content, XifEntryKind kind = XifEntryKind.Binary) => new()
    {
        Path = path,
        Size = content.Length,
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
        Kind = kind,
    };

    /// <summary>
    /// A XIF-shaped archive written by hand: the given entries, plus the definition, plus a manifest
    /// that lists them truthfully unless <paramref name="manifestEntries"/> says otherwise.
    /// </summary>
    public static byte[] BuildArchive(
        IEnumerable<(string Name, byte[] Content)> entries,
        IEnumerable<XifManifestEntry>? manifestEntries = null,
        int formatVersion = 1,
        bool includeManifest = true,
        CompressionLevel level = CompressionLevel.Optimal)
    {
        var definition = Utf8(DefinitionXml);
        var all = new List<(string Name, byte[] Content)> { (XifFormat.DefinitionEntryPath, definition) };
        all.AddRange(entries);
        var listed = manifestEntries?.ToList()
            ?? all.Select(e => ManifestEntry(e.Name, e.Content, e.Name == XifFormat.DefinitionEntryPath ? XifEntryKind.Definition : XifEntryKind.Binary)).ToList();
        if (manifestEntries is not null && !listed.Exists(e => e.Path == XifFormat.DefinitionEntryPath))
        {
            listed.Insert(0, ManifestEntry(XifFormat.DefinitionEntryPath, definition, XifEntryKind.Definition));
        }

        var manifest = new XifManifest { FormatVersion = formatVersion, ExtensionName = "Hello", ExtensionVersion = "1.2.3", Entries = listed };
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (includeManifest)
            {
                using var stream = zip.CreateEntry(XifFormat.ManifestEntryPath).Open();
                JsonSerializer.Serialize(stream, manifest, XifManifestJsonContext.Default.XifManifest);
            }

            foreach (var (name, content) in all)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
