namespace OneClickPublish.Server.Configuration;

/// <summary>
/// How much the server keeps (docs/server.md, "Keeping the disk in bounds"): applied after every
/// publish and by the clean-up every 10 minutes, and by <c>oneclick server gc</c>.
/// </summary>
public sealed record RetentionOptions
{
    /// <summary>The default of <see cref="BlobGracePeriod"/>: far longer than any step of a publish between two uses of a blob.</summary>
    public static readonly TimeSpan DefaultBlobGracePeriod = TimeSpan.FromHours(1);

    /// <summary>Versions kept per extension; 0 keeps all. The active version and the one active before it are always kept.</summary>
    public int KeepVersions { get; init; }

    /// <summary>Finished operations (and their logs) older than this are removed; zero keeps all. Unfinished ones are never removed.</summary>
    public TimeSpan OperationMaxAge { get; init; }

    /// <summary>
    /// A blob that no version references is removed only when it was neither written nor used by a
    /// publish within this time before the collection started (a publish touches every blob it uses).
    /// </summary>
    public TimeSpan BlobGracePeriod { get; init; } = DefaultBlobGracePeriod;
}
