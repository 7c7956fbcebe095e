using System.Text;
using OptService.Kinds;
using OptService.Jobs.Store;

namespace OptService.Jobs.Tests.Store;

/// <summary>
/// SQLite's WAL goes back into the database file on a background task (<see cref="WalCheckpointer"/>), not in the
/// commit of a large problem or result; and a finish writes the job row once, its log lines numbered in the same UPDATE.
/// </summary>
public sealed class WalCheckpointTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    [Fact]
    public async Task LargeProblemAndResult_AreCheckpointedAfterTheirCommits_AndReadBackWhole()
    {
        await using var temp = await TempStore.CreateAsync(TempStore.Sqlite);
        var file = temp.DatabaseFile!;
        // A problem of 6 MB (past the 4 MB after which a checkpoint is scheduled), as a kind stores it: the body as sent.
        var problem = System.Text.Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('x', 6 << 20) + "\"}");
        var id = Guid.CreateVersion7();
        Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(id, new NewJob("k", problem), 0, T0));

        // The store's connections checkpoint in a commit only past the safety net (SQLite's default is 1,000 pages, which
        // this commit crossed); the checkpoint scheduled after the write copies the problem into the database file.
        Assert.Equal(WalCheckpointer.SafetyNetPages, await PragmaAsync(file, "wal_autocheckpoint"));
        await temp.Store.StopCheckpointsAsync();
        Assert.True(new FileInfo(file).Length > problem.Length, $"database file {new FileInfo(file).Length} bytes after the checkpoint");
        Assert.Equal(problem, await temp.Store.GetProblemAsync(id));
    }

    [Fact]
    public async Task Finish_NumbersItsLogLinesAfterTheEarlierOnes_AndStoresTheResult()
    {
        await using var temp = await TempStore.CreateAsync(TempStore.Sqlite);
        var id = Guid.CreateVersion7();
        await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
        Assert.NotNull(await temp.Store.TryStartAsync(id, "w", T0, T0.AddSeconds(30)));
        await temp.Store.HeartbeatAsync(id, "w", T0.AddSeconds(30), new JobOutput([new PendingLogLine(T0, JobLogLevel.Info, "beat")], [], null, null));
        var result = Encoding.UTF8.GetBytes("{\"flows\":[" + string.Join(",", Enumerable.Range(0, 1000)) + "]}");
        List<PendingLogLine> lines = [new(T0, JobLogLevel.Info, "one"), new(T0, JobLogLevel.Info, "two"), new(T0, JobLogLevel.Info, "three")];

        Assert.True(await temp.Store.FinishAsync(id, "w", new JobCompletion(JobStatus.Succeeded, SolveOutcome.Optimal, 1, null, null, result, T0),
            new JobOutput(lines, [], null, null)));
        // A finish by an owner that lost the job writes nothing.
        Assert.False(await temp.Store.FinishAsync(id, "w", new JobCompletion(JobStatus.Failed, null, null, "late", null, null, T0),
            new JobOutput([new PendingLogLine(T0, JobLogLevel.Info, "late")], [], null, null)));

        var log = await temp.Store.GetLogsAsync(id, 0, 100);
        Assert.Equal([1L, 2, 3, 4, 5], log.Select(l => l.Seq));
        Assert.Equal(["beat", "one", "two", "three"], log.Skip(1).Select(l => l.Message));
        Assert.Equal(result, await temp.Store.GetResultAsync(id));
        Assert.Equal(JobStatus.Succeeded, (await temp.Store.GetAsync(id))!.Status);
    }

    private static async Task<long> PragmaAsync(string file, string pragma)
    {
        // A connection as the store opens them (its per-connection settings), on the same file.
        await using var connection = await SqlDialect.Sqlite(file).DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
