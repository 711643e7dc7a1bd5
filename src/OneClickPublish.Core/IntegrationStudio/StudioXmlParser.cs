using System.Text;
using System.Xml;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// Pulls the inflated XML into <see cref="StudioNode"/>s with caps on nesting and attribute counts. The
/// base64 of each resource's &lt;Data&gt; is decoded in blocks straight into a sink: the XML of a large
/// file is mostly that data, and it is never held as one string.
/// </summary>
internal sealed class StudioXmlParser
{
    private const int DataBlockSize = 48 * 1024;

    private readonly XmlReader _reader;
    private readonly StudioXifReadOptions _options;
    private readonly string? _file;
    private byte[]? _dataBuffer;

    private StudioXmlParser(XmlReader reader, StudioXifReadOptions options, string? file)
    {
        _reader = reader;
        _options = options;
        _file = file;
    }

    public bool RootSeen { get; private set; }

    /// <summary>Reads the document from <paramref name="xml"/>; throws <see cref="DiagnosticException"/> for what cannot be read, <see cref="XmlException"/> for what is not XML.</summary>
    public static StudioNode Parse(Stream xml, StudioXifReadOptions options, string? file, out bool rootSeen)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,

            // "Never depend on whitespace-only content": another writer breaks lines inside empty elements.
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        using var reader = XmlReader.Create(xml, settings);
        var parser = new StudioXmlParser(reader, options, file);
        try
        {
            return parser.ParseDocument();
        }
        finally
        {
            rootSeen = parser.RootSeen;
        }
    }

    private StudioNode ParseDocument()
    {
        _reader.MoveToContent();
        RootSeen = true;
        if (_reader.NodeType != XmlNodeType.Element || _reader.LocalName != "Extension" || _reader.NamespaceURI.Length != 0)
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.RootNotExtension, Here(), _reader.Name);
        }

        var root = ReadElement(depth: 1, parent: null);

        // Anything but whitespace and comments after the root is refused by XmlReader itself here.
        while (_reader.Read())
        {
        }

        return root;
    }

    private StudioNode ReadElement(int depth, StudioNode? parent)
    {
        var node = StartNode(depth);
        if (_reader.IsEmptyElement)
        {
            _reader.Read();
            return node;
        }

        if (node.Name == "Data" && parent?.Name == "Resource")
        {
            ReadData(node, parent);
            return node;
        }

        _reader.Read();
        StringBuilder? text = null;
        while (true)
        {
            switch (_reader.NodeType)
            {
                case XmlNodeType.Element:
                    node.Children.Add(ReadElement(depth + 1, node));
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                    (text ??= new StringBuilder()).Append(_reader.Value);
                    _reader.Read();
                    break;
                case XmlNodeType.EndElement:
                    node.Text = text?.ToString();
                    _reader.Read();
                    return node;
                case XmlNodeType.None:
                    throw new XmlException("Unexpected end of the document.");
                default:
                    _reader.Read();
                    break;
            }
        }
    }

    private StudioNode StartNode(int depth)
    {
        var name = _reader.Name;
        if (depth > _options.Limits.MaxDepth)
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.XmlTooDeep, Here(), name, depth, _options.Limits.MaxDepth);
        }

        if (_reader.AttributeCount > _options.Limits.MaxAttributes)
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.TooManyAttributes, Here(), name, _reader.AttributeCount, _options.Limits.MaxAttributes);
        }

        var line = (IXmlLineInfo)_reader;
        var node = new StudioNode(name) { Line = line.LineNumber, Column = line.LinePosition };
        while (_reader.MoveToNextAttribute())
        {
            node.Attributes.Add(new KeyValuePair<string, string>(_reader.Name, _reader.Value));
        }

        _reader.MoveToElement();
        if (name == "Resource" && StudioResourcePath.Problem(node["Path"], node["Filename"]) is { } problem)
        {
            // Refused before any byte of it is decoded: a sink must never be asked to write outside its folder.
            throw DiagnosticException.Create(
                ImportExportDiagnostics.ResourcePathUnsafe, Here(), node["Key"] ?? node["Filename"], $"{node["Path"]}{node["Filename"]}", problem);
        }

        return node;
    }

    private void ReadData(StudioNode data, StudioNode resource)
    {
        var location = Here();
        _dataBuffer ??= new byte[DataBlockSize];
        var sink = _options.OpenResourceData?.Invoke(new StudioResource(resource));
        var memory = sink is null ? new MemoryStream() : null;
        var target = sink ?? memory!;
        try
        {
            int n;
            while ((n = ReadBase64(resource, location)) > 0)
            {
                target.Write(_dataBuffer, 0, n);
                data.DataLength += n;
            }
        }
        finally
        {
            sink?.Dispose();
        }

        data.Data = memory?.ToArray();
    }

    private int ReadBase64(StudioNode resource, SourceLocation location)
    {
        try
        {
            return _reader.ReadElementContentAsBase64(_dataBuffer!, 0, _dataBuffer!.Length);
        }
        catch (Exception e) when (e is XmlException or FormatException or InvalidOperationException)
        {
            throw DiagnosticException.Create(
                ImportExportDiagnostics.Base64Invalid, location, StudioResourcePath.Combine(resource["Path"], resource["Filename"]), e.Message);
        }
    }

    private SourceLocation Here()
    {
        var line = (IXmlLineInfo)_reader;
        return new SourceLocation(_file, line.LineNumber, line.LinePosition);
    }
}
