namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// One element of an Integration Studio .xif exactly as read: its name, every attribute in file order,
/// its children and its text. The typed views (<see cref="StudioExtension"/>, <see cref="StudioAction"/>…)
/// read their meaning from these nodes, so nothing the file holds is lost, whether the views
/// understand it or not, and an export can write back what an import read.
/// </summary>
public sealed class StudioNode
{
    public StudioNode(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>Every attribute in the order the file gives them (namespace declarations included).</summary>
    public List<KeyValuePair<string, string>> Attributes { get; } = [];

    public List<StudioNode> Children { get; } = [];

    /// <summary>The element's text (CDATA included); null when it has none or only whitespace between children.</summary>
    public string? Text { get; set; }

    /// <summary>A resource's decoded bytes, when the reader kept them in memory rather than streaming them to a sink.</summary>
    public byte[]? Data { get; set; }

    /// <summary>How many bytes a resource's &lt;Data&gt; decoded to.</summary>
    public long DataLength { get; set; }

    /// <summary>Where the element starts in the inflated XML (1-based; 0 for a node built in code).</summary>
    public int Line { get; set; }

    public int Column { get; set; }

    /// <summary>An attribute's value; null when absent. Setting null removes it; setting a new one appends it.</summary>
    public string? this[string attribute]
    {
        get
        {
            foreach (var pair in Attributes)
            {
                if (string.Equals(pair.Key, attribute, StringComparison.Ordinal))
                {
                    return pair.Value;
                }
            }

            return null;
        }

        set
        {
            var at = Attributes.FindIndex(p => string.Equals(p.Key, attribute, StringComparison.Ordinal));
            if (value is null)
            {
                if (at >= 0)
                {
                    Attributes.RemoveAt(at);
                }
            }
            else if (at >= 0)
            {
                Attributes[at] = new KeyValuePair<string, string>(attribute, value);
            }
            else
            {
                Attributes.Add(new KeyValuePair<string, string>(attribute, value));
            }
        }
    }

    public StudioNode? Child(string name) => Children.Find(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public IEnumerable<StudioNode> ChildrenNamed(string name) =>
        Children.Where(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public override string ToString() => this["Name"] is { } name ? $"{Name} {name}" : Name;
}
