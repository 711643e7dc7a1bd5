namespace OneClickPublish.IntegrationStudio;

/// <summary>A file carried inside the .xif: its folder (Windows style), name, compile action and bytes.</summary>
public sealed class StudioResource
{
    internal StudioResource(StudioNode node)
    {
        Node = node;
    }

    public StudioNode Node { get; }

    public string? Key => Node["Key"];

    public string Filename => Node["Filename"] ?? string.Empty;

    /// <summary>The folder with leading and trailing backslashes: <c>\Source\NET\</c>.</summary>
    public string Path => Node["Path"] ?? string.Empty;

    /// <summary>Ignore, Binaries, Images or Application: the same words as our DeployAction.</summary>
    public string CompileAction => Node["CompileAction"] ?? string.Empty;

    /// <summary>An assembly the extension's code references (CodeReference="Yes").</summary>
    public bool IsCodeReference => StudioFlags.IsYes(Node["CodeReference"]);

    /// <summary>Path and Filename as one relative path with '/': <c>Source/NET/Geo.cs</c>. Only meaningful once the reader has checked it.</summary>
    public string RelativePath => StudioResourcePath.Combine(Path, Filename);

    /// <summary>The decoded bytes when the reader kept them in memory; null when they were streamed to a sink.</summary>
    public byte[]? Data => Node.Child("Data")?.Data;

    public long DataLength => Node.Child("Data")?.DataLength ?? 0;

    public override string ToString() => $"Resource {RelativePath}";
}
