namespace OneClickPublish.Xif;

/// <summary>
/// Caps the reader enforces while it streams an archive, so that a hostile upload cannot exhaust
/// the server's memory or disk. The defaults are generous for real extensions.
/// </summary>
public sealed record XifLimits
{
    public static XifLimits Default { get; } = new();

    /// <summary>Entries in the archive, the manifest included.</summary>
    public int MaxEntryCount { get; init; } = 10_000;

    /// <summary>Uncompressed size of one entry.</summary>
    public long MaxEntrySize { get; init; } = 1L << 30; // 1 GiB

    /// <summary>Uncompressed size of all entries together.</summary>
    public long MaxTotalSize { get; init; } = 4L << 30; // 4 GiB

    /// <summary>Uncompressed size divided by compressed size, for any entry larger than <see cref="RatioCheckThreshold"/>.</summary>
    public double MaxCompressionRatio { get; init; } = 100;

    /// <summary>Entries that expand to less than this are not ratio-checked (a tiny file of spaces compresses a lot, harmlessly).</summary>
    public long RatioCheckThreshold { get; init; } = 1L << 20; // 1 MiB

    /// <summary>manifest.json and extension.xml are read into memory, so they have their own, smaller cap.</summary>
    public long MaxManifestSize { get; init; } = 16L << 20; // 16 MiB

    public long MaxDefinitionSize { get; init; } = 64L << 20; // 64 MiB
}
