using System.IO.Compression;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// Tells from a file's first bytes whether it can be an Integration Studio .xif, and otherwise what it
/// is, so that the error says "this is a ZIP" or "this is plain XML" rather than "damaged data".
/// </summary>
internal static class StudioFileSniffer
{
    public static void ThrowIfNotZlib(Stream input, long start, ReadOnlySpan<byte> head, SourceLocation location)
    {
        if (head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] < 8 && head[3] < 9)
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.IsZipArchive, location, DescribeZip(input, start));
        }

        if (LooksLikeXml(head))
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.IsPlainXml, location);
        }

        if (head.Length < 2)
        {
            throw DiagnosticException.Create(ImportExportDiagnostics.NotZlib, location, $"the file has {head.Length} byte(s)");
        }

        var method = head[0] & 0x0F;
        var window = head[0] >> 4;
        var checksumOk = ((head[0] << 8) | head[1]) % 31 == 0;
        var presetDictionary = (head[1] & 0x20) != 0;
        if (method != 8 || window > 7 || !checksumOk || presetDictionary)
        {
            var why = presetDictionary && method == 8 && checksumOk
                ? "it asks for a preset dictionary, which Integration Studio never uses"
                : $"it starts with {head[0]:X2} {head[1]:X2}; a .xif starts with 78 DA";
            throw DiagnosticException.Create(ImportExportDiagnostics.NotZlib, location, why);
        }
    }

    private static bool LooksLikeXml(ReadOnlySpan<byte> head)
    {
        var at = head.Length >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
        while (at < head.Length && head[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            at++;
        }

        return at < head.Length && head[at] == (byte)'<';
    }

    /// <summary>Names OneClickPublish's own XIF when the ZIP is one (it has manifest.json at its root).</summary>
    private static string DescribeZip(Stream input, long start)
    {
        try
        {
            input.Position = start;
            using var zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
            return zip.GetEntry("manifest.json") is not null
                ? ": it is OneClickPublish's own XIF (it has manifest.json), which is published as it is, not imported"
                : string.Empty;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return string.Empty;
        }
    }
}
