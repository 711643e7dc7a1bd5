namespace OneClickPublish.Xif;

/// <summary>What an entry of a XIF file is; the server deploys each kind differently.</summary>
public enum XifEntryKind
{
    /// <summary>The extension definition (exactly one, at <see cref="XifFormat.DefinitionEntryPath"/>).</summary>
    Definition,

    /// <summary>A source file of the extension project, kept so the extension can be rebuilt and merged.</summary>
    Source,

    /// <summary>A built assembly or another file of the dependency closure.</summary>
    Binary,

    /// <summary>A resource declared in the definition, deployed by its deploy action.</summary>
    Resource,
}
