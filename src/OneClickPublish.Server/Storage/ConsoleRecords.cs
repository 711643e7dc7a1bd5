namespace OneClickPublish.Server.Storage;

/// <summary>
/// A web console session as stored: the SHA-256 of the cookie's value (the value itself is only in the
/// browser), the id of the key it was opened with (never the key), and the anti-forgery token of its pages.
/// </summary>
internal sealed record ConsoleSessionRecord(string IdHash, string KeyId, string Csrf, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>A server node and when it last said it was alive (at start, then every minute).</summary>
internal sealed record NodeRecord(string Name, string Version, DateTimeOffset StartedAt, DateTimeOffset SeenAt);

/// <summary>One row of the console's extensions page: read in one query, whatever the number of extensions.</summary>
internal sealed record ExtensionOverview(
    string NameKey,
    string Name,
    string? ActiveVersion,
    DateTimeOffset? LastPublishedAt,
    string? LastPublishedBy,
    string? LastOperationId,
    string? LastOperationState,
    string? LastOperationVersion);

/// <summary>A version without its definition, with the count and total size of its files.</summary>
internal sealed record VersionOverview(string Version, string Sha256, DateTimeOffset PublishedAt, string PublishedBy, int FileCount, long TotalBytes);
