using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.ScaleOut;

/// <summary>
/// Shared mode: the job runs in a worker process, its events reach clients of two API processes through the
/// store, and a stream dropped on one API process resumes on the other with the same event ids.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class EventStreamAcrossProcessesTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task WorkersEvents_ReachApiProcesses_AndResumeOnAnotherProcess()
    {
        var settings = new Dictionary<string, string> { ["Events:PollInterval"] = "00:00:00.200" };
        await using var api = await SharedMode.StartApiAsync(database, settings);
        await using var otherApi = await SharedMode.StartApiAsync(database, settings);
        await using var worker = await SharedMode.StartWorkerAsync(database, workerCount: 1);
        var client = new JobClient(api.Client);

        // A CP-SAT roster that improves for a few seconds: incumbents with bounds, written by the worker.
        var id = await client.SubmitNrpAsync(SharedFixtures.Read("nrp", "Instance1.txt"), "timeLimitSeconds=4&workers=1&randomSeed=1");

        var received = new List<ServerSentEvent>();
        await using (var first = await EventStreamReader.OpenAsync(api.Client, id))
        {
            while (await first.NextAsync(Generous) is { } item)
            {
                received.Add(item);
                // Drop the stream mid-job: at the first incumbent, or at the first log line of the run when the job
                // outpaces the stream (Instance1 is proven optimal within a second on an idle machine).
                if (item.Name == "incumbent" || (item.Name == "log" && received.Any(e => e.Name == "status" && e.Json["status"]!.GetValue<string>() == "running"))) break;
            }
        }
        Assert.NotEqual("finished", received[^1].Name);
        await using (var resumed = await EventStreamReader.OpenAsync(otherApi.Client, id, lastEventId: received[^1].Id))
            received.AddRange(await resumed.ReadToEndAsync(Generous));

        Assert.Equal(received.Count, received.Select(e => e.Id).Distinct().Count());
        Assert.Equal(["queued", "running", "succeeded"], received.Where(e => e.Name == "status").Select(e => e.Json["status"]!.GetValue<string>()));
        var final = received[^1];
        Assert.Equal("finished", final.Name);
        var incumbents = received.Where(e => e.Name == "incumbent").Select(e => e.Json).ToList();
        Assert.All(incumbents, i => Assert.True(i["bound"]!.GetValue<double>() <= i["objective"]!.GetValue<double>()));
        // CP-SAT minimizes: each incumbent the worker stored is no worse than the one before, and the result is the last one or better.
        var objectives = incumbents.Select(i => i["objective"]!.GetValue<double>()).ToList();
        Assert.Equal(objectives.OrderDescending(), objectives);
        if (objectives.Count > 0) Assert.True(final.Json["objective"]!.GetValue<double>() <= objectives[^1]);

        // Every log line once, as /logs has it; the "started on" line names the worker process, not an API process.
        var streamed = received.Where(e => e.Name == "log").Select(e => (e.Json["seq"]!.GetValue<long>(), e.Json["message"]!.GetValue<string>())).ToList();
        var stored = (await client.GetLogLinesAsync(id)).Select(l => (l!["seq"]!.GetValue<long>(), l["message"]!.GetValue<string>())).ToList();
        Assert.Equal(stored, streamed);
        var starts = await SharedMode.GetStartsAsync(client, id);
        Assert.Equal(worker.ProcessId, Assert.Single(starts).ProcessId);
    }
}
