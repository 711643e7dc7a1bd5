namespace OneClickPublish.Definition;

public enum ParameterDirection
{
    Input,
    Output,
}

public sealed class ParameterDefinition : TypedElement
{
    public override string Kind => Direction == ParameterDirection.Input ? "Input" : "Output";

    public ParameterDirection Direction { get; set; }
}
