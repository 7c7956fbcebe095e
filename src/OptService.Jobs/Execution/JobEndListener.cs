using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using OptService.Jobs.Store;

namespace OptService.Jobs.Execution;

/// <summary>
/// Shared mode: hears job ends from every process the moment they commit (PostgreSQL LISTEN on
/// <see cref="SqlDialect.JobEndChannel"/>, announced by a trigger on the job row) and wakes the requests
/// waiting on them (<c>?waitSeconds</c>). One connection per process, outside the store's pool, opened
/// again after any failure; while it is down, <see cref="FinishedJobsWatcher"/> polls at its fast rate.
/// </summary>
internal sealed partial class JobEndListener(IOptions<JobsOptions> options, JobEvents events, ILogger<JobEndListener> logger) : BackgroundService
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(5);

    private volatile bool _listening;

    /// <summary>Whether notifications arrive now; a notice missed while this was false is the watcher's to find.</summary>
    public bool Listening => _listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(options.Value.PostgresConnectionString)
        {
            // A database that went away without closing the socket (a host or network failure) is noticed
            // within this, not at the next TCP timeout; the watcher's polling covers the gap.
            KeepAlive = 10,
            Pooling = false,
            ApplicationName = "optservice-job-end-listener",
        }.ConnectionString;
        var delay = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, notice) =>
                {
                    if (Guid.TryParse(notice.Payload, out var id)) events.Finished(id);
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {SqlDialect.JobEndChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                _listening = true;
                delay = TimeSpan.FromMilliseconds(100);
                LogListening(logger);
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                _listening = false;
                LogListenFailed(logger, exception, delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
            }
            finally
            {
                _listening = false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listening for job ends")]
    private static partial void LogListening(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not listening for job ends (waits fall back to polling); reconnecting in {DelayMs} ms")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, double delayMs);
}
