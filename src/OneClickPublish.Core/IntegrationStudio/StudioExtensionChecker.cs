using OneClickPublish.Definition;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// What the reader checks once the whole file is read (references may point forward): unique keys,
/// record types and icons that resolve, flags and types from the format page's vocabulary; and a
/// warning for each element kept but not understood (entities, unknown expression shapes, unknown children).
/// </summary>
internal sealed class StudioExtensionChecker
{
    private static readonly string[] ActionChildren = ["Body", "JavaBody", "AssemblyObject", "Variables"];

    private readonly StudioExtension _extension;
    private readonly string? _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    private StudioExtensionChecker(StudioExtension extension, string? file, DiagnosticBag diagnostics)
    {
        _extension = extension;
        _file = file;
        _diagnostics = diagnostics;
    }

    public static void Check(StudioExtension extension, string? file, DiagnosticBag diagnostics) =>
        new StudioExtensionChecker(extension, file, diagnostics).Check();

    private void Check()
    {
        var root = _extension.Root;
        if (_extension.Name.Length == 0)
        {
            Invalid(root, "Extension", "Name", "an extension needs a name");
        }

        foreach (var child in root.Children.Where(c => !StudioExtension.SectionNames.Contains(c.Name)))
        {
            NotUnderstood(child, $"Element <{child.Name}>", "the root holds only Resources, Actions, Structures, Entities and Technologies");
        }

        foreach (var resource in _extension.Resources)
        {
            Declare(resource.Node, resource.ToString());
            Flag(resource.Node, resource.ToString(), "CodeReference");
            if (ResourceDefinition.ParseDeployAction(resource.CompileAction) is null)
            {
                Invalid(resource.Node, resource.ToString(), "CompileAction", "expected Ignore, Binaries, Images or Application");
            }
        }

        foreach (var structure in _extension.Structures)
        {
            Declare(structure.Node, structure.ToString());
        }

        foreach (var entity in _extension.Entities)
        {
            Declare(entity, $"Entity {entity["Name"]}");
            NotUnderstood(entity, $"Entity {entity["Name"]}", "entities were never seen in a public file; it is kept as it is and not added to the definition");
        }

        var resourceKeys = new HashSet<string>(_extension.Resources.Select(r => r.Key ?? string.Empty), StringComparer.Ordinal);
        foreach (var action in _extension.Actions)
        {
            CheckAction(action, resourceKeys);
        }

        foreach (var structure in _extension.Structures)
        {
            foreach (var attribute in structure.Attributes)
            {
                CheckTyped(attribute, attribute.ToString());
            }
        }

        foreach (var technology in _extension.Technologies)
        {
            Declare(technology, $"Technology {technology["Name"]}");
        }

        CheckRecordTypes();
    }

    private void CheckAction(StudioAction action, HashSet<string> resourceKeys)
    {
        var path = action.ToString();
        Declare(action.Node, path);
        Flag(action.Node, path, "IsFunction");
        if (action.IconKey is { } icon && !resourceKeys.Contains(icon))
        {
            Invalid(action.Node, path, "Icon", "it is the key of no resource of the file");
        }

        foreach (var child in action.Node.Children.Where(c => !ActionChildren.Contains(c.Name)))
        {
            NotUnderstood(child, $"{path} \u203A <{child.Name}>", "an action holds Body, JavaBody, AssemblyObject and Variables");
        }

        foreach (var child in action.Node.Child("Variables")?.Children.Where(c => !StudioParameter.IsParameter(c)) ?? [])
        {
            NotUnderstood(child, $"{path} \u203A <{child.Name}>", "Variables holds InputParameter and OutputParameter");
        }

        foreach (var parameter in action.Parameters)
        {
            CheckTyped(parameter, parameter.ToString());
        }
    }

    private void CheckTyped(StudioTypedElement element, string path)
    {
        Declare(element.Node, path);
        if (element.Name.Length == 0)
        {
            Invalid(element.Node, path, "Name", "the name is empty");
        }

        Flag(element.Node, path, "IsMandatory");
        if (StudioDataTypes.FromWord(element.Type) is null)
        {
            Invalid(element.Node, path, "Type", "not a type of the format (rtText, rtInteger, rtRecord…)");
        }

        foreach (var expression in element.Expressions.Where(e => e.Kind == StudioExpressionKind.Unknown))
        {
            NotUnderstood(
                expression.Node,
                $"{path} \u203A Expression {expression.Name}",
                $"its tree is <{expression.Tree?.Name ?? "(none)"}>, not one of the five kinds seen; the text \"{expression.StringText}\" is kept and not used as a value");
        }
    }

    private void CheckRecordTypes()
    {
        var recordTypes = new HashSet<string>(
            _extension.Structures.Select(s => s.Key).Concat(_extension.Entities.Select(e => e["Key"])).OfType<string>(),
            StringComparer.Ordinal);
        var typed = _extension.Actions.SelectMany(a => a.Parameters).Cast<StudioTypedElement>()
            .Concat(_extension.Structures.SelectMany(s => s.Attributes));
        foreach (var element in typed)
        {
            if (element.RecordTypeKey is { } key && !recordTypes.Contains(key))
            {
                _diagnostics.Report(ImportExportDiagnostics.RecordTypeUnresolved, At(element.Node, element.ToString()), element.ToString(), element.Node["RecordType"]);
            }
        }
    }

    private void Declare(StudioNode node, string path)
    {
        if (node["Key"] is not { Length: > 0 } key)
        {
            return;
        }

        if (_keys.TryGetValue(key, out var first))
        {
            _diagnostics.Report(ImportExportDiagnostics.DuplicateKey, At(node, path), key, first, path);
        }
        else
        {
            _keys.Add(key, path);
        }
    }

    private void Flag(StudioNode node, string path, string attribute)
    {
        if (!StudioFlags.IsValid(node[attribute]))
        {
            Invalid(node, path, attribute, "expected Yes or No");
        }
    }

    private void Invalid(StudioNode node, string path, string attribute, string why) =>
        _diagnostics.Report(ImportExportDiagnostics.ValueNotValid, At(node, path), path, attribute, node[attribute] ?? string.Empty, why);

    private void NotUnderstood(StudioNode node, string path, string why) =>
        _diagnostics.Report(ImportExportDiagnostics.ElementNotUnderstood, At(node, path), path, why);

    private SourceLocation At(StudioNode node, string path) => new(_file, node.Line, node.Column, path);
}
