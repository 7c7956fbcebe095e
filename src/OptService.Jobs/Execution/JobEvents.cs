namespace OptService.Jobs.Execution;

/// <summary>
/// In-process notice that a job reached a terminal state, so that <c>?waitSeconds</c> answers the moment
/// a job finishes in this process; jobs finished by other processes are signalled by <see cref="JobEndListener"/> (shared mode) and <see cref="FinishedJobsWatcher"/>.
/// </summary>
/// <remarks>
/// Every waiting request holds its own <see cref="Subscription"/>; requests waiting on the same job share
/// one completion source, counted, so that one request leaving (timeout, disconnect) never takes the
/// signal away from another that still waits. The entry goes when the job finishes or its last waiter
/// leaves (bounded memory).
/// </remarks>
public sealed class JobEvents
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Entry> _waiters = [];

    internal sealed class Entry
    {
        public TaskCompletionSource Source { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Subscribers { get; set; }
    }

    /// <summary>One request's wait for one job; dispose it when the request stops waiting.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly JobEvents _events;
        private readonly Guid _id;
        private readonly Entry _entry;
        private int _disposed;

        internal Subscription(JobEvents events, Guid id, Entry entry) => (_events, _id, _entry) = (events, id, entry);

        /// <summary>Completes when the job finishes in this process (or a watcher sees it finished elsewhere).</summary>
        public Task Finished => _entry.Source.Task;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _events.Release(_id, _entry);
        }
    }

    /// <summary>Starts waiting for <paramref name="id"/> (read the store after subscribing, so no finish is missed).</summary>
    public Subscription Subscribe(Guid id)
    {
        lock (_gate)
        {
            if (!_waiters.TryGetValue(id, out var entry)) _waiters[id] = entry = new Entry();
            entry.Subscribers++;
            return new Subscription(this, id, entry);
        }
    }

    /// <summary>The jobs someone in this process waits for.</summary>
    public IReadOnlyCollection<Guid> Waited()
    {
        lock (_gate) return [.. _waiters.Keys];
    }

    public void Finished(Guid id)
    {
        Entry? entry;
        lock (_gate)
        {
            if (!_waiters.Remove(id, out entry)) return;
        }
        entry.Source.TrySetResult();
    }

    private void Release(Guid id, Entry entry)
    {
        lock (_gate)
        {
            // A finished job's entry is already gone (and a new wait may have made a fresh one): only the
            // entry this subscription counted in is touched.
            if (--entry.Subscribers == 0 && _waiters.TryGetValue(id, out var current) && current == entry)
                _waiters.Remove(id);
        }
    }
}
