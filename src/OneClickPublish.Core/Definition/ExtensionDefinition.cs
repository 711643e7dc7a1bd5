using NuGet.Versioning;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Definition;

/// <summary>The whole extension definition (extension.xml).</summary>
public sealed class ExtensionDefinition : DefinitionElement
{
    public override string Kind => "Extension";

    /// <summary>The version exactly as written; <see cref="Version"/> is null when it is not SemVer 2.0.</summary>
    public string VersionText { get; set; } = string.Empty;

    public NuGetVersion? Version { get; set; }

    public SourceLocation VersionLocation { get; set; } = SourceLocation.None;

    public string? Namespace { get; set; }

    public SourceLocation NamespaceLocation { get; set; } = SourceLocation.None;

    /// <summary>The path the definition was read from, as given to the reader.</summary>
    public string? FilePath { get; set; }

    public List<ActionDefinition> Actions { get; } = [];

    public List<StructureDefinition> Structures { get; } = [];

    public List<EntityDefinition> Entities { get; } = [];

    public List<ResourceDefinition> Resources { get; } = [];

    /// <summary>The namespace for generated code: the declared one, else the extension's name.</summary>
    public string EffectiveNamespace => string.IsNullOrWhiteSpace(Namespace) ? Name : Namespace!;

    /// <summary>The interface the generated code declares and the implementation class implements.</summary>
    public string InterfaceName => $"I{Name}";

    /// <summary>The user's entry class, the one the Compile check looks for.</summary>
    public string EntryClassName => $"{Name}Actions";

    /// <summary>Structures and entities by name (case-insensitive), for resolving Record Types.</summary>
    public DefinitionElement? FindRecordType(string name) =>
        (DefinitionElement?)Structures.Find(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? Entities.Find(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}
