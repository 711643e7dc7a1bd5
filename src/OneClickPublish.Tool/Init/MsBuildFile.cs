using System.Xml;

namespace OneClickPublish.Tool.Init;

/// <summary>
/// What <c>oneclick init</c> needs to know of an MSBuild file (a project, Directory.Build.props,
/// Directory.Packages.props), read in one pass of an <see cref="XmlReader"/> so that every place
/// it may edit is known by its line and column in the original text: the file is then edited as
/// text, and everything else in it (comments, blank lines, quotes, line endings) stays byte for byte.
/// </summary>
internal sealed class MsBuildFile
{
    private MsBuildFile(string text)
    {
        Text = text;
    }

    public string Text { get; }

    /// <summary>Position of the root's <c>&lt;</c>.</summary>
    public int RootStart { get; private set; }

    /// <summary>Position of the root's end tag's <c>&lt;</c>; -1 when the root is an empty element (<c>&lt;Project /&gt;</c>).</summary>
    public int RootEnd { get; private set; } = -1;

    /// <summary>Unconditional properties of unconditional PropertyGroups, the last value of each name (case-insensitive, as MSBuild).</summary>
    public IReadOnlyDictionary<string, string> Properties => _properties;

    /// <summary>Items by their type, in file order (PackageReference, PackageVersion, ...).</summary>
    public IReadOnlyList<MsBuildItem> Items => _items;

    private readonly Dictionary<string, string> _properties = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<MsBuildItem> _items = [];

    /// <summary>Reads the file; an <see cref="XmlException"/> (with line and column) when it is not well-formed or its root is not <c>Project</c>.</summary>
    public static MsBuildFile Parse(string text)
    {
        var file = new MsBuildFile(text);
        file.Read();
        return file;
    }

    public string? Property(string name) => _properties.GetValueOrDefault(name);

    private void Read()
    {
        var lines = new LineStarts(Text);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = false };
        using var reader = XmlReader.Create(new StringReader(Text), settings);
        var info = (IXmlLineInfo)reader;

        // Open elements: name, whether it (or a parent) has a Condition, and its start position.
        var open = new Stack<(string Name, bool Conditional, int Start)>();
        string? propertyName = null;
        var propertyText = string.Empty;
        MsBuildItem? currentItem = null;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                {
                    // XmlReader reports the position of the name, one character after '<'.
                    var start = lines.Offset(info.LineNumber, info.LinePosition) - 1;
                    var conditional = reader.GetAttribute("Condition") is not null || (open.Count > 0 && open.Peek().Conditional);
                    if (open.Count == 0)
                    {
                        if (reader.LocalName != "Project")
                        {
                            throw new XmlException($"the root element is <{reader.LocalName}>, not <Project>", null, info.LineNumber, info.LinePosition);
                        }

                        RootStart = start;
                    }
                    else if (open.Count == 2 && open.Peek().Name == "PropertyGroup" && !conditional)
                    {
                        propertyName = reader.LocalName;
                        propertyText = string.Empty;
                    }
                    else if (open.Count == 2 && open.Peek().Name == "ItemGroup")
                    {
                        currentItem = new MsBuildItem(
                            reader.LocalName,
                            reader.GetAttribute("Include") ?? reader.GetAttribute("Update"),
                            reader.GetAttribute("Version") ?? reader.GetAttribute("VersionOverride"),
                            start,
                            conditional,
                            open.Peek().Start);
                        _items.Add(currentItem);
                    }
                    else if (open.Count == 3 && currentItem is not null && reader.LocalName is "Version" or "VersionOverride")
                    {
                        // <PackageReference Include="X"><Version>1.0.0</Version></PackageReference>
                        currentItem.VersionFromChild = true;
                    }

                    if (reader.IsEmptyElement)
                    {
                        Closed(open.Count, reader.LocalName);
                    }
                    else
                    {
                        open.Push((reader.LocalName, conditional, start));
                    }

                    break;
                }

                case XmlNodeType.Text or XmlNodeType.CDATA:
                    if (propertyName is not null && open.Count == 3)
                    {
                        propertyText += reader.Value;
                    }
                    else if (currentItem is { VersionFromChild: true } && open.Count == 4 && currentItem.Version is null)
                    {
                        currentItem.Version = reader.Value.Trim();
                    }

                    break;

                case XmlNodeType.EndElement:
                {
                    var (name, _, elementStart) = open.Pop();
                    if (open.Count == 0)
                    {
                        // The reader points at the name after "</".
                        RootEnd = lines.Offset(info.LineNumber, info.LinePosition) - 2;
                    }
                    else if (open.Count == 1 && name == "ItemGroup")
                    {
                        var end = lines.Offset(info.LineNumber, info.LinePosition) - 2;
                        foreach (var item in _items.Where(i => i.GroupStart == elementStart))
                        {
                            item.GroupEnd = end;
                        }
                    }

                    Closed(open.Count, name);
                    break;
                }
            }
        }

        void Closed(int depth, string name)
        {
            if (depth == 2 && propertyName == name)
            {
                _properties[name] = propertyText.Trim();
                propertyName = null;
            }
            else if (depth == 2)
            {
                currentItem = null;
            }
        }
    }

    /// <summary>The line break the file uses ("\r\n" when it has any, else "\n").</summary>
    public string NewLine => Text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    /// <summary>One level of indentation as the file writes it: the leading white space of its first indented element line; two spaces when none is.</summary>
    public string IndentUnit
    {
        get
        {
            foreach (var line in Text.Split('\n'))
            {
                var trimmed = line.TrimStart(' ', '\t');
                if (trimmed.Length < line.Length && trimmed.StartsWith('<'))
                {
                    return line[..(line.Length - trimmed.Length)];
                }
            }

            return "  ";
        }
    }

    /// <summary>The white space before <paramref name="position"/> on its line, when only white space is there; else null.</summary>
    public string? IndentBefore(int position)
    {
        var lineStart = LineStartOf(position);
        var before = Text[lineStart..position];
        return before.All(static c => c is ' ' or '\t') ? before : null;
    }

    public int LineStartOf(int position)
    {
        var previousBreak = position == 0 ? -1 : Text.LastIndexOfAny(['\n', '\r'], position - 1);
        return previousBreak + 1;
    }

    /// <summary>
    /// Adds an item, as one line <paramref name="element"/>: into the first unconditional ItemGroup
    /// that already holds items of <paramref name="itemType"/> (after the last of them, with its
    /// indentation), else in a new ItemGroup before the root's end tag. Returns the new text.
    /// </summary>
    public string AddItem(string itemType, string element)
    {
        var nl = NewLine;
        var unit = IndentUnit;
        var sameType = _items.Where(i => i.ItemType == itemType && !i.Conditional && i.GroupEnd >= 0).ToList();
        if (sameType.Count > 0)
        {
            var groupEnd = sameType[0].GroupEnd;
            var last = sameType.Last(i => i.GroupEnd == groupEnd);
            var endIndent = IndentBefore(groupEnd);
            if (endIndent is not null)
            {
                var itemIndent = IndentBefore(last.Start) ?? endIndent + unit;
                return Text.Insert(LineStartOf(groupEnd), itemIndent + element + nl);
            }
        }

        var group = $"<ItemGroup>{nl}{unit}{unit}{element}{nl}{unit}</ItemGroup>";
        if (RootEnd < 0)
        {
            // <Project Sdk="..." /> becomes <Project Sdk="..."> ... </Project>.
            var close = EmptyElementClose(RootStart);
            var open = Text[..close].TrimEnd(' ', '\t', '\r', '\n');
            return open + ">" + nl + unit + group + nl + "</Project>" + Text[(close + 2)..];
        }

        if (IndentBefore(RootEnd) is not null)
        {
            // </Project> starts its line: the group goes on the lines before it, keeping a blank
            // line before </Project> when the file had one there.
            var lineStart = LineStartOf(RootEnd);
            var blankBefore = lineStart >= 2 && IsBlankLineBefore(lineStart);
            return Text.Insert(lineStart, unit + group + nl + (blankBefore ? nl : string.Empty));
        }

        return Text.Insert(RootEnd, nl + unit + group + nl);
    }

    private bool IsBlankLineBefore(int lineStart)
    {
        // The line that ends just before lineStart holds only white space.
        var end = lineStart - 1;
        if (end > 0 && Text[end] == '\n' && Text[end - 1] == '\r')
        {
            end--;
        }

        var start = LineStartOf(end);
        return Text[start..end].All(static c => c is ' ' or '\t');
    }

    /// <summary>The position of the "/>" that closes the empty element starting at <paramref name="start"/> (quotes skipped).</summary>
    private int EmptyElementClose(int start)
    {
        char? quote = null;
        for (var i = start; i < Text.Length - 1; i++)
        {
            var c = Text[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '/' && Text[i + 1] == '>')
            {
                return i;
            }
        }

        throw new XmlException("the root element is not closed");
    }

    /// <summary>Maps the reader's 1-based line and column to an offset; \r\n, \n and \r each end a line, as XmlReader counts them.</summary>
    private sealed class LineStarts
    {
        private readonly List<int> _starts = [0];

        public LineStarts(string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\r')
                {
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    _starts.Add(i + 1);
                }
                else if (text[i] == '\n')
                {
                    _starts.Add(i + 1);
                }
            }
        }

        public int Offset(int line, int column) => _starts[line - 1] + column - 1;
    }
}

/// <summary>An item of an ItemGroup: its type, Include (or Update), Version, and where it and its group are.</summary>
internal sealed class MsBuildItem(string itemType, string? include, string? version, int start, bool conditional, int groupStart)
{
    public string ItemType { get; } = itemType;

    public string? Include { get; } = include;

    public string? Version { get; set; } = version;

    public bool VersionFromChild { get; set; }

    public int Start { get; } = start;

    /// <summary>True when the item, its group or an element around it has a Condition.</summary>
    public bool Conditional { get; } = conditional;

    public int GroupStart { get; } = groupStart;

    /// <summary>Position of the group's end tag; -1 until read.</summary>
    public int GroupEnd { get; set; } = -1;
}
