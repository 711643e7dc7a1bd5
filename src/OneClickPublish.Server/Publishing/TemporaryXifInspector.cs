using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using NuGet.Versioning;
using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Api;

namespace OneClickPublish.Server.Publishing;

/// <summary>
/// TEMPORARY stand-in for the Core XIF reader, definition reader and verifier, which are being
/// written on other branches; it is replaced by an inspector that calls
/// <c>OneClickPublish.Xif.XifReader</c>, <c>DefinitionReader</c> and <c>DefinitionVerifier</c> as soon
/// as they are on main. It does the security checks the server cannot do without (entry names,
/// duplicates, caps, hashes, no DTD) and reads just enough of the definition for the compatibility
/// check; every problem is reported as OCP5130/OCP5131 with a message that says what and where.
/// Manifest (temporary): <c>manifest.json</c> = {"formatVersion":1,"name","version","definition",
/// "entries":[{"path","size","sha256","kind","deployAction"}]}.
/// </summary>
internal sealed class TemporaryXifInspector : IXifInspector
{
    public const string ManifestName = "manifest.json";
    private const long MaxManifestBytes = 4 << 20;
    private const long MaxDefinitionBytes = 16 << 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public XifIdentity? ReadIdentity(string xifPath, XifLimits limits, DiagnosticBag diagnostics)
    {
        try
        {
            using var archive = ZipFile.OpenRead(xifPath);
            var manifest = ReadManifest(archive, limits, diagnostics);
            return manifest is null ? null : IdentityOf(manifest, diagnostics);
        }
        catch (InvalidDataException e)
        {
            Refuse(diagnostics, $"it is not a readable ZIP archive ({e.Message})");
            return null;
        }
    }

    public XifContent? Inspect(string xifPath, XifLimits limits, DiagnosticBag diagnostics)
    {
        try
        {
            using var archive = ZipFile.OpenRead(xifPath);
            return Inspect(archive, limits, diagnostics);
        }
        catch (InvalidDataException e)
        {
            Refuse(diagnostics, $"it is not a readable ZIP archive ({e.Message})");
            return null;
        }
    }

    private static XifContent? Inspect(ZipArchive archive, XifLimits limits, DiagnosticBag diagnostics)
    {
        if (archive.Entries.Count > limits.MaxEntries)
        {
            Refuse(diagnostics, $"it has {archive.Entries.Count} entries, more than the limit of {limits.MaxEntries}");
            return null;
        }

        var byName = new Dictionary<string, ZipArchiveEntry>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            if (!IsSafeEntryName(entry.FullName, out var why))
            {
                Refuse(diagnostics, $"entry '{entry.FullName}' {why}");
                continue;
            }

            if (!byName.TryAdd(entry.FullName.TrimEnd('/'), entry))
            {
                Refuse(diagnostics, $"entry '{entry.FullName}' appears more than once (names are compared ignoring case)");
                continue;
            }

            total += entry.Length;
            CheckCaps(entry, limits, diagnostics);
        }

        if (total > limits.MaxTotalBytes)
        {
            Refuse(diagnostics, $"its entries hold {total} bytes uncompressed, more than the limit of {limits.MaxTotalBytes}");
        }

        if (diagnostics.HasErrors)
        {
            return null;
        }

        var manifest = ReadManifest(archive, limits, diagnostics);
        var identity = manifest is null ? null : IdentityOf(manifest, diagnostics);
        if (manifest is null || identity is null)
        {
            return null;
        }

        var files = new List<XifFile>();
        var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ManifestName };
        foreach (var item in manifest.Entries ?? [])
        {
            if (item.Path is null || !byName.TryGetValue(item.Path, out var entry) || entry.FullName.EndsWith('/'))
            {
                Refuse(diagnostics, $"the manifest lists '{item.Path}', which is not in the archive");
                continue;
            }

            if (!listed.Add(item.Path))
            {
                Refuse(diagnostics, $"the manifest lists '{item.Path}' more than once");
                continue;
            }

            var expected = item.Sha256?.ToLowerInvariant() ?? string.Empty;
            var (size, actual) = HashEntry(entry, limits);
            if (size != item.Size || actual != expected)
            {
                Refuse(diagnostics, $"entry '{item.Path}' has {size} bytes with SHA-256 {actual}; the manifest gives {item.Size} bytes with SHA-256 {expected}");
                continue;
            }

            files.Add(new XifFile(entry.FullName, actual, size, item.Kind ?? "File",
                !string.Equals(item.DeployAction, nameof(DeployAction.Ignore), StringComparison.OrdinalIgnoreCase)));
        }

        foreach (var name in byName.Keys.Where(n => !listed.Contains(n) && !byName[n].FullName.EndsWith('/')))
        {
            Refuse(diagnostics, $"entry '{name}' is not listed in the manifest");
        }

        var definitionPath = manifest.Definition ?? "extension.xml";
        if (diagnostics.HasErrors || !byName.TryGetValue(definitionPath, out var definitionEntry))
        {
            if (!diagnostics.HasErrors)
            {
                Refuse(diagnostics, $"it has no definition '{definitionPath}'");
            }

            return null;
        }

        if (definitionEntry.Length > MaxDefinitionBytes)
        {
            Refuse(diagnostics, $"its definition has {definitionEntry.Length} bytes, more than {MaxDefinitionBytes}");
            return null;
        }

        string xml;
        using (var reader = new StreamReader(definitionEntry.Open(), Encoding.UTF8))
        {
            xml = reader.ReadToEnd();
        }

        var definition = ReadDefinition(xml, definitionPath, diagnostics);
        if (definition is null)
        {
            return null;
        }

        if (!string.Equals(definition.Name, identity.Name, StringComparison.Ordinal)
            || definition.Version is null || definition.Version.ToNormalizedString() != identity.Version)
        {
            diagnostics.Report(ServerDiagnostics.DefinitionDoesNotMatchManifest, new SourceLocation(definitionPath),
                identity.Name, identity.Version, definition.Name, definition.VersionText);
            return null;
        }

        return new XifContent(identity, definition, xml, files);
    }

    public ExtensionDefinition? ReadDefinition(string xml, DiagnosticBag diagnostics) => ReadDefinition(xml, null, diagnostics);

    private static ExtensionDefinition? ReadDefinition(string xml, string? path, DiagnosticBag diagnostics)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 0 };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            diagnostics.Report(ServerDiagnostics.InvalidDefinitionXml, new SourceLocation(path, e.LineNumber, e.LinePosition), e.Message);
            return null;
        }

        var root = document.Root!;
        if (root.Name.LocalName != "Extension")
        {
            diagnostics.Report(ServerDiagnostics.InvalidDefinitionXml, Where(root, path), $"the root element is <{root.Name.LocalName}>, not <Extension>");
            return null;
        }

        var definition = new ExtensionDefinition
        {
            Name = Attr(root, "Name") ?? string.Empty,
            VersionText = Attr(root, "Version") ?? string.Empty,
            Namespace = Attr(root, "Namespace"),
            Description = Attr(root, "Description"),
            FilePath = path,
            Location = Where(root, path),
        };
        definition.Version = NuGetVersion.TryParseStrict(definition.VersionText, out var version) ? version : null;
        if (!Names.IsValidExtensionName(definition.Name))
        {
            diagnostics.Report(ServerDiagnostics.InvalidExtensionName, Where(root, path), definition.Name);
        }

        if (definition.Version is null)
        {
            diagnostics.Report(ServerDiagnostics.InvalidVersion, Where(root, path), definition.VersionText);
        }

        foreach (var element in Children(root, "Actions", "Action"))
        {
            var action = Element(new ActionDefinition(), element, path);
            action.IsFunction = Flag(element, "Function");
            action.Icon = Attr(element, "Icon");
            foreach (var p in element.Elements().Where(static e => e.Name.LocalName is "Input" or "Output"))
            {
                var parameter = Typed(new ParameterDefinition(), p, path);
                parameter.Direction = p.Name.LocalName == "Input" ? ParameterDirection.Input : ParameterDirection.Output;
                action.Parameters.Add(parameter);
            }

            definition.Actions.Add(action);
        }

        foreach (var element in Children(root, "Structures", "Structure"))
        {
            var structure = Element(new StructureDefinition(), element, path);
            structure.Attributes.AddRange(element.Elements().Where(static e => e.Name.LocalName == "Attribute").Select(a => Attribute(a, path)));
            definition.Structures.Add(structure);
        }

        foreach (var element in Children(root, "Entities", "Entity"))
        {
            var entity = Element(new EntityDefinition(), element, path);
            entity.TableName = Attr(element, "TableName");
            entity.Attributes.AddRange(element.Elements().Where(static e => e.Name.LocalName == "Attribute").Select(a => Attribute(a, path)));
            definition.Entities.Add(entity);
        }

        return diagnostics.HasErrors ? null : definition;
    }

    private static AttributeDefinition Attribute(XElement element, string? path)
    {
        var attribute = Typed(new AttributeDefinition(), element, path);
        attribute.Length = int.TryParse(Attr(element, "Length"), out var length) ? length : null;
        attribute.Decimals = int.TryParse(Attr(element, "Decimals"), out var decimals) ? decimals : null;
        attribute.IsIdentifier = Flag(element, "Identifier");
        attribute.IsAutoNumber = Flag(element, "AutoNumber");
        return attribute;
    }

    private static T Typed<T>(T element, XElement xml, string? path)
        where T : TypedElement
    {
        Element(element, xml, path);
        element.DataTypeName = Attr(xml, "DataType") ?? string.Empty;
        element.DataType = DataTypes.TryParse(element.DataTypeName, out var type) ? type.Value : DataType.Unknown;
        element.IsMandatory = Flag(xml, "Mandatory");
        element.DefaultValue = Attr(xml, "Default");
        element.RecordType = Attr(xml, "RecordType");
        return element;
    }

    private static T Element<T>(T element, XElement xml, string? path)
        where T : DefinitionElement
    {
        element.Name = Attr(xml, "Name") ?? string.Empty;
        element.Key = Attr(xml, "Key");
        element.Description = Attr(xml, "Description");
        element.Location = Where(xml, path);
        return element;
    }

    private static IEnumerable<XElement> Children(XElement root, string group, string item) =>
        root.Elements().Where(e => e.Name.LocalName == group).SelectMany(g => g.Elements().Where(e => e.Name.LocalName == item));

    private static string? Attr(XElement element, string name) => element.Attribute(name)?.Value;

    private static bool Flag(XElement element, string name) => string.Equals(Attr(element, name), "true", StringComparison.OrdinalIgnoreCase);

    private static SourceLocation Where(XElement element, string? path) =>
        element is IXmlLineInfo info && info.HasLineInfo() ? new SourceLocation(path, info.LineNumber, info.LinePosition) : new SourceLocation(path);

    private static Manifest? ReadManifest(ZipArchive archive, XifLimits limits, DiagnosticBag diagnostics)
    {
        var entry = archive.Entries.FirstOrDefault(static e => string.Equals(e.FullName, ManifestName, StringComparison.OrdinalIgnoreCase));
        if (entry is null)
        {
            Refuse(diagnostics, $"it has no {ManifestName}");
            return null;
        }

        if (entry.Length > MaxManifestBytes)
        {
            Refuse(diagnostics, $"its manifest has {entry.Length} bytes, more than {MaxManifestBytes}");
            return null;
        }

        CheckCaps(entry, limits, diagnostics);
        if (diagnostics.HasErrors)
        {
            return null;
        }

        try
        {
            using var stream = entry.Open();
            return JsonSerializer.Deserialize<Manifest>(stream, Json) ?? throw new JsonException("the manifest is empty");
        }
        catch (JsonException e)
        {
            Refuse(diagnostics, $"its manifest is not valid JSON ({e.Message})");
            return null;
        }
    }

    private static XifIdentity? IdentityOf(Manifest manifest, DiagnosticBag diagnostics)
    {
        if (manifest.FormatVersion != 1)
        {
            Refuse(diagnostics, $"its manifest has format version {manifest.FormatVersion}; this server reads version 1");
            return null;
        }

        if (!Names.IsValidExtensionName(manifest.Name))
        {
            diagnostics.Report(ServerDiagnostics.InvalidExtensionName, new SourceLocation(ManifestName), manifest.Name);
            return null;
        }

        if (!Names.TryParseVersion(manifest.Version, out var version))
        {
            diagnostics.Report(ServerDiagnostics.InvalidVersion, new SourceLocation(ManifestName), manifest.Version);
            return null;
        }

        return new XifIdentity(manifest.Name, version.ToNormalizedString());
    }

    private static void CheckCaps(ZipArchiveEntry entry, XifLimits limits, DiagnosticBag diagnostics)
    {
        if (entry.Length > limits.MaxEntryBytes)
        {
            Refuse(diagnostics, $"entry '{entry.FullName}' has {entry.Length} bytes, more than the limit of {limits.MaxEntryBytes}");
        }
        else if (entry.Length > 0 && (entry.CompressedLength == 0 || entry.Length / entry.CompressedLength > limits.MaxCompressionRatio))
        {
            Refuse(diagnostics, $"entry '{entry.FullName}' expands {entry.Length} bytes from {entry.CompressedLength}, over the compression ratio limit of {limits.MaxCompressionRatio}");
        }
    }

    /// <summary>Hashes an entry, reading at most one byte more than it declares, so a lying header cannot make us read a bomb.</summary>
    private static (long Size, string Sha256) HashEntry(ZipArchiveEntry entry, XifLimits limits)
    {
        using var stream = entry.Open();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        var cap = Math.Min(entry.Length, limits.MaxEntryBytes) + 1;
        int read;
        while (size < cap && (read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, cap - size))) > 0)
        {
            hash.AppendData(buffer, 0, read);
            size += read;
        }

        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    internal static bool IsSafeEntryName(string name, out string why)
    {
        why = string.Empty;
        if (name.Length == 0 || name.Length > 260)
        {
            why = "has an empty or too long name";
        }
        else if (name.Contains('\\', StringComparison.Ordinal) || name.Any(char.IsControl))
        {
            why = "has a backslash or a control character in its name";
        }
        else if (name.StartsWith('/') || (name.Length >= 2 && name[1] == ':'))
        {
            why = "has an absolute path";
        }
        else if (name.TrimEnd('/').Split('/').Any(static s => s is "" or "." or ".."))
        {
            why = "has an empty, '.' or '..' path segment";
        }

        return why.Length == 0;
    }

    private static void Refuse(DiagnosticBag diagnostics, string what) =>
        diagnostics.Report(ServerDiagnostics.InvalidXif, SourceLocation.None, what);

    private sealed record Manifest(int FormatVersion, string? Name, string? Version, string? Definition, List<ManifestEntry>? Entries);

    private sealed record ManifestEntry(string? Path, long Size, string? Sha256, string? Kind, string? DeployAction);
}
