namespace OneClickPublish.IntegrationStudio;

/// <summary>
/// Caps the Integration Studio .xif reader enforces while it inflates and parses, so that a hostile
/// file cannot exhaust memory, disk or stack. The defaults are far above the largest real files.
/// </summary>
public sealed record StudioXifLimits
{
    public static StudioXifLimits Default { get; } = new();

    /// <summary>The compressed file itself (the largest real one is about 4 MB).</summary>
    public long MaxFileSize { get; init; } = 256L << 20;

    /// <summary>Inflated XML; inflation stops at this many bytes, it does not run to the end first (the largest real file holds 12.7 MB).</summary>
    public long MaxInflatedSize { get; init; } = 512L << 20;

    /// <summary>Element nesting, the root being depth 1 (real files reach 8).</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Attributes of one element (Extension has about 20 in real files).</summary>
    public int MaxAttributes { get; init; } = 64;
}
