namespace OneClickPublish.IntegrationStudio;

/// <summary>How <see cref="StudioXifReader"/> reads a file: its caps, and where resource bytes go.</summary>
public sealed record StudioXifReadOptions
{
    public static StudioXifReadOptions Default { get; } = new();

    public StudioXifLimits Limits { get; init; } = StudioXifLimits.Default;

    /// <summary>
    /// Opens the stream a resource's decoded bytes are written to (the reader disposes it); the resource's
    /// path has been checked already. Null keeps the bytes in memory (<see cref="StudioResource.Data"/>).
    /// </summary>
    public Func<StudioResource, Stream>? OpenResourceData { get; init; }
}
