namespace OneClickPublish.Server.Configuration;

/// <summary>The NuGet feed of published extensions (docs/feed.md).</summary>
public sealed record FeedOptions
{
    /// <summary>Lets a request without a key read the feed (every extension). Default false: a key with the read scope is needed.</summary>
    public bool AllowAnonymousRead { get; init; }

    /// <summary>
    /// The server's address as consumers reach it (e.g. <c>https://packages.example.com/</c> behind a reverse proxy
    /// that ends TLS): the feed's documents name their URLs under it. Null: the address each request came to.
    /// </summary>
    public Uri? PublicUrl { get; init; }
}
