using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OneClickPublish.Diagnostics;

namespace OneClickPublish.Server.Console;

/// <summary>
/// The web console: HTML pages under <c>/console</c>, rendered by the server from the same stores as
/// the API. The pages only read; what a person changes (rollback, publish, keys) the page's script asks
/// the API for, with the session cookie and the anti-forgery token (<see cref="Api.ApiKeyAuthentication"/>),
/// so the console has no way around the API's rules. Not part of the API's contract (no OpenAPI entry).
/// </summary>
internal sealed class ConsoleEndpoints(ConsoleContext console)
{
    public const string Prefix = "/console";

    /// <summary>The console's pages, assets and help, and the server's root, which sends a browser to them.</summary>
    public static bool IsConsolePath(PathString path) =>
        path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase) || path.Value is null or "" or "/" or "/favicon.ico";

    public void Map(WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (IsConsolePath(context.Request.Path))
            {
                ConsoleLayout.AddSecurityHeaders(context.Response);
            }

            return next(context);
        });

        app.MapGet("/", (HttpContext c) => Results.Redirect($"{c.Request.PathBase}{Prefix}/")).ExcludeFromDescription();
        // Browsers ask for it on every site; the console has none, and the answer should not be a 401.
        app.MapGet("/favicon.ico", () => Results.NoContent()).ExcludeFromDescription();
        var group = app.MapGroup(Prefix).ExcludeFromDescription();
        group.MapGet("/assets/{name}", ConsoleAssets.Serve);
        group.MapGet("/help/{code}", HelpAsync);

        var signIn = new SignInPages(console);
        group.MapGet("/signin", signIn.FormAsync);
        group.MapPost("/signin", (Func<HttpContext, Task<IResult>>)signIn.SignInAsync);
        group.MapPost("/signout", (Func<HttpContext, Task<IResult>>)signIn.SignOutAsync);

        var extensions = new ExtensionPages(console);
        group.MapGet("/", extensions.ListAsync);
        group.MapGet("/extensions/{name}", extensions.DetailAsync);
        group.MapGet("/extensions/{name}/versions/{version}", new VersionPages(console).DefinitionAsync);
        group.MapGet("/extensions/{name}/compare", new ComparePages(console).CompareAsync);
        group.MapGet("/operations/{operationId}", new OperationPages(console).OperationAsync);
        group.MapGet("/publish", (Func<HttpContext, Task<IResult>>)new PublishPages(console).PublishAsync);
        group.MapGet("/keys", (Func<HttpContext, Task<IResult>>)new KeyPages(console).KeysAsync);
        group.MapGet("/server", (Func<HttpContext, Task<IResult>>)new ServerPages(console).ServerAsync);
    }

    /// <summary>
    /// The request's session, or the redirect to the sign-in page (back here afterwards). A session that
    /// ended is said so on the sign-in page.
    /// </summary>
    public static async Task<(ConsoleSession? Session, IResult? SignIn)> RequireAsync(ConsoleContext console, HttpContext context)
    {
        var session = await console.Sessions.ResolveAsync(context).ConfigureAwait(false);
        if (session is not null)
        {
            return (session, null);
        }

        var back = context.Request.Path + context.Request.QueryString;
        var ended = ConsoleSessions.HasCookie(context) ? "&ended=1" : string.Empty;
        return (null, Results.Redirect($"{context.Request.PathBase}{Prefix}/signin?returnUrl={Uri.EscapeDataString(back)}{ended}"));
    }

    /// <summary>A page that says what went wrong, with the code the API answers with in the same case.</summary>
    public static IResult ErrorPage(HttpContext context, ConsoleSession? session, int status, Diagnostic error)
    {
        var root = ConsoleLayout.Root(context);
        return ConsoleLayout.Page(context, session, error.Descriptor.Title, string.Empty, status, html =>
        {
            ConsoleLayout.Message(html, root, "error", error.Code, error.Message);
            html.Open("p").Link(root + Prefix + "/", "Back to the extensions").Close("p");
        });
    }

    public static IResult ErrorPage(HttpContext context, ConsoleSession? session, int status, DiagnosticDescriptor descriptor, params object?[] args) =>
        ErrorPage(context, session, status, Diagnostic.Create(descriptor, SourceLocation.None, args));

    private async Task<IResult> HelpAsync(HttpContext context, string code)
    {
        var session = await console.Sessions.ResolveAsync(context).ConfigureAwait(false);
        // A page for each code of ours (docs/diagnostics/, embedded), and only for those.
        var descriptor = ConsoleHelp.IsCode(code) ? ConsoleHelp.Descriptor(code) : null;
        var markdown = descriptor is null ? null : ConsoleHelp.Markdown(code);
        if (markdown is null)
        {
            return ErrorPage(context, session, StatusCodes.Status404NotFound, ServerDiagnostics.UnknownEndpoint, context.Request.Method, context.Request.Path.ToString());
        }

        return ConsoleLayout.Page(context, session, $"{code}: {descriptor!.Title}", string.Empty, html =>
        {
            html.Open("article", ("class", "help"));
            // The page's own first heading repeats the title above.
            ConsoleHelp.Render(html, string.Join('\n', markdown.Split('\n').SkipWhile(static l => !l.StartsWith("# ", StringComparison.Ordinal)).Skip(1)));
            html.Close("article");
        });
    }
}
