namespace OneClickPublish.Server.Configuration;

/// <summary>
/// Retention, declared and checked now so that configurations can carry it; not applied yet (issue 9,
/// point 6: retention, delete and GC come with it).
/// </summary>
public sealed record RetentionOptions
{
    /// <summary>Versions kept per extension; 0 keeps all. The active version and the one before it are always kept.</summary>
    public int KeepVersions { get; init; }

    /// <summary>Finished operations older than this are removed; zero keeps all.</summary>
    public TimeSpan OperationMaxAge { get; init; }
}
