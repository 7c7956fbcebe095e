using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptService.Jobs.Queue;
using OptService.Jobs.Store;

namespace OptService.Jobs.Submission;

/// <summary>Accepts a validated problem: stores it as a queued job (or finds its earlier submission), then queues it for a worker.</summary>
public sealed partial class JobSubmitter(JobStore store, JobQueue queue, ParsedProblems parsed, IOptions<JobsOptions> options, ILogger<JobSubmitter> logger,
    UnfetchedEntries? unfetched = null)
{
    /// <summary>
    /// A created job is durable once this returns. If the queue is briefly unreachable after the insert,
    /// the job is still accepted: the recovery sweep queues it later.
    /// </summary>
    public async Task<Admission> SubmitAsync(NewJob job, CancellationToken ct)
    {
        var admission = await store.AdmitAsync(Guid.CreateVersion7(), job, options.Value.MaxQueueLength, DateTimeOffset.UtcNow, ct);
        if (admission is not Admission.Created { Job: var created } createdAdmission) return admission;
        // Before the job is queued, so that this process's worker finds it.
        if (job.Parsed is not null) parsed.Keep(created.Id, job.Parsed, job.Utf8Problem.Length);
        // The embedded queue lives in memory and re-queues everything at start-up; only the shared mode's
        // sweep needs to know that a job reached the queue.
        if (!options.Value.UsesPostgres)
        {
            queue.Enqueue(created.Id, created.Priority);
            return admission;
        }
        try
        {
            if (await WakeUpsSufficeAsync(createdAdmission, CancellationToken.None)) return admission;
            await store.MarkEnqueuedAsync(created.Id, queue.Enqueue(created.Id, created.Priority), CancellationToken.None);
        }
        catch (DbException exception)
        {
            // The database went away between the insert and here (a restart): the job is stored, so it is
            // accepted, and the sweep queues stored jobs that never reached the queue. A 503 would tell
            // the client that nothing was created.
            LogNotQueued(logger, exception, created.Id);
        }
        return admission;
    }

    /// <summary>
    /// Shared mode: a queue entry is a wake-up for a worker slot, and Hangfire's processing of one costs some
    /// thirty round trips, whether its slot then runs a job or finds the job already run by a draining slot.
    /// A new job needs no entry of its own when, after its commit, at least as many entries wait unfetched as
    /// jobs are queued (it included): each waiting entry means all slots are busy (an idle one fetches at once)
    /// and will wake a slot that drains the queued jobs, this one among them, as soon as one frees; and there
    /// are enough of them for every queued job to get a slot of its own. Under load this batches many jobs per
    /// entry. Such a job keeps no queue reference, so the sweep gives it an entry after a lease if still queued.
    /// </summary>
    private async Task<bool> WakeUpsSufficeAsync(Admission.Created admission, CancellationToken ct) =>
        unfetched is not null && admission.QueuedBefore is > 0 and var before && await unfetched.AtLeastAsync(before + 1, ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} is stored but could not be queued now; the recovery sweep will queue it")]
    private static partial void LogNotQueued(ILogger logger, Exception exception, Guid jobId);
}
