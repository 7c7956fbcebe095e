using Npgsql;

namespace OptService.Jobs.Queue;

/// <summary>
/// Shared mode: how many of Hangfire.PostgreSql's queue entries no worker slot has fetched yet. An idle slot
/// fetches an entry within milliseconds (LISTEN/NOTIFY), so unfetched entries mean every slot is busy, and each
/// will drain the store's queued jobs after its current one (<see cref="Execution.JobExecutor.RunAsync"/>).
/// Reads Hangfire.PostgreSql's <c>jobqueue</c> table (schema <c>hangfire</c>, <see cref="HangfireSetup"/>), whose
/// columns have been the same since its version 3; the one place outside Hangfire's API that knows them.
/// </summary>
public sealed class UnfetchedEntries(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
    {
        NoResetOnClose = true,
        MaxAutoPrepare = Store.SqlDialect.AutoPreparedStatements,
    });

    /// <summary>Whether at least <paramref name="count"/> entries of our queues are waiting to be fetched.</summary>
    public async Task<bool> AtLeastAsync(long count, CancellationToken ct)
    {
        await using var command = _source.CreateCommand(
            """SELECT COUNT(*) FROM (SELECT 1 FROM "hangfire"."jobqueue" WHERE "fetchedat" IS NULL AND "queue" = ANY(@queues) LIMIT @count) e""");
        command.Parameters.AddWithValue("queues", JobQueue.QueueNames);
        command.Parameters.AddWithValue("count", count);
        return (long)(await command.ExecuteScalarAsync(ct))! >= count;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
