using OneClickPublish.Diagnostics;

namespace OneClickPublish.Definition;

public sealed class EntityDefinition : DefinitionElement
{
    public override string Kind => "Entity";

    public string? TableName { get; set; }

    public SourceLocation TableNameLocation { get; set; } = SourceLocation.None;

    public List<AttributeDefinition> Attributes { get; } = [];
}
