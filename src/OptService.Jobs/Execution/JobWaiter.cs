using OptService.Jobs.Store;

namespace OptService.Jobs.Execution;

/// <summary>Holds a request until a job reaches a terminal state or time runs out (<c>?waitSeconds</c>).</summary>
public sealed class JobWaiter(JobStore store, JobEvents events)
{
    // Jobs finished in this process are seen at once through JobEvents; others (another worker) by polling.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public async Task<JobRecord?> WaitAsync(Guid id, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var finished = events.WhenFinished(id);
        try
        {
            while (true)
            {
                var job = await store.GetAsync(id, ct);
                var left = deadline - DateTimeOffset.UtcNow;
                if (job is null || job.Status.IsTerminal() || left <= TimeSpan.Zero) return job;
                await Task.WhenAny(finished, Task.Delay(left < PollInterval ? left : PollInterval, ct));
                ct.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            events.Forget(id, finished);
        }
    }
}
