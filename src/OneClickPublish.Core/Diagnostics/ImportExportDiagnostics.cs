namespace OneClickPublish.Diagnostics;

/// <summary>
/// Integration Studio's own .xif format (OCP6001–6099): what the reader reports about a file that
/// `oneclick import` is given, and what import and export report about the projects they write.
/// Reader locations name the .xif file; lines and columns are those of the XML inside it (inflated).
/// </summary>
public static class ImportExportDiagnostics
{
    public static readonly DiagnosticDescriptor FileUnreadable = new(
        "OCP6001", DiagnosticSeverity.Error, "Integration Studio file unreadable",
        "Cannot read '{0}': {1}",
        "The file does not exist, cannot be opened, or is larger than the reader accepts. Check the path; a real .xif is a few megabytes.");

    public static readonly DiagnosticDescriptor NotZlib = new(
        "OCP6002", DiagnosticSeverity.Error, "Not an Integration Studio file",
        "The file does not start with a zlib header ({0})",
        "An Integration Studio .xif is one zlib stream (RFC 1950): it starts with the bytes 78 DA (or another valid zlib header). This file is of another kind. Save the extension again from Integration Studio.");

    public static readonly DiagnosticDescriptor IsZipArchive = new(
        "OCP6003", DiagnosticSeverity.Error, "ZIP archive given to import",
        "The file is a ZIP archive, not an Integration Studio .xif{0}",
        "Integration Studio saves a .xif as one zlib stream; a ZIP archive is something else. OneClickPublish's own XIF files are ZIP archives: they are published as they are (`oneclick publish`, the Publish target), never imported.");

    public static readonly DiagnosticDescriptor IsPlainXml = new(
        "OCP6004", DiagnosticSeverity.Error, "Plain XML given to import",
        "The file is plain XML, not a compressed Integration Studio .xif",
        "Integration Studio compresses the XML of a .xif with zlib. A plain XML file may be an extension.xml (open it as a project instead) or XML extracted from a .xif by hand; import the original .xif.");

    public static readonly DiagnosticDescriptor DataDamaged = new(
        "OCP6005", DiagnosticSeverity.Error, "Compressed data damaged",
        "The compressed data cannot be inflated: {0}",
        "The deflate data inside the file is not valid. A frequent cause is a copy in text mode (an FTP transfer, a Git checkout with line-end conversion) that stripped or changed every 0A and 0D byte: such files fail in the first block. Take the file from where it was saved, copied as binary.");

    public static readonly DiagnosticDescriptor StreamTruncated = new(
        "OCP6006", DiagnosticSeverity.Error, "Compressed data truncated or altered",
        "The inflated data does not match the file's Adler-32 checksum: {0}",
        "The zlib stream ends early (an interrupted transfer) or its bytes were altered, so what it inflates to is not what was saved. Copy the file again, as binary.");

    public static readonly DiagnosticDescriptor BytesAfterStream = new(
        "OCP6007", DiagnosticSeverity.Error, "Bytes after the compressed data",
        "{0} byte(s) follow the end of the zlib stream",
        "An Integration Studio .xif is exactly one zlib stream with nothing before or after it. Extra bytes mean two files were concatenated or something was appended; take the original file.");

    public static readonly DiagnosticDescriptor InflatedTooLarge = new(
        "OCP6008", DiagnosticSeverity.Error, "Inflated XML too large",
        "The file inflates to more than the limit of {0} bytes",
        "The reader stops inflating at the limit, so a file built to expand without end (a 'zlib bomb') cannot exhaust memory or disk. The largest real .xif holds about 13 MB of XML; raise the limit only for a file you trust.");

    public static readonly DiagnosticDescriptor XmlNotWellFormed = new(
        "OCP6009", DiagnosticSeverity.Error, "XML not well-formed",
        "The XML inside the file is not well-formed: {0}",
        "The compressed data is intact (its checksum matched up to this point) but what it holds is not XML as Integration Studio writes it. The file was made by another tool, or edited; save it again from Integration Studio.");

    public static readonly DiagnosticDescriptor DoctypeProhibited = new(
        "OCP6010", DiagnosticSeverity.Error, "DOCTYPE not allowed",
        "The XML inside the file has a DOCTYPE; DTDs are never processed",
        "Integration Studio never writes a DOCTYPE. A DTD can make a reader fetch files or URLs (XXE) or expand entities without end, so the reader refuses any file that declares one.");

    public static readonly DiagnosticDescriptor RootNotExtension = new(
        "OCP6011", DiagnosticSeverity.Error, "Root element is not Extension",
        "The root element is '{0}'; an Integration Studio extension's root is 'Extension'",
        "The file is zlib-compressed XML, but not an extension saved by Integration Studio.");

    public static readonly DiagnosticDescriptor XmlTooDeep = new(
        "OCP6012", DiagnosticSeverity.Error, "XML nested too deeply",
        "Element '{0}' is nested {1} levels deep; at most {2} are allowed",
        "Real files nest about eight levels (Extension › Actions › Action › Variables › InputParameter › Expression › UnaryOperation › Integer). The cap keeps a hostile file from exhausting the reader's stack or memory.");

    public static readonly DiagnosticDescriptor TooManyAttributes = new(
        "OCP6013", DiagnosticSeverity.Error, "Too many attributes",
        "Element '{0}' has {1} attributes; at most {2} are allowed",
        "The element with the most attributes in real files is Extension, with about twenty. The cap keeps a hostile file from exhausting the reader's memory.");

    public static readonly DiagnosticDescriptor Base64Invalid = new(
        "OCP6014", DiagnosticSeverity.Error, "Resource data not valid base64",
        "The data of resource '{0}' is not valid base64: {1}",
        "Each resource's bytes are stored as one line of base64 in its <Data> element. This one does not decode, so its file cannot be restored; the .xif was damaged or edited by hand.");

    public static readonly DiagnosticDescriptor ResourcePathUnsafe = new(
        "OCP6015", DiagnosticSeverity.Error, "Resource path not allowed",
        "Resource '{0}' has path '{1}': {2}",
        "A resource is written to its Path and Filename inside the new project. A path with '..', a drive, an absolute root or a file name with a folder in it would write outside the project, so the whole file is refused.");

    public static readonly DiagnosticDescriptor DuplicateKey = new(
        "OCP6016", DiagnosticSeverity.Error, "Duplicate key",
        "Key '{0}' is declared by {1} and by {2}",
        "Every resource, action, parameter, structure, attribute and entity of an extension has its own key: references between elements use keys, so two elements with one key make every reference to it ambiguous.");

    public static readonly DiagnosticDescriptor RecordTypeUnresolved = new(
        "OCP6017", DiagnosticSeverity.Error, "Record type names no structure",
        "{0} has RecordType '{1}', which is the key of no structure or entity of the file",
        "RecordType holds the key of a structure or entity followed by a comma (KEY,). This key declares nothing in the file, so the record's type is unknown.");

    public static readonly DiagnosticDescriptor ElementNotUnderstood = new(
        "OCP6018", DiagnosticSeverity.Warning, "Element kept but not understood",
        "{0} is not understood by the import: {1}",
        "The format page lists every element and attribute seen in real files; this one is not among them (entities, for instance, were never seen in a public file). It is kept as it is in .oneclick/integration-studio.json and written back by export, but nothing in the new project uses it. Check the imported definition by hand.");

    public static readonly DiagnosticDescriptor ValueNotValid = new(
        "OCP6019", DiagnosticSeverity.Error, "Attribute value not valid",
        "{0} has {1}=\"{2}\": {3}",
        "The attribute holds a value Integration Studio never writes there (a flag other than Yes/No, a data type outside the format page's table, a missing name). The file was edited by hand or damaged.");

    public static readonly DiagnosticDescriptor TargetExists = new(
        "OCP6030", DiagnosticSeverity.Error, "Import target exists",
        "'{0}' already exists; an import never writes into an existing folder",
        "An import writes a whole new project and never overwrites files someone may have changed. Choose another folder with -o, or remove the folder if it is an earlier import you no longer need.");

    public static readonly DiagnosticDescriptor ProjectWriteFailed = new(
        "OCP6031", DiagnosticSeverity.Error, "Imported project not written",
        "Could not write the project to '{0}': {1}",
        "The import writes the project into a temporary folder beside the target and moves it into place only when every file is written, so nothing was left behind. Check that the folder is writable and that the disk has room.");

    public static readonly DiagnosticDescriptor ImportedNameNotUsable = new(
        "OCP6032", DiagnosticSeverity.Error, "Extension name not usable as a folder",
        "The extension's name '{0}' cannot name the project's folder and files: {1}",
        "The project is written to a folder and files named after the extension (<Name>/<Name>.csproj). This name has characters no file system accepts, so the file was edited by hand or damaged; fix its Name attribute or import with -o and rename the extension afterwards.");

    public static readonly DiagnosticDescriptor ExportFileMissing = new(
        "OCP6040", DiagnosticSeverity.Error, "Resource to export not found",
        "Cannot export resource '{0}': {1}",
        "Every resource of the definition goes into the .xif with its bytes. This one's file does not exist or cannot be read; nothing was written (the .xif is written to a temporary file and moved into place only when complete).");

    public static readonly DiagnosticDescriptor SidecarUnreadable = new(
        "OCP6041", DiagnosticSeverity.Error, "Kept Integration Studio data unreadable",
        "Cannot read '{0}': {1}",
        "The file .oneclick/integration-studio.json that the import wrote holds what extension.xml cannot (bodies, technologies, timestamps…); the export starts from it. It is damaged or was edited by hand. Restore it from version control, or delete it to export from the definition alone.");

    public static readonly DiagnosticDescriptor UpdateTargetNotImported = new(
        "OCP6033", DiagnosticSeverity.Error, "Nothing to update",
        "'{0}' is not a project made by oneclick import: {1}",
        "--update brings a later version of a .xif into the project an earlier import wrote: it needs that project's extension.xml and .oneclick/integration-studio.json. Import into a new folder instead (without --update), or give the folder of the earlier import with -o.");
}
