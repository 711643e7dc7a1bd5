namespace OneClickPublish.IntegrationStudio;

/// <summary>What parameters and structure attributes share: a name, a key, a type, a record type and expressions.</summary>
public abstract class StudioTypedElement
{
    private protected StudioTypedElement(StudioNode node)
    {
        Node = node;
    }

    public StudioNode Node { get; }

    public string? Key => Node["Key"];

    public string Name => Node["Name"] ?? string.Empty;

    public string? Description => Node["Description"];

    /// <summary>rtText, rtInteger… exactly as written.</summary>
    public string Type => Node["Type"] ?? string.Empty;

    /// <summary>Absent on outputs (Integration Studio writes no IsMandatory there).</summary>
    public bool IsMandatory => StudioFlags.IsYes(Node["IsMandatory"]);

    /// <summary>The key of the structure or entity of a Record or Record List, without the trailing comma; null when none.</summary>
    public string? RecordTypeKey => StudioKeys.RecordTypeKey(Node["RecordType"]);

    /// <summary>Default for parameters, DefaultValue for attributes: the plain attribute beside the expression.</summary>
    public abstract string DefaultAttributeName { get; }

    public IEnumerable<StudioExpression> Expressions => Node.ChildrenNamed("Expression").Select(n => new StudioExpression(n));

    /// <summary>The element's path as users read it: <c>Action Distance › Input From</c>.</summary>
    public abstract override string ToString();

    public StudioExpression? Expression(string name) =>
        Node.ChildrenNamed("Expression").Where(n => n["Name"] == name).Select(n => new StudioExpression(n)).FirstOrDefault();
}
