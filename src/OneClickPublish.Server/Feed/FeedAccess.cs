using Microsoft.AspNetCore.Http;
using OneClickPublish.Server.Security;

namespace OneClickPublish.Server.Feed;

/// <summary>Who asks the feed: a key (by Basic or Bearer), or nobody where the server allows anonymous reads.</summary>
internal sealed record FeedCaller(ApiKeyInfo? Key)
{
    public static FeedCaller Anonymous { get; } = new((ApiKeyInfo?)null);

    public bool IsAnonymous => Key is null;

    /// <summary>The caller the key check left on the request (<see cref="Api.ApiKeyAuthentication"/>).</summary>
    public static FeedCaller Of(HttpContext context) =>
        context.Items.TryGetValue(typeof(ApiKeyInfo), out var key) && key is ApiKeyInfo info ? new FeedCaller(info) : Anonymous;
}

/// <summary>
/// The one place that decides whether a caller may see an extension in the feed: the service index, the
/// versions, the package, the registration and each search result all ask <see cref="CanReadAsync"/>, and
/// an extension a caller may not read is answered as one that does not exist (404, OCP5300), so that the
/// feed does not tell which names exist. A key needs the read scope and a grant of the extension
/// (<see cref="ApiKeyGrant"/>, the same rule as the API's); an anonymous caller may read every extension, and
/// only where <c>Server:Feed:AllowAnonymousRead</c> is set.
/// </summary>
internal sealed class FeedAccess(bool allowAnonymousRead)
{
    public bool AllowsAnonymousRead => allowAnonymousRead;

    public ValueTask<bool> CanReadAsync(FeedCaller caller, string extensionName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentException.ThrowIfNullOrEmpty(extensionName);
        ct.ThrowIfCancellationRequested();
        return ValueTask.FromResult(caller.Key is { } key ? key.Scope >= ApiKeyScope.Read && ApiKeyGrant.Allows(key, extensionName) : allowAnonymousRead);
    }
}
