using System.Diagnostics;
using OneClickPublish.Server.Storage;

namespace OneClickPublish.Server.Publishing;

/// <summary>An operation as read once: its record, and its log lines after the sequence asked for.</summary>
internal sealed record OperationSnapshot(OperationRecord Operation, IReadOnlyList<LogLineRecord> Log)
{
    public bool IsFinished => OperationStates.IsFinished(Operation.State);
}

/// <summary>
/// Reads an operation and its log after a sequence number, waiting up to a given time for
/// something to report: the long poll (<c>?wait=</c>) and the event stream of docs/protocol.md.
/// It answers as soon as a line after that sequence exists or the operation is finished (a
/// finished operation answers at once), else when the wait is over, or when the server stops.
/// </summary>
/// <remarks>
/// Woken by <see cref="IMetadataStore.OperationChanged"/>, which only the writes of this process
/// pulse. With a shared PostgreSQL database the operation may be running on another node, so the
/// watcher also reads the database again every <see cref="SharedDatabaseRecheck"/> while it waits.
/// That was chosen over PostgreSQL LISTEN/NOTIFY: one dedicated connection per node, its reconnects,
/// and a re-read anyway for what was missed while it was down, for a gain of at most a quarter of a
/// second on a publish that another node runs; the price is two small indexed queries per waiting
/// request every 250 ms. With SQLite (one node) every write is this process's, and no re-read is needed.
/// </remarks>
internal sealed class OperationWatcher(IMetadataStore store, TimeSpan? recheckInterval, CancellationToken stopping)
{
    /// <summary>The longest <c>?wait=</c> accepted, in seconds: under the idle timeouts of common proxies (60 s and more).</summary>
    public const int MaxWaitSeconds = 60;

    /// <summary>How often a waiter re-reads a shared (PostgreSQL) database, for the writes of other nodes.</summary>
    public static readonly TimeSpan SharedDatabaseRecheck = TimeSpan.FromMilliseconds(250);

    /// <summary>True once the server is stopping: waits end at once, so that a stop is not held up by the requests that wait.</summary>
    public bool IsStopping => stopping.IsCancellationRequested;

    /// <summary>
    /// The operation and its lines after <paramref name="after"/>, once there is a line, the operation
    /// is finished, <paramref name="wait"/> has passed or the server stops; null for an unknown operation.
    /// </summary>
    public async Task<OperationSnapshot?> ReadAsync(string operationId, long after, TimeSpan wait, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var stoppingOrGone = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        while (true)
        {
            // Subscribed before the read: a line committed between the read and the wait still wakes this request.
            using var changed = wait > TimeSpan.Zero ? store.OperationChanged.Subscribe(operationId) : null;

            // State first, then the log: when the state read says finished, every line is already there.
            var operation = await store.GetOperationAsync(operationId, ct).ConfigureAwait(false);
            if (operation is null)
            {
                return null;
            }

            var snapshot = new OperationSnapshot(operation, await store.GetLogAsync(operationId, after, ct).ConfigureAwait(false));
            var left = wait - Stopwatch.GetElapsedTime(started);
            if (changed is null || snapshot.Log.Count > 0 || snapshot.IsFinished || left <= TimeSpan.Zero || IsStopping)
            {
                return snapshot;
            }

            var nap = recheckInterval is { } recheck && recheck < left ? recheck : left;
            try
            {
                await changed.Changed.WaitAsync(nap, stoppingOrGone.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Read again: the wait is over, or another node may have written.
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // The server stops: the next read answers with what there is.
            }
        }
    }
}
