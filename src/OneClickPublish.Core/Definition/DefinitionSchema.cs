using System.Xml;
using System.Xml.Schema;

namespace OneClickPublish.Definition;

/// <summary>The XSD of the definition format (Definition/extension.xsd), embedded for tools that want to hand it to editors or validate with it.</summary>
public static class DefinitionSchema
{
    public const string ResourceName = "OneClickPublish.extension.xsd";

    /// <summary>The schema's text, for writing it beside a definition so that an editor picks it up.</summary>
    public static string ReadText()
    {
        using var stream = OpenStream();
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static XmlSchemaSet Load()
    {
        using var stream = OpenStream();
        using var reader = XmlReader.Create(stream, DefinitionReader.CreateSafeSettings());
        var set = new XmlSchemaSet { XmlResolver = null };
        set.Add(DefinitionReader.XmlNamespace, reader);
        set.Compile();
        return set;
    }

    private static Stream OpenStream() =>
        typeof(DefinitionSchema).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from {typeof(DefinitionSchema).Assembly.GetName().Name}.");
}
