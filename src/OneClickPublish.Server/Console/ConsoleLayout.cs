using System.Text;
using Microsoft.AspNetCore.Http;
using OneClickPublish.Server.Security;

namespace OneClickPublish.Server.Console;

/// <summary>
/// The frame of every console page: the head (stylesheet, the session's anti-forgery token for the
/// page's script), the navigation the key's scope allows, and the page's own scripts, all from the
/// server's assembly (<see cref="ConsoleAssets"/>). No inline script or style: the Content-Security-Policy forbids them.
/// </summary>
internal static class ConsoleLayout
{
    /// <summary>Sent with every console response: scripts and styles only from the server itself, never inline.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>
    /// The prefix the console's links start with: what a trusted proxy forwarded (X-Forwarded-Prefix), else none.
    /// Kestrel's PathBase is never null, only empty.
    /// </summary>
    public static string Root(HttpContext context) => context.Request.PathBase.HasValue ? context.Request.PathBase.Value! : string.Empty;

    /// <summary>A whole page; <paramref name="section"/> names the navigation entry to mark as current.</summary>
    public static IResult Page(HttpContext context, ConsoleSession? session, string title, string section, Action<Html> body, params string[] scripts) =>
        Page(context, session, title, section, StatusCodes.Status200OK, body, scripts);

    public static IResult Page(HttpContext context, ConsoleSession? session, string title, string section, int status, Action<Html> body, params string[] scripts)
    {
        var root = Root(context);
        var html = new Html();
        html.Open("!DOCTYPE html").Open("html", ("lang", "en")).Open("head")
            .Void("meta", ("charset", "utf-8"))
            .Void("meta", ("name", "viewport"), ("content", "width=device-width, initial-scale=1"))
            .Void("meta", ("name", "ocp-root"), ("content", root));
        if (session is not null)
        {
            html.Void("meta", ("name", "ocp-csrf"), ("content", session.Csrf));
        }

        html.Element("title", $"{title} · OneClickPublish").Void("link", ("rel", "stylesheet"), ("href", ConsoleAssets.Url(root, "console.css")));
        foreach (var script in scripts.Prepend("console.js"))
        {
            html.Open("script", ("src", ConsoleAssets.Url(root, script)), ("defer", string.Empty)).Close("script");
        }

        html.Close("head").Open("body");
        html.Link("#main", "Skip to content", ("class", "skip"));
        Header(html, root, session, section);
        html.Open("main", ("id", "main"), ("tabindex", "-1")).Element("h1", title);
        body(html);
        html.Close("main").Close("body").Close("html");

        var bytes = Encoding.UTF8.GetBytes(html.ToString());
        context.Response.Headers.CacheControl = "no-store";
        return Results.Bytes(bytes, "text/html; charset=utf-8").WithStatus(status);
    }

    private static void Header(Html html, string root, ConsoleSession? session, string section)
    {
        html.Open("header", ("class", "top")).Link(root + "/console/", "OneClickPublish", ("class", "brand"));
        if (session is not null)
        {
            html.Open("nav", ("aria-label", "Console")).Open("ul");
            NavItem(html, root + "/console/", "Extensions", section == "extensions");
            if (session.Key.Scope >= ApiKeyScope.Publish)
            {
                NavItem(html, root + "/console/publish", "Publish", section == "publish");
            }

            if (session.Key.Scope >= ApiKeyScope.Admin)
            {
                NavItem(html, root + "/console/keys", "Keys", section == "keys");
            }

            NavItem(html, root + "/console/server", "Server", section == "server");
            html.Close("ul").Close("nav");
            html.Open("form", ("method", "post"), ("action", root + "/console/signout"), ("class", "signout"))
                .Void("input", ("type", "hidden"), ("name", ConsoleSessions.CsrfField), ("value", session.Csrf))
                .Open("span", ("class", "who")).Text("Key ").Element("strong", session.Key.Name, ("id", "signed-in-key"))
                .Text($" ({ApiKeyStore.ScopeName(session.Key.Scope)})").Close("span")
                .Element("button", "Sign out", ("type", "submit"))
                .Close("form");
        }

        html.Close("header");
    }

    private static void NavItem(Html html, string href, string text, bool current) =>
        html.Open("li").Link(href, text, ("aria-current", current ? "page" : null)).Close("li");

    /// <summary>A short coded message box: errors look like errors, with the code linked to its help page.</summary>
    public static void Message(Html html, string root, string kind, string? code, string text)
    {
        html.Open("p", ("class", "msg " + kind), ("role", kind == "error" ? "alert" : "status"));
        if (code is not null)
        {
            html.Link(ConsoleHelp.PageFor(root, code), code, ("class", "code")).Text(" ");
        }

        html.Text(text).Close("p");
    }
}

/// <summary>Status for a bytes result, which has no status of its own.</summary>
internal static class ResultStatusExtensions
{
    public static IResult WithStatus(this IResult result, int status) =>
        status == StatusCodes.Status200OK ? result : new StatusResult(result, status);

    private sealed class StatusResult(IResult inner, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
