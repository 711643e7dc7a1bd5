using System.Text.Json;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// <c>.oneclick/integration-studio.json</c>: the imported file's whole element tree (every attribute in
/// file order, bodies, assembly objects, technologies, expressions as spelled, resource timestamps and
/// references), with each resource's bytes replaced by its path in the project. extension.xml holds what
/// the project means; this holds what the export needs to give Integration Studio back its own file.
/// </summary>
public static class StudioSidecar
{
    public const int FormatVersion = 1;

    public static void Write(Stream output, StudioExtension extension, string? sourceFileName)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(extension);
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("formatVersion", FormatVersion);
        json.WriteString("source", sourceFileName is null ? null : Path.GetFileName(sourceFileName));
        json.WriteStartObject("resourcePaths");
        foreach (var resource in extension.Resources.Where(r => r.Key is not null))
        {
            json.WriteString(resource.Key!, StudioProjectLayout.ProjectPathOf(resource, extension.Name));
        }

        json.WriteEndObject();
        json.WritePropertyName("root");
        WriteNode(json, extension.Root);
        json.WriteEndObject();
    }

    /// <summary>The kept tree; resource bytes are not in it (their Data nodes carry only their length).</summary>
    public static StudioNode ReadRoot(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var document = JsonDocument.Parse(input, new JsonDocumentOptions { MaxDepth = 128 });
        var top = document.RootElement;
        var version = top.GetProperty("formatVersion").GetInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"{StudioProjectLayout.SidecarPath} has format version {version}; this tool reads version {FormatVersion}.");
        }

        return ReadNode(top.GetProperty("root"));
    }

    private static void WriteNode(Utf8JsonWriter json, StudioNode node)
    {
        json.WriteStartObject();
        json.WriteString("name", node.Name);
        if (node.Attributes.Count > 0)
        {
            // An array of pairs, not an object: the order of attributes is part of what is kept.
            json.WriteStartArray("attributes");
            foreach (var pair in node.Attributes)
            {
                json.WriteStartArray();
                json.WriteStringValue(pair.Key);
                json.WriteStringValue(pair.Value);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        if (node.Text is not null)
        {
            json.WriteString("text", node.Text);
        }

        if (node.Name == "Data")
        {
            json.WriteNumber("dataLength", node.DataLength);
        }

        if (node.Children.Count > 0)
        {
            json.WriteStartArray("children");
            foreach (var child in node.Children)
            {
                WriteNode(json, child);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static StudioNode ReadNode(JsonElement element)
    {
        var node = new StudioNode(element.GetProperty("name").GetString() ?? string.Empty);
        if (element.TryGetProperty("attributes", out var attributes))
        {
            foreach (var pair in attributes.EnumerateArray())
            {
                node.Attributes.Add(new KeyValuePair<string, string>(pair[0].GetString() ?? string.Empty, pair[1].GetString() ?? string.Empty));
            }
        }

        if (element.TryGetProperty("text", out var text))
        {
            node.Text = text.GetString();
        }

        if (element.TryGetProperty("dataLength", out var length))
        {
            node.DataLength = length.GetInt64();
        }

        if (element.TryGetProperty("children", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                node.Children.Add(ReadNode(child));
            }
        }

        return node;
    }

    /// <summary>
    /// The tree an import kept in the project at <paramref name="projectDirectory"/>, or null for a project that
    /// no import made. A side file that cannot be read is a coded error, never a silent fresh export.
    /// </summary>
    public static StudioNode? ReadKept(string projectDirectory)
    {
        var path = Path.Combine(projectDirectory, StudioProjectLayout.SidecarPath);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            return ReadRoot(stream);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException or IOException)
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.SidecarUnreadable, new SourceLocation(path), StudioProjectLayout.SidecarPath, e.Message);
        }
    }
}
