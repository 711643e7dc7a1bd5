using System.Text;
using System.Xml;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// Reads an Integration Studio .xif (one zlib stream of XML with base64 resources; see
/// ../shared/integration-studio-xif.md and docs/import-export.md) into a <see cref="StudioExtension"/>.
/// Every problem is a coded diagnostic; null means the file cannot be used (some error was reported).
/// </summary>
public static class StudioXifReader
{
    public static StudioExtension? Read(string path, DiagnosticBag diagnostics, StudioXifReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(diagnostics);
        options ??= StudioXifReadOptions.Default;
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            diagnostics.Report(ImportExportDiagnostics.FileUnreadable, new SourceLocation(path), path, e.Message);
            return null;
        }

        using (stream)
        {
            if (stream.Length > options.Limits.MaxFileSize)
            {
                diagnostics.Report(ImportExportDiagnostics.FileUnreadable, new SourceLocation(path), path, $"it is larger than {options.Limits.MaxFileSize} bytes");
                return null;
            }

            return Read(stream, path, diagnostics, options);
        }
    }

    /// <summary>Reads from a seekable stream holding the whole file (its end is where the zlib stream must end).</summary>
    public static StudioExtension? Read(Stream file, string? fileName, DiagnosticBag diagnostics, StudioXifReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (!file.CanSeek)
        {
            throw new ArgumentException("The reader needs a seekable stream: the zlib stream must end where the file ends.", nameof(file));
        }

        options ??= StudioXifReadOptions.Default;
        var root = Inflate(file, fileName, diagnostics, options);
        if (root is null)
        {
            return null;
        }

        var extension = new StudioExtension(root);
        var before = diagnostics.ErrorCount;
        StudioExtensionChecker.Check(extension, fileName, diagnostics);
        return diagnostics.ErrorCount > before ? null : extension;
    }

    private static StudioNode? Inflate(Stream file, string? fileName, DiagnosticBag diagnostics, StudioXifReadOptions options)
    {
        ZlibInflatingStream? xml = null;
        var rootSeen = false;
        try
        {
            xml = ZlibInflatingStream.Open(file, options.Limits.MaxInflatedSize, fileName);
            var root = StudioXmlParser.Parse(xml, options, fileName, out rootSeen);

            // The XML reader stops at the root's end; the checksum and the file's end are checked after it.
            xml.ReadToEnd();
            return root;
        }
        catch (DiagnosticException e)
        {
            diagnostics.Add(e.Diagnostic);
        }
        catch (XmlException e)
        {
            // XmlReader reports a prohibited DTD as a plain XmlException: a DOCTYPE can only stand before
            // the root, so look for one in the first inflated bytes rather than at the message's wording.
            var location = new SourceLocation(fileName, e.LineNumber, e.LinePosition);
            if (DamageBehind(xml) is { } damage)
            {
                // Bad XML out of a stream that fails its checksum is the stream's fault: say that.
                diagnostics.Add(damage);
            }
            else if (!rootSeen && xml is not null && Encoding.UTF8.GetString(xml.Prefix).Contains("<!DOCTYPE"))
            {
                diagnostics.Report(ImportExportDiagnostics.DoctypeProhibited, location);
            }
            else
            {
                diagnostics.Report(ImportExportDiagnostics.XmlNotWellFormed, location, e.Message);
            }
        }
        finally
        {
            xml?.Dispose();
        }

        return null;
    }

    private static Diagnostic? DamageBehind(ZlibInflatingStream? xml)
    {
        try
        {
            xml?.ReadToEnd();
            return null;
        }
        catch (DiagnosticException e)
        {
            return e.Diagnostic;
        }
    }
}
