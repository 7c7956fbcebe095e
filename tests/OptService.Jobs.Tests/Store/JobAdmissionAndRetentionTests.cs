using Microsoft.Data.Sqlite;
using OptService.Kinds;
using OptService.Jobs.Store;
using OptService.Jobs.Tests.Infrastructure;

namespace OptService.Jobs.Tests.Store;

/// <summary>Idempotency keys, the queue limit, purge and retention, on both databases.</summary>
[Collection(PostgresTests.Name)]
public sealed class JobAdmissionAndRetentionTests
{
    public static TheoryData<string> Backends => TempStore.Backends;

    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    private static NewJob Keyed(string key, string hash, string client = "") => new("k", "{}"u8.ToArray(), client, key, hash);

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Admit_WithAKeyUsedBefore_ReturnsTheEarlierJob_ForTheSameRequest_AndRefusesADifferentOne(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var first = Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(Guid.CreateVersion7(), Keyed("key-1", "h1"), 0, T0));

        var again = Assert.IsType<Admission.Replayed>(await temp.Store.AdmitAsync(Guid.CreateVersion7(), Keyed("key-1", "h1"), 0, T0));
        var different = Assert.IsType<Admission.KeyReused>(await temp.Store.AdmitAsync(Guid.CreateVersion7(), Keyed("key-1", "h2"), 0, T0));
        // Keys belong to a client: another client's identical key is a new job.
        Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(Guid.CreateVersion7(), Keyed("key-1", "h1", client: "other"), 0, T0));

        Assert.Equal(first.Job.Id, again.Job.Id);
        Assert.Equal(first.Job.Id, different.Job.Id);
        Assert.Single(await temp.Store.ListAsync("", null, null, 100));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Admit_ConcurrentSubmissionsWithOneKey_CreateOneJob(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            Task.Run(() => temp.Store.AdmitAsync(Guid.CreateVersion7(), Keyed("same", "h"), 0, T0))));
        var created = Assert.Single(answers.OfType<Admission.Created>());
        Assert.All(answers.OfType<Admission.Replayed>(), replay => Assert.Equal(created.Job.Id, replay.Job.Id));
        Assert.Equal(15, answers.OfType<Admission.Replayed>().Count());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Admit_WhenTheQueueIsFull_CreatesNothing_AndAdmitsAgainOnceAJobStarts(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
            ids.Add(Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(Guid.CreateVersion7(), new NewJob("k", "{}"u8.ToArray()), 3, T0)).Job.Id);

        var refused = Assert.IsType<Admission.QueueFull>(await temp.Store.AdmitAsync(Guid.CreateVersion7(), new NewJob("k", "{}"u8.ToArray()), 3, T0));
        Assert.Equal(3, refused.Queued);
        Assert.Equal(3, (await temp.Store.ListAsync("", null, null, 100)).Count);

        Assert.NotNull(await temp.Store.TryStartAsync(ids[0], "w", T0, T0.AddSeconds(30)));
        Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(Guid.CreateVersion7(), new NewJob("k", "{}"u8.ToArray()), 3, T0));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Purge_DeletesAFinishedJobWithItsLogsFilesAndKey_ButNotAnUnfinishedOne(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(Guid.CreateVersion7(), Keyed("k1", "h"), 0, T0)).Job.Id;
        Assert.Equal(PurgeResult.NotFinished, await temp.Store.PurgeAsync(id, ""));
        await FinishAsync(temp.Store, id, T0);
        Assert.Equal(PurgeResult.NotFound, await temp.Store.PurgeAsync(id, "someone else"));

        Assert.Equal(PurgeResult.Purged, await temp.Store.PurgeAsync(id, ""));

        Assert.Null(await temp.Store.GetAsync(id));
        Assert.Empty(await temp.Store.GetLogsAsync(id, 0, 100));
        Assert.Empty(await temp.Store.ListArtifactsAsync(id));
        Assert.Equal(PurgeResult.NotFound, await temp.Store.PurgeAsync(id, ""));
        // The key went with the job.
        Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(Guid.CreateVersion7(), Keyed("k1", "other"), 0, T0));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task DeleteFinishedBefore_DeletesOnlyJobsThatFinishedBeforeTheCutoff_InBatches(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var old = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var id = Guid.CreateVersion7();
            await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
            await FinishAsync(temp.Store, id, T0.AddMinutes(i));
            old.Add(id);
        }
        var recent = Guid.CreateVersion7();
        await temp.Store.CreateAsync(recent, "k", "{}"u8.ToArray(), T0);
        await FinishAsync(temp.Store, recent, T0.AddDays(8));
        var unfinished = Guid.CreateVersion7();
        await temp.Store.CreateAsync(unfinished, "k", "{}"u8.ToArray(), T0);

        var cutoff = T0.AddDays(1);
        Assert.Equal(3, await temp.Store.DeleteFinishedBeforeAsync(cutoff, batch: 3));
        Assert.Equal(2, await temp.Store.DeleteFinishedBeforeAsync(cutoff, batch: 3));
        Assert.Equal(0, await temp.Store.DeleteFinishedBeforeAsync(cutoff, batch: 3));

        foreach (var id in old) Assert.Null(await temp.Store.GetAsync(id));
        Assert.NotNull(await temp.Store.GetAsync(recent));
        Assert.NotEmpty(await temp.Store.ListArtifactsAsync(recent));
        Assert.NotNull(await temp.Store.GetAsync(unfinished));
    }

    [Fact]
    public async Task EnsureSchema_UpgradesAStoreWrittenBeforeClientsAndIdempotencyKeys()
    {
        var folder = Path.Combine(Path.GetTempPath(), "optservice-store-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "jobs.db");
        try
        {
            await using (var connection = new SqliteConnection($"Data Source={path}"))
            {
                await connection.OpenAsync();
                await using var create = connection.CreateCommand();
                // opt_jobs as the first release created it, with one job in it.
                create.CommandText = """
                    CREATE TABLE opt_jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, created_at BIGINT NOT NULL,
                        started_at BIGINT NULL, finished_at BIGINT NULL, outcome TEXT NULL, objective DOUBLE PRECISION NULL, error TEXT NULL,
                        message TEXT NULL, problem BLOB NOT NULL, result TEXT NULL, incumbent TEXT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                        owner TEXT NULL, lease_until BIGINT NULL, cancel_requested INTEGER NOT NULL DEFAULT 0, log_seq BIGINT NOT NULL DEFAULT 0,
                        queue_ref TEXT NULL);
                    INSERT INTO opt_jobs (id, kind, status, created_at, problem) VALUES ('0190aaaa-0000-7000-8000-000000000001', 'k', 'queued', 1, x'7b7d');
                    """;
                await create.ExecuteNonQueryAsync();
            }
            var store = new JobStore(SqlDialect.Sqlite(path));
            await store.EnsureSchemaAsync();

            var earlier = await store.GetAsync(Guid.Parse("0190aaaa-0000-7000-8000-000000000001"));
            Assert.Equal("", earlier!.Client);
            var created = Assert.IsType<Admission.Created>(await store.AdmitAsync(Guid.CreateVersion7(), Keyed("k", "h"), 0, T0));
            Assert.IsType<Admission.Replayed>(await store.AdmitAsync(Guid.CreateVersion7(), Keyed("k", "h"), 0, T0));
            // The earlier job's problem is read from its row, the new one's from opt_job_problems (its row's column is empty).
            Assert.Equal("{}"u8.ToArray(), await store.GetProblemAsync(earlier.Id));
            Assert.Equal("{}"u8.ToArray(), await store.GetProblemAsync(created.Job.Id));
            await using (var connection = new SqliteConnection($"Data Source={path}"))
            {
                await connection.OpenAsync();
                await using var count = connection.CreateCommand();
                count.CommandText = "SELECT (SELECT COUNT(*) FROM opt_job_problems), (SELECT length(problem) FROM opt_jobs WHERE id = $id)";
                count.Parameters.AddWithValue("$id", created.Job.Id.ToString());
                await using var reader = await count.ExecuteReaderAsync();
                Assert.True(await reader.ReadAsync());
                Assert.Equal(1, reader.GetInt64(0));
                Assert.Equal(0, reader.GetInt64(1));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Problem_IsReadBackAsStored_ThroughClaimAndFinish_AndGoesWithAPurge(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Guid.CreateVersion7();
        var problem = "{\"nodes\":[{\"id\":\"a\"}],\"arcs\":[]}"u8.ToArray();
        Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(id, new NewJob("k", problem, "", null, null), 0, T0));
        Assert.Equal(problem, await temp.Store.GetProblemAsync(id));

        await FinishAsync(temp.Store, id, T0.AddSeconds(1));
        Assert.Equal(problem, await temp.Store.GetProblemAsync(id));
        Assert.Equal("{}"u8.ToArray(), await temp.Store.GetResultAsync(id));

        Assert.Equal(PurgeResult.Purged, await temp.Store.PurgeAsync(id, ""));
        Assert.Null(await temp.Store.GetProblemAsync(id));
    }

    private static async Task FinishAsync(JobStore store, Guid id, DateTimeOffset at)
    {
        Assert.NotNull(await store.TryStartAsync(id, "w", at, at.AddSeconds(30)));
        var output = new JobOutput([new PendingLogLine(at, JobLogLevel.Info, "solving")],
            [PendingArtifact.From("a.csv", "text/csv", "x,y\n"u8.ToArray())], null, null);
        Assert.True(await store.FinishAsync(id, "w",
            new JobCompletion(JobStatus.Succeeded, SolveOutcome.Optimal, 1, null, null, "{}"u8.ToArray(), at), output));
    }
}
