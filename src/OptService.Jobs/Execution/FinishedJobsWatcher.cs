using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptService.Jobs.Store;

namespace OptService.Jobs.Execution;

/// <summary>
/// The fallback that sees jobs finished by other processes for the requests waiting on them
/// (<c>?waitSeconds</c>): one query for all jobs being waited on, instead of one query per waiting request.
/// Jobs finished in this process are signalled at once by the executor, and in shared mode those finished
/// elsewhere by <see cref="JobEndListener"/> (PostgreSQL NOTIFY). This polls every 100 ms while there is no
/// listener or it is reconnecting, and every <see cref="JobsOptions.WaitFallbackPollInterval"/> (1 s) while it listens: the safety net for a notice lost
/// in a reconnect and for anything that ends a job without one.
/// </summary>
internal sealed partial class FinishedJobsWatcher(
    JobStore store, JobEvents events, IOptions<JobsOptions> options, ILogger<FinishedJobsWatcher> logger, JobEndListener? listener = null)
    : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        var lastPoll = DateTime.UtcNow;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (listener is { Listening: true } && DateTime.UtcNow - lastPoll < options.Value.WaitFallbackPollInterval) continue;
            lastPoll = DateTime.UtcNow;
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
