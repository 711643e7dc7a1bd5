namespace OneClickPublish.Xif;

/// <summary>Fixed facts of the XIF format (docs/xif-format.md).</summary>
public static class XifFormat
{
    /// <summary>The only format version this code writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The manifest: first entry of every XIF file; not listed in itself.</summary>
    public const string ManifestEntryPath = "manifest.json";

    /// <summary>The extension definition: second entry, listed in the manifest with kind Definition.</summary>
    public const string DefinitionEntryPath = "extension.xml";

    /// <summary>The timestamp every entry carries, so that the same inputs give the same bytes (the earliest a ZIP header can hold).</summary>
    public static readonly DateTimeOffset EntryTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The file name SaveXif gives a package: <c>{Name}.{Version}.xif</c>.</summary>
    public static string FileName(string extensionName, string version) => $"{extensionName}.{version}.xif";
}
