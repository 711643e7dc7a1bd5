namespace OneClickPublish.Diagnostics;

/// <summary>
/// Errors of the Platform Server's web console (OCP5350–5399): its sessions, anti-forgery tokens and
/// what it reads for a person that the API did not offer before.
/// </summary>
public static class ConsoleDiagnostics
{
    public static readonly DiagnosticDescriptor AntiforgeryTokenInvalid = new(
        "OCP5350", DiagnosticSeverity.Error, "Anti-forgery token missing or wrong",
        "The request changes something with the console's session but without its anti-forgery token",
        "A request made with the web console's session cookie that changes something must carry the token of the session's pages (the X-CSRF-Token header, or the form's _csrf field): it proves that the request comes from the console's own page, not from another site. Reload the console's page and try again; a script uses an API key instead of the cookie.");

    public static readonly DiagnosticDescriptor SessionExpired = new(
        "OCP5351", DiagnosticSeverity.Error, "Console session ended",
        "The web console's session has expired, was signed out, or its key was revoked",
        "Sign in to the console again with an API key. A session lasts Server:Console:SessionLifetime (default 8 hours) and ends at once when its key is revoked.");

    public static readonly DiagnosticDescriptor XifNotKept = new(
        "OCP5352", DiagnosticSeverity.Error, "XIF not kept",
        "The XIF file of version {1} of '{0}' was not kept by the server",
        "Servers keep the XIF file of each version they publish since the web console came; a version published before has only its deployed files. Download the XIF from where it was built, or publish a new version.");

    public static readonly DiagnosticDescriptor SignInKeyInvalid = new(
        "OCP5353", DiagnosticSeverity.Error, "Sign-in refused",
        "The API key is unknown or has been revoked; the console was not signed in",
        "Paste the whole key (it starts with ocp_) of a key that is not revoked. An administrator lists the keys in the console's Keys page or with 'oneclick server keys list'; a lost key cannot be shown again, create a new one.");
}
