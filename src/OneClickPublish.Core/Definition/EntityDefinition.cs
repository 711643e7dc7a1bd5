namespace OneClickPublish.Definition;

public sealed class EntityDefinition : DefinitionElement
{
    public override string Kind => "Entity";

    public string? TableName { get; set; }

    public List<AttributeDefinition> Attributes { get; } = [];
}
