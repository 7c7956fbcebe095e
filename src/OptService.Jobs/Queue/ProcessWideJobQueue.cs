using System.Data;
using System.Globalization;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Npgsql;

namespace OptService.Jobs.Queue;

/// <summary>
/// Shared mode: Hangfire.PostgreSql's queue (same <c>jobqueue</c> table, same fetch, same <c>new_job</c>
/// notification, so processes of either kind share one queue) with one listener per process instead of one per
/// worker slot. Hangfire.PostgreSql opens a <c>LISTEN</c> connection for every waiting slot at every fetch, and
/// each notification wakes every slot of every process, each running a fetch transaction that all but one lose:
/// at one job at a time, four slots did five fetch transactions and five <c>LISTEN</c>s per job. Here one
/// connection per process listens; a notification wakes one waiting slot, whose fetch (one statement, no
/// explicit transaction) wakes the next slot only when it found an entry (there may be more). Without
/// notifications (the listener reconnecting) slots poll every <see cref="JobsOptions.QueuePollInterval"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Lives as long as its Hangfire storage, i.e. the process; its listener stops with the Hangfire server.")]
internal sealed class ProcessWideJobQueue : IPersistentJobQueue, IPersistentJobQueueProvider
{
    private const string Channel = "new_job";
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(5);

    private readonly PostgreSqlStorage _storage;
    private readonly IPersistentJobQueueMonitoringApi _monitoring;
    private readonly NpgsqlDataSource _source;
    private readonly string _listenConnectionString;
    private readonly string _fetchSql;
    private readonly TimeSpan _pollInterval;
    private readonly PostgreSqlJobQueue _enqueue;
    private readonly SemaphoreSlim _wakeOne = new(0);
    private readonly Lock _listenerGate = new();
    private CancellationTokenSource? _listening;

    public ProcessWideJobQueue(PostgreSqlStorage storage, PostgreSqlStorageOptions options, string connectionString)
    {
        _storage = storage;
        _enqueue = new PostgreSqlJobQueue(storage);
        _monitoring = new PostgreSqlJobQueueProvider(storage, options).GetJobQueueMonitoringApi();
        _source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, MaxAutoPrepare = Store.SqlDialect.AutoPreparedStatements });
        _listenConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
            { Pooling = false, KeepAlive = 10, ApplicationName = "optservice-queue-listener" }.ConnectionString;
        _pollInterval = options.QueuePollInterval;
        var schema = options.SchemaName;
        var invisible = ((long)options.InvisibilityTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        // Hangfire.PostgreSql's own fetch (Dequeue_Transaction), run as one statement.
        _fetchSql = $"""
            UPDATE "{schema}"."jobqueue" SET "fetchedat" = NOW()
            WHERE "id" = (
                SELECT "id" FROM "{schema}"."jobqueue"
                WHERE "queue" = ANY (@queues) AND ("fetchedat" IS NULL OR "fetchedat" < NOW() - INTERVAL '{invisible} SECONDS')
                ORDER BY "fetchedat" NULLS FIRST, "queue", "jobid"
                FOR UPDATE SKIP LOCKED
                LIMIT 1)
            RETURNING "id", "jobid", "queue", "fetchedat",
                (SELECT COUNT(*) FROM (SELECT 1 FROM "{schema}"."jobqueue" o WHERE o."queue" = ANY (@queues) AND o."fetchedat" IS NULL AND o."id" <> "jobqueue"."id" LIMIT 1) m)
            """;
    }

    public IPersistentJobQueue GetJobQueue() => this;

    public IPersistentJobQueueMonitoringApi GetJobQueueMonitoringApi() => _monitoring;

    /// <summary>Hangfire.PostgreSql's own: the entry, and a notification delivered when the enqueuing transaction commits.</summary>
    public void Enqueue(IDbConnection connection, string queue, string jobId) => _enqueue.Enqueue(connection, queue, jobId);

    /// <summary>Blocks a Hangfire worker slot until it fetched an entry of <paramref name="queues"/> (Hangfire's worker threads are its own).</summary>
    /// <remarks>The token is the server's: when it stops, the listener stops with it.</remarks>
    public IFetchedJob Dequeue(string[] queues, CancellationToken cancellationToken)
    {
        using var stopListening = cancellationToken.Register(StopListening);
        EnsureListening();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryFetch(queues, out var more) is { } fetched)
            {
                // Each notification wakes one slot: if more entries wait, the next waiting slot looks too.
                if (more) WakeOne();
                return fetched;
            }
            _wakeOne.Wait(_pollInterval, cancellationToken);
        }
    }

    private PostgreSqlFetchedJob? TryFetch(string[] queues, out bool more)
    {
        more = false;
        try
        {
            using var command = _source.CreateCommand(_fetchSql);
            command.Parameters.AddWithValue("queues", queues);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            more = reader.GetInt64(4) > 0;
            return new PostgreSqlFetchedJob(_storage, reader.GetInt64(0), reader.GetInt64(1).ToString(CultureInfo.InvariantCulture),
                reader.GetString(2), reader.GetDateTime(3));
        }
        catch (NpgsqlException)
        {
            // The database is away (a restart): the slot waits a poll interval and tries again, as Hangfire.PostgreSql's does.
            return null;
        }
    }

    /// <summary>Lets one waiting slot look (at most one wake-up is kept for a slot that is not waiting yet).</summary>
    private void WakeOne()
    {
        lock (_wakeOne)
            if (_wakeOne.CurrentCount == 0) _wakeOne.Release();
    }

    private void EnsureListening()
    {
        lock (_listenerGate)
        {
            if (_listening is not null) return;
            _listening = new CancellationTokenSource();
            var token = _listening.Token;
            _ = Task.Run(() => ListenAsync(token), CancellationToken.None);
        }
    }

    private void StopListening()
    {
        lock (_listenerGate)
        {
            _listening?.Cancel();
            _listening = null;
        }
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(_listenConnectionString);
                connection.Notification += (_, _) => WakeOne();
                await connection.OpenAsync(stop);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stop);
                delay = TimeSpan.FromMilliseconds(100);
                // Entries written while not listening: one slot looks now.
                WakeOne();
                while (true) await connection.WaitAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                try
                {
                    await Task.Delay(delay, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
            }
        }
    }
}
