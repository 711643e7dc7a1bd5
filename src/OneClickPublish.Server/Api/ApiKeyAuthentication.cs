using System.Text;
using Microsoft.AspNetCore.Http;
using OneClickPublish.Diagnostics;
using OneClickPublish.Server.Feed;
using OneClickPublish.Server.Security;

namespace OneClickPublish.Server.Api;

/// <summary>Endpoint metadata: the scope a key needs for the endpoint.</summary>
internal sealed record RequiredScope(ApiKeyScope Scope);

/// <summary>
/// Every request but <c>/health</c>, <c>/health/*</c> and <c>/openapi/v1.json</c> must carry a Bearer key that is known, not revoked and has the
/// endpoint's scope: 401 without or with a bad key, 403 with a key of too low a scope. The NuGet feed
/// (<c>/nuget/v3/…</c>) also takes the key as the password of HTTP Basic (the user name is ignored), which is
/// how NuGet sends a source's credentials, and challenges with Basic, without which NuGet sends none; where
/// anonymous reads are allowed, a feed request without credentials goes on as anonymous.
/// </summary>
internal static class ApiKeyAuthentication
{
    private const string Bearer = "Bearer ";
    private const string Basic = "Basic ";
    private const string FeedChallenge = "Basic realm=\"OneClickPublish feed\", charset=\"UTF-8\"";

    public static async Task InvokeAsync(HttpContext context, Func<Task> next, ApiKeyStore keys, FeedAccess feed)
    {
        // Probes and the contract are anonymous: a load balancer and a code generator have no key.
        if (context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || context.Request.Path.Equals(ServerOpenApi.DocumentPath, StringComparison.OrdinalIgnoreCase))
        {
            await next().ConfigureAwait(false);
            return;
        }

        var isFeed = FeedEndpoints.IsFeedPath(context.Request.Path);
        var header = context.Request.Headers.Authorization.ToString();
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

        var key = presented.Length == 0 ? null : await keys.AuthenticateAsync(presented, context.RequestAborted).ConfigureAwait(false);
        if (key is null)
        {
            await RejectAsync(context, isFeed, StatusCodes.Status401Unauthorized, ServerDiagnostics.ApiKeyInvalid).ConfigureAwait(false);
            return;
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
