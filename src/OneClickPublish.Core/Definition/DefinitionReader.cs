using System.Globalization;
using System.Text;
using System.Xml;
using NuGet.Versioning;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Definition;

/// <summary>
/// Reads an extension definition (extension.xml) into an <see cref="ExtensionDefinition"/>.
/// DTDs are refused (never expanded) and nothing outside the file is ever resolved. Every element
/// keeps its file, line, column and element path. Reading goes on after a bad element so that
/// several independent mistakes are reported in one run; the result is null only when there is no
/// definition to verify at all (file missing or unreadable, XML not well-formed, DOCTYPE, wrong root).
/// Checks of meaning (names, types, references) are the verifier's: the reader only reports what
/// the model cannot hold (unknown elements and attributes, malformed booleans and numbers).
/// </summary>
public static class DefinitionReader
{
    /// <summary>The XML namespace of the format; a definition without namespace is read the same way.</summary>
    public const string XmlNamespace = "urn:oneclickpublish:extension:v1";

    /// <summary>
    /// The largest definition read, in characters: far above any real one (50,000 actions are about
    /// 20 MB) and low enough that a hostile file cannot exhaust memory.
    /// </summary>
    public const long MaxCharacters = 256L * 1024 * 1024;

    public static ExtensionDefinition? Read(string path, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(diagnostics);

        var location = new SourceLocation(path);
        if (Directory.Exists(path))
        {
            diagnostics.Report(DefinitionDiagnostics.FileUnreadable, location, path, "it is a folder, not a file");
            return null;
        }

        if (!File.Exists(path))
        {
            diagnostics.Report(DefinitionDiagnostics.FileNotFound, location, path);
            return null;
        }

        byte[] bytes;
        try
        {
            // Checked before reading, so that a huge file never gets into memory (UTF-8 needs at least a byte per character).
            if (new FileInfo(path).Length > MaxCharacters)
            {
                diagnostics.Report(DefinitionDiagnostics.FileUnreadable, location, path, $"it is larger than {MaxCharacters / 1024 / 1024} MB");
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            diagnostics.Report(DefinitionDiagnostics.FileUnreadable, location, path, e.Message);
            return null;
        }

        return Read(bytes, path, diagnostics, out _);
    }

    /// <summary>
    /// Reads a definition from its bytes (a file, an entry of a XIF) exactly as a file is read: from
    /// bytes, so that the encoding named by a byte order mark or the XML declaration is honoured
    /// (UTF-8 when neither names one), strictly: a byte sequence that is not valid in that encoding is
    /// OCP1002, never replaced by U+FFFD. <paramref name="text"/> is the document decoded the same
    /// way, for a caller that keeps it (null when no definition is returned).
    /// </summary>
    public static ExtensionDefinition? Read(byte[] bytes, string? filePath, DiagnosticBag diagnostics, out string? text)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(diagnostics);
        text = null;
        var definition = ReadCore(
            settings => XmlReader.Create(new MemoryStream(bytes, writable: false), settings),
            () => DecodeForInspection(bytes),
            filePath,
            diagnostics);
        if (definition is null)
        {
            return null;
        }

        try
        {
            text = DecodeStrictly(bytes);
        }
        catch (Exception e) when (e is XmlException or DecoderFallbackException or ArgumentException or NotSupportedException)
        {
            // The XML reader decoded the same bytes without complaint; this is only a safety net.
            diagnostics.Report(DefinitionDiagnostics.XmlNotWellFormed, new SourceLocation(filePath), "its bytes are not valid in the encoding it declares");
            return null;
        }

        return definition;
    }

    public static ExtensionDefinition? Parse(string xml, string? filePath, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(diagnostics);
        return ReadCore(settings => XmlReader.Create(new StringReader(xml), settings), () => xml, filePath, diagnostics);
    }

    public static ExtensionDefinition? Read(TextReader reader, string? filePath, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Parse(reader.ReadToEnd(), filePath, diagnostics);
    }

    /// <summary>The settings every definition is read with; public so that tools reading the same files stay as safe.</summary>
    public static XmlReaderSettings CreateSafeSettings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = MaxCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = true,
    };

    private static ExtensionDefinition? ReadCore(
        Func<XmlReaderSettings, XmlReader> createReader,
        Func<string> text,
        string? filePath,
        DiagnosticBag diagnostics)
    {
        using var reader = createReader(CreateSafeSettings());
        var parser = new Parser(reader, filePath, diagnostics);
        try
        {
            return parser.ReadDocument();
        }
        catch (XmlException e)
        {
            // XmlReader reports a prohibited DTD as a plain XmlException; the only place a DOCTYPE can
            // stand is before the root element, so look for one there rather than at the message's wording.
            if (!parser.RootSeen && FindDoctype(text()) is { } doctype)
            {
                // XmlReader gives no position for this one; point at the declaration itself.
                diagnostics.Report(DefinitionDiagnostics.DtdProhibited, new SourceLocation(filePath, doctype.Line, doctype.Column));
            }
            else
            {
                diagnostics.Report(DefinitionDiagnostics.XmlNotWellFormed, new SourceLocation(filePath, e.LineNumber, e.LinePosition), StripPosition(e.Message));
            }

            return null;
        }
    }

    private static Position? FindDoctype(string text)
    {
        var at = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < at; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new Position(line, at - lineStart + 1);
    }

    /// <summary>
    /// The document's text in the encoding the XML reader uses for it (byte order mark, else the
    /// declaration, else UTF-8), decoded with a throwing decoder.
    /// </summary>
    private static string DecodeStrictly(byte[] bytes)
    {
        int codePage;
        using (var probe = new XmlTextReader(new MemoryStream(bytes, writable: false)) { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null })
        {
            // The first node is the declaration when there is one; reading it switches to the encoding it names.
            probe.Read();
            codePage = probe.Encoding?.CodePage ?? Encoding.UTF8.CodePage;
        }

        var encoding = Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var preamble = encoding.GetPreamble();
        var start = preamble.Length > 0 && bytes.AsSpan().StartsWith(preamble) ? preamble.Length : 0;
        return encoding.GetString(bytes, start, bytes.Length - start);
    }

    private static string DecodeForInspection(byte[] bytes)
    {
        using var stream = new StreamReader(new MemoryStream(bytes, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return stream.ReadToEnd();
    }

    /// <summary>XmlException messages end with "Line 3, position 7."; the location already says it.</summary>
    private static string StripPosition(string message)
    {
        var at = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return at > 0 ? message[..at].TrimEnd() : message;
    }

    private sealed class Parser(XmlReader reader, string? file, DiagnosticBag diagnostics)
    {
        private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
        private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";
        private const string XmlPrefixNamespace = "http://www.w3.org/XML/1998/namespace";

        private static readonly string[] ExtensionAttributes = ["Name", "Version", "Namespace", "Key", "Description"];
        private static readonly string[] ActionAttributes = ["Name", "Key", "Description", "Function", "Icon"];
        private static readonly string[] ParameterAttributes = ["Name", "Key", "Description", "DataType", "Mandatory", "Default", "RecordType"];
        private static readonly string[] StructureAttributes = ["Name", "Key", "Description"];
        private static readonly string[] EntityAttributes = ["Name", "Key", "Description", "TableName"];
        private static readonly string[] StructureAttributeAttributes = ["Name", "Key", "Description", "DataType", "Mandatory", "Default", "RecordType", "Length", "Decimals"];
        private static readonly string[] EntityAttributeAttributes = ["Name", "Key", "Description", "DataType", "Mandatory", "Default", "RecordType", "Length", "Decimals", "Identifier", "AutoNumber"];
        private static readonly string[] ResourceAttributes = ["Path", "Key", "Description", "DeployAction"];

        private static readonly Dictionary<string, string> CanonicalDataTypeNames =
            DataTypes.Names.ToDictionary(static n => n, static n => n, StringComparer.Ordinal);

        /// <summary>How many distinct values <see cref="Share"/> keeps in a pool keeps; past it, values are stored as read.</summary>
        private const int MaxSharedValues = 4096;

        /// <summary>Longer values are rarely repeated (descriptions written for one element), so they are not looked up.</summary>
        private const int MaxSharedLength = 64;

        private readonly IXmlLineInfo _lineInfo = (IXmlLineInfo)reader;

        // Parameter and attribute names, record types, defaults and short descriptions repeat from one
        // action to the next ("Amount", "Customer", "0"). Storing one instance of each keeps a big model
        // small: the model is what survives the young collections, so its size is what reading costs in GC.
        // Descriptions have a pool of their own, so that many distinct ones cannot crowd the names out.
        private readonly Dictionary<string, string> _sharedNames = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _sharedDescriptions = new(StringComparer.Ordinal);
        private string _namespace = string.Empty;
        private ActionDefinition? _action;
        private Func<string, bool>? _readActionChild;

        public bool RootSeen { get; private set; }

        public ExtensionDefinition? ReadDocument()
        {
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                // MoveToContent throws on a missing root; this is only reached for odd content.
                diagnostics.Report(DefinitionDiagnostics.XmlNotWellFormed, Here(), "the document has no root element");
                return null;
            }

            RootSeen = true;
            var rootLocation = ElementLocation(null);
            if (reader.LocalName != "Extension")
            {
                diagnostics.Report(DefinitionDiagnostics.UnexpectedElement, rootLocation, reader.Name, "; the root element must be 'Extension'");
                return null;
            }

            _namespace = reader.NamespaceURI;
            if (_namespace.Length != 0 && _namespace != XmlNamespace)
            {
                diagnostics.Report(DefinitionDiagnostics.UnexpectedNamespace, rootLocation, _namespace);
            }

            var extension = new ExtensionDefinition { FilePath = file };
            ReadExtension(extension, rootLocation);

            // Anything after the root is either ignorable or an XmlException (a second root).
            while (reader.Read())
            {
            }

            return extension;
        }

        private void ReadExtension(ExtensionDefinition extension, SourceLocation elementLocation)
        {
            Position name = default, version = default, ns = default;
            for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
            {
                if (!IsKnownAttribute("Extension", ExtensionAttributes, out var attribute, out var at))
                {
                    continue;
                }

                var value = reader.Value;
                switch (attribute)
                {
                    case "Name": extension.Name = value; name = at; break;
                    case "Version": extension.VersionText = value; version = at; break;
                    case "Namespace": extension.Namespace = value; ns = at; break;
                    case "Key": extension.Key = value; break;
                    case "Description": extension.Description = value; break;
                }
            }

            reader.MoveToElement();

            extension.SetReadPosition(file, elementLocation.Line, elementLocation.Column);
            extension.SetNamePosition(name.Line, name.Column);
            extension.VersionLocation = AtAttribute(extension, version);
            extension.NamespaceLocation = AtAttribute(extension, ns);
            extension.Version = NuGetVersion.TryParseStrict(extension.VersionText, out var parsed) ? parsed : null;

            var seen = new HashSet<string>(StringComparer.Ordinal);
            ForEachChild("Extension", section =>
            {
                if (section is not ("Actions" or "Structures" or "Entities" or "Resources"))
                {
                    return false;
                }

                if (!seen.Add(section))
                {
                    diagnostics.Report(DefinitionDiagnostics.DuplicateSection, ElementLocation(null), section);
                }

                RefuseAttributes(section);
                switch (section)
                {
                    case "Actions":
                        ForEachChild(section, child => child == "Action" && ReadAction(extension));
                        break;
                    case "Structures":
                        ForEachChild(section, child => child == "Structure" && ReadStructure(extension));
                        break;
                    case "Entities":
                        ForEachChild(section, child => child == "Entity" && ReadEntity(extension));
                        break;
                    default:
                        ForEachChild(section, child => child == "Resource" && ReadResource(extension));
                        break;
                }

                return true;
            });
        }

        private bool ReadAction(ExtensionDefinition extension)
        {
            var start = ElementPosition();
            var action = new ActionDefinition();
            Position name = default, icon = default;
            for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
            {
                if (!IsKnownAttribute("Action", ActionAttributes, out var attribute, out var at))
                {
                    continue;
                }

                var value = reader.Value;
                switch (attribute)
                {
                    case "Name": action.Name = value; name = at; break;
                    case "Key": action.Key = value; break;
                    case "Description": action.Description = value; break;
                    case "Function": action.IsFunction = ReadBoolean(value, at, "Function"); break;
                    case "Icon": action.Icon = value; icon = at; break;
                }
            }

            reader.MoveToElement();

            action.SetReadPosition(file, start.Line, start.Column);
            action.SetNamePosition(name.Line, name.Column);
            action.IconLocation = AtAttribute(action, icon);
            extension.Actions.Add(action);

            // One delegate for all actions, not a closure per action.
            _action = action;
            ForEachChild("Action", _readActionChild ??= ReadActionChild);
            _action = null;
            return true;
        }

        private bool ReadActionChild(string child)
        {
            var direction = child switch
            {
                "Input" => ParameterDirection.Input,
                "Output" => ParameterDirection.Output,
                _ => (ParameterDirection?)null,
            };
            if (direction is null)
            {
                return false;
            }

            var action = _action!;
            var parameter = new ParameterDefinition { Direction = direction.Value };
            ReadTyped(parameter, child, ParameterAttributes, action);
            action.Parameters.Add(parameter);
            return true;
        }

        /// <summary>The one instance of a short value already read, or the value itself when new (or when too many are kept).</summary>
        private static string Share(Dictionary<string, string> pool, string value)
        {
            if (value.Length > MaxSharedLength)
            {
                return value;
            }

            if (pool.TryGetValue(value, out var shared))
            {
                return shared;
            }

            if (pool.Count < MaxSharedValues)
            {
                pool.Add(value, value);
            }

            return value;
        }

        private bool ReadStructure(ExtensionDefinition extension)
        {
            var structure = new StructureDefinition();
            ReadContainer(structure, "Structure", StructureAttributes, null);
            extension.Structures.Add(structure);
            ForEachChild("Structure", child =>
            {
                if (child != "Attribute")
                {
                    return false;
                }

                var attribute = new AttributeDefinition();
                ReadTyped(attribute, "Attribute", StructureAttributeAttributes, structure);
                structure.Attributes.Add(attribute);
                return true;
            });
            return true;
        }

        private bool ReadEntity(ExtensionDefinition extension)
        {
            var entity = new EntityDefinition();
            ReadContainer(entity, "Entity", EntityAttributes, entity);
            extension.Entities.Add(entity);
            ForEachChild("Entity", child =>
            {
                if (child != "Attribute")
                {
                    return false;
                }

                var attribute = new AttributeDefinition();
                ReadTyped(attribute, "Attribute", EntityAttributeAttributes, entity);
                entity.Attributes.Add(attribute);
                return true;
            });
            return true;
        }

        /// <summary>Reads a structure's or entity's own attributes.</summary>
        private void ReadContainer(DefinitionElement element, string kind, string[] allowed, EntityDefinition? entity)
        {
            var start = ElementPosition();
            Position name = default, table = default;
            for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
            {
                if (!IsKnownAttribute(kind, allowed, out var attribute, out var at))
                {
                    continue;
                }

                var value = reader.Value;
                switch (attribute)
                {
                    case "Name": element.Name = value; name = at; break;
                    case "Key": element.Key = value; break;
                    case "Description": element.Description = value; break;
                    case "TableName" when entity is not null: entity.TableName = value; table = at; break;
                }
            }

            reader.MoveToElement();

            element.SetReadPosition(file, start.Line, start.Column);
            element.SetNamePosition(name.Line, name.Column);
            if (entity is not null)
            {
                entity.TableNameLocation = AtAttribute(entity, table);
            }
        }

        private void ReadTyped(TypedElement element, string kind, string[] allowed, DefinitionElement parent)
        {
            var start = ElementPosition();
            var attributeDefinition = element as AttributeDefinition;
            Position name = default, dataType = default, recordType = default, defaultValue = default, length = default, decimals = default;
            for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
            {
                if (!IsKnownAttribute(kind, allowed, out var attribute, out var at))
                {
                    continue;
                }

                var value = reader.Value;
                switch (attribute)
                {
                    case "Name": element.Name = Share(_sharedNames, value); name = at; break;
                    case "Key": element.Key = value; break;
                    case "Description": element.Description = Share(_sharedDescriptions, value); break;
                    case "DataType":
                        // The canonical spelling's one string instance, not a copy per parameter: big definitions stay small.
                        element.DataTypeName = CanonicalDataTypeNames.TryGetValue(value, out var canonical) ? canonical : value;
                        element.DataType = DataTypes.TryParse(value, out var type) ? type.Value : DataType.Unknown;
                        dataType = at;
                        break;
                    case "Mandatory": element.IsMandatory = ReadBoolean(value, at, "Mandatory"); break;
                    case "Default": element.DefaultValue = Share(_sharedNames, value); defaultValue = at; break;
                    case "RecordType": element.RecordType = Share(_sharedNames, value); recordType = at; break;
                    case "Length" when attributeDefinition is not null:
                        attributeDefinition.Length = ReadInteger(value, at, "Length");
                        length = at;
                        break;
                    case "Decimals" when attributeDefinition is not null:
                        attributeDefinition.Decimals = ReadInteger(value, at, "Decimals");
                        decimals = at;
                        break;
                    case "Identifier" when attributeDefinition is not null:
                        attributeDefinition.IsIdentifier = ReadBoolean(value, at, "Identifier");
                        break;
                    case "AutoNumber" when attributeDefinition is not null:
                        attributeDefinition.IsAutoNumber = ReadBoolean(value, at, "AutoNumber");
                        break;
                }
            }

            reader.MoveToElement();

            element.Parent = parent;
            element.SetReadPosition(file, start.Line, start.Column);
            element.SetNamePosition(name.Line, name.Column);
            element.SetDataTypePosition(dataType.Line, dataType.Column);
            element.SetRecordTypePosition(recordType.Line, recordType.Column);
            element.SetDefaultValuePosition(defaultValue.Line, defaultValue.Column);
            if (attributeDefinition is not null)
            {
                attributeDefinition.LengthLocation = AtAttribute(element, length);
                attributeDefinition.DecimalsLocation = AtAttribute(element, decimals);
            }

            ForEachChild(kind, static _ => false);
        }

        private bool ReadResource(ExtensionDefinition extension)
        {
            var start = ElementPosition();
            var resource = new ResourceDefinition { DeployAction = DeployAction.Binaries };
            Position path = default, deploy = default;
            for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
            {
                if (!IsKnownAttribute("Resource", ResourceAttributes, out var attribute, out var at))
                {
                    continue;
                }

                var value = reader.Value;
                switch (attribute)
                {
                    case "Path": resource.Path = value; path = at; break;
                    case "Key": resource.Key = value; break;
                    case "Description": resource.Description = value; break;
                    case "DeployAction":
                        resource.DeployActionText = value;
                        resource.DeployAction = ResourceDefinition.ParseDeployAction(value);
                        deploy = at;
                        break;
                }
            }

            reader.MoveToElement();

            resource.SetReadPosition(file, start.Line, start.Column);
            resource.SetNamePosition(path.Line, path.Column);
            resource.DeployActionLocation = AtAttribute(resource, deploy);
            extension.Resources.Add(resource);
            ForEachChild("Resource", static _ => false);
            return true;
        }

        private bool ReadBoolean(string value, Position at, string attribute)
        {
            // The lexical forms of xs:boolean, so that the XSD and the reader agree.
            switch (value.Trim())
            {
                case "true" or "1": return true;
                case "false" or "0": return false;
                default:
                    diagnostics.Report(DefinitionDiagnostics.InvalidAttributeValue, At(at, null), value, attribute, "'true' or 'false'");
                    return false;
            }
        }

        private int? ReadInteger(string value, Position at, string attribute)
        {
            if (int.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            diagnostics.Report(DefinitionDiagnostics.InvalidAttributeValue, At(at, null), value, attribute, "a whole number");
            return null;
        }

        /// <summary>
        /// True when the attribute the reader is on is one of <paramref name="allowed"/>; reports any
        /// other (except namespace declarations, xml:* and xsi:*, which are for editors) and returns false.
        /// </summary>
        private bool IsKnownAttribute(string element, string[] allowed, out string name, out Position at)
        {
            name = reader.LocalName;
            at = new Position(_lineInfo.LineNumber, _lineInfo.LinePosition);
            var ns = reader.NamespaceURI;
            if (ns is XmlnsNamespace or XmlPrefixNamespace or XsiNamespace)
            {
                return false;
            }

            if (ns.Length == 0 && Array.IndexOf(allowed, name) >= 0)
            {
                return true;
            }

            diagnostics.Report(
                DefinitionDiagnostics.UnexpectedAttribute,
                At(at, null),
                reader.Name,
                element,
                allowed.Length == 0 ? "none" : string.Join(", ", allowed));
            return false;
        }

        /// <summary>Reports every attribute of an element that has none.</summary>
        private void RefuseAttributes(string element)
        {
            for (var more = reader.MoveToFirstAttribute(); more; more = reader.MoveToNextAttribute())
            {
                IsKnownAttribute(element, [], out _, out _);
            }

            reader.MoveToElement();
        }

        /// <summary>
        /// Walks the children of the current element. <paramref name="onElement"/> is called on each
        /// child element and must leave the reader on that child's end (or on the child itself when it
        /// is empty); it returns false for an element it does not know, which is reported and skipped.
        /// Ends on the current element's end tag.
        /// </summary>
        private void ForEachChild(string parent, Func<string, bool> onElement)
        {
            if (reader.IsEmptyElement)
            {
                return;
            }

            var depth = reader.Depth;
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.EndElement when reader.Depth == depth:
                        return;
                    case XmlNodeType.Element:
                        if (reader.NamespaceURI != _namespace)
                        {
                            diagnostics.Report(
                                DefinitionDiagnostics.UnexpectedElement,
                                ElementLocation(null),
                                reader.Name,
                                $" (it is in namespace '{reader.NamespaceURI}', the definition in '{_namespace}')");
                            SkipElement();
                        }
                        else if (!onElement(reader.LocalName))
                        {
                            diagnostics.Report(DefinitionDiagnostics.UnexpectedElement, ElementLocation(null), reader.Name, $" inside '{parent}'");
                            SkipElement();
                        }

                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA:
                        diagnostics.Report(DefinitionDiagnostics.UnexpectedText, Here(), Shorten(reader.Value.Trim()), parent);
                        break;
                }
            }
        }

        /// <summary>Moves to the end of the current element, whatever it holds.</summary>
        private void SkipElement()
        {
            if (reader.IsEmptyElement)
            {
                return;
            }

            var depth = reader.Depth;
            while (reader.Read() && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
            {
            }
        }

        private Position ElementPosition() => new(_lineInfo.LineNumber, Math.Max(1, _lineInfo.LinePosition - 1));

        private SourceLocation Here() => new(file, _lineInfo.LineNumber, _lineInfo.LinePosition);

        /// <summary>An element's location points at its '&lt;'; XmlReader gives the name's first character.</summary>
        private SourceLocation ElementLocation(string? path) =>
            new(file, _lineInfo.LineNumber, Math.Max(1, _lineInfo.LinePosition - 1), path);

        private SourceLocation At(Position at, string? path) =>
            at.Line == 0 ? SourceLocation.None : new SourceLocation(file, at.Line, at.Column, path);

        /// <summary>An attribute's location with its element's path; only for attributes that are rarely present.</summary>
        private static SourceLocation AtAttribute(DefinitionElement element, Position at) =>
            at.Line == 0 ? SourceLocation.None : element.Location with { Line = at.Line, Column = at.Column };

        private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
    }

    private readonly record struct Position(int Line, int Column);
}
