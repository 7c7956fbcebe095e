using Microsoft.Extensions.Options;
using OptService.Jobs.Queue;
using OptService.Jobs.Store;

namespace OptService.Jobs.Submission;

/// <summary>Accepts a validated problem: stores it as a queued job (or finds its earlier submission), then queues it for a worker.</summary>
public sealed class JobSubmitter(JobStore store, JobQueue queue, ParsedProblems parsed, IOptions<JobsOptions> options, QueueWakeUps? wakeUps = null)
{
    /// <summary>
    /// A created job is durable once this returns. In shared mode its queue entry is written after the answer
    /// (<see cref="QueueWakeUps"/>); if that fails, the job is still accepted: the recovery sweep queues it later.
    /// </summary>
    public async Task<Admission> SubmitAsync(NewJob job, CancellationToken ct)
    {
        var admission = await store.AdmitAsync(Guid.CreateVersion7(), job, options.Value.MaxQueueLength, DateTimeOffset.UtcNow, ct);
        if (admission is not Admission.Created { Job: var created } createdAdmission) return admission;
        // Before the job is queued, so that this process's worker finds it.
        if (job.Parsed is not null) parsed.Keep(created.Id, job.Parsed, job.Utf8Problem.Length);
        // The embedded queue lives in memory (an entry costs well under a millisecond) and re-queues everything at
        // start-up; only the shared mode's sweep needs to know that a job reached the queue.
        if (wakeUps is null || !options.Value.UsesPostgres) queue.Enqueue(created.Id, created.Priority);
        else wakeUps.Post(created.Id, created.Priority, createdAdmission.QueuedBefore);
        return admission;
    }
}
