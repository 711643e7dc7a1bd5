using System.Globalization;
using NuGet.Versioning;
using OneClickPublish.Definition;

namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// Maps an Integration Studio extension to our definition (docs/import-export.md, "Mapping"): keys kept
/// as they are, parameters in declared order, types by the format page's table, defaults from their
/// expressions, record types from keys to names, resources at their project paths. What the definition
/// cannot hold stays in the <see cref="StudioExtension"/>'s nodes, which the import keeps in the sidecar.
/// </summary>
public static class StudioDefinitionMapper
{
    public const string DefaultVersion = "1.0.0";

    public static ExtensionDefinition ToDefinition(StudioExtension extension, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(extension);
        var versionText = version ?? DefaultVersion;
        var definition = new ExtensionDefinition
        {
            Name = extension.Name,
            Key = extension.Key,
            Description = Text(extension.Description),
            VersionText = versionText,
            Version = NuGetVersion.TryParseStrict(versionText, out var parsed) ? parsed : null,
        };

        var recordTypes = extension.Structures.Where(s => s.Key is not null).ToDictionary(s => s.Key!, s => s.Name, StringComparer.Ordinal);
        var resourcePaths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in extension.Resources)
        {
            var path = StudioProjectLayout.ProjectPathOf(resource, extension.Name);
            if (resource.Key is { } key)
            {
                resourcePaths[key] = path;
            }

            definition.Resources.Add(new ResourceDefinition
            {
                Path = path,
                Key = resource.Key,
                DeployAction = ResourceDefinition.ParseDeployAction(resource.CompileAction),
                DeployActionText = resource.CompileAction,
                Description = Text(resource.Node["Description"]),
            });
        }

        foreach (var action in extension.Actions)
        {
            definition.Actions.Add(Action(action, recordTypes, resourcePaths));
        }

        foreach (var structure in extension.Structures)
        {
            var mapped = new StructureDefinition { Name = structure.Name, Key = structure.Key, Description = Text(structure.Description) };
            foreach (var attribute in structure.Attributes)
            {
                var member = Typed(new AttributeDefinition { Parent = mapped }, attribute, recordTypes);
                member.Length = Number(attribute.Length);
                member.Decimals = Number(attribute.Decimals);
                member.IsMandatory = attribute.IsMandatory;
                member.DefaultValue = attribute.Default?.LiteralValue;
                mapped.Attributes.Add(member);
            }

            definition.Structures.Add(mapped);
        }

        return definition;
    }

    private static ActionDefinition Action(StudioAction action, Dictionary<string, string> recordTypes, Dictionary<string, string> resourcePaths)
    {
        var mapped = new ActionDefinition
        {
            Name = action.Name,
            Key = action.Key,
            Description = Text(action.Description),
            IsFunction = action.IsFunction,
            Icon = action.IconKey is { } icon && resourcePaths.TryGetValue(icon, out var path) ? path : null,
        };
        foreach (var parameter in action.Parameters)
        {
            var direction = parameter.IsInput ? ParameterDirection.Input : ParameterDirection.Output;
            var member = Typed(new ParameterDefinition { Direction = direction, Parent = mapped }, parameter, recordTypes);

            // Integration Studio writes an (empty) Default and no IsMandatory on outputs: neither means anything there.
            if (parameter.IsInput)
            {
                member.IsMandatory = parameter.IsMandatory;
                member.DefaultValue = parameter.Default?.LiteralValue;
            }

            mapped.Parameters.Add(member);
        }

        return mapped;
    }

    private static T Typed<T>(T element, StudioTypedElement source, Dictionary<string, string> recordTypes)
        where T : TypedElement
    {
        element.Name = source.Name;
        element.Key = source.Key;
        element.Description = Text(source.Description);
        var type = StudioDataTypes.FromWord(source.Type) ?? DataType.Unknown;
        element.DataType = type;
        element.DataTypeName = type == DataType.Unknown ? source.Type : DataTypes.ToName(type);
        if (source.RecordTypeKey is { } key)
        {
            element.RecordType = recordTypes.TryGetValue(key, out var name) ? name : key;
        }

        return element;
    }

    private static int? Number(string? text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    // Integration Studio writes every attribute, empty ones as "": an empty description is no description.
    private static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
