using System.Text.Json.Serialization;
using OneClickPublish.Definition;

namespace OneClickPublish.Xif;

/// <summary>
/// manifest.json: what a XIF file holds. Every entry of the archive but the manifest itself is
/// listed with its exact size and SHA-256, so that the reader can check every byte. Every
/// property but deployAction is required: a manifest that lacks one is refused, not defaulted.
/// </summary>
public sealed record XifManifest
{
    public required int FormatVersion { get; init; }

    public required string ExtensionName { get; init; }

    public required string ExtensionVersion { get; init; }

    /// <summary>Sorted by path, ordinally; the definition first.</summary>
    public required IReadOnlyList<XifManifestEntry> Entries { get; init; }
}

/// <summary>One file of a XIF file as the manifest records it.</summary>
public sealed record XifManifestEntry
{
    /// <summary>The entry's path in the archive: relative, forward slashes.</summary>
    public required string Path { get; init; }

    /// <summary>Uncompressed size in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>SHA-256 of the uncompressed content, 64 lower-case hex digits.</summary>
    public required string Sha256 { get; init; }

    public required XifEntryKind Kind { get; init; }

    /// <summary>How the server deploys the entry (resources carry the definition's deploy action); null when not applicable.</summary>
    public DeployAction? DeployAction { get; init; }
}

/// <summary>
/// Source-generated (trim- and AOT-safe) JSON for the manifest. The output is fixed: camelCase,
/// enums as names, indented with two spaces and '\n' on every OS, nulls left out.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    IndentSize = 2,
    NewLine = "\n",
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    MaxDepth = 8)]
[JsonSerializable(typeof(XifManifest))]
internal sealed partial class XifManifestJsonContext : JsonSerializerContext;
