using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Server.Console;

/// <summary>
/// Sign in with an API key, sign out. The key travels once, in the body of a form POST; it is never in a
/// URL, a page, the log or the browser's storage. The sign-in form has no session yet, so its
/// anti-forgery token is a double submit: a random value in a short-lived SameSite=Strict cookie and
/// in the form, which must match.
/// </summary>
internal sealed class SignInPages(ConsoleContext console)
{
    private const string FormCookie = "ocp_signin";
    private const string KeyField = "key";

    public async Task<IResult> FormAsync(HttpContext context, string? returnUrl, string? ended)
    {
        if (await console.Sessions.ResolveAsync(context).ConfigureAwait(false) is not null)
        {
            return Results.Redirect(Back(context, returnUrl));
        }

        return Form(context, returnUrl, ended == "1" ? ("information", ConsoleDiagnostics.SessionExpired) : null, StatusCodes.Status200OK);
    }

    public async Task<IResult> SignInAsync(HttpContext context)
    {
        var form = await ReadFormAsync(context).ConfigureAwait(false);
        var returnUrl = form?[ "returnUrl"].ToString();
        if (form is null || !context.Request.Cookies.TryGetValue(FormCookie, out var expected) || expected is null
            || !ConsoleSessions.TokenMatches(expected, form[ConsoleSessions.CsrfField].ToString()))
        {
            return Form(context, returnUrl, ("error", ConsoleDiagnostics.AntiforgeryTokenInvalid), StatusCodes.Status403Forbidden);
        }

        var key = await console.Keys.AuthenticateAsync(form[KeyField].ToString().Trim(), context.RequestAborted).ConfigureAwait(false);
        if (key is null)
        {
            console.Logger.LogInformation("Console sign-in refused: unknown or revoked key");
            return Form(context, returnUrl, ("error", ConsoleDiagnostics.SignInKeyInvalid), StatusCodes.Status401Unauthorized);
        }

        await console.Sessions.OpenAsync(context, key).ConfigureAwait(false);
        context.Response.Cookies.Delete(FormCookie, ConsoleSessions.CookieOptions(context, null));
        console.Logger.LogInformation("Console sign-in with key {Key} ({Id})", key.Name, key.Id);
        return Results.Redirect(Back(context, returnUrl));
    }

    public async Task<IResult> SignOutAsync(HttpContext context)
    {
        var session = await console.Sessions.ResolveAsync(context).ConfigureAwait(false);
        var form = await ReadFormAsync(context).ConfigureAwait(false);
        if (session is not null && (form is null || !ConsoleSessions.TokenMatches(session.Csrf, form[ConsoleSessions.CsrfField].ToString())))
        {
            return ConsoleEndpoints.ErrorPage(context, session, StatusCodes.Status403Forbidden, ConsoleDiagnostics.AntiforgeryTokenInvalid);
        }

        await console.Sessions.CloseAsync(context).ConfigureAwait(false);
        if (session is not null)
        {
            console.Logger.LogInformation("Console sign-out of key {Key}", session.Key.Name);
        }

        return Results.Redirect($"{context.Request.PathBase}{ConsoleEndpoints.Prefix}/signin");
    }

    private IResult Form(HttpContext context, string? returnUrl, (string Kind, DiagnosticDescriptor Descriptor)? message, int status)
    {
        var root = ConsoleLayout.Root(context);
        var token = ConsoleSessions.Token();
        var options = ConsoleSessions.CookieOptions(context, DateTimeOffset.UtcNow.AddHours(1));
        context.Response.Cookies.Append(FormCookie, token, options);
        return ConsoleLayout.Page(context, null, "Sign in", string.Empty, status, html =>
        {
            if (message is { } m)
            {
                ConsoleLayout.Message(html, root, m.Kind, m.Descriptor.Code, Diagnostic.Create(m.Descriptor, SourceLocation.None).Message);
            }

            html.Open("form", ("method", "post"), ("action", root + ConsoleEndpoints.Prefix + "/signin"), ("class", "card signin"), ("autocomplete", "off"))
                .Void("input", ("type", "hidden"), ("name", ConsoleSessions.CsrfField), ("value", token))
                .Void("input", ("type", "hidden"), ("name", "returnUrl"), ("value", IsLocal(returnUrl) ? returnUrl : null))
                .Element("label", "API key", ("for", "key"))
                .Void("input", ("type", "password"), ("id", "key"), ("name", KeyField), ("required", string.Empty), ("autocomplete", "off"),
                    ("spellcheck", "false"), ("aria-describedby", "key-help"), ("autofocus", string.Empty))
                .Element("p", "Your key is exchanged for a session cookie; it is not kept in the browser. What the console offers follows the key's scope and extensions.",
                    ("id", "key-help"), ("class", "hint"))
                .Element("button", "Sign in", ("type", "submit"))
                .Close("form");
        });
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            return null;
        }

        try
        {
            return await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return null; // a form over the limits
        }
    }

    /// <summary>Only a path of the console itself: never another site (an open redirect) or a path of the API.</summary>
    private static bool IsLocal(string? url) =>
        url is { Length: > 0 and < 2000 } && url.StartsWith(ConsoleEndpoints.Prefix + "/", StringComparison.Ordinal) && !url.Contains("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal);

    private static string Back(HttpContext context, string? returnUrl) =>
        context.Request.PathBase + (IsLocal(returnUrl) ? returnUrl! : ConsoleEndpoints.Prefix + "/");
}
