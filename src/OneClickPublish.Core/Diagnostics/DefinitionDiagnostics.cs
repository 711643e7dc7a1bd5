namespace OneClickPublish.Diagnostics;

/// <summary>
/// Diagnostics of the VerifyDefinition step (OCP1001–1099): reading the extension definition
/// (OCP1001–1019) and verifying it (OCP1020–1099). Each code has a page in docs/diagnostics/.
/// Codes are stable: never renumber or reuse one; retire it instead.
/// </summary>
public static class DefinitionDiagnostics
{
    // ---- Reading the file (OCP1001–1019) ----

    public static readonly DiagnosticDescriptor FileNotFound = new(
        "OCP1001", DiagnosticSeverity.Error, "Definition file not found",
        "The extension definition '{0}' does not exist; 'oneclick init' in the project's folder writes one",
        "The extension definition (extension.xml beside the project by default) was not found. 'oneclick init' writes a first one beside the project, with an example action, and references the package; a new extension project can also start from the template: 'dotnet new oneclick-extension -n Name'. If the definition is elsewhere, set the OneClickPublishDefinitionFile property to its path.");

    public static readonly DiagnosticDescriptor XmlNotWellFormed = new(
        "OCP1002", DiagnosticSeverity.Error, "Definition is not well-formed XML",
        "The extension definition is not well-formed XML: {0}",
        "The file could not be parsed as XML at the line and column shown: look for an unclosed tag, a missing quote, or a '&' or '<' that should be written '&amp;' or '&lt;'. Nothing else in the file is checked until it parses.");

    public static readonly DiagnosticDescriptor DtdProhibited = new(
        "OCP1003", DiagnosticSeverity.Error, "DOCTYPE is not allowed",
        "The extension definition contains a DOCTYPE declaration, which is refused",
        "Document type definitions (DOCTYPE, entity declarations) are refused and never expanded, so that a definition cannot read other files (external entities, XXE) or exhaust memory (entity expansion, 'billion laughs'). Remove the <!DOCTYPE ...> declaration and write the values directly.");

    public static readonly DiagnosticDescriptor UnexpectedElement = new(
        "OCP1004", DiagnosticSeverity.Error, "Unexpected element",
        "Element '{0}' is not expected here{1}",
        "The definition format does not know this element in this place (see docs/definition.md). Check its spelling and where it is nested; a misspelled element would otherwise be silently ignored. The element and everything inside it is skipped.");

    public static readonly DiagnosticDescriptor UnexpectedAttribute = new(
        "OCP1005", DiagnosticSeverity.Error, "Unexpected attribute",
        "Attribute '{0}' is not allowed on {1}; allowed: {2}",
        "The definition format does not know this attribute on this element (see docs/definition.md). Check its spelling: a misspelled attribute would otherwise be silently ignored.");

    public static readonly DiagnosticDescriptor MissingRequiredAttribute = new(
        "OCP1006", DiagnosticSeverity.Error, "Missing required attribute",
        "{0} has no {1}",
        "This attribute is required on this element. Add it with a value (see docs/definition.md).");

    public static readonly DiagnosticDescriptor InvalidAttributeValue = new(
        "OCP1007", DiagnosticSeverity.Error, "Invalid attribute value",
        "'{0}' is not a valid value for {1}: expected {2}",
        "Boolean attributes take 'true' or 'false'; Length and Decimals take a whole number. Write a value of the expected form.");

    public static readonly DiagnosticDescriptor UnexpectedNamespace = new(
        "OCP1008", DiagnosticSeverity.Error, "Unknown XML namespace",
        "The root element is in namespace '{0}'; expected 'urn:oneclickpublish:extension:v1' or no namespace",
        "The definition's root element must be <Extension xmlns=\"urn:oneclickpublish:extension:v1\"> (or <Extension> without a namespace). A different namespace usually means a file of another format or a newer version of this one.");

    public static readonly DiagnosticDescriptor FileUnreadable = new(
        "OCP1009", DiagnosticSeverity.Error, "Definition file cannot be read",
        "The extension definition '{0}' cannot be read: {1}",
        "The file exists but could not be opened or read (permissions, a lock held by another program, a path that is a folder). Fix the cause shown and verify again.");

    public static readonly DiagnosticDescriptor UnexpectedText = new(
        "OCP1010", DiagnosticSeverity.Error, "Unexpected text",
        "Text '{0}' is not allowed inside {1}",
        "Elements of the definition carry their values in attributes, never as text content. Move the text into the right attribute (for example Description=\"...\") or into an XML comment.");

    public static readonly DiagnosticDescriptor DuplicateSection = new(
        "OCP1011", DiagnosticSeverity.Error, "Section appears twice",
        "Section '{0}' appears more than once; its elements were read, but write them in one '{0}' section",
        "Each of Actions, Structures, Entities and Resources may appear once in the Extension element. Merge the two sections into one.");

    // ---- Names, keys, version, descriptions (OCP1020–1039) ----

    public static readonly DiagnosticDescriptor InvalidName = new(
        "OCP1020", DiagnosticSeverity.Error, "Invalid name",
        "{0} has an invalid name '{1}': use letters, digits and '_', starting with a letter",
        "Names become C# identifiers, database columns and file names, so they may only contain ASCII letters (A–Z, a–z), digits and '_', and must start with a letter. Rename the element.");

    public static readonly DiagnosticDescriptor NameTooLong = new(
        "OCP1021", DiagnosticSeverity.Error, "Name too long",
        "{0} has a name of {1} characters; at most {2} are allowed",
        "Names are at most 50 characters, entity attributes at most 28 (they become database columns). Shorten the name.");

    public static readonly DiagnosticDescriptor DuplicateName = new(
        "OCP1022", DiagnosticSeverity.Error, "Duplicated name",
        "{0} has the same name as {1} (names are compared ignoring case)",
        "Names must be unique within their scope, ignoring case: actions in the extension; structures and entities together (they become classes of one namespace); parameters within their action; attributes within their structure or entity; table names across entities; resource paths across resources. Rename one of the two.");

    public static readonly DiagnosticDescriptor ReservedName = new(
        "OCP1023", DiagnosticSeverity.Error, "Reserved name",
        "{0} cannot be named '{1}': {2}",
        "The name would not compile in the generated code: it is a C# keyword, or it clashes with a generated name (the interface I{Extension}, the entry class {Extension}Actions, the extension's own name, or the name of the enclosing structure or entity). Choose another name.");

    public static readonly DiagnosticDescriptor DuplicateKey = new(
        "OCP1024", DiagnosticSeverity.Error, "Duplicated key",
        "{0} has key '{1}', already used by {2}",
        "Keys identify elements across renames, so each key must be unique in the whole extension (compared exactly). Give one of the two elements a new key; keep the old one on the element that existed first.");

    public static readonly DiagnosticDescriptor InvalidNamespace = new(
        "OCP1025", DiagnosticSeverity.Error, "Invalid namespace",
        "'{0}' is not a valid namespace: {1}",
        "The Namespace attribute is the C# namespace of the generated code: identifiers (letters, digits, '_', starting with a letter or '_') separated by dots, none of them a C# keyword. Fix it or leave it out to use the extension's name.");

    public static readonly DiagnosticDescriptor InvalidVersion = new(
        "OCP1026", DiagnosticSeverity.Error, "Version is not SemVer 2.0",
        "Version '{0}' is not a semantic version (SemVer 2.0) such as 1.2.3 or 1.2.3-beta.1",
        "The extension's Version must be MAJOR.MINOR.PATCH with an optional pre-release (-beta.1) and build metadata (+sha.abc), without leading zeros. The Publish stage compares versions with these rules.");

    public static readonly DiagnosticDescriptor DescriptionTooLong = new(
        "OCP1027", DiagnosticSeverity.Warning, "Description too long",
        "{0} has a description of {1} characters; at most {2} are kept",
        "Descriptions are shown in tooltips and lists of the Platform and are cut at 255 characters. Shorten the description; this is a warning so that a long text never blocks a build.");

    public static readonly DiagnosticDescriptor MissingDescription = new(
        "OCP1028", DiagnosticSeverity.Warning, "Public element without description",
        "{0} has no description",
        "The extension, its actions, structures and entities are what other developers see; a one-line Description tells them what each is for. Add a Description attribute, or silence the warning with NoWarn.");

    public static readonly DiagnosticDescriptor EmptyExtension = new(
        "OCP1029", DiagnosticSeverity.Warning, "Extension offers nothing",
        "Extension '{0}' has no actions, structures or entities",
        "An extension without actions, structures or entities offers nothing to the modules that use it. Declare what it offers, or ignore the warning while you are starting.");

    public static readonly DiagnosticDescriptor InvalidKey = new(
        "OCP1030", DiagnosticSeverity.Error, "Invalid key",
        "{0} has an invalid key '{1}': a key is 1 to 100 characters without spaces or control characters",
        "Keys are opaque, stable identifiers (for example 'act-sayhello' or a GUID). Use 1 to 100 printable characters without spaces, or leave the Key out.");

    // ---- Data types and values (OCP1040–1059) ----

    public static readonly DiagnosticDescriptor UnknownDataType = new(
        "OCP1040", DiagnosticSeverity.Error, "Unknown data type",
        "{0} has unknown data type '{1}'",
        "Data types are: Text, Integer, Long Integer, Decimal, Currency, Boolean, Date Time, Date, Time, Phone Number, Email, Binary Data, Object, Record, Record List (see docs/definition.md).");

    public static readonly DiagnosticDescriptor RecordTypeMissing = new(
        "OCP1041", DiagnosticSeverity.Error, "Record without Record Type",
        "{0} is a {1} but has no RecordType",
        "A Record or Record List needs a RecordType naming the structure or entity it holds. Add RecordType=\"...\".");

    public static readonly DiagnosticDescriptor RecordTypeUnknown = new(
        "OCP1042", DiagnosticSeverity.Error, "Unknown Record Type",
        "{0} has RecordType '{1}', which is not a structure or entity of this extension",
        "The RecordType must name a structure or entity declared in this definition (in any order). Check the spelling or declare it.");

    public static readonly DiagnosticDescriptor RecordTypeIgnored = new(
        "OCP1043", DiagnosticSeverity.Warning, "Record Type on a non-record data type",
        "{0} has RecordType '{1}' but its data type is {2}; the RecordType is ignored",
        "RecordType only applies to Record and Record List. Remove it, or change the data type to Record or Record List.");

    public static readonly DiagnosticDescriptor RecursiveStructure = new(
        "OCP1044", DiagnosticSeverity.Error, "Recursive structure",
        "Structure '{0}' contains itself: {1}",
        "A structure may not contain itself, directly or through other structures, by Record or Record List attributes: its generated class could never be fully built or serialized. Break the cycle, for example by storing an identifier instead of the record.");

    public static readonly DiagnosticDescriptor InvalidDefaultValue = new(
        "OCP1045", DiagnosticSeverity.Error, "Default value does not fit its type",
        "{0} has default value '{1}', which is not a valid {2}{3}",
        "Write the default in the invariant form of its type: Integer -2147483648..2147483647, Long Integer 64-bit, Decimal/Currency like 12.50 (a '.' and no thousands separator, within Length and Decimals), Boolean true/false, Date yyyy-MM-dd, Time HH:mm:ss, Date Time yyyy-MM-dd HH:mm:ss (or with 'T'), Text at most Length characters.");

    public static readonly DiagnosticDescriptor InvalidLength = new(
        "OCP1046", DiagnosticSeverity.Error, "Invalid Length",
        "{0} has Length {1}: {2}",
        "Length is the maximum number of characters of a Text, Phone Number or Email (1 to 2000000000), or the total digits of a Decimal or Currency (1 to 38). Other data types have no Length: remove it.");

    public static readonly DiagnosticDescriptor InvalidDecimals = new(
        "OCP1047", DiagnosticSeverity.Error, "Invalid Decimals",
        "{0} has Decimals {1}: {2}",
        "Decimals is the number of digits after the decimal point of a Decimal or Currency: 0 to 28 and not more than Length. Other data types have no Decimals: remove it.");

    public static readonly DiagnosticDescriptor DefaultValueNotAllowed = new(
        "OCP1048", DiagnosticSeverity.Error, "Default value not allowed",
        "{0} cannot have a default value: {1}",
        "Outputs never have a default, and Binary Data, Object, Record and Record List have no literal form to write one in. Remove the Default attribute.");

    public static readonly DiagnosticDescriptor DataTypeNotAllowed = new(
        "OCP1049", DiagnosticSeverity.Error, "Data type not allowed here",
        "{0} cannot be of data type {1}: {2}",
        "Entity attributes become database columns, so they cannot be Object, Record or Record List. Use a structure for nested data, or store an identifier of the other entity.");

    // ---- Actions and parameters (OCP1060–1069) ----

    public static readonly DiagnosticDescriptor FunctionOutputCount = new(
        "OCP1060", DiagnosticSeverity.Error, "Function without exactly one output",
        "Action '{0}' is a function but has {1} outputs; a function has exactly one",
        "A function action is used inside expressions, where it returns one value. Give it exactly one Output, or set Function=\"false\".");

    public static readonly DiagnosticDescriptor OnlyInputsMandatory = new(
        "OCP1061", DiagnosticSeverity.Error, "Only inputs may be mandatory",
        "{0} is an output and cannot be mandatory",
        "Mandatory means the caller must pass a value, which only applies to inputs. Remove Mandatory from the output.");

    public static readonly DiagnosticDescriptor IconNotFound = new(
        "OCP1062", DiagnosticSeverity.Error, "Action icon not found",
        "Action '{0}' has icon '{1}', which was not found at '{2}'",
        "Icon is the path of an image file relative to the definition file. Add the file or fix the path.");

    // ---- Structures and entities (OCP1070–1089) ----

    public static readonly DiagnosticDescriptor NoAttributes = new(
        "OCP1070", DiagnosticSeverity.Error, "Structure or entity without attributes",
        "{0} has no attributes",
        "A structure or entity must have at least one attribute. Add one, or remove the element.");

    public static readonly DiagnosticDescriptor EntityWithoutIdentifier = new(
        "OCP1071", DiagnosticSeverity.Error, "Entity without identifier",
        "Entity '{0}' has no identifier attribute",
        "Every entity needs exactly one attribute with Identifier=\"true\" (Integer, Long Integer or Text, mandatory). Mark its key attribute as the identifier.");

    public static readonly DiagnosticDescriptor MultipleIdentifiers = new(
        "OCP1072", DiagnosticSeverity.Error, "More than one identifier",
        "{0} is a second identifier of entity '{1}' (the first is '{2}')",
        "An entity has exactly one identifier attribute; composite keys are not supported. Keep Identifier=\"true\" on one attribute only.");

    public static readonly DiagnosticDescriptor IdentifierWrongType = new(
        "OCP1073", DiagnosticSeverity.Error, "Identifier of the wrong type",
        "{0} is an identifier of type {1}; identifiers are Integer, Long Integer or Text",
        "Change the identifier's data type to Integer, Long Integer or Text.");

    public static readonly DiagnosticDescriptor IdentifierNotMandatory = new(
        "OCP1074", DiagnosticSeverity.Error, "Identifier not mandatory",
        "{0} is an identifier and must be mandatory",
        "Every record of an entity has an identifier, so the identifier attribute must have Mandatory=\"true\".");

    public static readonly DiagnosticDescriptor MultipleAutoNumbers = new(
        "OCP1075", DiagnosticSeverity.Error, "More than one Auto Number",
        "{0} is a second AutoNumber attribute of entity '{1}' (the first is '{2}')",
        "The database numbers at most one column of a table. Keep AutoNumber=\"true\" on one attribute only, normally the identifier.");

    public static readonly DiagnosticDescriptor AutoNumberWrongType = new(
        "OCP1076", DiagnosticSeverity.Error, "Auto Number of the wrong type",
        "{0} is AutoNumber but of type {1}; AutoNumber is Integer or Long Integer",
        "Only Integer and Long Integer columns can be numbered by the database. Change the data type or remove AutoNumber.");

    public static readonly DiagnosticDescriptor EntityOnlyProperty = new(
        "OCP1077", DiagnosticSeverity.Error, "Identifier or AutoNumber outside an entity",
        "{0} is marked {1}, which only applies to entity attributes",
        "Structures are not stored in the database, so their attributes cannot be identifiers or auto-numbered. Remove the flag, or make the structure an entity.");

    public static readonly DiagnosticDescriptor InvalidTableName = new(
        "OCP1078", DiagnosticSeverity.Error, "Invalid table name",
        "Entity '{0}' has an invalid table name '{1}': use at most 128 letters, digits and '_', starting with a letter",
        "TableName is the database table of the entity. Use ASCII letters, digits and '_', starting with a letter, at most 128 characters; or leave it out to use the entity's name.");

    public static readonly DiagnosticDescriptor AttributeNameReservedInDatabases = new(
        "OCP1079", DiagnosticSeverity.Warning, "Attribute named as a database reserved word",
        "{0} is named '{1}', a reserved word of {2}: its column must be quoted in every statement there",
        "Entity attributes become columns of the database the extension's entities live in. SQL Server, Oracle, PostgreSQL and MySQL reserve words such as USER, ORDER, DATE, LEVEL or NUMBER; a column with such a name works only where every query quotes it, and hand-written SQL, reports and some tools do not. Rename the attribute (for instance OrderNumber, UserName), or keep the name and silence the warning with NoWarn.");

    public static readonly DiagnosticDescriptor EntityOnlyAutoNumber = new(
        "OCP1080", DiagnosticSeverity.Warning, "Entity made only of an auto-numbered identifier",
        "Entity '{0}' has only its auto-numbered identifier '{1}': a row has no value to insert on some databases",
        "An insert into a table whose only column the database numbers needs 'DEFAULT VALUES', which Oracle and some others do not accept in the form the platform writes, so creating a record fails there. Add at least one attribute that holds data, or make the identifier not auto-numbered.");

    public static readonly DiagnosticDescriptor EntityManyBinaryAttributes = new(
        "OCP1081", DiagnosticSeverity.Warning, "More than one binary attribute in an entity",
        "Entity '{0}' has {1} Binary Data attributes ({2}): keep binary data in one attribute per entity",
        "Large binary columns are stored and fetched apart from the row; several in one table multiply the cost of reading a record (every fetch of the record reads all of them), and some databases limit a table to one such column. Move each binary value to an entity of its own that refers to this one, or keep one binary attribute.");

    // ---- Resources (OCP1090–1099) ----

    public static readonly DiagnosticDescriptor ResourceNotFound = new(
        "OCP1090", DiagnosticSeverity.Error, "Resource not found",
        "Resource '{0}' was not found at '{1}'",
        "Resources are files shipped with the extension, with paths relative to the definition file. Add the file, fix the path, or remove the Resource element.");

    public static readonly DiagnosticDescriptor ResourceEmpty = new(
        "OCP1091", DiagnosticSeverity.Error, "Resource is empty",
        "Resource '{0}' is empty but is deployed ({1})",
        "An empty file deployed as Binaries, Application or Images would overwrite a real one on the server, which is almost always a mistake (a failed copy or an unfinished build). Put the real content in the file, or set DeployAction=\"Ignore\".");

    public static readonly DiagnosticDescriptor UnknownDeployAction = new(
        "OCP1092", DiagnosticSeverity.Error, "Unknown deploy action",
        "Resource '{0}' has unknown DeployAction '{1}'; expected Binaries, Application, Images or Ignore",
        "DeployAction says where the server puts the file: Binaries (beside the extension's assemblies), Application (the application folder), Images (the image folder) or Ignore (shipped in the XIF, not deployed).");

    public static readonly DiagnosticDescriptor InvalidResourcePath = new(
        "OCP1093", DiagnosticSeverity.Error, "Invalid resource path",
        "Resource path '{0}' is not allowed: {1}",
        "A resource path is relative to the definition file and stays inside its folder: no drive or leading '/', no '..' segment, no empty segment. Move the file under the extension's folder.");

    public static readonly DiagnosticDescriptor ReservedResourceName = new(
        "OCP1094", DiagnosticSeverity.Error, "Reserved resource name",
        "Resource '{0}' deployed as {1} has a reserved name: {2}",
        "A deployed resource must not replace a file of the host: web.config, app.config, global.asax, appsettings*.json, *.deps.json, *.runtimeconfig.json, the extension's own assembly (Binaries), or the server's active.json. Rename the file, or set DeployAction=\"Ignore\" to ship it without deploying it.");
}
