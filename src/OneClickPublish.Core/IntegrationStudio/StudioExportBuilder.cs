using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OneClickPublish.Definition;

namespace OneClickPublish.IntegrationStudio;

/// <summary>A file that is no resource of the definition but goes into the export as one (see <see cref="StudioExportBuilder.Build"/>).</summary>
/// <param name="Folder">The format's folder: <c>\Source\NET\</c>.</param>
public sealed record StudioExtraFile(string Folder, string FileName, string FullPath, string CompileAction);

/// <summary>What the export writes: the element tree, and the project file that holds each resource's bytes.</summary>
public sealed class StudioExport
{
    internal StudioExport(StudioNode root, Dictionary<StudioNode, string> resourceFiles)
    {
        Root = root;
        ResourceFiles = resourceFiles;
    }

    public StudioNode Root { get; }

    /// <summary>A tree and its resource files as they are (a tree read from a file, for instance): no definition involved.</summary>
    public static StudioExport Of(StudioNode root, IReadOnlyDictionary<StudioNode, string> resourceFiles) =>
        new(root, resourceFiles.ToDictionary(p => p.Key, p => p.Value));

    /// <summary>Resource node → its path in the project ('/' separated, relative to the definition's folder).</summary>
    public IReadOnlyDictionary<StudioNode, string> ResourceFiles { get; }
}

/// <summary>
/// Builds the element tree of an Integration Studio .xif from our definition. Each element whose key is
/// in the tree an import kept (<see cref="StudioSidecar"/>) starts from that node, so that what the
/// definition cannot hold (bodies, assembly objects, timestamps, expression spellings, other attributes)
/// goes back as it came; what the definition holds is written from the definition. Elements that never
/// had a key get one made from their element path, so that two exports of one project agree.
/// </summary>
public static class StudioExportBuilder
{
    private const string UserDefinedPlugin = "OutSystems.IntegrationStudio.Plugin.UserDefined.Core";
    private const string NetPlugin = "OutSystems.IntegrationStudio.Plugin.Net.Core";

    /// <param name="extraFiles">
    /// Files the definition does not declare that go in as resources too: for a project not made by import,
    /// its implementation, generated code (<c>\Source\NET\</c>, Ignore) and built assembly
    /// (<c>\Source\NET\Bin\</c>, Binaries), a reference copy (Integration Studio regenerates and recompiles its own).
    /// </param>
    public static StudioExport Build(ExtensionDefinition definition, StudioNode? kept, DateTime nowUtc, IReadOnlyList<StudioExtraFile>? extraFiles = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var keptByKey = Index(kept);
        var root = Start("Extension", definition.Key ?? KeyFor("Extension"), keptByKey, kept);
        var files = new Dictionary<StudioNode, string>();
        Defaults(root, definition, nowUtc);
        root["Key"] = definition.Key ?? KeyFor("Extension");
        root["Name"] = definition.Name;
        root["Description"] = definition.Description ?? string.Empty;

        var resourceKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        var resources = new StudioNode("Resources");
        foreach (var resource in definition.Resources)
        {
            var node = Resource(resource, keptByKey, nowUtc);
            resourceKeys[resource.Path] = node["Key"]!;
            files[node] = resource.Path;
            resources.Children.Add(node);
        }

        foreach (var extra in extraFiles ?? [])
        {
            var node = new StudioNode("Resource");
            node["Key"] = KeyFor($"Resource {extra.Folder}{extra.FileName}");
            node["Filename"] = extra.FileName;
            node["Description"] = string.Empty;
            node["ImportDetails"] = string.Empty;
            node["CompileAction"] = extra.CompileAction;
            node["LastModified"] = nowUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            node["Path"] = extra.Folder;
            node["CodeReference"] = "No";
            node.Children.Add(new StudioNode("Data"));
            node.Children.Add(new StudioNode("References"));
            files[node] = extra.FullPath;
            resources.Children.Add(node);
        }

        var structureKeys = definition.Structures.ToDictionary(s => s.Name, s => s.Key ?? KeyFor($"Structure {s.Name}"), StringComparer.OrdinalIgnoreCase);
        var actions = new StudioNode("Actions");
        actions.Children.AddRange(definition.Actions.Select(a => Action(a, keptByKey, resourceKeys, structureKeys)));
        var structures = new StudioNode("Structures");
        structures.Children.AddRange(definition.Structures.Select(s => Structure(s, keptByKey, structureKeys)));
        var entities = kept?.Child("Entities") ?? new StudioNode("Entities");
        var technologies = Technologies(kept?.Child("Technologies"), actions, structures);

        root.Children.Clear();
        root.Children.AddRange([resources, actions, structures, entities, technologies]);
        return new StudioExport(root, files);
    }

    /// <summary>A key in the format's form made from an element path: the first 16 bytes of its SHA-256.</summary>
    public static string KeyFor(string elementPath)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(elementPath));
        return StudioKeys.FromBytes(hash.Take(16).ToArray());
    }

    private static void Defaults(StudioNode root, ExtensionDefinition definition, DateTime nowUtc)
    {
        // Written only where the import kept nothing: the values every real file has (format page, "Root").
        SetIfAbsent(root, "CodeKey", CodeKeyOf(definition.Key ?? KeyFor("Extension")));
        SetIfAbsent(root, "ApplicationServerType", "NET");
        SetIfAbsent(root, "Database", "All");
        SetIfAbsent(root, "System", "No");
        SetIfAbsent(root, "Valid", "Yes");
        SetIfAbsent(root, "LastUpgradeVersion", "11.0.0.200");
        SetIfAbsent(root, "ActivationCode", string.Empty);
        SetIfAbsent(root, "IsOpenSourceProduct", "No");
        SetIfAbsent(root, "Generation", "1");
        SetIfAbsent(root, "Hash", string.Empty);
        SetIfAbsent(root, "Version", "11.14.0.0");
        root["LastModifiedUTC"] = nowUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        SetIfAbsent(root, "DirectUpgradeFrom", string.Empty);
    }

    private static StudioNode Resource(ResourceDefinition resource, Dictionary<string, StudioNode> kept, DateTime nowUtc)
    {
        var key = resource.Key ?? KeyFor($"Resource {resource.Path}");
        var node = Start("Resource", key, kept, null);
        var original = resource.Path.StartsWith(StudioProjectLayout.OriginalFolder + "/", StringComparison.Ordinal)
            ? resource.Path.Substring(StudioProjectLayout.OriginalFolder.Length + 1)
            : resource.Path;
        var slash = original.LastIndexOf('/');
        node["Key"] = key;
        node["Filename"] = slash < 0 ? original : original.Substring(slash + 1);
        node["Description"] = resource.Description ?? string.Empty;
        SetIfAbsent(node, "ImportDetails", string.Empty);
        node["CompileAction"] = resource.DeployAction?.ToString() ?? resource.DeployActionText;
        SetIfAbsent(node, "LastModified", nowUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        node["Path"] = StudioResourcePath.FolderOf(original);
        SetIfAbsent(node, "CodeReference", "No");
        var references = node.Child("References") ?? new StudioNode("References");
        node.Children.Clear();
        node.Children.Add(new StudioNode("Data"));
        node.Children.Add(references);
        return node;
    }

    private static StudioNode Action(ActionDefinition action, Dictionary<string, StudioNode> kept, Dictionary<string, string> resourceKeys, Dictionary<string, string> structureKeys)
    {
        var key = action.Key ?? KeyFor($"Action {action.Name}");
        var node = Start("Action", key, kept, null);
        node["Key"] = key;
        node["Name"] = action.Name;
        node["Description"] = action.Description ?? string.Empty;
        SetIfAbsent(node, "ImportDetails", string.Empty);
        node["IsFunction"] = StudioFlags.ToFlag(action.IsFunction);
        node["Icon"] = action.Icon is { } icon && resourceKeys.TryGetValue(icon, out var iconKey) ? iconKey : null;
        var variables = new StudioNode("Variables");
        variables.Children.AddRange(action.Parameters.Select(p => Parameter(p, action, kept, structureKeys)));
        var body = node.Child("Body") ?? new StudioNode("Body");
        var javaBody = node.Child("JavaBody") ?? new StudioNode("JavaBody");
        var assemblyObject = node.Child("AssemblyObject");
        node.Children.Clear();
        node.Children.Add(body);
        node.Children.Add(javaBody);
        if (assemblyObject is not null)
        {
            node.Children.Add(assemblyObject);
        }

        node.Children.Add(variables);
        return node;
    }

    private static StudioNode Parameter(ParameterDefinition parameter, ActionDefinition action, Dictionary<string, StudioNode> kept, Dictionary<string, string> structureKeys)
    {
        var input = parameter.Direction == ParameterDirection.Input;
        var key = parameter.Key ?? KeyFor($"Action {action.Name} \u203A {parameter.Kind} {parameter.Name}");
        var node = Start(input ? "InputParameter" : "OutputParameter", key, kept, null);
        node["Key"] = key;
        node["Name"] = parameter.Name;
        node["Description"] = parameter.Description ?? string.Empty;
        node["IsMandatory"] = input ? StudioFlags.ToFlag(parameter.IsMandatory) : null;
        node["Type"] = TypeWord(parameter);
        node["RecordType"] = RecordType(parameter, structureKeys);
        var value = input ? parameter.DefaultValue : null;
        var expression = KeptOrBuilt(node, "Default", value, parameter.DataType);
        node["Default"] = expression["StringText"];
        node.Children.Clear();
        node.Children.Add(expression);
        return node;
    }

    private static StudioNode Structure(StructureDefinition structure, Dictionary<string, StudioNode> kept, Dictionary<string, string> structureKeys)
    {
        var key = structureKeys[structure.Name];
        var node = Start("Structure", key, kept, null);
        node["Key"] = key;
        node["Name"] = structure.Name;
        node["Description"] = structure.Description ?? string.Empty;
        SetIfAbsent(node, "ImportDetails", string.Empty);
        node.Children.Clear();
        foreach (var attribute in structure.Attributes)
        {
            var attributeKey = attribute.Key ?? KeyFor($"Structure {structure.Name} \u203A Attribute {attribute.Name}");
            var member = Start("Attribute", attributeKey, kept, null);
            member["Key"] = attributeKey;
            member["Name"] = attribute.Name;
            member["Description"] = attribute.Description ?? string.Empty;
            member["IsMandatory"] = StudioFlags.ToFlag(attribute.IsMandatory);
            member["Type"] = TypeWord(attribute);
            var defaultValue = KeptOrBuilt(member, "DefaultValue", attribute.DefaultValue, attribute.DataType);
            var decimals = KeptOrBuilt(member, "Decimals", Number(attribute.Decimals), DataType.Integer);
            var length = KeptOrBuilt(member, "Length", Number(attribute.Length), DataType.Integer);
            member["DefaultValue"] = defaultValue["StringText"];
            member["Decimals"] = decimals["StringText"];
            member["Length"] = length["StringText"];
            member["RecordType"] = RecordType(attribute, structureKeys);
            member.Children.Clear();
            member.Children.AddRange([defaultValue, decimals, length]);
            node.Children.Add(member);
        }

        return node;
    }

    /// <summary>The kept expression when it still says the definition's value (its spelling kept: False, false…), else a new one.</summary>
    private static StudioNode KeptOrBuilt(StudioNode owner, string name, string? value, DataType type)
    {
        var kept = owner.ChildrenNamed("Expression").FirstOrDefault(e => e["Name"] == name);
        if (kept is not null)
        {
            var expression = new StudioExpression(kept);
            var same = expression.Kind == StudioExpressionKind.Unknown
                ? value is null
                : string.Equals(expression.LiteralValue, value is not null && type == DataType.Boolean ? value.ToLowerInvariant() : value, StringComparison.Ordinal);
            if (same)
            {
                return kept;
            }
        }

        return StudioExpressions.Build(name, value, type);
    }

    private static StudioNode Technologies(StudioNode? kept, StudioNode actions, StudioNode structures)
    {
        var actionKeys = actions.Children.Select(a => a["Key"]!).ToList();
        var structureKeys = structures.Children.Select(s => s["Key"]!).ToList();
        var technologies = new StudioNode("Technologies");
        var list = kept?.ChildrenNamed("Technology").ToList() ?? [];

        // A kept file without technologies (another writer's) gets none back: the round trip is faithful.
        if (kept is null)
        {
            list.Add(Technology(UserDefinedPlugin, "Technology1"));
            list.Add(Technology(NetPlugin, "Technology2"));
        }

        // Each action and structure in exactly one technology: where it was, else the user-defined one.
        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var technology in list)
        {
            foreach (var (section, element, keys) in new[] { ("Actions", "Action", actionKeys), ("Structures", "Structure", structureKeys) })
            {
                var refs = technology.Child(section) ?? new StudioNode(section);
                refs.Children.RemoveAll(r => r["Key"] is not { } k || !keys.Contains(k) || !placed.Add(k));
                if (technology.Child(section) is null)
                {
                    technology.Children.Add(refs);
                }
            }
        }

        var userDefined = list.Find(t => t["PluginKey"] == UserDefinedPlugin) ?? list.FirstOrDefault();
        if (userDefined is null)
        {
            return technologies;
        }

        foreach (var (section, element, keys) in new[] { ("Actions", "Action", actionKeys), ("Structures", "Structure", structureKeys) })
        {
            foreach (var key in keys.Where(k => !placed.Contains(k)))
            {
                var reference = new StudioNode(element);
                reference["Key"] = key;
                userDefined.Child(section)!.Children.Add(reference);
            }
        }

        technologies.Children.AddRange(list);
        return technologies;
    }

    private static StudioNode Technology(string plugin, string name)
    {
        var node = new StudioNode("Technology");
        node["PluginKey"] = plugin;
        node["PluginVersion"] = "11.14.0.0";
        node["Key"] = KeyFor($"Technology {plugin}");
        node["Name"] = name;
        node["Description"] = string.Empty;
        node.Children.AddRange([new StudioNode("Resources"), new StudioNode("Actions"), new StudioNode("Structures"), new StudioNode("Entities")]);
        return node;
    }

    /// <summary>A copy of the kept node with that key (attributes and children), or a new node.</summary>
    private static StudioNode Start(string name, string key, Dictionary<string, StudioNode> kept, StudioNode? root)
    {
        var source = root ?? (kept.TryGetValue(key, out var found) ? found : null);
        var node = new StudioNode(name);
        if (source is not null && (source.Name == name || source.Name is "InputParameter" or "OutputParameter" && name is "InputParameter" or "OutputParameter"))
        {
            node.Attributes.AddRange(source.Attributes);
            node.Children.AddRange(source.Children);
        }

        return node;
    }

    private static Dictionary<string, StudioNode> Index(StudioNode? kept)
    {
        var index = new Dictionary<string, StudioNode>(StringComparer.Ordinal);
        if (kept is null)
        {
            return index;
        }

        void Walk(StudioNode node, bool inTechnologies)
        {
            if (!inTechnologies && node.Name is "Resource" or "Action" or "InputParameter" or "OutputParameter" or "Structure" or "Attribute"
                && node["Key"] is { } key && !index.ContainsKey(key))
            {
                index.Add(key, node);
            }

            foreach (var child in node.Children)
            {
                Walk(child, inTechnologies || node.Name == "Technologies");
            }
        }

        Walk(kept, inTechnologies: false);
        return index;
    }

    private static string TypeWord(TypedElement element) =>
        element.DataType == DataType.Unknown ? element.DataTypeName : StudioDataTypes.ToWord(element.DataType);

    private static string RecordType(TypedElement element, Dictionary<string, string> structureKeys) =>
        element.RecordType is { } name && structureKeys.TryGetValue(name, out var key) ? key + "," : string.Empty;

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static void SetIfAbsent(StudioNode node, string attribute, string value)
    {
        if (node[attribute] is null)
        {
            node[attribute] = value;
        }
    }

    /// <summary>The GUID whose bytes a key holds, as CodeKey writes it; a key that holds none gets a GUID made from it.</summary>
    private static string CodeKeyOf(string key)
    {
        try
        {
            var bytes = Convert.FromBase64String(key.Replace('_', '/') + "==");
            if (bytes.Length == 16)
            {
                return new Guid(bytes).ToString().ToUpperInvariant();
            }
        }
        catch (FormatException)
        {
        }

        using var sha = SHA256.Create();
        return new Guid(sha.ComputeHash(Encoding.UTF8.GetBytes(key)).Take(16).ToArray()).ToString().ToUpperInvariant();
    }
}
