using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OneClickPublish.Server.Configuration;
using OneClickPublish.Server.Publishing;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Retention;

/// <summary>
/// Keeps the data folder in bounds: the retention of versions, the removal of old operations, and the
/// mark and sweep of blobs (<see cref="BlobSweeper"/>). The server runs it every 10 minutes;
/// <c>oneclick server gc</c> runs it on demand through <see cref="RunAsync"/>, also while the server runs.
/// </summary>
public sealed class GarbageCollector
{
    private readonly PlatformServerOptions _options;
    private readonly IMetadataStore _store;
    private readonly BlobStore _blobs;
    private readonly VersionRetention _retention;
    private readonly ILogger _logger;

    internal GarbageCollector(PlatformServerOptions options, IMetadataStore store, BlobStore blobs, VersionRetention retention, ILogger logger)
    {
        _options = options;
        _store = store;
        _blobs = blobs;
        _retention = retention;
        _logger = logger;
    }

    internal Func<SweepCheckpoint, CancellationToken, Task>? Checkpoint { get; init; }

    /// <summary>
    /// One collection on the data of <paramref name="options"/> (its folder, and PostgreSQL when they
    /// name one), beside a server that may be running on it; with <paramref name="dryRun"/> nothing changes.
    /// </summary>
    public static async Task<GarbageCollectionReport> RunAsync(PlatformServerOptions options, bool dryRun, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        PlatformServerOptionsValidator.ThrowIfInvalid(options);
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        var store = MetadataStoreFactory.Create(dataDirectory, ServerConfiguration.ConnectionStringOf(options));
        try
        {
            await store.InitializeAsync(ct).ConfigureAwait(false);
            return await Create(options, store, dataDirectory, NullLogger.Instance).CollectAsync(dryRun, ct).ConfigureAwait(false);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    internal static GarbageCollector Create(PlatformServerOptions options, IMetadataStore store, string dataDirectory, ILogger logger, Func<SweepCheckpoint, CancellationToken, Task>? checkpoint = null)
    {
        var deployments = new DeploymentStore(Path.Combine(dataDirectory, "deployments"));
        var retention = new VersionRetention(store, deployments, options.Retention, logger);
        return new GarbageCollector(options, store, new BlobStore(Path.Combine(dataDirectory, "blobs")), retention, logger) { Checkpoint = checkpoint };
    }

    internal async Task<GarbageCollectionReport> CollectAsync(bool dryRun, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var versions = await _retention.ApplyAllAsync(dryRun, ct).ConfigureAwait(false);

        var operations = 0;
        if (_options.Retention.OperationMaxAge > TimeSpan.Zero)
        {
            operations = await _store.DeleteFinishedOperationsAsync(Before(started, _options.Retention.OperationMaxAge), dryRun, ct).ConfigureAwait(false);
        }

        if (!dryRun)
        {
            // Pins of publishes that were killed: what they held goes back to the store before the sweep judges it.
            var released = await _blobs.ReleaseStalePinsAsync(async token =>
            {
                var unfinished = (await _store.GetUnfinishedOperationsAsync(token).ConfigureAwait(false)).Select(static o => o.Id).ToHashSet(StringComparer.Ordinal);
                return unfinished.Contains;
            }, ct).ConfigureAwait(false);
            if (released > 0)
            {
                _logger.LogInformation("Released the pins of {Count} publish(es) that ended without releasing them", released);
            }
        }

        // The blobs of versions a dry run would delete count as unreferenced, so that it shows what a real run frees.
        var excluding = dryRun ? versions.Select(static v => (v.Extension.NameKey, v.Version.Version)).ToHashSet() : null;
        var sweeper = new BlobSweeper(_blobs, _store) { Checkpoint = Checkpoint };
        var blobs = await sweeper.SweepAsync(Before(started, _options.Retention.BlobGracePeriod), dryRun, excluding, ct).ConfigureAwait(false);

        var report = new GarbageCollectionReport(
            dryRun,
            [.. versions.Select(static v => new RemovedVersion(v.Extension.Name, v.Version.Version, v.Version.PublishedAt))],
            operations,
            blobs.Scanned,
            blobs.Removed,
            blobs.RemovedBytes,
            clock.Elapsed);
        if (!dryRun && (report.Versions.Count > 0 || operations > 0 || blobs.Removed > 0))
        {
            _logger.LogInformation("Clean-up removed {Versions} version(s), {Operations} operation(s) and {Blobs} blob(s) ({Bytes} bytes) in {Ms} ms",
                report.Versions.Count, operations, blobs.Removed, blobs.RemovedBytes, (long)clock.Elapsed.TotalMilliseconds);
        }

        return report;
    }

    /// <summary>The time <paramref name="age"/> before <paramref name="time"/>, or the earliest time for an age longer than the calendar.</summary>
    private static DateTimeOffset Before(DateTimeOffset time, TimeSpan age) =>
        age >= time - DateTimeOffset.MinValue ? DateTimeOffset.MinValue : time - age;
}
