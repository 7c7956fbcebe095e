using System.Data.Common;
using OptService.Jobs.Kinds;
using OptService.Jobs.Queue;
using OptService.Jobs.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OptService.Jobs.Submission;

/// <summary>Accepts a validated problem: stores it as a queued job, then queues it for a worker.</summary>
public sealed partial class JobSubmitter(JobStore store, JobQueue queue, IOptions<JobsOptions> options, ILogger<JobSubmitter> logger)
{
    /// <summary>
    /// The job is durable once this returns. If the queue is briefly unreachable after the insert, the
    /// job is still accepted: the recovery sweep queues it later.
    /// </summary>
    public async Task<JobRecord> SubmitAsync(IProblemKind kind, byte[] utf8Problem, CancellationToken ct)
    {
        var job = await store.CreateAsync(Guid.CreateVersion7(), kind.Name, utf8Problem, DateTimeOffset.UtcNow, ct);
        // The embedded queue lives in memory and re-queues everything at start-up; only the shared mode's
        // sweep needs to know that a job reached the queue.
        if (!options.Value.UsesPostgres)
        {
            queue.Enqueue(job.Id);
            return job;
        }
        try
        {
            await store.MarkEnqueuedAsync(job.Id, queue.Enqueue(job.Id), CancellationToken.None);
        }
        catch (DbException exception)
        {
            // The database went away between the insert and here (a restart): the job is stored, so it is
            // accepted, and the sweep queues stored jobs that never reached the queue. A 503 would tell
            // the client that nothing was created.
            LogNotQueued(logger, exception, job.Id);
        }
        return job;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} is stored but could not be queued now; the recovery sweep will queue it")]
    private static partial void LogNotQueued(ILogger logger, Exception exception, Guid jobId);
}
