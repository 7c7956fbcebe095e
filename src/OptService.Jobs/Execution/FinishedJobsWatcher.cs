using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OptService.Jobs.Store;

namespace OptService.Jobs.Execution;

/// <summary>
/// Sees jobs finished by other processes (shared mode) for the requests waiting on them
/// (<c>?waitSeconds</c>): every 100 ms, one query for all jobs being waited on, instead of one query per
/// waiting request. Jobs finished in this process are signalled at once by the executor; this is also
/// the safety net for anything that ends a job without a signal.
/// </summary>
internal sealed partial class FinishedJobsWatcher(JobStore store, JobEvents events, ILogger<FinishedJobsWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var waited = events.Waited();
            if (waited.Count == 0) continue;
            try
            {
                var unfinished = (await store.ListUnfinishedAsync(waited, stoppingToken)).ToHashSet();
                // Finished, or gone (purged): either way the waiting request answers now.
                foreach (var id in waited)
                    if (!unfinished.Contains(id)) events.Finished(id);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The store may be briefly away; waiters keep waiting and the next tick tries again.
                LogPollFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check whether waited-on jobs finished; trying again")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);
}
