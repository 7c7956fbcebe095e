using OptService.Jobs.Kinds;
using OptService.Jobs.Queue;
using OptService.Jobs.Store;
using Microsoft.Extensions.Options;

namespace OptService.Jobs.Submission;

/// <summary>Accepts a validated problem: stores it as a queued job, then queues it for a worker.</summary>
public sealed class JobSubmitter(JobStore store, JobQueue queue, IOptions<JobsOptions> options)
{
    /// <summary>
    /// The job is durable once this returns. If the queue is briefly unreachable after the insert, the
    /// job is still accepted: the recovery sweep queues it later.
    /// </summary>
    public async Task<JobRecord> SubmitAsync(IProblemKind kind, byte[] utf8Problem, CancellationToken ct)
    {
        var job = await store.CreateAsync(Guid.CreateVersion7(), kind.Name, utf8Problem, DateTimeOffset.UtcNow, ct);
        var queueRef = queue.Enqueue(job.Id);
        // Only the shared mode's sweep needs to know a job reached the queue; the embedded one re-queues all at start-up.
        if (options.Value.UsesPostgres) await store.MarkEnqueuedAsync(job.Id, queueRef, CancellationToken.None);
        return job;
    }
}
