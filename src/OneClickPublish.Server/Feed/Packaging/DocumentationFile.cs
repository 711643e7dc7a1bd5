using System.Text;
using System.Xml;
using System.Xml.Linq;
using OneClickPublish.Definition;

namespace OneClickPublish.Server.Feed.Packaging;

/// <summary>
/// The XML documentation file of an extension's assembly (<c>lib/&lt;tfm&gt;/Geo.xml</c> beside <c>Geo.dll</c>),
/// made from the definition's descriptions: a XIF ships the assembly but not the compiler's documentation
/// file, and the descriptions are what a consumer should see in the editor. The same text for the
/// interface and the entry class, so that either way of calling an action shows it.
/// </summary>
internal static class DocumentationFile
{
    public static byte[] Create(ExtensionDefinition definition, string assemblyName)
    {
        var members = new XElement("members");
        var about = definition.Description is { Length: > 0 } d ? d : $"The actions of the extension {definition.Name}.";
        foreach (var typeName in new[] { definition.InterfaceName, definition.EntryClassName })
        {
            members.Add(Member(DocumentationIds.Type(definition, typeName), about));
            foreach (var action in definition.Actions)
            {
                var member = Member(DocumentationIds.Method(definition, typeName, action), action.Description);
                foreach (var parameter in action.Parameters.Where(static p => !string.IsNullOrWhiteSpace(p.Description)))
                {
                    member.Add(new XElement("param", new XAttribute("name", CodeGeneration.CodeNames.ParameterMetadataName(parameter.Name)), parameter.Description!.Trim()));
                }

                members.Add(member);
            }
        }

        foreach (var structure in definition.Structures)
        {
            AddRecord(members, definition, structure, structure.Attributes, remarks: null);
        }

        foreach (var entity in definition.Entities)
        {
            AddRecord(members, definition, entity, entity.Attributes, entity.TableName is { Length: > 0 } table ? $"Stored in the table {table}." : null);
        }

        var document = new XDocument(new XElement("doc", new XElement("assembly", new XElement("name", assemblyName)), members));
        return Serialize(document);
    }

    private static void AddRecord(XElement members, ExtensionDefinition definition, DefinitionElement record, IEnumerable<AttributeDefinition> attributes, string? remarks)
    {
        var type = Member(DocumentationIds.Type(definition, record.Name), record.Description);
        if (remarks is not null)
        {
            type.Add(new XElement("remarks", remarks));
        }

        members.Add(type);
        foreach (var attribute in attributes)
        {
            members.Add(Member(DocumentationIds.Property(definition, record.Name, attribute), attribute.Description));
        }
    }

    private static XElement Member(string id, string? summary)
    {
        var member = new XElement("member", new XAttribute("name", id));
        if (!string.IsNullOrWhiteSpace(summary))
        {
            member.Add(new XElement("summary", summary.Trim()));
        }

        return member;
    }

    /// <summary>UTF-8 without a byte order mark, "\n" line ends on every OS: the same definition gives the same bytes.</summary>
    private static byte[] Serialize(XDocument document)
    {
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "    ", NewLineChars = "\n", NewLineHandling = NewLineHandling.Replace };
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            document.Save(writer);
        }

        return buffer.ToArray();
    }
}
