using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs.Tests.Infrastructure;
using OptService.Problems.Tests;
using Xunit.Abstractions;

namespace OptService.Api.Tests.ScaleOut;

/// <summary>
/// The shared mode as deployed: one API-only process and two worker-only processes on one PostgreSQL
/// database, under a few hundred jobs of every kind.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class MixedLoadTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int JobCount = 300;

    /// <summary>
    /// The nurse seed asks CP-SAT to count all 5,184 rosters (seconds per job under load); one optimal
    /// roster of the same instance on one search worker keeps a few hundred jobs quick.
    /// </summary>
    private static string OneRosterOfTheSeed()
    {
        var seed = JsonNode.Parse(SharedFixtures.Read("seed", "nurses-seed.json"))!.AsObject();
        seed["mode"] = "optimize";
        seed.Remove("maxSolutions");
        seed["options"] = new JsonObject { ["workers"] = 1 };
        return seed.ToJsonString();
    }

    [Fact]
    public async Task OneApiTwoWorkers_300MixedJobs_EachEndsOnceAsSucceeded_AndBothWorkersDidAFairShare()
    {
        await using var api = await SharedMode.StartApiAsync(database);
        var workerStarts = new[] { SharedMode.StartWorkerAsync(database, workerCount: 2), SharedMode.StartWorkerAsync(database, workerCount: 2) };
        await using var first = await workerStarts[0];
        await using var second = await workerStarts[1];
        var client = new JobClient(api.Client);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Every third job of each kind, interleaved, eight submissions in flight.
        (string Kind, string Json)[] problems =
        [
            ("transshipment", SharedFixtures.Read("seed", "american-steel.json")),
            ("nurse-scheduling", OneRosterOfTheSeed()),
            ("lunar-landing", SharedFixtures.Read("seed", "lunar-seed.json")),
        ];
        var kinds = new Dictionary<Guid, string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, JobCount), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (kind, json) = problems[i % problems.Length];
            var id = await client.SubmitAsync(kind, json);
            lock (kinds) kinds.Add(id, kind);
        });

        output.WriteLine($"{JobCount} jobs submitted in {clock.Elapsed.TotalSeconds:F1} s");
        IReadOnlyList<JsonObject> jobs;
        try
        {
            jobs = await SharedMode.WaitAllTerminalAsync(database, client, kinds.Keys, TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            output.WriteLine("worker logs:\n" + first.Output + "\n----\n" + second.Output + "\n---- api:\n" + api.Output);
            throw;
        }
        Assert.Equal(JobCount, jobs.Count);
        output.WriteLine($"all finished {clock.Elapsed.TotalSeconds:F1} s after the first submission");
        var startsByProcess = new Dictionary<int, int>();
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (job, _) =>
        {
            var id = job["id"]!.GetValue<Guid>();
            Assert.Equal("succeeded", job["status"]!.GetValue<string>());
            Assert.Equal(1, job["attempts"]!.GetValue<int>());
            var messages = (await client.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()).ToList();
            Assert.Single(messages, m => m.StartsWith("finished:", StringComparison.Ordinal));
            var start = Assert.Single(await SharedMode.GetStartsAsync(client, id));
            var result = await client.GetResultAsync(id);
            if (kinds[id] == "transshipment") Assert.Equal(15005, result["objective"]!.GetValue<double>(), 6);
            lock (startsByProcess) startsByProcess[start.ProcessId] = startsByProcess.GetValueOrDefault(start.ProcessId) + 1;
        });

        output.WriteLine($"jobs started per worker process: {string.Join(", ", startsByProcess.Select(p => $"pid {p.Key}: {p.Value}"))}");
        Assert.Equal(new[] { first.ProcessId, second.ProcessId }.Order(), startsByProcess.Keys.Order());
        // Both workers wait on the same queue notification and take jobs with SKIP LOCKED: the split is a
        // coin toss per job, so 300 jobs land near 150/150. A quarter each still allows a worker that
        // woke up slower for a while, and fails a worker that sat idle or took jobs only when the other was full.
        Assert.All(startsByProcess.Values, count => Assert.True(count >= JobCount / 4, $"a worker started only {count} of {JobCount} jobs"));
        Assert.False(first.HasExited || second.HasExited || api.HasExited);
    }
}
