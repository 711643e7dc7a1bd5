namespace OneClickPublish.Server.Storage;

/// <summary>
/// Tells the requests of this process that wait on an operation (a long poll, an event stream)
/// that its state or log changed. The metadata store pulses it after each write of an operation
/// has committed, so a waiter that reads afterwards sees the change.
/// </summary>
/// <remarks>
/// In-process only: a write made by another node sharing PostgreSQL does not pulse it, which is
/// why waiters on a shared database also re-read the database at a short interval
/// (<see cref="Publishing.OperationWatcher"/>). A waiter subscribes <em>before</em> it reads, so a
/// change that commits between its read and its wait still wakes it. Entries exist only while
/// someone waits: an operation nobody follows costs nothing.
/// </remarks>
internal sealed class OperationSignal
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Wakes every current subscriber of the operation; later subscribers wait for the next pulse.</summary>
    public void Pulse(string operationId)
    {
        Entry? entry;
        lock (_entries)
        {
            if (!_entries.Remove(operationId, out entry))
            {
                return;
            }
        }

        entry.Changed.TrySetResult();
    }

    /// <summary>A subscription whose <see cref="Subscription.Changed"/> completes at the operation's next pulse; dispose it when done.</summary>
    public Subscription Subscribe(string operationId)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(operationId, out var entry))
            {
                entry = new Entry();
                _entries[operationId] = entry;
            }

            entry.Subscribers++;
            return new Subscription(this, operationId, entry);
        }
    }

    /// <summary>How many operations have a subscriber now (for tests: nothing is left behind).</summary>
    internal int WatchedCount
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    private void Leave(string operationId, Entry entry)
    {
        lock (_entries)
        {
            // A pulsed entry is already gone; a newer one for the same operation is not ours to remove.
            if (--entry.Subscribers == 0 && _entries.TryGetValue(operationId, out var current) && ReferenceEquals(current, entry))
            {
                _entries.Remove(operationId);
            }
        }
    }

    internal sealed class Entry
    {
        // Continuations run elsewhere: a pulse from a publish's write must not run the waiting requests on its thread.
        public TaskCompletionSource Changed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Subscribers { get; set; }
    }

    public sealed class Subscription : IDisposable
    {
        private readonly OperationSignal _signal;
        private readonly string _operationId;
        private Entry? _entry;

        internal Subscription(OperationSignal signal, string operationId, Entry entry)
        {
            _signal = signal;
            _operationId = operationId;
            _entry = entry;
            Changed = _entry.Changed.Task;
        }

        /// <summary>Completes at the first pulse of the operation after the subscription was made.</summary>
        public Task Changed { get; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _entry, null) is { } entry)
            {
                _signal.Leave(_operationId, entry);
            }
        }
    }
}
