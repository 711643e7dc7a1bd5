using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Xif;

namespace OneClickPublish.Server.Publishing;

/// <summary>The extension name and (normalized) version a XIF's manifest declares.</summary>
internal sealed record XifIdentity(string Name, string Version);

/// <summary>A file of a XIF as its manifest lists it; <see cref="Path"/> is the entry name, relative with '/'.</summary>
internal sealed record XifFile(string Path, string Sha256, long Size, bool Deploy);

/// <summary>
/// A XIF that passed every check, kept open so that its entries can be streamed into the blob
/// store, each checked again against the manifest while it is copied.
/// </summary>
internal interface IInspectedXif : IDisposable
{
    XifIdentity Identity { get; }

    ExtensionDefinition Definition { get; }

    string DefinitionXml { get; }

    IReadOnlyList<XifFile> Files { get; }

    /// <summary>Copies one file into <paramref name="destination"/>; false (with a diagnostic) when its bytes no longer match the manifest.</summary>
    bool CopyTo(XifFile file, Stream destination, DiagnosticBag diagnostics);
}

/// <summary>
/// Everything the server needs from the XIF format and the definition rules, in one place, so the
/// server follows the client's reader and verifier exactly (the same checks, the same codes).
/// </summary>
internal interface IXifInspector
{
    /// <summary>Reads only the manifest, to learn name and version before accepting a publish; null (with errors) when it cannot.</summary>
    XifIdentity? ReadIdentity(string xifPath, XifLimits limits, DiagnosticBag diagnostics);

    /// <summary>The full check: entry names, duplicates, caps, every byte against the manifest, and the definition read and verified.</summary>
    IInspectedXif? Inspect(string xifPath, XifLimits limits, DiagnosticBag diagnostics);

    /// <summary>Reads a definition stored with an earlier version (for the compatibility check).</summary>
    ExtensionDefinition? ReadDefinition(string xml, DiagnosticBag diagnostics);
}
