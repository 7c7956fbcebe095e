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

    /// <summary>Jobs this process queued again as stranded, and when: each at most once per <see cref="StrandedAfter"/>.</summary>
    private readonly Dictionary<Guid, DateTimeOffset> _requeued = [];

    /// <summary>How many of the oldest queued jobs one sweep may queue again: bounds the duplicates a real backlog gets.</summary>
    private const int StrandedBatch = 32;

    /// <summary>
    /// A job queued this long (two leases) whose entry the queue holds may be stranded: an entry kept
    /// invisible by a keep-alive while no worker runs it was seen to leave a job queued for over ten minutes
    /// with both workers idle. In a real backlog the oldest jobs wait this long too; they get at most one
    /// duplicate entry per interval, which the atomic claim makes harmless (the second start finds the job taken).
    /// </summary>
    private TimeSpan StrandedAfter => 2 * _options.Lease;

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
        return ids.Count + (afterRestart || !_options.UsesPostgres ? 0 : await EnqueueStrandedAsync(ct));
    }

    /// <summary>Shared mode: queues the oldest long-queued jobs again (see <see cref="StrandedAfter"/>).</summary>
    private async Task<int> EnqueueStrandedAsync(CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, at) in _requeued.ToList())
            if (now - at >= StrandedAfter) _requeued.Remove(id);
        var count = 0;
        foreach (var id in await store.ListLongQueuedAsync(now - StrandedAfter, StrandedBatch, ct))
        {
            if (_requeued.ContainsKey(id)) continue;
            await store.MarkEnqueuedAsync(id, queue.Enqueue(id), ct);
            _requeued[id] = now;
            count++;
        }
        if (count > 0) LogStranded(logger, count, StrandedAfter.TotalSeconds);
        return count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} jobs again that were still queued after {Seconds} s (a stranded queue entry, or a backlog)")]
    private static partial void LogStranded(ILogger logger, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Start-up recovery: {Requeued} unfinished jobs queued again ({Released} were running when the previous process stopped)")]
    private static partial void LogRecovered(ILogger logger, int requeued, int released);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery sweep queued {Count} jobs whose worker stopped")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery sweep failed; trying again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
