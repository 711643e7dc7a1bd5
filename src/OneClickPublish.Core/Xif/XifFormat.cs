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

    /// <summary>
    /// Whether a file starting with <paramref name="head"/> is one zlib stream (RFC 1950: deflate, a valid
    /// header check), as Integration Studio's own .xif is, rather than our ZIP: so that the error says
    /// "import it first" instead of "not a readable archive".
    /// </summary>
    public static bool LooksLikeIntegrationStudio(ReadOnlySpan<byte> head) =>
        head.Length >= 2 && (head[0] & 0x0F) == 8 && head[0] >> 4 <= 7 && ((head[0] << 8) | head[1]) % 31 == 0 && (head[1] & 0x20) == 0;

    /// <summary>
    /// For a file the ZIP reader refused: whether its first bytes, at <paramref name="start"/>, are Integration
    /// Studio's format instead (<see cref="LooksLikeIntegrationStudio"/>). False when it cannot be read.
    /// </summary>
    public static bool StartsLikeIntegrationStudio(Stream stream, long start)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            var head = new byte[2];
            stream.Position = start;
            var read = 0;
            int n;
            while (read < head.Length && (n = stream.Read(head, read, head.Length - read)) > 0)
            {
                read += n;
            }

            return read == head.Length && LooksLikeIntegrationStudio(head);
        }
        catch (Exception e) when (e is IOException or NotSupportedException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary><see cref="StartsLikeIntegrationStudio(Stream, long)"/> of a file; false when it cannot be read.</summary>
    public static bool StartsLikeIntegrationStudio(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            return StartsLikeIntegrationStudio(file, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
