namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// Where an imported resource lives in the new project. The original's own sources, project files and
/// compiled OutSystems.Nss&lt;Name&gt; assembly go under <c>IntegrationStudio/</c>, keeping their folders,
/// where the new project never compiles them (they need the vendor's runtime); every other resource
/// (icons, third-party assemblies under Source/NET/Bin) keeps its own folder.
/// </summary>
public static class StudioProjectLayout
{
    public const string OriginalFolder = "IntegrationStudio";

    /// <summary>What extension.xml cannot hold, kept beside the project for the export.</summary>
    public const string SidecarPath = ".oneclick/integration-studio.json";

    private const string SourceFolder = "Source/NET/";
    private const string BinFolder = "Source/NET/Bin/";

    public static string ProjectPathOf(StudioResource resource, string extensionName)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var path = resource.RelativePath;
        return IsOriginalsOwn(path, extensionName) ? $"{OriginalFolder}/{path}" : path;
    }

    /// <summary>True for the files Integration Studio generated or compiled for the extension itself.</summary>
    public static bool IsOriginalsOwn(string relativePath, string extensionName)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        if (relativePath.StartsWith(BinFolder, StringComparison.OrdinalIgnoreCase))
        {
            var file = relativePath.Substring(BinFolder.Length);
            return file.StartsWith($"OutSystems.Nss{extensionName}.", StringComparison.OrdinalIgnoreCase) && file.IndexOf('/') < 0;
        }

        return relativePath.StartsWith(SourceFolder, StringComparison.OrdinalIgnoreCase);
    }
}
