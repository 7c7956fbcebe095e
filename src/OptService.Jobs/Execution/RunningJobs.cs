using System.Collections.Concurrent;

namespace OptService.Jobs.Execution;

/// <summary>Cancellation handles of the jobs this process is solving: a cancel request served by this
/// process reaches its solve at once instead of at the next heartbeat.</summary>
public sealed class RunningJobs
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    internal void Add(Guid id, CancellationTokenSource cancellation) => _running[id] = cancellation;

    internal void Remove(Guid id) => _running.TryRemove(id, out _);

    /// <summary>Cancels the job if it runs in this process; returns whether it did.</summary>
    public bool TryCancel(Guid id)
    {
        if (!_running.TryGetValue(id, out var cancellation)) return false;
        try
        {
            cancellation.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false; // finished in the meantime
        }
    }
}
