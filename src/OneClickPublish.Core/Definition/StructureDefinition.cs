namespace OneClickPublish.Definition;

public sealed class StructureDefinition : DefinitionElement
{
    public override string Kind => "Structure";

    public List<AttributeDefinition> Attributes { get; } = [];
}
