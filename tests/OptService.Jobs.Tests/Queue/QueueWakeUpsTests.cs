using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OptService.Jobs.Queue;
using OptService.Jobs.Store;
using OptService.Jobs.Tests.Infrastructure;

namespace OptService.Jobs.Tests.Queue;

/// <summary>
/// Shared mode: a submission is answered once its job is stored, and <see cref="QueueWakeUps"/> writes the job's queue
/// entry afterwards. Entries still pending when the process stops are written before it exits, each noted on its job.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class QueueWakeUpsTests
{
    [Fact]
    public async Task Stop_WritesEveryPendingEntryAndNotesItOnItsJob()
    {
        using var hold = await PostgresServer.HoldAsync();
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        var dialect = SqlDialect.Postgres(database.ConnectionString);
        var store = new JobStore(dialect);
        await store.EnsureSchemaAsync();
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(database.ConnectionString, options), options);
        // JobQueue.Enqueue only writes the entry; the executor would only run it.
        var queue = new JobQueue(new BackgroundJobClient(storage), null!);
        await using var unfetched = new UnfetchedEntries(database.ConnectionString);
        var wakeUps = new QueueWakeUps(queue, store, unfetched, NullLogger<QueueWakeUps>.Instance);

        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            var id = Guid.CreateVersion7();
            await store.CreateAsync(id, "transshipment", "{}"u8.ToArray(), DateTimeOffset.UtcNow);
            ids.Add(id);
            // Counted as alone in the queue: each gets an entry of its own (no worker fetches them here).
            wakeUps.Post(id, i % 2 == 0 ? JobPriority.High : JobPriority.Normal, queuedBefore: 0);
        }
        // Stopped right after it started: all 20 are still pending when the stop comes (its token is cancelled at
        // once), so only a loop that drains what is pending at shutdown writes them all.
        await wakeUps.StartAsync(CancellationToken.None);
        await wakeUps.StopAsync(CancellationToken.None);

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var noted = new NpgsqlCommand("SELECT COUNT(*) FROM opt_jobs WHERE queue_ref IS NOT NULL", connection))
            Assert.Equal(20L, await noted.ExecuteScalarAsync());
        await using (var entries = new NpgsqlCommand("""SELECT queue, COUNT(*) FROM hangfire.jobqueue GROUP BY queue ORDER BY queue""", connection))
        await using (var reader = await entries.ExecuteReaderAsync())
        {
            var perQueue = new Dictionary<string, long>();
            while (await reader.ReadAsync()) perQueue[reader.GetString(0)] = reader.GetInt64(1);
            Assert.Equal(new Dictionary<string, long> { ["high"] = 10, ["normal"] = 10 }, perQueue);
        }
        // And none is left for the sweep's "never reached the queue" rule.
        Assert.Empty(await store.ListOrphanedAsync(DateTimeOffset.UtcNow.AddHours(1), afterRestart: false, unqueuedAfter: TimeSpan.Zero));
        await ((IAsyncDisposable)dialect.DataSource).DisposeAsync();
        await ((IAsyncDisposable)dialect.FlushLaterSource).DisposeAsync();
        NpgsqlConnection.ClearAllPools();
    }
}
