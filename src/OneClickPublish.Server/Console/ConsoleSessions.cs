using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using OneClickPublish.Server.Security;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Console;

/// <summary>A signed-in console session: its stored row and the key it acts with (looked up again on every request).</summary>
internal sealed record ConsoleSession(ConsoleSessionRecord Record, ApiKeyInfo Key)
{
    public string Csrf => Record.Csrf;
}

/// <summary>
/// The web console's sign-in: an API key is exchanged once for a random session id, sent back as an
/// HttpOnly, SameSite=Strict cookie (Secure over https). The metadata database keeps the SHA-256 of
/// that id, the key's id (never the key) and the session's anti-forgery token, so every node sharing
/// the database knows the session and a revoked key ends its sessions at once.
/// </summary>
internal sealed class ConsoleSessions(IMetadataStore store, ApiKeyStore keys, TimeSpan lifetime, TimeProvider clock)
{
    public const string CookieName = "ocp_session";

    /// <summary>The header a console page's script sends its anti-forgery token in.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>The form field a console page's form sends it in.</summary>
    public const string CsrfField = "_csrf";

    /// <summary>Opens a session for <paramref name="key"/> and sets its cookie on the response.</summary>
    public async Task<ConsoleSession> OpenAsync(HttpContext context, ApiKeyInfo key)
    {
        var now = clock.GetUtcNow();
        // Sessions that ended are removed as new ones open: no timer needed, and the table stays small.
        await store.DeleteExpiredSessionsAsync(now, context.RequestAborted).ConfigureAwait(false);
        var id = Token();
        var record = new ConsoleSessionRecord(Hash(id), key.Id, Token(), now, now + lifetime);
        await store.InsertSessionAsync(record, context.RequestAborted).ConfigureAwait(false);
        context.Response.Cookies.Append(CookieName, id, CookieOptions(context, record.ExpiresAt));
        return new ConsoleSession(record, key);
    }

    /// <summary>The request's session when its cookie names one that has not expired and whose key is not revoked; else null.</summary>
    public async Task<ConsoleSession?> ResolveAsync(HttpContext context)
    {
        ConsoleSession? session = null;
        if (context.Request.Cookies.TryGetValue(CookieName, out var id) && id is { Length: > 0 and <= 100 })
        {
            var record = await store.FindSessionAsync(Hash(id), context.RequestAborted).ConfigureAwait(false);
            if (record is not null && record.ExpiresAt > clock.GetUtcNow()
                && await keys.GetActiveAsync(record.KeyId, context.RequestAborted).ConfigureAwait(false) is { } key)
            {
                session = new ConsoleSession(record, key);
            }
        }

        return session;
    }

    /// <summary>Whether the request has a session cookie at all (an ended session is told apart from no session).</summary>
    public static bool HasCookie(HttpContext context) => context.Request.Cookies.ContainsKey(CookieName);

    /// <summary>Ends the request's session: its row is deleted and the cookie cleared.</summary>
    public async Task CloseAsync(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(CookieName, out var id) && id is { Length: > 0 and <= 100 })
        {
            await store.DeleteSessionAsync(Hash(id), context.RequestAborted).ConfigureAwait(false);
        }

        context.Response.Cookies.Delete(CookieName, CookieOptions(context, null));
    }

    /// <summary>Constant-time comparison of the token a request presents with the session's.</summary>
    public static bool TokenMatches(string expected, string? presented) =>
        presented is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented));

    /// <summary>
    /// Path: the server's root under any prefix a trusted proxy forwarded, so that the console's pages and
    /// the API both receive it; Secure whenever the browser reached the server over https.
    /// </summary>
    public static CookieOptions CookieOptions(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = context.Request.PathBase.HasValue ? context.Request.PathBase.Value + "/" : "/",
        Expires = expires,
        IsEssential = true,
    };

    /// <summary>32 random bytes as base64url: the session id and the anti-forgery token.</summary>
    public static string Token() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
