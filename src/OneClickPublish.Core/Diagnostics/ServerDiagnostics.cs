namespace OneClickPublish.Diagnostics;

/// <summary>
/// Errors, warnings and information of the Platform Server (OCP5100–5299): the codes it puts in
/// the JSON body of a rejected request and in the log of a publish operation. OCP51xx are about
/// keys, requests, publishing and deploying; OCP52xx about uploads, retention and configuration.
/// </summary>
public static class ServerDiagnostics
{
    // Keys and requests.
    public static readonly DiagnosticDescriptor ApiKeyMissing = new(
        "OCP5100", DiagnosticSeverity.Error, "API key missing",
        "The request has no API key",
        "Every endpoint of the Platform Server but /health needs 'Authorization: Bearer <api key>'. Give the key with the ONECLICK_API_KEY environment variable or the OneClickPublishApiKey property; an administrator creates keys with 'oneclick server keys create'.");

    public static readonly DiagnosticDescriptor ApiKeyInvalid = new(
        "OCP5101", DiagnosticSeverity.Error, "API key not accepted",
        "The API key is unknown or has been revoked",
        "Check that the key was copied whole and is meant for this server; 'oneclick server keys list' shows the keys that exist and whether they are revoked. Ask the server's administrator for a new key if yours was revoked.");

    public static readonly DiagnosticDescriptor ApiKeyScopeTooLow = new(
        "OCP5102", DiagnosticSeverity.Error, "API key lacks the scope",
        "The API key '{0}' has the scope '{1}'; this request needs '{2}'",
        "Keys have one scope: read (list and status), publish (upload, publish, rollback; includes read) or admin (everything). Use a key with the scope named in the message, or ask the administrator to create one with 'oneclick server keys create --scope <scope>'.");

    public static readonly DiagnosticDescriptor PublishAlreadyRunning = new(
        "OCP5103", DiagnosticSeverity.Error, "Publish already running",
        "Another publish of '{0}' is already running (operation {1}); wait for it to end, then publish again",
        "The server publishes one version of an extension at a time, so that versions are compared and activated in a known order. Wait until the running operation ends (its status URL tells when), then publish again. Publishes of other extensions are not affected.");

    public static readonly DiagnosticDescriptor VersionExistsWithOtherBytes = new(
        "OCP5104", DiagnosticSeverity.Error, "Version already published",
        "Version {1} of '{0}' is already published with other content; raise the version to publish new content",
        "A published version is immutable: the same version can be published again only with exactly the same XIF file. Raise the version in the extension definition (a patch bump for a fix) and publish again.");

    public static readonly DiagnosticDescriptor InvalidExtensionName = new(
        "OCP5105", DiagnosticSeverity.Error, "Invalid extension name",
        "'{0}' is not a valid extension name",
        "Extension names are made of letters, digits and '_', start with a letter and have at most 50 characters. Check the name in the URL or in the extension definition.");

    public static readonly DiagnosticDescriptor InvalidVersion = new(
        "OCP5106", DiagnosticSeverity.Error, "Invalid version",
        "'{0}' is not a SemVer 2.0 version",
        "Versions are SemVer 2.0, such as 1.0.0 or 2.1.0-beta.1. Check the version in the URL, the request body or the extension definition.");

    public static readonly DiagnosticDescriptor MalformedRequest = new(
        "OCP5107", DiagnosticSeverity.Error, "Malformed request",
        "The request is malformed: {0}",
        "The request does not follow the Platform Server protocol (docs/protocol.md). This points to a client that does not match the server's version; update the OneClickPublish package or tool.");

    public static readonly DiagnosticDescriptor UploadNotFound = new(
        "OCP5108", DiagnosticSeverity.Error, "Unknown upload",
        "There is no upload '{0}'",
        "The upload does not exist: it expired (incomplete uploads are removed after the server's upload expiry), was already published, or was discarded after a hash mismatch. Upload the XIF again.");

    public static readonly DiagnosticDescriptor OperationNotFound = new(
        "OCP5109", DiagnosticSeverity.Error, "Unknown operation",
        "There is no operation '{0}'",
        "The operation id is not known to this server. Check that the client talks to the server that accepted the publish.");

    public static readonly DiagnosticDescriptor AlreadyPublished = new(
        "OCP5110", DiagnosticSeverity.Information, "Already published",
        "Version {1} of '{0}' is already published with the same content; nothing changed",
        "Publishing the same version with the same bytes again is allowed and does nothing, so that a repeated build is harmless. The active version is not changed by it; use rollback to activate an earlier version.");

    public static readonly DiagnosticDescriptor BreakingChangeWithoutMajorBump = new(
        "OCP5111", DiagnosticSeverity.Error, "Breaking change without a major version",
        "{0}; this breaks consumers of version {1}, so version {2} must raise the major version",
        "Removing or changing an action, a parameter (type, direction, order, becoming mandatory), a structure, an entity or one of their attributes breaks the modules that use the extension. Either keep the element as it was (add a new one instead), or raise the major version (for example 1.4.0 → 2.0.0) to say that consumers must be updated.");

    public static readonly DiagnosticDescriptor AdditionWithoutMinorBump = new(
        "OCP5112", DiagnosticSeverity.Warning, "Addition with only a patch version",
        "{0}; an addition should raise at least the minor version ({1} → {2})",
        "New actions, parameters, structures, entities or attributes do not break consumers, but a version that adds them is expected to raise the minor version (for example 1.4.2 → 1.5.0). The publish goes on.");

    public static readonly DiagnosticDescriptor ExtensionNotFound = new(
        "OCP5113", DiagnosticSeverity.Error, "Unknown extension",
        "There is no extension '{0}' on this server",
        "Nothing was ever published under this name. Check the name (the extension definition's Name attribute); 'GET /api/v1/extensions' lists the published extensions.");

    public static readonly DiagnosticDescriptor VersionNotFound = new(
        "OCP5114", DiagnosticSeverity.Error, "Unknown version",
        "Version {1} of '{0}' was never published on this server",
        "Only versions that were published and deployed can be activated again. 'GET /api/v1/extensions/{name}' lists them.");

    public static readonly DiagnosticDescriptor UploadIncomplete = new(
        "OCP5115", DiagnosticSeverity.Error, "Upload not complete",
        "Upload '{0}' has {1} of {2} bytes; only a complete upload can be published",
        "Send the rest of the file (ask HEAD on the upload for the offset to continue from), then publish.");

    public static readonly DiagnosticDescriptor DefinitionDoesNotMatchManifest = new(
        "OCP5116", DiagnosticSeverity.Error, "Definition and manifest disagree",
        "The XIF's manifest names {0} {1} but its definition declares {2} {3}; save the XIF again with OneClickPublish",
        "The XIF file was changed after it was saved, or was written by a tool that does not follow the XIF format. Save the XIF again with OneClickPublish and publish that file.");

    public static readonly DiagnosticDescriptor VersionNotNewer = new(
        "OCP5117", DiagnosticSeverity.Error, "Version not newer than the active one",
        "Version {1} of '{0}' is lower than the active version {2}; raise the version above it, or roll back to go back",
        "A publish moves an extension forward. Raise the version above the active one, or, to go back to an earlier version that was already published, use rollback.");

    public static readonly DiagnosticDescriptor TargetFrameworkNotRunnable = new(
        "OCP5118", DiagnosticSeverity.Error, "Target framework not run by this server",
        "'{0}' is built for {1}, and this server runs {2}: none of them can run it",
        "The server runs only the target frameworks of its setting Server:TargetFrameworks (GET /api/v1/server lists them), and a framework runs an extension built for the same framework or an older one of its family (NuGet's rule: net8.0 runs net6.0 and netstandard2.0, net48 runs net472). The frameworks of a XIF are the folders of bin/ (bin/net8.0/ for a multi-targeted project) or, for bin/ alone, the TargetFramework attribute of the extension's assembly. Nothing was stored or changed. Build the extension for one of the server's frameworks, or add its framework to Server:TargetFrameworks if the server can load it.");

    public static readonly DiagnosticDescriptor OperationInterrupted = new(
        "OCP5120", DiagnosticSeverity.Error, "Operation interrupted",
        "The publish was interrupted because the server stopped; version {0} is still the active one. Publish again",
        "The server stopped (or was killed) while the operation ran. Nothing of it was activated: the version that was active before is still active and complete. Publish again.");

    public static readonly DiagnosticDescriptor DeployFailed = new(
        "OCP5121", DiagnosticSeverity.Error, "Deploy failed",
        "The version could not be deployed: {0}; the previous version stays active. The server's administrator should check its data directory",
        "The server could not write the version's folder (disk full, permissions). The previously active version is still active. The server's administrator should check the data directory; then publish again.");

    public static readonly DiagnosticDescriptor InternalError = new(
        "OCP5122", DiagnosticSeverity.Error, "Server error",
        "The server failed unexpectedly ({0}); nothing was changed. Try again; if it persists, tell the server's administrator what is in parentheses",
        "This is a fault of the Platform Server, not of your extension. Nothing was changed. Try again; if it persists, tell the server's administrator the request or operation named in the message: the server's log has the cause under it (the cause itself is never sent to clients).");

    public static readonly DiagnosticDescriptor RequestBodyTooLarge = new(
        "OCP5123", DiagnosticSeverity.Error, "Request body too large",
        "The request body is larger than the {0} bytes the server accepts for this request; nothing was changed",
        "Requests other than the upload of a XIF's bytes carry small JSON bodies, and the server refuses bodies over its limit (1 MiB) before reading them. A body that large points to a client that does not follow the protocol; sending it again does not help. XIF files are sent with the resumable upload (PATCH), whose limit is the server's MaxUploadBytes.");

    public static readonly DiagnosticDescriptor RequestBodyTimeout = new(
        "OCP5124", DiagnosticSeverity.Error, "Request body too slow",
        "The request body arrived too slowly and the server stopped waiting for it; nothing was changed",
        "The server drops a request whose body arrives slower than a minimum rate (240 bytes per second after a 5-second grace period), so that stalled clients do not hold its connections. Check the network between client and server and send the request again; an upload resumes from the offset the server reports (HEAD), keeping every byte that reached it.");

    public static readonly DiagnosticDescriptor UnknownEndpoint = new(
        "OCP5125", DiagnosticSeverity.Error, "No such endpoint",
        "The Platform Server has no endpoint {0} {1}",
        "The path or the method is not part of the Platform Server's API (docs/protocol.md; the server describes itself at /openapi/v1.json). Check the server URL (it is the server's root, not a path under it) and that the client and the server are of matching versions.");

    public static readonly DiagnosticDescriptor RolledBackPointerNotWritten = new(
        "OCP5126", DiagnosticSeverity.Error, "Rolled back, but active.json not updated",
        "Version {1} of '{0}' is now the active version (the rollback is recorded), but deployments/{0}/active.json could not be written: {2}; the server rewrites it at its next start",
        "The database is the record of which version is active, and the rollback took effect there: the API, oneclick status and new publishes all see the version you rolled back to. The file active.json beside the versions, which a host reading the deployments folder follows, still names the previous version: the data folder's disk refused the write (full, read-only, or a folder in the file's place). Fix the disk; the server rewrites the file from the database at its next start, and sending the same rollback again writes it now. Do not roll back a second time to another version to 'undo' this.");

    public static readonly DiagnosticDescriptor VersionPublished = new(
        "OCP5140", DiagnosticSeverity.Information, "Version registered",
        "{0} {1}: {2} files checked, {3} new blobs stored, {4} already stored",
        "The XIF passed every check and its files are stored by content hash, each distinct file once whatever the number of versions that ship it.");

    public static readonly DiagnosticDescriptor VersionActivated = new(
        "OCP5141", DiagnosticSeverity.Information, "Version activated",
        "{0} {1} is active (deployed to {2}){3}",
        "The version's files were extracted into its own folder and the active version was switched to it atomically.");

    public static readonly DiagnosticDescriptor CompatibilityChecked = new(
        "OCP5142", DiagnosticSeverity.Information, "Compatibility checked",
        "Compared with the active version {0}: {1}",
        "The server compares every new version with the active one: breaking changes need a major version, additions a minor one.");

    // Retention: deleting versions, keeping the disk in bounds.
    public static readonly DiagnosticDescriptor ActiveVersionNotDeletable = new(
        "OCP5260", DiagnosticSeverity.Error, "Active version cannot be deleted",
        "Version {1} of '{0}' is the active version and cannot be deleted; activate another version first",
        "A version that is live is never removed, neither by a delete nor by the retention. Roll back to another version (or publish a newer one), then delete this one. Nothing was changed.");

    public static readonly DiagnosticDescriptor VersionsRemovedByRetention = new(
        "OCP5261", DiagnosticSeverity.Information, "Old versions removed",
        "{0}: removed {1} to keep {2} versions (Server:Retention:KeepVersions); kept the active version and the one active before it",
        "The server keeps at most Server:Retention:KeepVersions versions of each extension: the active one, the one that was active before it (what a rollback goes back to), and the newest of the others. Older versions are deleted: their rows, their folders and, once no version uses them, their files in the blob store.");

    // Following an operation: the long poll and the event stream.
    public static readonly DiagnosticDescriptor InvalidWait = new(
        "OCP5280", DiagnosticSeverity.Error, "Invalid wait",
        "'wait' must be a whole number of seconds from 0 to {0}, not '{1}'",
        "A request for an operation's status or log may wait for the operation's next line with ?wait=<seconds> (a long poll): the server answers as soon as a line is added or the operation ends, else after that many seconds with no new line. Give a whole number from 0 (answer at once) to 60; the OneClickPublish client asks for 30. Nothing was changed.");

    // Configuration: refused at start, one error per bad value.
    public static readonly DiagnosticDescriptor InvalidSetting = new(
        "OCP5230", DiagnosticSeverity.Error, "Invalid server setting",
        "The setting {0} is {1}; it must be {2}",
        "The server did not start. Correct the value where it is set: appsettings.json in the data folder, an environment variable ONECLICK_Server__<Name> (':' written '__'), or the option of 'oneclick server' (later sources win, in that order). 'oneclick server --help' and docs/server.md list every setting with its default.");

    public static readonly DiagnosticDescriptor SettingsFileUnreadable = new(
        "OCP5231", DiagnosticSeverity.Error, "Settings file unreadable",
        "The file '{0}' ({1}) cannot be read: {2}",
        "The server did not start. appsettings.json in the data folder must be valid JSON; a file named by Server:ConnectionStringFile must exist and be readable by the server's account.");

    public static readonly DiagnosticDescriptor ConflictingSettings = new(
        "OCP5232", DiagnosticSeverity.Error, "Conflicting server settings",
        "{0} and {1} are both set; set only one of them",
        "The server did not start: the two settings say the same thing in two ways. Keep one, for a secret preferably the file (Server:ConnectionStringFile), which keeps it out of the environment.");

    public static readonly DiagnosticDescriptor UnknownSetting = new(
        "OCP5233", DiagnosticSeverity.Error, "Unknown server setting",
        "There is no server setting {0} (set in {1})",
        "The server did not start: a setting it does not know is most often a misspelt one, which would otherwise be ignored without a word. Correct the name; 'oneclick server --help' and docs/server.md list every setting.");

    // The metadata schema: checked and upgraded at every start.
    public static readonly DiagnosticDescriptor SchemaNewerThanServer = new(
        "OCP5240", DiagnosticSeverity.Error, "Data of a newer server",
        "The metadata database is at schema version {0}, newer than the version {1} this server ({2}) knows; it was not opened and nothing was changed",
        "A newer Platform Server has upgraded this data folder (or PostgreSQL database), and this older server would not understand, and could damage, what it added. Run the newer server (or a later one) on it. To go back to this version, restore the backup taken before the upgrade (docs/server.md, Upgrading).");

    public static readonly DiagnosticDescriptor SchemaUpgradeFailed = new(
        "OCP5241", DiagnosticSeverity.Error, "Schema upgrade failed",
        "Upgrading the metadata schema to version {0} ({1}) failed: {2}; the database stays at version {3} and the server did not start",
        "Each step of an upgrade runs in one transaction: the failed step changed nothing and the steps before it are kept. The message says what the database refused; most often the server's database account may not change tables (PostgreSQL: give it the right to ALTER the server's tables), or the disk is full. Fix that and start the server again: the upgrade goes on from the step that failed.");

    // Keys managed over HTTP, and the extensions a key may use.
    public static readonly DiagnosticDescriptor ExtensionNotGranted = new(
        "OCP5242", DiagnosticSeverity.Error, "Extension not granted to the key",
        "The API key '{0}' may not use the extension '{1}'; it is granted {2}",
        "A key may be limited to some extensions (names, or the beginning of names followed by '*', such as Geo*): it publishes, rolls back and reads those only, and lists only them. Use a key granted this extension, or ask an administrator for one ('oneclick keys create --extensions ...', or POST /api/v1/keys).");

    public static readonly DiagnosticDescriptor InvalidExtensionPattern = new(
        "OCP5243", DiagnosticSeverity.Error, "Invalid extension pattern",
        "'{0}' is not an extension pattern: {1}",
        "The extensions of a key are a list of patterns: an extension name (Maps), the beginning of names followed by '*' (Geo*), or '*' alone for every extension; names are letters, digits and '_' from a letter, compared ignoring case. Leave the list out for a key that may use every extension.");

    public static readonly DiagnosticDescriptor ApiKeyNotFound = new(
        "OCP5244", DiagnosticSeverity.Error, "Unknown API key",
        "There is no API key with the name or id '{0}'{1}",
        "GET /api/v1/keys lists the keys with their names and ids ('oneclick keys list'). A revoked key's name may be used again by a new key; a revoked key cannot be revoked again.");

    public static readonly DiagnosticDescriptor LastAdminKey = new(
        "OCP5245", DiagnosticSeverity.Error, "Last admin key",
        "'{0}' is the last admin key that is not revoked; revoking it would leave no key that manages keys over HTTP",
        "Create another admin key first (POST /api/v1/keys with scope admin, or 'oneclick keys create --scope admin'), then revoke this one with the new key. On the server's own machine, 'oneclick server keys' manages keys on the data folder without any key.");

    public static readonly DiagnosticDescriptor ApiKeyNameTaken = new(
        "OCP5246", DiagnosticSeverity.Error, "API key name taken",
        "A key named '{0}' exists and is not revoked; revoke it first or choose another name",
        "Names say who published in the history, so two keys that are not revoked never share one. Choose another name, or revoke the existing key first (its name is then free).");

    public static readonly DiagnosticDescriptor InvalidApiKeyName = new(
        "OCP5247", DiagnosticSeverity.Error, "Invalid API key name",
        "'{0}' is not a valid key name: use 1 to 100 letters, digits, '.', '_', '-' or '@'",
        "A key's name is what the history shows as who published or rolled back. Choose one of 1 to 100 letters, digits, '.', '_', '-' or '@', such as ci or alice@example.com.");

    public static readonly DiagnosticDescriptor InvalidApiKeyScope = new(
        "OCP5248", DiagnosticSeverity.Error, "Invalid API key scope",
        "'{0}' is not a key scope: use read, publish or admin",
        "A key has one scope, each including the ones before it: read (list and status), publish (upload, publish, rollback) or admin (everything, managing keys included).");

    public static readonly DiagnosticDescriptor AdminKeyLimited = new(
        "OCP5249", DiagnosticSeverity.Error, "Admin key limited to extensions",
        "An admin key cannot be limited to extensions ({0}): it manages keys, so it could give itself any",
        "Limit publish and read keys to extensions; an admin key may always use every extension. Leave the extensions out for an admin key, or give the key the publish scope.");

    // Uploads.
    public static readonly DiagnosticDescriptor UploadTooLarge = new(
        "OCP5200", DiagnosticSeverity.Error, "Upload too large",
        "The upload of {0} bytes is over the server's limit of {1} bytes",
        "The server refuses files larger than its MaxUploadBytes setting. Ship fewer or smaller files in the extension, or ask the administrator to raise the limit (Server:MaxUploadBytes).");

    public static readonly DiagnosticDescriptor UploadHashMismatch = new(
        "OCP5201", DiagnosticSeverity.Error, "Upload corrupted",
        "The uploaded file's SHA-256 is {0}, not the announced {1}; the upload was discarded",
        "The bytes that reached the server are not the file the client announced: the file changed during the upload or was corrupted on the way. Upload it again.");

    public static readonly DiagnosticDescriptor UploadOffsetMismatch = new(
        "OCP5202", DiagnosticSeverity.Error, "Upload offset mismatch",
        "The upload continues at offset {0}, not {1}",
        "The client sent bytes from another offset than the one the server has. Continue from the offset in the Upload-Offset header of this answer.");

    public static readonly DiagnosticDescriptor UploadContentType = new(
        "OCP5203", DiagnosticSeverity.Error, "Wrong content type",
        "Upload bytes must be sent as 'application/offset+octet-stream', not '{0}'",
        "The PATCH request that carries upload bytes needs the content type application/offset+octet-stream and an Upload-Offset header (docs/protocol.md).");

    public static readonly DiagnosticDescriptor UploadBeyondLength = new(
        "OCP5204", DiagnosticSeverity.Error, "More bytes than announced",
        "The request carries more than the {0} bytes left of the announced length {1}",
        "An upload receives exactly the length announced when it was created. The bytes of this request were not kept; continue from the offset in Upload-Offset with the rest of the file only.");

    public static readonly DiagnosticDescriptor UploadBusy = new(
        "OCP5205", DiagnosticSeverity.Error, "Upload busy",
        "Upload '{0}' is receiving bytes from another request",
        "Only one request may send bytes to an upload at a time. Wait for the other one to end (or time out), ask HEAD for the offset, and continue from there.");

    public static readonly DiagnosticDescriptor UploadHashMissing = new(
        "OCP5206", DiagnosticSeverity.Error, "Upload hash missing",
        "The request brings the last byte of upload '{0}', which was created without a SHA-256, and has no Upload-SHA256 header; its bytes were not kept",
        "An upload created without 'sha256' is given the SHA-256 of the whole file in the Upload-SHA256 header (64 hexadecimal characters) of the PATCH that carries its last byte, and checked against it (docs/protocol.md). Send the rest of the file again from the offset in Upload-Offset, with the header.");
}
