using System.Data.Common;
using System.Runtime.ExceptionServices;
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
    /// <summary>
    /// The Hangfire queues, in the order a server fetches from them: one per <see cref="JobPriority"/>, then
    /// <c>default</c> (entries written before priorities existed).
    /// </summary>
    public static string[] QueueNames { get; } = [.. Enum.GetValues<JobPriority>().Select(p => p.ToWireName()), "default"];

    /// <summary>
    /// Queues a wake-up for a worker slot in the queue of <paramref name="priority"/>; returns Hangfire's id for
    /// the entry. Which job the slot then runs is the store's decision (see <see cref="JobExecutor.RunAsync"/>).
    /// When the queue's database is unreachable it throws that database's own <see cref="DbException"/>
    /// (Hangfire wraps it), like the store does.
    /// </summary>
    public string Enqueue(Guid jobId, JobPriority priority = JobPriority.Normal)
    {
        try
        {
            return client.Create(Hangfire.Common.Job.FromExpression<JobQueue>(queue => queue.Execute(jobId, CancellationToken.None)),
                new Hangfire.States.EnqueuedState(priority.ToWireName()));
        }
        catch (BackgroundJobClientException exception) when (DatabaseCause(exception) is { } cause)
        {
            ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }

    /// <summary>The database exception under Hangfire's wrappers (Hangfire.PostgreSql adds a TransactionAbortedException), or null.</summary>
    private static DbException? DatabaseCause(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
            if (inner is DbException cause) return cause;
        return null;
    }

    /// <summary>
    /// Hangfire's entry point. A solver failure never reaches Hangfire (the executor records it as the
    /// job's state) and a dying worker is covered by the store's lease and the recovery sweep, which cap
    /// attempts at <see cref="JobsOptions.MaxAttempts"/>. What does reach Hangfire is a failure around
    /// the solve, typically the database going away while Hangfire reads the entry's parameters before
    /// the executor runs. The store still says "queued" and the sweep trusts the queue entry, so the
    /// entry must not be dropped: it is retried, without limit, after a pause (picked up by the
    /// scheduler, which polls every <see cref="JobsOptions.RecoveryInterval"/>).
    /// </summary>
    [AutomaticRetry(Attempts = int.MaxValue, DelaysInSeconds = [1], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [JobDisplayName("solve {0}")]
    public Task Execute(Guid jobId, CancellationToken cancellationToken) => executor.RunAsync(jobId, cancellationToken);
}
