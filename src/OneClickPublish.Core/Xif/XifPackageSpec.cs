using System.IO.Compression;
using OneClickPublish.Definition;

namespace OneClickPublish.Xif;

/// <summary>What SaveXif packs: the extension's identity, its definition file and every other file with its place in the archive.</summary>
public sealed record XifPackageSpec
{
    public required string ExtensionName { get; init; }

    /// <summary>The definition's version text (SemVer 2.0).</summary>
    public required string ExtensionVersion { get; init; }

    /// <summary>The definition file on disk; it is stored as <see cref="XifFormat.DefinitionEntryPath"/> whatever its name.</summary>
    public required string DefinitionPath { get; init; }

    /// <summary>Sources, binaries and resources. Order does not matter: the archive is sorted.</summary>
    public IReadOnlyList<XifSourceEntry> Entries { get; init; } = [];

    public CompressionLevel CompressionLevel { get; init; } = CompressionLevel.Optimal;

    /// <summary>The reader's caps, checked before writing so that SaveXif fails early instead of the server refusing the upload.</summary>
    public XifLimits Limits { get; init; } = XifLimits.Default;
}

/// <summary>One file to pack: where it is on disk, where it goes in the archive, what it is and how the server deploys it.</summary>
public sealed record XifSourceEntry(string SourcePath, string EntryPath, XifEntryKind Kind, DeployAction? DeployAction = null);
