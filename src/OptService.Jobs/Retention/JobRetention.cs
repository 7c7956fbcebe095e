using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptService.Jobs.Store;

namespace OptService.Jobs.Retention;

/// <summary>
/// Deletes finished jobs, with their logs and files, once they are older than
/// <see cref="JobsOptions.Retention"/>, and problems whose job was never admitted (a large body is written before its
/// job row, <see cref="Submission.StagedProblem"/>, and a crash in between leaves it behind). Runs at start-up and then
/// every <see cref="JobsOptions.RetentionSweepInterval"/> in every worker process; deleting is idempotent, so several
/// sweeps on one PostgreSQL store only share the work.
/// </summary>
internal sealed partial class JobRetention(JobStore store, IOptions<JobsOptions> options, ILogger<JobRetention> logger) : BackgroundService
{
    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RetentionSweepInterval;
        do
        {
            try
            {
                var cutoff = DateTimeOffset.UtcNow - options.Value.Retention;
                int deleted, total = 0;
                do
                {
                    deleted = await store.DeleteFinishedBeforeAsync(cutoff, Batch, stoppingToken);
                    total += deleted;
                }
                while (deleted == Batch && !stoppingToken.IsCancellationRequested);
                if (total > 0) LogDeleted(logger, total, options.Value.Retention);
                var orphans = await store.DeleteOrphanedProblemsAsync(DateTimeOffset.UtcNow - JobStore.StagedProblemGrace, stoppingToken);
                if (orphans > 0) LogOrphans(logger, orphans);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(logger, exception);
            }
        }
        while (await WaitAsync(interval, stoppingToken));
    }

    private static async Task<bool> WaitAsync(TimeSpan interval, CancellationToken ct)
    {
        try
        {
            await Task.Delay(interval, ct);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Count} jobs that finished more than {Retention} ago")]
    private static partial void LogDeleted(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Count} problems whose job was never admitted (a submission stopped between writing its problem and its job)")]
    private static partial void LogOrphans(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention sweep failed; trying again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
