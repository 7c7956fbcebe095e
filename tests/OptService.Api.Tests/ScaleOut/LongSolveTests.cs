using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.ScaleOut;

/// <summary>
/// A solve that outlasts the queue's invisibility timeout is not handed to a second worker: with
/// Hangfire's plain invisibility timeout an entry fetched longer ago than the timeout is fetched again
/// by another worker, even while its first worker is still busy with it.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class LongSolveTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task SolveLongerThanTheLease_WithIdleWorkersAround_IsStartedExactlyOnce()
    {
        // The lease is also the queue's invisibility timeout (Queue/HangfireSetup): 2 s against a 6 s solve.
        var settings = new Dictionary<string, string> { ["Jobs:Lease"] = "00:00:02", ["Jobs:RecoveryInterval"] = "00:00:01" };
        await using var api = await SharedMode.StartApiAsync(database, settings);
        var workerStarts = new[] { SharedMode.StartWorkerAsync(database, 2, settings), SharedMode.StartWorkerAsync(database, 2, settings) };
        await using var first = await workerStarts[0];
        await using var second = await workerStarts[1];
        var client = new JobClient(api.Client);

        var id = await client.SubmitNrpAsync(SharedFixtures.Read("nrp", "Instance6.txt"), "timeLimitSeconds=6&workers=1");

        var job = await client.WaitAsync(id, seconds: 60);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        var solved = job["finishedAt"]!.GetValue<DateTimeOffset>() - job["startedAt"]!.GetValue<DateTimeOffset>();
        Assert.True(solved >= TimeSpan.FromSeconds(5), $"the solve took {solved}, not longer than the lease");
        Assert.Equal(1, job["attempts"]!.GetValue<int>());
        var start = Assert.Single(await SharedMode.GetStartsAsync(client, id));
        Assert.Contains(start.ProcessId, new[] { first.ProcessId, second.ProcessId });
        var messages = (await client.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()).ToList();
        Assert.Single(messages, m => m.StartsWith("finished:", StringComparison.Ordinal));
    }
}
