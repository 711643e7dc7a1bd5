namespace OneClickPublish.Diagnostics;

/// <summary>
/// Errors of the Platform client (OCP5001–5099): talking to the Platform Server for Upload,
/// Publish, rollback and the listings, and its one warning (OCP5018, a retry). Codes the server itself reports (its own range) are relayed
/// as they come. Messages never contain the API key.
/// </summary>
public static class PlatformDiagnostics
{
    public static readonly DiagnosticDescriptor NoServer = new(
        "OCP5001", DiagnosticSeverity.Error, "No Platform Server configured",
        "No Platform Server is configured: set the property OneClickPublishServer (-p:OneClickPublishServer=http://HOST:PORT) or pass --server",
        "Upload and Publish need the URL of the Platform Server. Set the MSBuild property OneClickPublishServer (for example -p:OneClickPublishServer=http://127.0.0.1:5080) or pass --server to the oneclick tool.");

    public static readonly DiagnosticDescriptor InvalidServerUrl = new(
        "OCP5002", DiagnosticSeverity.Error, "Platform Server URL is not valid",
        "'{0}' is not a valid Platform Server URL",
        "The server URL must be an absolute http:// or https:// URL such as http://127.0.0.1:5080. Correct the MSBuild property OneClickPublishServer or the oneclick option --server.");

    public static readonly DiagnosticDescriptor ApiKeyMissing = new(
        "OCP5003", DiagnosticSeverity.Error, "API key missing",
        "No API key is configured for the Platform Server {0}: set the environment variable ONECLICK_API_KEY (or the property OneClickPublishApiKey, or --api-key)",
        "Every call but the health check needs an API key. Set the environment variable ONECLICK_API_KEY (preferred: it stays out of build logs and command lines), or the MSBuild property OneClickPublishApiKey, or the oneclick option --api-key. A server prints its first key once, when it first starts; `oneclick server keys create` makes more.");

    public static readonly DiagnosticDescriptor ApiKeyRejected = new(
        "OCP5004", DiagnosticSeverity.Error, "API key rejected",
        "The Platform Server {0} rejected the API key (HTTP 401){1}: check ONECLICK_API_KEY (or OneClickPublishApiKey / --api-key) holds a key of this server",
        "The key is unknown to this server or was revoked. Check that ONECLICK_API_KEY (or OneClickPublishApiKey / --api-key) holds a key of this server, and that OneClickPublishServer / --server points at the server the key belongs to. `oneclick server keys list` shows the server's keys; `oneclick server keys create` makes a new one.");

    public static readonly DiagnosticDescriptor ApiKeyForbidden = new(
        "OCP5005", DiagnosticSeverity.Error, "API key lacks permission",
        "The Platform Server {0} refused the API key for this request (HTTP 403){1}: use a key with the 'publish' scope",
        "The key is valid but lacks the scope this request needs: upload, publish and rollback need the 'publish' scope, listings need 'read'. Use a key with the 'publish' scope in ONECLICK_API_KEY (or OneClickPublishApiKey / --api-key); create one with `oneclick server keys create` (with the publish scope).");

    public static readonly DiagnosticDescriptor ServerUnreachable = new(
        "OCP5006", DiagnosticSeverity.Error, "Platform Server unreachable",
        "Cannot connect to the Platform Server at {0}: {1}. Check that the server is running and that OneClickPublishServer (or --server) is its URL",
        "Nothing answered at that URL: the server is not running, the host name does not resolve, the port is wrong, or a firewall is in the way. Start the server (`oneclick server`), or correct OneClickPublishServer / --server. Transient failures are retried OneClickPublishRetries times, OneClickPublishRetryDelay apart.");

    public static readonly DiagnosticDescriptor ServerFault = new(
        "OCP5007", DiagnosticSeverity.Error, "Platform Server error",
        "The Platform Server {0} answered HTTP {1} after {2} attempts: {3}. Check the server's log, then run again (retries: OneClickPublishRetries)",
        "The server failed on its side. The request was retried OneClickPublishRetries times, OneClickPublishRetryDelay apart. Check the server's log, then run again; raise the retry count if the server is restarting.");

    public static readonly DiagnosticDescriptor TimedOut = new(
        "OCP5008", DiagnosticSeverity.Error, "Platform Server request timed out",
        "{0} did not finish within {1}: raise OneClickPublishTimeout (seconds), or check why the server is slow",
        "The upload or the publish took longer than the timeout. Raise the MSBuild property OneClickPublishTimeout (in seconds, for example -p:OneClickPublishTimeout=1800), or check why the server is slow. A publish that timed out on the client may still finish on the server: the extension's versions on the server (`GET /api/v1/extensions/{name}`) show whether it did.");

    public static readonly DiagnosticDescriptor Cancelled = new(
        "OCP5009", DiagnosticSeverity.Error, "Cancelled",
        "{0} was cancelled",
        "The build or the oneclick command was cancelled (for example with Ctrl+C). An interrupted upload is kept by the server for a while; run again to upload and publish.");

    public static readonly DiagnosticDescriptor UnexpectedResponse = new(
        "OCP5010", DiagnosticSeverity.Error, "Unexpected answer from the Platform Server",
        "The Platform Server {0} answered {1} with HTTP {2}{3}",
        "The server answered in a way this client does not expect (no coded error body). Check that OneClickPublishServer / --server points at a OneClickPublish Platform Server of a compatible version, and check the server's log.");

    public static readonly DiagnosticDescriptor FileUnreadable = new(
        "OCP5011", DiagnosticSeverity.Error, "File to upload cannot be read",
        "Cannot upload '{0}': {1}",
        "The file to upload (the .xif written by Save) is missing, empty or unreadable. Run the Save stage again (build with -t:OneClickPublish, or `oneclick publish`), and check the file's permissions.");

    public static readonly DiagnosticDescriptor HashMismatch = new(
        "OCP5012", DiagnosticSeverity.Error, "Upload integrity check failed",
        "The Platform Server {0} rejected the upload of '{1}': the bytes it received do not match the file's SHA-256{2}",
        "The file changed while it was being uploaded, or bytes were corrupted on the way. The server discarded the upload. Make sure nothing rewrites the file during the upload and run again.");

    public static readonly DiagnosticDescriptor UploadTooLarge = new(
        "OCP5013", DiagnosticSeverity.Error, "File too large for the Platform Server",
        "'{0}' is {1} bytes, over the upload limit of the Platform Server {2}{3}",
        "The server refuses uploads over its size limit (Server:MaxUploadBytes in the server's configuration). Ship fewer or smaller files with the extension, or ask the server's administrator to raise the limit.");

    public static readonly DiagnosticDescriptor UploadOffsetConflict = new(
        "OCP5014", DiagnosticSeverity.Error, "Upload cannot resume",
        "The upload of '{0}' to {1} cannot make progress: the server keeps answering that offset {2} is not its offset",
        "The client resumed at the offset the server reported, but the server kept refusing it (with waits in between): another client is writing the same upload, or the server is stuck on an earlier request. Run again; if it persists, check the server's log.");

    public static readonly DiagnosticDescriptor PublishFailedWithoutError = new(
        "OCP5015", DiagnosticSeverity.Error, "Publish failed",
        "The Platform Server {0} reports that the publish of operation {1} failed, without an error line",
        "The server ended the publish as failed but sent no coded error to explain why. Check the server's log for that operation.");

    public static readonly DiagnosticDescriptor InvalidResponse = new(
        "OCP5016", DiagnosticSeverity.Error, "Malformed answer from the Platform Server",
        "The Platform Server {0} answered {1} with a body or headers this client cannot read: {2}",
        "The answer does not follow the protocol (docs/protocol.md): a missing header or malformed JSON. Check that OneClickPublishServer / --server points at a OneClickPublish Platform Server of a compatible version.");

    public static readonly DiagnosticDescriptor ConnectionLost = new(
        "OCP5017", DiagnosticSeverity.Error, "Connection to the Platform Server lost",
        "The connection to the Platform Server {0} was lost {1} times in a row: {2}",
        "The connection kept dropping during the request. The client retried OneClickPublishRetries times, OneClickPublishRetryDelay apart, resuming uploads where the server had left off. Check the network or the server, then run again or raise the retry count.");

    public static readonly DiagnosticDescriptor Retrying = new(
        "OCP5018", DiagnosticSeverity.Warning, "Retrying a request to the Platform Server",
        "Retrying {0} in {1} (attempt {2} of {3}): {4}",
        "A request to the Platform Server failed in a way that may pass (the connection was refused or dropped, or the server answered 5xx), so the client waits and tries again: exponential backoff with jitter, at least the server's Retry-After. Nothing is wrong yet; if every attempt fails, an error follows (OCP5006, OCP5007 or OCP5017). A 4xx answer is never retried. Set the number of retries with OneClickPublishRetries and the first wait with OneClickPublishRetryDelay (seconds); silence the warning with NoWarn=OCP5018.");

    public static readonly DiagnosticDescriptor ServerInformation = new(
        "OCP5020", DiagnosticSeverity.Information, "Information from the Platform Server",
        "{0}",
        "An information line the server sent without a code of its own.");

    public static readonly DiagnosticDescriptor ServerWarning = new(
        "OCP5021", DiagnosticSeverity.Warning, "Warning from the Platform Server",
        "{0}",
        "A warning the server sent without a code of its own. Read its message; check the server's log for more.");

    public static readonly DiagnosticDescriptor ServerError = new(
        "OCP5022", DiagnosticSeverity.Error, "Error from the Platform Server",
        "{0}",
        "An error the server sent without a code of its own. Read its message; check the server's log for more.");

    public static readonly DiagnosticDescriptor TargetFrameworkNotRunnable = new(
        "OCP5023", DiagnosticSeverity.Error, "Server cannot run the project's target frameworks",
        "The Platform Server {0} runs {1}, and none of them can run the project's target framework(s) {2}: target one of the server's frameworks, or publish to a server that runs {2}",
        "Before anything is uploaded the client asks the server which target frameworks it can run (GET /api/v1/server, the server's Server:TargetFrameworks) and refuses when none of the project's frameworks can run there (NuGet's rule: net8.0 runs net6.0 and netstandard2.0 assemblies, net48 runs net472 ones). Nothing was sent. Change TargetFramework (or add one of the server's frameworks to TargetFrameworks), or ask the server's administrator to add the framework to Server:TargetFrameworks if the server can load it.");

    public static readonly DiagnosticDescriptor TargetFrameworksNotChecked = new(
        "OCP5024", DiagnosticSeverity.Information, "Target frameworks not checked",
        "The Platform Server {0} does not list the target frameworks it runs (a server before GET /api/v1/server): the project's {1} were not checked before the upload",
        "Servers from before the list of target frameworks answer 404 to GET /api/v1/server; the client then uploads without the check, as it always did. Shown at low importance (detailed verbosity).");
}
