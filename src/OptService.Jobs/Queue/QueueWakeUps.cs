using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OptService.Jobs.Store;

namespace OptService.Jobs.Queue;

/// <summary>
/// Shared mode: writes the queue entries (worker wake-ups) of newly admitted jobs after their submission was answered,
/// one after another on one loop. A submission is durable once its admission commits; the entry only wakes a worker
/// slot, so the <c>202</c> need not wait for it. Hangfire's client is synchronous: written inside the request, each
/// entry held a thread-pool thread for its round trips, and a burst of submissions starved the pool; and at one job at a
/// time the entry and the note of it were a third of the submission's time. If the process dies before an entry is
/// written, its job has no queue reference and the recovery sweep queues it after a lease, as for an API process that
/// died between the admission and the enqueue. Entries still pending when the process stops are written first.
/// </summary>
public sealed partial class QueueWakeUps(JobQueue queue, JobStore store, UnfetchedEntries unfetched, ILogger<QueueWakeUps> logger) : BackgroundService
{
    private readonly Channel<WakeUp> _pending = Channel.CreateUnbounded<WakeUp>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// A job to wake a slot for: <paramref name="queuedBefore"/> other jobs were queued at its admission (null: not counted).
    /// Posted after the loop stopped (a request answered while the process shuts down), it gets no entry here; the
    /// recovery sweep queues it after a lease, as any stored job without a queue reference.
    /// </summary>
    public void Post(Guid jobId, JobPriority priority, long? queuedBefore) => _pending.Writer.TryWrite(new WakeUp(jobId, priority, queuedBefore));

    // Not stopped by the token: at shutdown the writer is completed (StopAsync) and what is pending is still written.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => WriteAllAsync();

    private async Task WriteAllAsync()
    {
        await foreach (var wakeUp in _pending.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (await WakeUpsSufficeAsync(wakeUp)) continue;
                await store.MarkEnqueuedAsync(wakeUp.JobId, queue.Enqueue(wakeUp.JobId, wakeUp.Priority), CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database went away after the admission (a restart): the job is stored and answered 202, and the
                // sweep queues stored jobs that never reached the queue. The loop goes on with the next job.
                LogNotQueued(logger, exception, wakeUp.JobId);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        // A stop right after the start can cancel the loop before it ever ran (the host starts ExecuteAsync as a task
        // bound to the stopping token): then nothing read the pending wake-ups, and they are written here. Only once the
        // loop has ended, so that the channel keeps a single reader.
        if (ExecuteTask is null or { IsCompleted: true })
            await WriteAllAsync();
    }

    /// <summary>
    /// A queue entry is a wake-up for a worker slot, and Hangfire's processing of one costs some thirty round trips,
    /// whether its slot then runs a job or finds the job already run by a draining slot. A new job needs no entry of its
    /// own when, after its commit, at least as many entries wait unfetched as jobs are queued (it included): each waiting
    /// entry means all slots are busy (an idle one fetches at once) and will wake a slot that drains the queued jobs, this
    /// one among them, as soon as one frees; and there are enough of them for every queued job to get a slot of its own.
    /// Under load this batches many jobs per entry. Such a job keeps no queue reference, so the sweep gives it an entry
    /// after a lease if still queued.
    /// </summary>
    private async Task<bool> WakeUpsSufficeAsync(WakeUp wakeUp) =>
        wakeUp.QueuedBefore is > 0 and var before && await unfetched.AtLeastAsync(before + 1, CancellationToken.None);

    private sealed record WakeUp(Guid JobId, JobPriority Priority, long? QueuedBefore);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} is stored but could not be queued now; the recovery sweep will queue it")]
    private static partial void LogNotQueued(ILogger logger, Exception exception, Guid jobId);
}
