using System.Collections.Concurrent;

namespace OptService.Jobs.Execution;

/// <summary>
/// In-process notice that a job reached a terminal state, so that <c>?waitSeconds</c> answers the moment
/// a job finishes in this process; jobs finished by other processes are signalled by <see cref="FinishedJobsWatcher"/>.
/// </summary>
public sealed class JobEvents
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiters = new();

    /// <summary>A task that completes when <paramref name="id"/> finishes in this process (check the store after subscribing).</summary>
    public Task WhenFinished(Guid id) =>
        _waiters.GetOrAdd(id, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>The jobs someone in this process waits for.</summary>
    public IReadOnlyCollection<Guid> Waited() => _waiters.Keys.ToList();

    public void Finished(Guid id)
    {
        if (_waiters.TryRemove(id, out var waiter)) waiter.TrySetResult();
    }

    /// <summary>Drops the waiter of a job nobody waits for any more (bounded memory).</summary>
    public void Forget(Guid id, Task waiter)
    {
        if (_waiters.TryGetValue(id, out var source) && source.Task == waiter && !waiter.IsCompleted)
            _waiters.TryRemove(new KeyValuePair<Guid, TaskCompletionSource>(id, source));
    }
}
