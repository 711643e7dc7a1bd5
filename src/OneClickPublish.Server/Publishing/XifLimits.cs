namespace OneClickPublish.Server.Publishing;

/// <summary>Caps applied to every XIF before any of its bytes are trusted (zip bombs, floods of entries).</summary>
public sealed record XifLimits
{
    public int MaxEntries { get; init; } = 10_000;

    public long MaxEntryBytes { get; init; } = 1L << 30;

    public long MaxTotalBytes { get; init; } = 4L << 30;

    /// <summary>Uncompressed size over compressed size, per entry.</summary>
    public int MaxCompressionRatio { get; init; } = 200;
}
