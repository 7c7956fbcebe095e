using System.Collections.Concurrent;
using System.Diagnostics;
using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.States;
using Hangfire.Storage;
using OptService.Jobs.Queue;
using OptService.Jobs.Tests.Infrastructure;

namespace OptService.Jobs.Tests.Queue;

/// <summary>
/// The shared mode's Hangfire queue with one listener per process (<see cref="ProcessWideJobQueue"/>): every entry
/// reaches exactly one of many waiting slots, and a waiting slot is woken by the entry's notification, not by polling.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class ProcessWideJobQueueTests
{
    private static readonly string[] Queues = JobQueue.QueueNames;

    private static (PostgreSqlStorage Storage, ProcessWideJobQueue Queue) Create(string connectionString, TimeSpan pollInterval)
    {
        var options = new PostgreSqlStorageOptions
        {
            // As HangfireSetup configures it: Hangfire.PostgreSql sends the new_job notification with an entry only
            // with long polling on (without it the notification test passed only when the listener's own first
            // look happened to come after the entry).
            SchemaName = "hangfire", PrepareSchemaIfNecessary = true, EnableLongPolling = true, QueuePollInterval = pollInterval,
            UseSlidingInvisibilityTimeout = true, InvisibilityTimeout = TimeSpan.FromMinutes(5),
        };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        var queue = new ProcessWideJobQueue(storage, options, connectionString);
        storage.QueueProviders.Add(queue, Queues);
        return (storage, queue);
    }

    private static string Enqueue(JobStorage storage, int number, string queue = "normal") =>
        new BackgroundJobClient(storage).Create(Job.FromExpression(() => QueuedWork.Nothing(number)), new EnqueuedState(queue));

    [Fact]
    public async Task ManySlotsOfTwoProcesses_FetchEveryEntryExactlyOnce()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        // Two queues on one database stand for two worker processes, each with its own listener.
        var processes = new[] { Create(database.ConnectionString, TimeSpan.FromSeconds(1)), Create(database.ConnectionString, TimeSpan.FromSeconds(1)) };
        using var stop = new CancellationTokenSource();
        var fetched = new ConcurrentBag<string>();
        var slots = processes.SelectMany(p => Enumerable.Range(0, 3).Select(_ => Task.Factory.StartNew(() =>
        {
            try
            {
                while (true)
                {
                    var entry = p.Queue.Dequeue(Queues, stop.Token);
                    fetched.Add(entry.JobId);
                    entry.RemoveFromQueue();
                    entry.Dispose();
                }
            }
            catch (OperationCanceledException)
            {
                // the test is over
            }
        }, TaskCreationOptions.LongRunning))).ToList();

        var created = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            created.Add(Enqueue(processes[i % 2].Storage, i, i % 3 == 0 ? "high" : "normal"));
            if (i % 10 == 0) await Task.Delay(20);
        }
        var clock = Stopwatch.StartNew();
        while (fetched.Count < created.Count && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(20);
        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(slots);

        Assert.Equal(created.Order(), fetched.Order());
    }

    [Fact]
    public async Task AWaitingSlot_IsWokenByTheEntrysNotification_NotByItsPollInterval()
    {
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        var (storage, queue) = Create(database.ConnectionString, TimeSpan.FromSeconds(60));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var slot = Task.Factory.StartNew(() => queue.Dequeue(Queues, stop.Token), TaskCreationOptions.LongRunning);
        // The slot found nothing and waits (its poll interval is a minute).
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(slot.IsCompleted);

        var clock = Stopwatch.StartNew();
        var id = Enqueue(storage, 1);
        using IFetchedJob entry = await slot.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(id, entry.JobId);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"fetched after {clock.Elapsed.TotalSeconds:F1} s");
        await stop.CancelAsync();
    }
}

/// <summary>What the queued Hangfire jobs would run (never run: the tests only fetch their entries).</summary>
public static class QueuedWork
{
    public static void Nothing(int number) => GC.KeepAlive(number);
}
