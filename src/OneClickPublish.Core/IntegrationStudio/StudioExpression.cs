namespace OneClickPublish.IntegrationStudio;

/// <summary>The node kinds of an expression tree seen in real files (format page, "Expressions").</summary>
public enum StudioExpressionKind
{
    /// <summary>&lt;Empty&gt;: no value.</summary>
    Empty,
    Integer,
    Boolean,
    Text,

    /// <summary>&lt;UnaryOperation operator="minus"&gt; around a literal: -1.</summary>
    Negated,

    /// <summary>Any other shape; its StringText is kept, its meaning is not understood.</summary>
    Unknown,
}

/// <summary>
/// An &lt;Expression Name StringText&gt; with its parsed tree: a default, a length or a decimals.
/// StringText is the source as typed (texts quoted); the tree's literal holds the value (texts unquoted).
/// </summary>
public sealed class StudioExpression
{
    internal StudioExpression(StudioNode node)
    {
        Node = node;
    }

    public StudioNode Node { get; }

    public string Name => Node["Name"] ?? string.Empty;

    public string StringText => Node["StringText"] ?? string.Empty;

    public StudioNode? Tree => Node.Children.Count == 1 ? Node.Children[0] : null;

    public StudioExpressionKind Kind => KindOf(Tree);

    /// <summary>
    /// The literal's value as our definition writes it: null for Empty (no value), the unquoted text for
    /// Text ("" is an explicit empty text), "true"/"false" for booleans however they were spelled, and
    /// "-1" for a negated literal. Null as well for an Unknown tree: see <see cref="Kind"/>.
    /// </summary>
    public string? LiteralValue => ValueOf(Tree);

    private static StudioExpressionKind KindOf(StudioNode? node) => node?.Name switch
    {
        "Empty" => StudioExpressionKind.Empty,
        "Integer" when node["value"] is not null => StudioExpressionKind.Integer,
        "Boolean" when IsBooleanWord(node["value"]) => StudioExpressionKind.Boolean,
        "Text" when node["value"] is not null => StudioExpressionKind.Text,
        "UnaryOperation" when node["operator"] == "minus" && node.Children.Count == 1
            && KindOf(node.Children[0]) is StudioExpressionKind.Integer => StudioExpressionKind.Negated,
        _ => StudioExpressionKind.Unknown,
    };

    private static string? ValueOf(StudioNode? node) => KindOf(node) switch
    {
        StudioExpressionKind.Integer or StudioExpressionKind.Text => node!["value"],
        StudioExpressionKind.Boolean => node!["value"]!.ToLowerInvariant(),
        StudioExpressionKind.Negated => "-" + node!.Children[0]["value"],
        _ => null,
    };

    private static bool IsBooleanWord(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase);
}
