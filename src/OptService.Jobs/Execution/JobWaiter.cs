using OptService.Jobs.Store;

namespace OptService.Jobs.Execution;

/// <summary>Holds a request until a job reaches a terminal state or time runs out (<c>?waitSeconds</c>).</summary>
/// <remarks>
/// Reads the job twice: now, and when it finished or time ran out. A job finished in this process is
/// signalled at once through <see cref="JobEvents"/>; one finished by another process as soon as its commit is
/// announced (<see cref="JobEndListener"/>), else by the polling of <see cref="FinishedJobsWatcher"/>.
/// </remarks>
public sealed class JobWaiter(JobStore store, JobEvents events)
{
    public async Task<JobRecord?> WaitAsync(Guid id, TimeSpan timeout, CancellationToken ct)
    {
        // Subscribe before reading, so that a finish between the read and the wait is not missed.
        using var subscription = events.Subscribe(id);
        var job = await store.GetAsync(id, ct);
        if (job is null || job.Status.IsTerminal() || timeout <= TimeSpan.Zero) return job;
        return await WaitAsync(subscription, id, timeout, ct);
    }

    /// <summary>
    /// For a caller that subscribed (<see cref="JobEvents.Subscribe"/>), then read the job itself and found it
    /// unfinished: waits for its end or the timeout, then reads it once (a wait is two reads, not three).
    /// </summary>
    public async Task<JobRecord?> WaitAsync(JobEvents.Subscription subscription, Guid id, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await subscription.Finished.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            // time is up: answer with the job as it is now
        }
        return await store.GetAsync(id, ct);
    }
}
