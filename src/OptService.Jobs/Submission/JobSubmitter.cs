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
    /// <param name="job">What to admit.</param>
    /// <param name="ct">Cancels the store's calls.</param>
    /// <param name="staged">
    /// The problem written ahead (<see cref="StageAsync"/>), or null: used, with its id, when it holds exactly
    /// <see cref="NewJob.Utf8Problem"/>; else the problem is written with the job as usual (and the staged row deleted
    /// when the caller disposes it).
    /// </param>
    public async Task<Admission> SubmitAsync(NewJob job, CancellationToken ct, StagedProblem? staged = null)
    {
        var id = Guid.CreateVersion7();
        if (staged is not null && await staged.HoldsAsync(job.Utf8Problem))
            (id, job) = (staged.JobId, job with { ProblemStaged = true });
        var admission = await store.AdmitAsync(id, job, options.Value.MaxQueueLength, DateTimeOffset.UtcNow, ct);
        if (admission is not Admission.Created { Job: var created } createdAdmission) return admission;
        if (job.ProblemStaged) staged!.Adopt();
        // Before the job is queued, so that this process's worker finds it.
        if (job.Parsed is not null) parsed.Keep(created.Id, job.Parsed, job.Utf8Problem.Length);
        // The embedded queue lives in memory (an entry costs well under a millisecond) and re-queues everything at
        // start-up; only the shared mode's sweep needs to know that a job reached the queue.
        if (wakeUps is null || !options.Value.UsesPostgres) queue.Enqueue(created.Id, created.Priority);
        else wakeUps.Post(created.Id, created.Priority, createdAdmission.QueuedBefore);
        return admission;
    }

    /// <summary>
    /// Starts writing <paramref name="utf8Problem"/> (a large body, exactly as it will be stored) to the store for a job
    /// not admitted yet, while the caller parses it; hand the result to <see cref="SubmitAsync"/> and dispose it after.
    /// Null when the body's Idempotency-Key is already taken: that submission is answered by the earlier job.
    /// </summary>
    public async Task<StagedProblem?> StageAsync(byte[] utf8Problem, string client, string? idempotencyKey, CancellationToken ct) =>
        idempotencyKey is not null && await store.IsKeyUsedAsync(client, idempotencyKey, ct) ? null : new StagedProblem(store, utf8Problem);
}
