using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.Durability;

/// <summary>
/// The embedded default survives SIGKILL: the real service process is killed while one job runs and
/// others wait in the queue, then started again on the same data folder.
/// </summary>
public sealed class KillRestartTests : IDisposable
{
    // The CP-SAT job may also end at its time limit without a roster on a heavily loaded machine:
    // that is still its one terminal state, which is what this test is about.
    private static readonly string[] TerminalOutcomes = ["optimal", "feasible", "timeLimit"];

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "optservice-kill", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Sigkill_WhileRunningAndQueued_EveryAcceptedJobEndsExactlyOnce_WithIntactResults()
    {
        var settings = new Dictionary<string, string>
        {
            ["Jobs:DataDirectory"] = _dataDirectory,
            ["Jobs:WorkerCount"] = "1", // one solve at a time: the big job runs, the others queue behind it
        };
        var seed = SharedFixtures.Read("seed", "american-steel.json");
        var ids = new List<Guid>();
        Guid bigId;
        await using (var first = await ServiceProcess.StartAsync(settings))
        {
            var client = new JobClient(first.Client);
            // A CP-SAT solve that runs to its 8 s time limit (Instance6 is not proven optimal sooner),
            // so it is certainly mid-solve when the process is killed.
            using (var submitted = await client.Http.PostAsync("/api/v1/jobs/nurse-scheduling/nrp?timeLimitSeconds=8&workers=1",
                new StringContent(SharedFixtures.Read("nrp", "Instance6.txt"), System.Text.Encoding.UTF8, "text/plain")))
            {
                Assert.Equal(System.Net.HttpStatusCode.Accepted, submitted.StatusCode);
                bigId = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
            }
            for (var i = 0; i < 12; i++) ids.Add(await client.SubmitAsync("transshipment", seed));
            await WaitUntilRunningAsync(client, bigId);
            await Task.Delay(1000);
            await first.KillAsync();
        }

        await using var second = await ServiceProcess.StartAsync(settings);
        var restarted = new JobClient(second.Client);
        foreach (var id in ids.Append(bigId))
        {
            var job = await restarted.WaitAsync(id, seconds: 120);
            Assert.Equal("succeeded", job["status"]!.GetValue<string>());
            Assert.Contains(job["outcome"]!.GetValue<string>(), TerminalOutcomes);
            var messages = (await restarted.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()).ToList();
            Assert.Single(messages, m => m.StartsWith("finished:", StringComparison.Ordinal));
            Assert.Single(messages, m => m.StartsWith("accepted", StringComparison.Ordinal));
        }
        foreach (var id in ids)
        {
            var result = await restarted.GetResultAsync(id);
            Assert.Equal(15005, result["objective"]!.GetValue<double>(), 6);
        }
        var bigJob = await restarted.GetJobAsync(bigId);
        Assert.Equal(2, bigJob["attempts"]!.GetValue<int>()); // started, killed, started again
        var bigLog = (await restarted.GetLogLinesAsync(bigId)).Select(l => l!["message"]!.GetValue<string>()).ToList();
        Assert.Contains(bigLog, m => m.Contains("queued again", StringComparison.Ordinal));
        Assert.Equal(2, bigLog.Count(m => m.StartsWith("started on", StringComparison.Ordinal)));
        var roster = await restarted.GetResultAsync(bigId);
        if (roster["objective"] is { } objective) Assert.True(objective.GetValue<long>() >= 1950); // Instance6's proven optimum

        var all = (await restarted.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!;
        Assert.Equal(ids.Count + 1, all.Count); // none lost, none duplicated
    }

    private static async Task WaitUntilRunningAsync(JobClient client, Guid id)
    {
        for (var i = 0; i < 600; i++)
        {
            var status = (await client.GetJobAsync(id))["status"]!.GetValue<string>();
            if (status == "running") return;
            Assert.Equal("queued", status);
            await Task.Delay(10);
        }
        throw new TimeoutException("the big job never started");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing was written
        }
    }
}

/// <summary>The embedded store serves one process: a second one on the same folder refuses to start.</summary>
public sealed class DataFolderLockTests
{
    [Fact]
    public async Task SecondProcess_OnTheSameDataFolder_RefusesToStart_WithAClearMessage()
    {
        var folder = Path.Combine(Path.GetTempPath(), "optservice-lock", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string> { ["Jobs:DataDirectory"] = folder };
        await using var first = await ServiceProcess.StartAsync(settings);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServiceProcess.StartAsync(settings));
        Assert.Contains("Another OptService process uses the data folder", failure.Message, StringComparison.Ordinal);
        using var stillServing = await first.Client.GetAsync("/health/ready");
        Assert.Equal(System.Net.HttpStatusCode.OK, stillServing.StatusCode);
    }
}
