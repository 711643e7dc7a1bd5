using System.Text;

namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// Writes a <see cref="StudioNode"/> tree as Integration Studio writes its XML (the format page,
/// "Serialization conventions"): UTF-8 with a BOM, CRLF, two-space indents, every known attribute in its
/// fixed order (then any other one as read), <c>&amp;quot; &amp;amp; &amp;lt;</c> and <c>&amp;#xD;&amp;#xA;</c>
/// in values, childless containers self-closed with a space before <c>/&gt;</c>, Body, JavaBody, Data and
/// literals always with an end tag, expressions on one line, each resource's base64 on one line.
/// </summary>
internal sealed class StudioXmlWriter
{
    private static readonly Dictionary<string, string[]> AttributeOrder = new(StringComparer.Ordinal)
    {
        ["Extension"] = ["Key", "CodeKey", "Name", "ApplicationServerType", "Database", "System", "Valid", "Description", "LastUpgradeVersion", "ActivationCode", "ProductId", "ProductName", "IsOpenSourceProduct", "Generation", "Hash", "Version", "LastModifiedUTC", "DirectUpgradeFrom"],
        ["Resource"] = ["Key", "Filename", "Description", "ImportDetails", "CompileAction", "LastModified", "Path", "CodeReference"],
        ["Reference"] = ["Key", "Name"],
        ["Action"] = ["Key", "Name", "Description", "ImportDetails", "IsFunction", "Icon"],
        ["InputParameter"] = ["Key", "Name", "Description", "IsMandatory", "Type", "Default", "RecordType"],
        ["OutputParameter"] = ["Key", "Name", "Description", "Type", "Default", "RecordType"],
        ["Expression"] = ["Name", "StringText"],
        ["Structure"] = ["Key", "Name", "Description", "ImportDetails"],
        ["Attribute"] = ["Key", "Name", "Description", "IsMandatory", "Type", "DefaultValue", "Decimals", "Length", "RecordType"],
        ["Technology"] = ["PluginKey", "PluginVersion", "Key", "Name", "Description"],
        ["Method"] = ["Name", "DeclaringTypeName", "ClassName", "ReturnTypeName", "IsStatic"],
        ["Parameter"] = ["Name", "IsByRef", "IsOut", "ParameterType", "ParameterIsMandatory"],
        ["Empty"] = ["position", "Type"],
        ["Integer"] = ["position", "value", "Type"],
        ["Boolean"] = ["position", "value", "Type"],
        ["Text"] = ["position", "value", "Type"],
        ["UnaryOperation"] = ["position", "operator", "Type"],
    };

    private static readonly HashSet<string> AlwaysEndTag = new(StringComparer.Ordinal) { "Body", "JavaBody", "Data", "Integer", "Boolean", "Text" };

    private readonly TextWriter _out;
    private readonly Func<StudioNode, Stream?> _openData;

    private StudioXmlWriter(TextWriter output, Func<StudioNode, Stream?> openData)
    {
        _out = output;
        _openData = openData;
    }

    /// <summary>Writes the document; <paramref name="openData"/> gives the bytes of a resource (its node), or null for none.</summary>
    public static void Write(Stream output, StudioNode root, Func<StudioNode, Stream?> openData)
    {
        using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        text.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n");
        new StudioXmlWriter(text, openData).Element(root, parent: null, depth: 0, inline: false);

        // No line end after the root's end tag.
    }

    private void Element(StudioNode node, StudioNode? parent, int depth, bool inline)
    {
        if (!inline)
        {
            _out.Write(new string(' ', depth * 2));
        }

        _out.Write('<');
        _out.Write(node.Name);
        foreach (var pair in Ordered(node))
        {
            _out.Write(' ');
            _out.Write(pair.Key);
            _out.Write("=\"");
            _out.Write(EscapeAttribute(pair.Value));
            _out.Write('"');
        }

        if (node.Name == "Data" && parent?.Name == "Resource")
        {
            _out.Write('>');
            WriteBase64(parent);
            _out.Write("</Data>");
        }
        else if (node.Children.Count == 0)
        {
            if (node.Text is { Length: > 0 } text)
            {
                _out.Write('>');
                _out.Write(EscapeText(text));
                _out.Write("</");
                _out.Write(node.Name);
                _out.Write('>');
            }
            else if (AlwaysEndTag.Contains(node.Name))
            {
                _out.Write("></");
                _out.Write(node.Name);
                _out.Write('>');
            }
            else
            {
                _out.Write(" />");
            }
        }
        else if (inline || node.Name == "Expression")
        {
            // Expressions are written on one line, their tree inside: <Expression …><Empty … /></Expression>.
            _out.Write('>');
            foreach (var child in node.Children)
            {
                Element(child, node, depth + 1, inline: true);
            }

            _out.Write("</");
            _out.Write(node.Name);
            _out.Write('>');
        }
        else
        {
            _out.Write('>');
            foreach (var child in node.Children)
            {
                _out.Write("\r\n");
                Element(child, node, depth + 1, inline: false);
            }

            _out.Write("\r\n");
            _out.Write(new string(' ', depth * 2));
            _out.Write("</");
            _out.Write(node.Name);
            _out.Write('>');
        }
    }

    private void WriteBase64(StudioNode resource)
    {
        using var data = _openData(resource);
        if (data is null)
        {
            return;
        }

        // Whole groups of three bytes per block, so the blocks' base64 joins into one line without padding inside.
        var buffer = new byte[3 * 16 * 1024];
        int filled;
        while ((filled = Fill(data, buffer)) > 0)
        {
            _out.Write(Convert.ToBase64String(buffer, 0, filled));
        }
    }

    private static int Fill(Stream data, byte[] buffer)
    {
        var total = 0;
        int n;
        while (total < buffer.Length && (n = data.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += n;
        }

        return total;
    }

    private static IEnumerable<KeyValuePair<string, string>> Ordered(StudioNode node)
    {
        if (!AttributeOrder.TryGetValue(node.Name, out var order))
        {
            return node.Attributes;
        }

        var known = order.Select(name => node[name] is { } value ? new KeyValuePair<string, string>(name, value) : (KeyValuePair<string, string>?)null)
            .OfType<KeyValuePair<string, string>>();
        return known.Concat(node.Attributes.Where(a => Array.IndexOf(order, a.Key) < 0));
    }

    private static string EscapeAttribute(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '"' => "&quot;",
                '\r' => "&#xD;",
                '\n' => "&#xA;",
                '\t' => "&#x9;",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }

    private static string EscapeText(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\r' => "&#xD;",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }
}
