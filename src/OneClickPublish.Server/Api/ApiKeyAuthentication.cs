using System.Text;
using Microsoft.AspNetCore.Http;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Console;
using OneClickPublish.Server.Feed;
using OneClickPublish.Server.Security;

namespace OneClickPublish.Server.Api;

/// <summary>Endpoint metadata: the scope a key needs for the endpoint.</summary>
internal sealed record RequiredScope(ApiKeyScope Scope);

/// <summary>
/// Every request but <c>/health</c>, <c>/health/*</c>, <c>/openapi/v1.json</c> and the console's own pages must carry a
/// Bearer key that is known, not revoked and has the endpoint's scope: 401 without or with a bad key, 403 with a key of
/// too low a scope. The NuGet feed (<c>/nuget/v3/…</c>) also takes the key as the password of HTTP Basic (the user name
/// is ignored), which is how NuGet sends a source's credentials, and challenges with Basic, without which NuGet sends
/// none; where anonymous reads are allowed, a feed request without credentials goes on as anonymous. Without an
/// Authorization header, the web console's session cookie stands for the key it was opened with, under the same scope
/// and grants; a request that changes something with it must also carry the session's anti-forgery token (403 OCP5350).
/// </summary>
internal static class ApiKeyAuthentication
{
    private const string Bearer = "Bearer ";
    private const string Basic = "Basic ";
    private const string FeedChallenge = "Basic realm=\"OneClickPublish feed\", charset=\"UTF-8\"";

    public static async Task InvokeAsync(HttpContext context, Func<Task> next, ApiKeyStore keys, FeedAccess feed, ConsoleSessions sessions)
    {
        // Probes and the contract are anonymous: a load balancer and a code generator have no key. The
        // console's pages check their session themselves (a page without one sends the browser to sign in).
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || path.Equals(ServerOpenApi.DocumentPath, StringComparison.OrdinalIgnoreCase)
            || ConsoleEndpoints.IsConsolePath(path))
        {
            await next().ConfigureAwait(false);
            return;
        }

        var isFeed = FeedEndpoints.IsFeedPath(context.Request.Path);
        var header = context.Request.Headers.Authorization.ToString();
        ApiKeyInfo? key;
        if (header.Length == 0 && ConsoleSessions.HasCookie(context))
        {
            key = await SessionKeyAsync(context, sessions).ConfigureAwait(false);
            if (key is null)
            {
                return;
            }
        }
        else
        {
            if (header.Length == 0 && isFeed && feed.AllowsAnonymousRead)
            {
                await next().ConfigureAwait(false);
                return;
            }

            var presented = PresentedKey(header, acceptBasic: isFeed);
            if (presented is null)
            {
                await RejectAsync(context, isFeed, StatusCodes.Status401Unauthorized, ServerDiagnostics.ApiKeyMissing).ConfigureAwait(false);
                return;
            }

            key = presented.Length == 0 ? null : await keys.AuthenticateAsync(presented, context.RequestAborted).ConfigureAwait(false);
            if (key is null)
            {
                await RejectAsync(context, isFeed, StatusCodes.Status401Unauthorized, ServerDiagnostics.ApiKeyInvalid).ConfigureAwait(false);
                return;
            }
        }

        var required = context.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope ?? ApiKeyScope.Read;
        if (key.Scope < required)
        {
            await RejectAsync(context, isFeed, StatusCodes.Status403Forbidden,
                ServerDiagnostics.ApiKeyScopeTooLow, key.Name, ApiKeyStore.ScopeName(key.Scope), ApiKeyStore.ScopeName(required)).ConfigureAwait(false);
            return;
        }

        context.Items[typeof(ApiKeyInfo)] = key;
        await next().ConfigureAwait(false);
    }

    /// <summary>
    /// The key of the request's console session, or null once the refusal is written: 401 OCP5351 when
    /// the session ended, 403 OCP5350 when a request that changes something lacks the session's token.
    /// </summary>
    private static async Task<ApiKeyInfo?> SessionKeyAsync(HttpContext context, ConsoleSessions sessions)
    {
        var session = await sessions.ResolveAsync(context).ConfigureAwait(false);
        if (session is null)
        {
            await RejectAsync(context, isFeed: false, StatusCodes.Status401Unauthorized, ConsoleDiagnostics.SessionExpired).ConfigureAwait(false);
            return null;
        }

        var method = context.Request.Method;
        var changes = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        if (changes && !ConsoleSessions.TokenMatches(session.Csrf, context.Request.Headers[ConsoleSessions.CsrfHeader].ToString()))
        {
            await RejectAsync(context, isFeed: false, StatusCodes.Status403Forbidden, ConsoleDiagnostics.AntiforgeryTokenInvalid).ConfigureAwait(false);
            return null;
        }

        return session.Key;
    }

    /// <summary>The key the request was made with (every endpoint under /api/v1 has one).</summary>
    public static ApiKeyInfo Caller(this HttpContext context) =>
        context.Items.TryGetValue(typeof(ApiKeyInfo), out var key) && key is ApiKeyInfo info
            ? info
            : throw new InvalidOperationException("The request was not authenticated.");

    /// <summary>
    /// The key of a Bearer header, or of a Basic one's password when <paramref name="acceptBasic"/>; null when
    /// the request carries none, empty when it carries credentials that cannot be read (not Base64, no colon).
    /// </summary>
    internal static string? PresentedKey(string header, bool acceptBasic)
    {
        if (header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && header.Length > Bearer.Length)
        {
            return header[Bearer.Length..].Trim();
        }

        if (!acceptBasic || !header.StartsWith(Basic, StringComparison.OrdinalIgnoreCase) || header.Length == Basic.Length)
        {
            return null;
        }

        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(header[Basic.Length..].Trim()));
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? string.Empty : credentials[(colon + 1)..];
        }
        catch (FormatException)
        {
            return string.Empty;
        }
    }

    /// <summary>The name of the key the request was made with: what history shows as "by".</summary>
    public static string CallerName(this HttpContext context) =>
        context.Items.TryGetValue(typeof(ApiKeyInfo), out var key) && key is ApiKeyInfo info ? info.Name : "unknown";

    /// <summary>
    /// The 403 (OCP5242) for a request about an extension the caller's key is not granted, or null
    /// when it is: the check of every endpoint that names an extension, before anything is read or changed.
    /// </summary>
    public static IResult? RefuseUnlessGranted(this HttpContext context, string extensionName)
    {
        var caller = context.Caller();
        return ApiKeyGrant.Allows(caller, extensionName)
            ? null
            : Problems.Result(StatusCodes.Status403Forbidden, ServerDiagnostics.ExtensionNotGranted, caller.Name, extensionName, ApiKeyGrant.Describe(caller.Extensions));
    }


    private static Task RejectAsync(HttpContext context, bool isFeed, int status, DiagnosticDescriptor error, params object?[] args)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            // NuGet answers a Basic challenge with the source's credentials, and sends none without one.
            context.Response.Headers.WWWAuthenticate = isFeed ? FeedChallenge : "Bearer";
        }

        return Problems.WriteAsync(context, status, error, args);
    }
}
