namespace OneClickPublish.Diagnostics;

/// <summary>
/// Diagnostics of the oneclick tool (OCP7001–7099): usage errors, the build it drives, the
/// server it talks to or embeds, and the information lines it adds to the operation log.
/// </summary>
public static class ToolDiagnostics
{
    public static readonly DiagnosticDescriptor UsageError = new(
        "OCP7001", DiagnosticSeverity.Error, "Command line not valid",
        "{0}",
        "The command line does not match the command's options and arguments. Run the command with --help to see them; the tool exits with code 3.");

    public static readonly DiagnosticDescriptor ProjectNotFound = new(
        "OCP7002", DiagnosticSeverity.Error, "Project not found",
        "No extension project found at '{0}'",
        "Name the extension's project file (.csproj) or a folder that holds exactly one, for example 'oneclick publish samples/HelloExtension'. Without an argument the current folder is used.");

    public static readonly DiagnosticDescriptor SeveralProjects = new(
        "OCP7003", DiagnosticSeverity.Error, "Several projects in the folder",
        "'{0}' holds several project files ({1}); name the one to use",
        "The tool builds one extension project. Pass the project file itself instead of its folder.");

    public static readonly DiagnosticDescriptor ServerUrlNotValid = new(
        "OCP7004", DiagnosticSeverity.Error, "Server URL not valid",
        "'{0}' is not an absolute http or https URL",
        "Pass the Platform Server's address with --server, for example --server http://127.0.0.1:5080. Leave --server out to publish to a server the tool starts on this machine.");

    public static readonly DiagnosticDescriptor ApiKeyMissing = new(
        "OCP7005", DiagnosticSeverity.Error, "API key missing",
        "No API key for the Platform Server at {0}",
        "Pass the key with --api-key or set the ONECLICK_API_KEY environment variable. A server shows its first key once, when it starts for the first time; 'oneclick server keys create' makes more.");

    public static readonly DiagnosticDescriptor BuildNotStarted = new(
        "OCP7006", DiagnosticSeverity.Error, "Build could not start",
        "The build of the extension could not be started: {0}",
        "The tool runs 'dotnet build' on the extension project. Check that the .NET SDK is installed and 'dotnet' is on the PATH (or DOTNET_HOST_PATH names it).");

    public static readonly DiagnosticDescriptor BuildFailedWithoutErrors = new(
        "OCP7007", DiagnosticSeverity.Error, "Build failed without an error",
        "The build ended with exit code {0} without reporting an error: {1}",
        "MSBuild stopped before it could log anything, usually because the project file or a command-line switch is not valid. The text shows what MSBuild printed; run 'dotnet build' on the project to see the whole output.");

    // Codes 7008 and 7009 are not used: status and rollback report the Platform client's own codes (OCP5001-5022).

    public static readonly DiagnosticDescriptor EmbeddedServerFailed = new(
        "OCP7010", DiagnosticSeverity.Error, "Embedded server could not start",
        "The Platform Server for this publish could not start: {0}",
        "Without --server the tool starts a Platform Server on loopback with its data in .oneclick/server under the current folder. Check that the folder is writable, or publish to a running server with --server.");

    public static readonly DiagnosticDescriptor EmbeddedServerStarted = new(
        "OCP7011", DiagnosticSeverity.Information, "Embedded server started",
        "Publishing to a Platform Server started for this run at {0} (data in {1})",
        "No --server was given, so the tool started a Platform Server on loopback. Its data stays in the folder shown, so versions published now are there the next time.");

    public static readonly DiagnosticDescriptor Deployed = new(
        "OCP7012", DiagnosticSeverity.Information, "Extension deployed",
        "{0} {1} is deployed at {2}",
        "The version is active on the Platform Server; the folder shown holds its deployed files.");

    public static readonly DiagnosticDescriptor ReachServerAgain = new(
        "OCP7013", DiagnosticSeverity.Information, "How to reach the server again",
        "Reach this server again with: {0}",
        "The embedded server stops when the tool exits. The command shown starts it again on the same data, so status, rollback and further publishes see what was published.");

    public static readonly DiagnosticDescriptor FilesChanged = new(
        "OCP7014", DiagnosticSeverity.Information, "Files changed",
        "{0} changed; verifying again",
        "With --watch the tool verifies the extension again whenever a file of the project changes.");

    public static readonly DiagnosticDescriptor Cancelled = new(
        "OCP7015", DiagnosticSeverity.Warning, "Cancelled",
        "{0} was cancelled before it finished",
        "The build was stopped (Ctrl+C or Close while it ran). Nothing half-written is kept: run the step again to finish it.");

    public static readonly DiagnosticDescriptor FirstApiKeySaved = new(
        "OCP7018", DiagnosticSeverity.Information, "First API key saved to a file",
        "The new server's first API key (scope publish) is in {0}, readable only by you",
        "The embedded server created its first API key when it started on an empty data folder. The tool does not print it (CI logs are often public): it writes it to this file, which only its owner may read (0600 on Unix). Use it with --server and ONECLICK_API_KEY to reach this server again; delete the file once the key is kept elsewhere, or revoke the key with 'oneclick keys revoke'.");

    public static readonly DiagnosticDescriptor BinaryLogHoldsApiKey = new(
        "OCP7019", DiagnosticSeverity.Information, "Binary log holds the API key",
        "The binary log {0} records the build's properties, the API key for {1} among them: share it only with who may hold that key",
        "With --binlog the extension's build writes a binary log, which records every property of the build; the Upload and Publish steps read the API key from ONECLICK_API_KEY into the property OneClickPublishApiKey, so the key is in the log. A text log never shows it. Keep the binary log private, or use it only with the embedded server, whose key for a run is revoked when the run ends.");

    public static readonly DiagnosticDescriptor PipelineNotInjected = new(
        "OCP7020", DiagnosticSeverity.Information, "Pipeline targets not loaded",
        "The build has no target {0}: the tool's targets were not imported into the project",
        "The tool brings the pipeline into the extension's build through the property DirectoryBuildTargetsPath (the file it names imports the project's own Directory.Build.targets, then the pipeline). A project that sets ImportDirectoryBuildTargets to false imports no such file, and a -p:DirectoryBuildTargetsPath of your own replaces the tool's. Reference the OneClickPublish package in the project (dotnet add package OneClickPublish), or drop that setting.");

    public static readonly DiagnosticDescriptor KeyNotFound = new(
        "OCP7016", DiagnosticSeverity.Error, "API key not found",
        "No API key named '{0}' in the server data at {1}",
        "'oneclick keys list' shows the keys of the server (use --data for another data folder). A key is revoked by its name or its id.");

    public static readonly DiagnosticDescriptor NoLocalServer = new(
        "OCP7017", DiagnosticSeverity.Error, "No local server data",
        "No Platform Server data at {0}",
        "Without --server, status and rollback read the local server's data folder (.oneclick/server under the current folder, or --data); 'server gc' always does. Publish something first ('oneclick publish'), pass --data, or ask a running server with --server URL.");

    // ---- oneclick init (OCP7030–7039): a block of its own, so codes added above stay free ----

    public static readonly DiagnosticDescriptor DefinitionExists = new(
        "OCP7030", DiagnosticSeverity.Error, "Definition already exists",
        "'{0}' already exists; nothing was changed",
        "oneclick init writes a new extension definition and does not replace one without being asked. Edit the definition you have, or run 'oneclick init --force' to replace it with the example: the old file is kept in .oneclick/backups/ beside the project. The tool exits with code 3.");

    public static readonly DiagnosticDescriptor ExtensionNameNotValid = new(
        "OCP7031", DiagnosticSeverity.Error, "Extension name not valid",
        "'{0}' cannot be the extension's name: {1}",
        "The extension's name becomes C# names (the interface I{Name}, the class {Name}Actions): an ASCII letter, then letters, digits and '_', at most 50 characters, not a C# keyword. Give one with --name; without it, init uses the project's name, made valid where it can be.");

    public static readonly DiagnosticDescriptor NotAClassLibrary = new(
        "OCP7032", DiagnosticSeverity.Error, "Not a C# class library",
        "'{0}' is not a C# class library: {1}",
        "An extension is a C# class library. Run 'oneclick init' in one (create it with 'dotnet new classlib'), or start a new extension with 'dotnet new oneclick-extension -n Name'. Nothing was changed.");

    public static readonly DiagnosticDescriptor ProjectFileNotValid = new(
        "OCP7033", DiagnosticSeverity.Error, "Project file cannot be edited",
        "'{0}' cannot be read as an MSBuild file: {1}",
        "oneclick init adds the OneClickPublish package reference to the project file (or, with central package versions, to Directory.Packages.props), and needs the file to be well-formed XML with a <Project> root. Fix it at the line shown ('dotnet build' reports the same problem) and run init again; nothing was changed.");

    public static readonly DiagnosticDescriptor PackageNotOnAnySource = new(
        "OCP7034", DiagnosticSeverity.Error, "Package on no NuGet source",
        "None of the NuGet sources of '{0}' has {1} {2} (asked: {3})",
        "The project now references the OneClickPublish package, and restore takes it only from the NuGet sources configured for the project's folder: its NuGet.config files, the user's and the machine's, as package source mapping allows. The lines after this one give the 'dotnet nuget add source' command that adds a folder holding the package. A copy in this machine's NuGet cache does not count: another machine or CI would not have it. The files were written; the tool exits with code 1 until a source has the package.");

    public static readonly DiagnosticDescriptor SourceNotChecked = new(
        "OCP7035", DiagnosticSeverity.Warning, "NuGet source not checked",
        "The NuGet source '{0}' ({1}) could not be asked for {2}: {3}",
        "oneclick init asks each NuGet source of the project whether it has the OneClickPublish package. This one did not answer (offline, down, a folder that does not exist, credentials refused), so it is not known to have the package; restore will try it again. If the build cannot restore the package, fix or disable the source, or add one that has it.");

    public static readonly DiagnosticDescriptor InitWriteFailed = new(
        "OCP7036", DiagnosticSeverity.Error, "File not written",
        "'{0}' could not be written: {1}",
        "oneclick init writes each file whole or not at all (a temporary file, then a rename), so the file named is as it was; files named as written before this line were written. Check that the folder is writable and not locked by another program, then run 'oneclick init --force' to finish.");
}
