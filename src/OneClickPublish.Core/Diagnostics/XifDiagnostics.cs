namespace OneClickPublish.Diagnostics;

/// <summary>
/// The XIF file (OCP4001–4099): what SaveXif reports while writing a package and what the
/// strict reader reports when an archive (an upload, a file on disk) is not a valid XIF.
/// Messages name the archive entry; the location's file is the archive or the output path.
/// </summary>
public static class XifDiagnostics
{
    public static readonly DiagnosticDescriptor EntryPathInvalid = new(
        "OCP4001", DiagnosticSeverity.Error, "Invalid entry path",
        "Entry path '{0}' is not allowed in a XIF file: {1}",
        "Entry paths are relative, use forward slashes, have no empty segments and avoid characters and names that some file systems refuse (control characters, < > : \" | ? *, trailing dots or spaces, device names such as CON or NUL). Rename the file or give it another path inside the package.");

    public static readonly DiagnosticDescriptor EntryPathTraversal = new(
        "OCP4002", DiagnosticSeverity.Error, "Entry path leaves the package",
        "Entry path '{0}' contains a '.' or '..' segment",
        "A XIF entry may not point outside the folder it is extracted to. Archives with such entries are refused as a whole; rebuild the package with SaveXif, which never writes them.");

    public static readonly DiagnosticDescriptor EntryPathAbsolute = new(
        "OCP4003", DiagnosticSeverity.Error, "Absolute entry path",
        "Entry path '{0}' is absolute (a leading '/', a drive letter or a network path)",
        "XIF entry paths are relative to the package root. Archives with absolute entries are refused as a whole; rebuild the package with SaveXif.");

    public static readonly DiagnosticDescriptor EntryPathBackslash = new(
        "OCP4004", DiagnosticSeverity.Error, "Backslash in entry path",
        "Entry path '{0}' contains a backslash",
        "XIF entry paths separate folders with '/' only, so that a package means the same on every operating system. Rebuild the package with SaveXif, which writes forward slashes.");

    public static readonly DiagnosticDescriptor DuplicateEntry = new(
        "OCP4005", DiagnosticSeverity.Error, "Duplicate entry",
        "Entry '{0}' appears more than once (names are compared ignoring case; it clashes with '{1}')",
        "Two entries whose names differ only in case would overwrite each other on Windows and macOS. Give every file of the package a distinct path.");

    public static readonly DiagnosticDescriptor EntryNotInManifest = new(
        "OCP4006", DiagnosticSeverity.Error, "Entry not in the manifest",
        "Entry '{0}' is in the archive but not in its manifest",
        "Every file of a XIF file is listed in manifest.json with its size and SHA-256. An unlisted file means the archive was changed after it was written; rebuild it with SaveXif.");

    public static readonly DiagnosticDescriptor ManifestEntryMissing = new(
        "OCP4007", DiagnosticSeverity.Error, "Manifest entry missing from the archive",
        "The manifest lists '{0}' but the archive has no such entry",
        "The archive lost a file after it was written, or the manifest was edited by hand. Rebuild the package with SaveXif.");

    public static readonly DiagnosticDescriptor SizeMismatch = new(
        "OCP4008", DiagnosticSeverity.Error, "Entry size differs from the manifest",
        "Entry '{0}' is {1} bytes but the manifest says {2}",
        "The entry's content is not what was packed. The file was damaged (an interrupted transfer, a changed archive); upload or rebuild it again.");

    public static readonly DiagnosticDescriptor HashMismatch = new(
        "OCP4009", DiagnosticSeverity.Error, "Entry hash differs from the manifest",
        "Entry '{0}' has SHA-256 {1} but the manifest says {2}",
        "The entry's bytes are not the ones that were packed. The file was damaged or tampered with; upload or rebuild it again.");

    public static readonly DiagnosticDescriptor TooManyEntries = new(
        "OCP4010", DiagnosticSeverity.Error, "Too many entries",
        "The archive has {0} entries; at most {1} are allowed",
        "The limit protects the reader (the server) from archives built to exhaust it. Ship fewer files (for example, leave out files the extension does not need at run time) or raise the limit on the server.");

    public static readonly DiagnosticDescriptor EntryTooLarge = new(
        "OCP4011", DiagnosticSeverity.Error, "Entry too large",
        "Entry '{0}' is larger than the limit of {1} bytes",
        "The limit protects the reader (the server) from archives built to exhaust its disk. Ship a smaller file or raise the limit on the server.");

    public static readonly DiagnosticDescriptor TotalTooLarge = new(
        "OCP4012", DiagnosticSeverity.Error, "Package too large",
        "The entries of the archive add up to more than the limit of {0} bytes",
        "The limit protects the reader (the server) from archives built to exhaust its disk. Ship fewer or smaller files, or raise the limit on the server.");

    public static readonly DiagnosticDescriptor CompressionRatioTooHigh = new(
        "OCP4013", DiagnosticSeverity.Error, "Entry compressed suspiciously well",
        "Entry '{0}' expands more than {1} times its compressed size of {2} bytes",
        "An entry that expands far beyond its compressed size is the mark of a 'zip bomb', an archive built to fill the reader's disk or memory. Real binaries and sources stay well under the limit; rebuild the package with SaveXif.");

    public static readonly DiagnosticDescriptor UnsupportedFormatVersion = new(
        "OCP4014", DiagnosticSeverity.Error, "Unsupported XIF format version",
        "The manifest declares XIF format version {0}; this reader supports version {1}",
        "The package was written by a newer (or an unknown) OneClickPublish. Update the reader (the server or the oneclick tool), or pack the extension with a matching OneClickPublish version.");

    public static readonly DiagnosticDescriptor ManifestMissing = new(
        "OCP4015", DiagnosticSeverity.Error, "Manifest missing",
        "The archive has no '{0}' entry",
        "Every XIF file starts with manifest.json. This archive is a ZIP file but not a XIF file; build the package with SaveXif.");

    public static readonly DiagnosticDescriptor ManifestInvalid = new(
        "OCP4016", DiagnosticSeverity.Error, "Manifest invalid",
        "The manifest is not valid: {0}",
        "manifest.json is written by SaveXif and must not be edited by hand. Rebuild the package with SaveXif.");

    public static readonly DiagnosticDescriptor NotAnArchive = new(
        "OCP4017", DiagnosticSeverity.Error, "Not a readable XIF archive",
        "The file is not a readable ZIP archive: {0}",
        "A XIF file is a ZIP archive. The file is damaged, truncated (an interrupted transfer) or of another kind; upload or rebuild it again.");

    public static readonly DiagnosticDescriptor DefinitionMissing = new(
        "OCP4018", DiagnosticSeverity.Error, "Definition missing",
        "The manifest must list exactly one entry of kind Definition at '{0}'; {1}",
        "Every XIF file carries its extension definition as extension.xml at the package root. Rebuild the package with SaveXif.");

    public static readonly DiagnosticDescriptor ExtractFailed = new(
        "OCP4019", DiagnosticSeverity.Error, "Extraction failed",
        "Could not extract the package to '{0}': {1}",
        "Nothing was left behind: extraction writes to a temporary folder beside the target and moves it into place only when every entry is written and checked. Check that the target does not exist yet, that the disk has room and that the folder is writable.");

    public static readonly DiagnosticDescriptor SourceFileMissing = new(
        "OCP4020", DiagnosticSeverity.Error, "File to pack not found",
        "Cannot pack '{0}' as '{1}': {2}",
        "A file that SaveXif was asked to pack (the definition, a source, a built binary or a resource) does not exist or cannot be read. Build the project first, or fix the resource's path in the definition.");

    public static readonly DiagnosticDescriptor SourceFileChanged = new(
        "OCP4021", DiagnosticSeverity.Error, "File changed while packing",
        "'{0}' changed while it was being packed",
        "The file vanished or changed size between the moment SaveXif planned the package and the moment it copied the file, so another process wrote it meanwhile. Wait for that process (a running build, an editor) and save again.");

    public static readonly DiagnosticDescriptor WriteFailed = new(
        "OCP4022", DiagnosticSeverity.Error, "Could not write the XIF file",
        "Could not write '{0}': {1}",
        "The package is written to a temporary file beside the target and moved into place, so the previous file (if any) is intact. Check that the folder exists, is writable and that the disk has room.");

    public static readonly DiagnosticDescriptor EntryDataCorrupt = new(
        "OCP4023", DiagnosticSeverity.Error, "Entry data damaged",
        "Entry '{0}' is damaged: {1}",
        "The entry's compressed data cannot be decompressed, the CRC-32 of what it decompresses to is not the one its ZIP headers record, or it uses a compression method XIF does not allow (stored and deflate only). The file was damaged on the way or changed after it was written; upload or rebuild the package again.");

    public static readonly DiagnosticDescriptor InvalidPackageSpec = new(
        "OCP4024", DiagnosticSeverity.Error, "Invalid package description",
        "Cannot write a XIF file: {0}",
        "SaveXif needs the extension's name and version and a definition file. This is reported when the build passes an incomplete description; check the OneClickPublish properties of the project.");

    public static readonly DiagnosticDescriptor EntryEncrypted = new(
        "OCP4025", DiagnosticSeverity.Error, "Encrypted entry",
        "Entry '{0}' is flagged as encrypted; XIF entries are never encrypted",
        "A ZIP entry whose general purpose flag marks it as encrypted (bit 0, or strong or central-directory encryption) is refused whatever its data holds: XIF files carry no encryption, and a reader that honoured the flag would read other bytes than this one. Rebuild the package with SaveXif, which never encrypts.");

    public static readonly DiagnosticDescriptor EntryMisplaced = new(
        "OCP4026", DiagnosticSeverity.Error, "Overlapping or misplaced entry",
        "Entry '{0}' is not an entry of its own in the archive: {1}",
        "Every entry of a XIF file has its own local header, where the central directory points and saying what it says, followed by its own bytes, which no other entry shares. Entries that overlap make a small archive decompress to many times its size (a zip bomb), and headers that disagree make tools read different files from one archive. Rebuild the package with SaveXif.");

    public static readonly DiagnosticDescriptor IntegrationStudioFile = new(
        "OCP4027", DiagnosticSeverity.Error, "Integration Studio .xif, not a OneClickPublish XIF",
        "{0} is an Integration Studio .xif (one zlib stream), not a OneClickPublish XIF (a ZIP archive): import it first with 'oneclick import'",
        "A Platform Server takes the XIF that SaveXif writes by default. An extension saved by Integration Studio comes over with 'oneclick import X.xif', which writes a project; 'dotnet build -t:OneClickPublish' in that project publishes it. The file SaveXif writes with OneClickPublishXifFormat=IntegrationStudio is for Integration Studio, never for Upload or Publish.");
}
