using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptService.Jobs.Queue;
using OptService.Jobs.Store;

namespace OptService.Jobs.Recovery;

/// <summary>
/// Makes sure no accepted job is lost. At start-up of the embedded mode every unfinished job is queued
/// again (the in-memory queue died with the previous process). Then, in every mode, a periodic sweep
/// queues jobs whose worker died (lease expired) and, in shared mode, jobs that were stored but never
/// reached the queue. Duplicate queue entries are harmless: claiming a job is atomic.
/// </summary>
internal sealed partial class JobRecovery(JobStore store, JobQueue queue, IOptions<JobsOptions> options, ILogger<JobRecovery> logger)
    : BackgroundService
{
    private readonly JobsOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.UsesPostgres)
        {
            var released = await store.ReleaseAllRunningAsync(DateTimeOffset.UtcNow, _options.MaxAttempts, stoppingToken);
            var requeued = await EnqueueAsync(afterRestart: true, stoppingToken);
            LogRecovered(logger, requeued, released);
        }
        using var timer = new PeriodicTimer(_options.RecoveryInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var count = await EnqueueAsync(afterRestart: false, stoppingToken);
                if (count > 0) LogSwept(logger, count);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(logger, exception);
            }
        }
    }

    private async Task<int> EnqueueAsync(bool afterRestart, CancellationToken ct)
    {
        // A job stored but not queued for as long as a lease was lost by its API process (it died, or the
        // database went away between insert and enqueue): the same silence after which a worker counts as dead.
        var ids = await store.ListOrphanedAsync(DateTimeOffset.UtcNow, afterRestart, unqueuedAfter: _options.UsesPostgres ? _options.Lease : null, ct);
        foreach (var id in ids)
        {
            var queueRef = queue.Enqueue(id);
            if (_options.UsesPostgres) await store.MarkEnqueuedAsync(id, queueRef, ct);
        }
        return ids.Count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up recovery: {Requeued} unfinished jobs queued again ({Released} were running when the previous process stopped)")]
    private static partial void LogRecovered(ILogger logger, int requeued, int released);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery sweep queued {Count} jobs whose worker stopped")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery sweep failed; trying again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
