using System.Globalization;
using OneClickPublish.Definition;

namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// Builds &lt;Expression&gt; elements from our values: the five kinds seen in real files (Empty, Integer,
/// Boolean, Text, a minus around an integer). A default of another type (decimal, date…) was never seen:
/// its node is named after the type (<c>&lt;Decimal value="1.5" Type="rtDecimal"&gt;</c>), a documented guess.
/// </summary>
internal static class StudioExpressions
{
    public static StudioNode Build(string name, string? value, DataType type)
    {
        var expression = new StudioNode("Expression");
        expression["Name"] = name;
        expression["StringText"] = StringText(value, type);
        expression.Children.Add(Tree(value, type));
        return expression;
    }

    /// <summary>The source text as Integration Studio shows it: texts quoted, the rest as typed.</summary>
    public static string StringText(string? value, DataType type) => value is null
        ? string.Empty
        : IsText(type) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : type == DataType.Boolean ? Capitalised(value)
        : value;

    private static StudioNode Tree(string? value, DataType type)
    {
        if (value is null)
        {
            return Node("Empty", "1", null, "rtNone");
        }

        if (IsText(type))
        {
            return Node("Text", "1", value, StudioDataTypes.ToWord(type));
        }

        if (type == DataType.Boolean)
        {
            return Node("Boolean", "1", Capitalised(value), "rtBoolean");
        }

        var word = type == DataType.Unknown ? "rtNone" : StudioDataTypes.ToWord(type);
        var kind = type is DataType.Integer or DataType.LongInteger ? "Integer" : word.Substring(2);
        if (value.StartsWith("-", StringComparison.Ordinal))
        {
            var minus = Node("UnaryOperation", "1", null, word);
            minus["operator"] = "minus";
            minus.Attributes.RemoveAll(a => a.Key == "value");
            minus.Children.Add(Node(kind, "2", value.Substring(1), word));
            return minus;
        }

        return Node(kind, "1", value, word);
    }

    private static StudioNode Node(string kind, string position, string? value, string typeWord)
    {
        var node = new StudioNode(kind);
        node["position"] = position;
        if (value is not null)
        {
            node["value"] = value;
        }

        node["Type"] = typeWord;
        return node;
    }

    private static bool IsText(DataType type) => type is DataType.Text or DataType.PhoneNumber or DataType.Email;

    private static string Capitalised(string value) =>
        value.Length == 0 ? value : char.ToUpper(value[0], CultureInfo.InvariantCulture) + value.Substring(1).ToLowerInvariant();
}
