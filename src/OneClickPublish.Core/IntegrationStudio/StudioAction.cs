namespace OneClickPublish.IntegrationStudio;

/// <summary>An action: its attributes, the C# body Integration Studio generated for imported .NET methods, and its parameters in declared order.</summary>
public sealed class StudioAction
{
    internal StudioAction(StudioNode node)
    {
        Node = node;
        Parameters = (node.Child("Variables")?.Children ?? [])
            .Where(StudioParameter.IsParameter)
            .Select(n => new StudioParameter(n, this))
            .ToList();
    }

    public StudioNode Node { get; }

    public string? Key => Node["Key"];

    public string Name => Node["Name"] ?? string.Empty;

    public string? Description => Node["Description"];

    public bool IsFunction => StudioFlags.IsYes(Node["IsFunction"]);

    /// <summary>The key of the icon's resource; null when the action has none.</summary>
    public string? IconKey => string.IsNullOrEmpty(Node["Icon"]) ? null : Node["Icon"];

    /// <summary>The C# call generated for an action imported from a .NET assembly; empty for hand-defined actions.</summary>
    public string? Body => Node.Child("Body")?.Text;

    /// <summary>The .NET method an imported action calls (Kind="Method"); null for hand-defined actions.</summary>
    public StudioNode? AssemblyObject => Node.Child("AssemblyObject");

    /// <summary>InputParameter and OutputParameter in declared order, interleaved as the file gives them.</summary>
    public IReadOnlyList<StudioParameter> Parameters { get; }

    public override string ToString() => $"Action {Name}";
}

/// <summary>An InputParameter or OutputParameter of an action.</summary>
public sealed class StudioParameter : StudioTypedElement
{
    internal StudioParameter(StudioNode node, StudioAction action)
        : base(node)
    {
        Action = action;
    }

    public StudioAction Action { get; }

    public bool IsInput => Node.Name == "InputParameter";

    /// <summary>The Default expression; Integration Studio writes an empty one on outputs too.</summary>
    public StudioExpression? Default => Expression("Default");

    public override string DefaultAttributeName => "Default";

    public override string ToString() => $"{Action} \u203A {(IsInput ? "Input" : "Output")} {Name}";

    internal static bool IsParameter(StudioNode node) => node.Name is "InputParameter" or "OutputParameter";
}
