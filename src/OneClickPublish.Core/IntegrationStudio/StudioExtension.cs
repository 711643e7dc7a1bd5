namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// An Integration Studio extension as its .xif holds it: typed views over the root <see cref="StudioNode"/>.
/// The views are built once from the nodes; the nodes stay the whole truth (see the format page,
/// docs/import-export.md).
/// </summary>
public sealed class StudioExtension
{
    internal StudioExtension(StudioNode root)
    {
        Root = root;
        Resources = Section("Resources").ChildrenNamed("Resource").Select(n => new StudioResource(n)).ToList();
        Actions = Section("Actions").ChildrenNamed("Action").Select(n => new StudioAction(n)).ToList();
        Structures = Section("Structures").ChildrenNamed("Structure").Select(n => new StudioStructure(n)).ToList();
        Entities = Section("Entities").ChildrenNamed("Entity").ToList();
        Technologies = Section("Technologies").ChildrenNamed("Technology").ToList();
    }

    /// <summary>The five sections under the root, always present and in this order in files Integration Studio writes.</summary>
    public static IReadOnlyList<string> SectionNames { get; } = ["Resources", "Actions", "Structures", "Entities", "Technologies"];

    public StudioNode Root { get; }

    public string Name => Root["Name"] ?? string.Empty;

    public string? Key => Root["Key"];

    /// <summary>The extension's GUID, upper case with dashes.</summary>
    public string? CodeKey => Root["CodeKey"];

    public string? Description => Root["Description"];

    /// <summary>The version of Integration Studio that saved the file (four parts), not the extension's version.</summary>
    public string? StudioVersion => Root["Version"];

    public IReadOnlyList<StudioResource> Resources { get; }

    public IReadOnlyList<StudioAction> Actions { get; }

    public IReadOnlyList<StudioStructure> Structures { get; }

    /// <summary>Entities, kept as nodes: their element and attribute names were never seen in a public file.</summary>
    public IReadOnlyList<StudioNode> Entities { get; }

    public IReadOnlyList<StudioNode> Technologies { get; }

    /// <summary>The name Integration Studio compiles the extension's code to: OutSystems.Nss&lt;Name&gt;.</summary>
    public string AssemblyName => $"OutSystems.Nss{Name}";

    private StudioNode Section(string name) => Root.Child(name) ?? new StudioNode(name);
}
