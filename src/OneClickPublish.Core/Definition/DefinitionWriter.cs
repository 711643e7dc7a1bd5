using System.Globalization;
using System.Text;
using System.Xml;

namespace OneClickPublish.Definition;

/// <summary>
/// Writes a definition model as extension.xml, in the format <see cref="DefinitionReader"/> reads:
/// the namespace of the format, attributes in a fixed order, false flags and absent values left out.
/// Reading what it writes gives the same model (locations aside).
/// </summary>
public static class DefinitionWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static string WriteToString(ExtensionDefinition definition)
    {
        using var text = new Utf8StringWriter();
        Write(definition, text);
        return text.ToString();
    }

    /// <summary>Writes the definition to <paramref name="path"/>, never half-written.</summary>
    public static void WriteFile(ExtensionDefinition definition, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.Write(Path.GetFullPath(path), temp =>
        {
            using var stream = new StreamWriter(temp, append: false, Utf8NoBom);
            Write(definition, stream);
        });
    }

    public static void Write(ExtensionDefinition definition, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(output);
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Entitize,
            CloseOutput = false,
        };
        using var xml = XmlWriter.Create(output, settings);
        var ns = DefinitionReader.XmlNamespace;
        xml.WriteStartDocument();
        xml.WriteStartElement("Extension", ns);
        Attribute(xml, "Name", definition.Name);
        var version = definition.VersionText.Length > 0 ? definition.VersionText : definition.Version?.ToNormalizedString();
        Attribute(xml, "Version", version);
        Attribute(xml, "Namespace", definition.Namespace);
        Attribute(xml, "Key", definition.Key);
        Attribute(xml, "Description", definition.Description);

        if (definition.Actions.Count > 0)
        {
            xml.WriteStartElement("Actions", ns);
            foreach (var action in definition.Actions)
            {
                xml.WriteStartElement("Action", ns);
                Common(xml, action);
                Flag(xml, "Function", action.IsFunction);
                Attribute(xml, "Icon", action.Icon);
                foreach (var parameter in action.Parameters)
                {
                    xml.WriteStartElement(parameter.Direction == ParameterDirection.Input ? "Input" : "Output", ns);
                    Typed(xml, parameter);
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        if (definition.Structures.Count > 0)
        {
            xml.WriteStartElement("Structures", ns);
            foreach (var structure in definition.Structures)
            {
                xml.WriteStartElement("Structure", ns);
                Common(xml, structure);
                Attributes(xml, structure.Attributes);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        if (definition.Entities.Count > 0)
        {
            xml.WriteStartElement("Entities", ns);
            foreach (var entity in definition.Entities)
            {
                xml.WriteStartElement("Entity", ns);
                Common(xml, entity);
                Attribute(xml, "TableName", entity.TableName);
                Attributes(xml, entity.Attributes);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        if (definition.Resources.Count > 0)
        {
            xml.WriteStartElement("Resources", ns);
            foreach (var resource in definition.Resources)
            {
                xml.WriteStartElement("Resource", ns);
                Attribute(xml, "Path", resource.Path);
                Attribute(xml, "Key", resource.Key);
                Attribute(xml, "DeployAction", resource.DeployAction?.ToString() ?? resource.DeployActionText);
                Attribute(xml, "Description", resource.Description);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void Attributes(XmlWriter xml, List<AttributeDefinition> attributes)
    {
        foreach (var attribute in attributes)
        {
            xml.WriteStartElement("Attribute", DefinitionReader.XmlNamespace);
            Typed(xml, attribute);
            Number(xml, "Length", attribute.Length);
            Number(xml, "Decimals", attribute.Decimals);

            // Written for structures too when set, so that a wrong model round-trips to the same error.
            Flag(xml, "Identifier", attribute.IsIdentifier);
            Flag(xml, "AutoNumber", attribute.IsAutoNumber);
            xml.WriteEndElement();
        }
    }

    private static void Common(XmlWriter xml, DefinitionElement element)
    {
        Attribute(xml, "Name", element.Name);
        Attribute(xml, "Key", element.Key);
        Attribute(xml, "Description", element.Description);
    }

    private static void Typed(XmlWriter xml, TypedElement element)
    {
        Attribute(xml, "Name", element.Name);
        Attribute(xml, "Key", element.Key);
        var dataType = element.DataTypeName.Length > 0 || element.DataType == DataType.Unknown
            ? element.DataTypeName
            : DataTypes.ToName(element.DataType);
        Attribute(xml, "DataType", dataType);
        Attribute(xml, "RecordType", element.RecordType);
        Flag(xml, "Mandatory", element.IsMandatory);
        Attribute(xml, "Default", element.DefaultValue);
        Attribute(xml, "Description", element.Description);
    }

    private static void Attribute(XmlWriter xml, string name, string? value)
    {
        if (value is not null)
        {
            xml.WriteAttributeString(name, value);
        }
    }

    private static void Flag(XmlWriter xml, string name, bool value)
    {
        if (value)
        {
            xml.WriteAttributeString(name, "true");
        }
    }

    private static void Number(XmlWriter xml, string name, int? value)
    {
        if (value is { } number)
        {
            xml.WriteAttributeString(name, number.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>A StringWriter whose XML declaration says UTF-8, the encoding files are saved in.</summary>
    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding => Utf8NoBom;
    }
}
