using Hangfire;
using OptService.Jobs.Execution;

namespace OptService.Jobs.Queue;

/// <summary>
/// The only code that talks to Hangfire at run time. Queue entries carry the job id, never the problem:
/// the problem, status and result live in the <see cref="Store.JobStore"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is the job queue.")]
public sealed class JobQueue(IBackgroundJobClient client, JobExecutor executor)
{
    /// <summary>Queues a job for execution; returns Hangfire's id for the entry.</summary>
    public string Enqueue(Guid jobId) => client.Enqueue<JobQueue>(queue => queue.Execute(jobId, CancellationToken.None));

    /// <summary>
    /// Hangfire's entry point. No Hangfire retries: a solver failure is recorded as the job's state by the
    /// executor, and a dying worker is covered by the store's lease and the recovery sweep, which cap
    /// attempts at <see cref="JobsOptions.MaxAttempts"/>.
    /// </summary>
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [JobDisplayName("solve {0}")]
    public Task Execute(Guid jobId, CancellationToken cancellationToken) => executor.RunAsync(jobId, cancellationToken);
}
