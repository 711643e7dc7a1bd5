using OneClickPublish.Diagnostics;

namespace OneClickPublish.Definition;

/// <summary>What every named element of a definition has: a name, an optional stable key, a description and where it was read from.</summary>
public abstract class DefinitionElement
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Opaque stable identity; lets UpdateSource and the compatibility check follow a rename.</summary>
    public string? Key { get; set; }

    public string? Description { get; set; }

    public SourceLocation Location { get; set; } = SourceLocation.None;

    /// <summary>Where the Name attribute was read; <see cref="SourceLocation.None"/> when unknown (use <see cref="Location"/>).</summary>
    public SourceLocation NameLocation { get; set; } = SourceLocation.None;

    /// <summary>The element's kind as users read it in a path: Action, Input, Structure…</summary>
    public abstract string Kind { get; }

    public override string ToString() => $"{Kind} {Name}";
}
