using Microsoft.Extensions.Options;
using OptService.Jobs.Queue;
using OptService.Jobs.Store;

namespace OptService.Jobs.Submission;

/// <summary>Accepts a validated problem: stores it as a queued job (or finds its earlier submission), then queues it for a worker.</summary>
public sealed class JobSubmitter(JobStore store, JobQueue queue, IOptions<JobsOptions> options)
{
    /// <summary>
    /// A created job is durable once this returns. If the queue is briefly unreachable after the insert,
    /// the job is still accepted: the recovery sweep queues it later.
    /// </summary>
    public async Task<Admission> SubmitAsync(NewJob job, CancellationToken ct)
    {
        var admission = await store.AdmitAsync(Guid.CreateVersion7(), job, options.Value.MaxQueueLength, DateTimeOffset.UtcNow, ct);
        if (admission is not Admission.Created { Job: var created }) return admission;
        var queueRef = queue.Enqueue(created.Id);
        // Only the shared mode's sweep needs to know a job reached the queue; the embedded one re-queues all at start-up.
        if (options.Value.UsesPostgres) await store.MarkEnqueuedAsync(created.Id, queueRef, CancellationToken.None);
        return admission;
    }
}
