using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs.Tests.Infrastructure;
using OptService.Problems.Tests;
using Xunit.Abstractions;

namespace OptService.Api.Tests.ScaleOut;

/// <summary>A worker process dies (SIGKILL) in the middle of its solves: the other worker takes them over.</summary>
[Collection(PostgresTests.Name)]
public sealed class WorkerKillTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(200);

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Jobs:Lease"] = Lease.ToString(),
        ["Jobs:RecoveryInterval"] = RecoveryInterval.ToString(),
        ["Jobs:HeartbeatInterval"] = HeartbeatInterval.ToString(),
    };

    [Fact]
    public async Task Sigkill_OfAWorkerMidSolve_ItsJobsRestartOnTheOtherWorker_WithinLeasePlusRecoveryInterval()
    {
        await using var api = await SharedMode.StartApiAsync(database, Settings);
        var workerStarts = new[] { SharedMode.StartWorkerAsync(database, 2, Settings), SharedMode.StartWorkerAsync(database, 2, Settings) };
        await using var first = await workerStarts[0];
        await using var second = await workerStarts[1];
        var workers = new[] { first, second };
        var client = new JobClient(api.Client);

        // Two CP-SAT solves that run to their 6 s limit (Instance6 is not proven optimal sooner). Each
        // worker has two slots, so whichever way they land the survivor has a free slot for each orphan.
        var ids = new List<Guid>();
        for (var i = 0; i < 2; i++)
            ids.Add(await client.SubmitNrpAsync(SharedFixtures.Read("nrp", "Instance6.txt"), "timeLimitSeconds=6&workers=1"));
        var firstStarts = new Dictionary<Guid, JobStart>();
        foreach (var id in ids) firstStarts[id] = await WaitForStartAsync(client, id, attempt: 1);
        await Task.Delay(TimeSpan.FromSeconds(1)); // mid-solve, several heartbeats in

        var victim = workers.MaxBy(w => firstStarts.Values.Count(s => s.ProcessId == w.ProcessId))!;
        var survivor = workers.Single(w => w != victim);
        var orphans = ids.Where(id => firstStarts[id].ProcessId == victim.ProcessId).ToList();
        var killedAt = DateTimeOffset.UtcNow;
        await victim.KillAsync();

        foreach (var id in orphans)
        {
            var restart = await WaitForStartAsync(client, id, attempt: 2);
            var takeover = restart.Time - killedAt;
            output.WriteLine($"job {id}: restarted on the survivor {takeover.TotalMilliseconds:F0} ms after the kill");
            Assert.Equal(survivor.ProcessId, restart.ProcessId);
            // Not before the lease ran out (it was renewed at most one heartbeat before the kill; a
            // second of slack for a late heartbeat on a busy machine)...
            Assert.True(takeover >= Lease - HeartbeatInterval - TimeSpan.FromSeconds(1), $"taken over after {takeover}, before the lease expired");
            // ...and once it has, within one recovery sweep, plus slack for a shared machine.
            var bound = Lease + RecoveryInterval + TimeSpan.FromSeconds(3);
            Assert.True(takeover <= bound, $"taken over after {takeover}; bound {bound}");
        }

        foreach (var id in ids)
        {
            var job = await client.WaitAsync(id, seconds: 60);
            Assert.Equal("succeeded", job["status"]!.GetValue<string>());
            Assert.Equal(orphans.Contains(id) ? 2 : 1, job["attempts"]!.GetValue<int>());
            var messages = (await client.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()).ToList();
            Assert.Single(messages, m => m.StartsWith("finished:", StringComparison.Ordinal));
        }
        Assert.False(survivor.HasExited);
    }

    private static async Task<JobStart> WaitForStartAsync(JobClient client, Guid id, int attempt)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            // A start's log line reaches the store with the first heartbeat, a fraction of a second after it.
            if ((await SharedMode.GetStartsAsync(client, id)).FirstOrDefault(s => s.Attempt == attempt) is { } start) return start;
            await Task.Delay(50);
        }
        throw new TimeoutException($"job {id} did not start attempt {attempt}");
    }
}
