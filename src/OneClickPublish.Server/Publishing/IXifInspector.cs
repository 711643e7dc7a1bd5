using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Server.Publishing;

/// <summary>The extension name and version a XIF's manifest declares.</summary>
internal sealed record XifIdentity(string Name, string Version);

/// <summary>A file of a XIF as its manifest lists it; <see cref="Path"/> is the entry name, relative with '/'.</summary>
internal sealed record XifFile(string Path, string Sha256, long Size, string Kind, bool Deploy);

/// <summary>A XIF that passed every check: its identity, its verified definition and its files.</summary>
internal sealed record XifContent(XifIdentity Identity, ExtensionDefinition Definition, string DefinitionXml, IReadOnlyList<XifFile> Files);

/// <summary>
/// Everything the server needs from the XIF format and the definition rules, in one place, so the
/// server follows the client's reader and verifier exactly (the same checks, the same codes).
/// </summary>
internal interface IXifInspector
{
    /// <summary>Reads only the manifest, to learn name and version before accepting a publish; null (with errors) when it cannot.</summary>
    XifIdentity? ReadIdentity(string xifPath, XifLimits limits, DiagnosticBag diagnostics);

    /// <summary>The full check: entry names, duplicates, caps, every byte against the manifest, and the definition read and verified.</summary>
    XifContent? Inspect(string xifPath, XifLimits limits, DiagnosticBag diagnostics);

    /// <summary>Reads a definition stored with an earlier version (for the compatibility check).</summary>
    ExtensionDefinition? ReadDefinition(string xml, DiagnosticBag diagnostics);
}
