using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OneClickPublish.Tests;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// Builds XIF files with System.IO.Compression in the format of docs/xif-format.md, honest or
/// hostile (Core's XifWriter only writes honest ones; one test checks that its output publishes).
/// </summary>
internal sealed class TestXif
{
    private readonly List<(string Name, byte[] Content, bool Listed, string? ListedSha, long? ListedSize, string? DeployAction)> _entries = [];
    private readonly List<Action<byte[]>> _patches = [];

    public TestXif(string name, string version, string? definitionXml = null)
        : this(name, version, Encoding.UTF8.GetBytes(definitionXml ?? Definitions.Simple(name, version)))
    {
    }

    /// <summary>A XIF whose extension.xml is exactly <paramref name="definition"/> (for bytes that are not valid text).</summary>
    public TestXif(string name, string version, byte[] definition)
    {
        Name = name;
        Version = version;
        Add("extension.xml", definition, deployAction: null);
    }

    public string Name { get; }

    public string Version { get; }

    public string? ManifestName { get; set; }

    public string? ManifestVersion { get; set; }

    public CompressionLevel Compression { get; set; } = CompressionLevel.Optimal;

    public TestXif Add(string path, byte[] content, string? deployAction = "Binaries")
    {
        _entries.Add((path, content, true, null, null, deployAction));
        return this;
    }

    public TestXif Add(string path, string content) => Add(path, Encoding.UTF8.GetBytes(content));

    /// <summary>An entry in the archive that the manifest does not list.</summary>
    public TestXif AddUnlisted(string path, byte[] content)
    {
        _entries.Add((path, content, false, null, null, "Binaries"));
        return this;
    }

    /// <summary>An entry whose manifest line lies about its hash.</summary>
    public TestXif AddWithWrongHash(string path, byte[] content)
    {
        _entries.Add((path, content, true, new string('a', 64), content.Length, "Binaries"));
        return this;
    }

    /// <summary>
    /// An entry whose headers and manifest line claim only its first <paramref name="claimed"/> bytes
    /// (size, CRC-32 and SHA-256 of that prefix) while its deflate data holds all of <paramref name="content"/>.
    /// </summary>
    public TestXif AddClaimingPrefix(string path, byte[] content, int claimed)
    {
        _entries.Add((path, content, true, Convert.ToHexStringLower(SHA256.HashData(content.AsSpan(0, claimed))), claimed, "Binaries"));
        var crc = ZipSurgery.Crc32Of(content[..claimed]);
        return Patch(zip =>
        {
            ZipSurgery.SetUncompressedSize(zip, path, (uint)claimed);
            ZipSurgery.SetCrc(zip, path, crc);
        });
    }

    /// <summary>Changes the built archive's bytes (see <see cref="ZipSurgery"/>), after every entry is written.</summary>
    public TestXif Patch(Action<byte[]> patch)
    {
        _patches.Add(patch);
        return this;
    }

    public byte[] Build()
    {
        var bytes = BuildArchive();
        foreach (var patch in _patches)
        {
            patch(bytes);
        }

        return bytes;
    }

    private byte[] BuildArchive()
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var manifest = new
            {
                formatVersion = 1,
                extensionName = ManifestName ?? Name,
                extensionVersion = ManifestVersion ?? Version,
                entries = _entries.Where(static e => e.Listed).Select(static e => new
                {
                    path = e.Name,
                    size = e.ListedSize ?? e.Content.Length,
                    sha256 = e.ListedSha ?? Convert.ToHexStringLower(SHA256.HashData(e.Content)),
                    kind = e.Name == "extension.xml" ? "Definition" : e.DeployAction is "Binaries" ? "Binary" : "Resource",
                    deployAction = e.DeployAction,
                }).ToList(),
            };
            Write(archive, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest));
            foreach (var entry in _entries)
            {
                Write(archive, entry.Name, entry.Content);
            }
        }

        return buffer.ToArray();
    }

    private void Write(ZipArchive archive, string name, byte[] content)
    {
        var entry = archive.CreateEntry(name, Compression);
        entry.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var stream = entry.Open();
        stream.Write(content);
    }
}

/// <summary>Extension definitions in the format of samples/HelloExtension/extension.xml.</summary>
internal static class Definitions
{
    public static string Simple(string name, string version, string? actions = null, string? structures = null) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <Extension xmlns="urn:oneclickpublish:extension:v1" Name="{name}" Version="{version}" Namespace="{name}" Description="A test extension.">
          <Actions>
        {actions ?? DefaultActions}
          </Actions>
          <Structures>
        {structures ?? DefaultStructures}
          </Structures>
        </Extension>
        """;

    public const string DefaultActions = """
            <Action Name="SayHello" Key="act-sayhello" Description="Greets.">
              <Input Name="PersonName" DataType="Text" Mandatory="true" Description="Who." />
              <Input Name="Times" DataType="Integer" Description="How often." />
              <Output Name="Greeting" DataType="Text" Description="The greeting." />
            </Action>
        """;

    public const string DefaultStructures = """
            <Structure Name="Person" Key="str-person" Description="A person.">
              <Attribute Name="Name" DataType="Text" Mandatory="true" Length="100" Description="Full name." />
            </Structure>
        """;
}
