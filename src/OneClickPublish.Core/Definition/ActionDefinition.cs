using OneClickPublish.Diagnostics;

namespace OneClickPublish.Definition;

public sealed class ActionDefinition : DefinitionElement
{
    public override string Kind => "Action";

    /// <summary>A function action can be used in expressions; it has exactly one output.</summary>
    public bool IsFunction { get; set; }

    public string? Icon { get; set; }

    public SourceLocation IconLocation { get; set; } = SourceLocation.None;

    /// <summary>Inputs and outputs in declaration order; the generated signature follows it.</summary>
    public List<ParameterDefinition> Parameters { get; } = [];

    public IEnumerable<ParameterDefinition> Inputs => Parameters.Where(static p => p.Direction == ParameterDirection.Input);

    public IEnumerable<ParameterDefinition> Outputs => Parameters.Where(static p => p.Direction == ParameterDirection.Output);
}
