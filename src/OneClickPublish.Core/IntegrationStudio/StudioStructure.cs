namespace OneClickPublish.IntegrationStudio;

/// <summary>A structure and its attributes, in file order.</summary>
public sealed class StudioStructure
{
    internal StudioStructure(StudioNode node)
    {
        Node = node;
        Attributes = node.ChildrenNamed("Attribute").Select(n => new StudioAttribute(n, this)).ToList();
    }

    public StudioNode Node { get; }

    public string? Key => Node["Key"];

    public string Name => Node["Name"] ?? string.Empty;

    public string? Description => Node["Description"];

    public IReadOnlyList<StudioAttribute> Attributes { get; }

    public override string ToString() => $"Structure {Name}";
}

/// <summary>An attribute of a structure: typed like a parameter, plus Length and Decimals (each with its expression).</summary>
public sealed class StudioAttribute : StudioTypedElement
{
    internal StudioAttribute(StudioNode node, StudioStructure structure)
        : base(node)
    {
        Structure = structure;
    }

    public StudioStructure Structure { get; }

    public string? Length => Node["Length"];

    public string? Decimals => Node["Decimals"];

    public StudioExpression? Default => Expression("DefaultValue");

    public override string DefaultAttributeName => "DefaultValue";

    public override string ToString() => $"{Structure} \u203A Attribute {Name}";
}
