using OneClickPublish.Diagnostics;

namespace OneClickPublish.Definition;

public enum DeployAction
{
    Binaries,
    Application,
    Images,
    Ignore,
}

/// <summary>A file shipped with the extension. Its Name is the path relative to the definition file.</summary>
public sealed class ResourceDefinition : DefinitionElement
{
    public override string Kind => "Resource";

    public string Path { get => Name; set => Name = value; }

    /// <summary>Null when the definition names a deploy action that does not exist.</summary>
    public DeployAction? DeployAction { get; set; }

    public string DeployActionText { get; set; } = nameof(Definition.DeployAction.Binaries);

    public SourceLocation DeployActionLocation { get; set; } = SourceLocation.None;

    /// <summary>Binaries, Application, Images or Ignore (ignoring case and surrounding spaces); null for anything else.</summary>
    public static DeployAction? ParseDeployAction(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "BINARIES" => Definition.DeployAction.Binaries,
        "APPLICATION" => Definition.DeployAction.Application,
        "IMAGES" => Definition.DeployAction.Images,
        "IGNORE" => Definition.DeployAction.Ignore,
        _ => null,
    };
}
