using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.ScaleOut;

/// <summary>
/// With real service processes, embedded (one process, SQLite) and shared (API + worker process on PostgreSQL),
/// and one worker slot: while a long job holds the slot, a key queues a backlog, a high job and a low one,
/// another key one job and a third key (MaxQueued 2) two, its third refused with 429. When the slot frees the
/// jobs start in the order priority, then fair share between the keys (round robin), then age. And on PostgreSQL
/// a worker killed while running a key's only allowed job (MaxRunning 1) gives that slot back after the lease.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class PriorityAndFairShareTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string BatchKey = "batch-key-0123456789";
    private const string PlannerKey = "planner-key-0123456789";
    private const string CappedKey = "capped-key-0123456789";

    private static Dictionary<string, string> Keys(int cappedMaxRunning = 0) => new()
    {
        ["Auth:ApiKeys:0:Name"] = "batch", ["Auth:ApiKeys:0:Key"] = BatchKey,
        ["Auth:ApiKeys:1:Name"] = "planner", ["Auth:ApiKeys:1:Key"] = PlannerKey,
        ["Auth:ApiKeys:2:Name"] = "capped", ["Auth:ApiKeys:2:Key"] = CappedKey,
        ["Auth:ApiKeys:2:MaxQueued"] = "2",
        ["Auth:ApiKeys:2:MaxRunning"] = cappedMaxRunning.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Jobs:WorkerCount"] = "1",
    };

    [Theory]
    [InlineData("embedded")]
    [InlineData("postgresql")]
    public async Task WhenTheSlotFrees_JobsStartByPriority_ThenFairlyAcrossKeys_ThenByAge(string storage)
    {
        var settings = Keys();
        var folder = Path.Combine(Path.GetTempPath(), "optservice-fair-" + Guid.NewGuid().ToString("N"));
        settings["Jobs:DataDirectory"] = folder;
        await using var api = storage == "embedded" ? await ServiceProcess.StartAsync(settings) : await SharedMode.StartApiAsync(database, settings);
        await using var worker = storage == "embedded" ? null : await SharedMode.StartWorkerAsync(database, workerCount: 1, settings);
        try
        {
            var steel = SharedFixtures.Read("seed", "american-steel.json");
            var nrp = SharedFixtures.Read("nrp", "Instance6.txt");
            var blocker = await SubmitAsync(api, BatchKey, "nurse-scheduling/nrp?timeLimitSeconds=8&workers=1", nrp, "text/plain");
            await WaitUntilRunningAsync(api, blocker);

            var low = await SubmitAsync(api, BatchKey, "transshipment?priority=low", steel);
            var backlog = new List<Guid>();
            for (var i = 0; i < 6; i++) backlog.Add(await SubmitAsync(api, BatchKey, "transshipment", steel));
            // A format route: its own parameters go to the format, the priority to the job.
            var high = await SubmitAsync(api, BatchKey, "nurse-scheduling/nrp?timeLimitSeconds=1&workers=1&priority=high", nrp, "text/plain");
            var planner = await SubmitAsync(api, PlannerKey, "transshipment?priority=normal", steel);
            var capped = new[] { await SubmitAsync(api, CappedKey, "transshipment", steel), await SubmitAsync(api, CappedKey, "transshipment", steel) };

            using (var refused = await PostAsync(api, CappedKey, "transshipment", steel, "application/json"))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
                Assert.Contains("MaxQueued = 2", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            Assert.Equal(2, (await ListAsync(api, CappedKey, "?status=queued")).Count);
            using (var bad = await PostAsync(api, PlannerKey, "transshipment?priority=urgent", steel, "application/json"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
                Assert.Contains("priority", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
            var highView = await GetAsync(api, BatchKey, high);
            Assert.Equal("high", highView["priority"]!.GetValue<string>());
            Assert.Equal([high], (await ListAsync(api, BatchKey, "?priority=high")).Select(j => j["id"]!.GetValue<Guid>()));

            var all = new[] { blocker, low, high }.Concat(backlog).ToList();
            var jobs = new Dictionary<Guid, JsonObject>();
            foreach (var id in all) jobs[id] = await WaitAsync(api, BatchKey, id);
            jobs[planner] = await WaitAsync(api, PlannerKey, planner);
            foreach (var id in capped) jobs[id] = await WaitAsync(api, CappedKey, id);
            Assert.All(jobs.Values, job => Assert.Equal("succeeded", job["status"]!.GetValue<string>()));

            // One slot, so the jobs ran one after another: their start order is the claim order.
            var started = jobs.OrderBy(j => j.Value["startedAt"]!.GetValue<DateTimeOffset>()).ThenBy(j => j.Value["finishedAt"]!.GetValue<DateTimeOffset>())
                .Select(j => j.Key).ToList();
            // high first (priority); then among normal jobs the keys that have not started a job yet, oldest
            // first (planner, capped), then round robin between batch and capped; low last.
            Guid[] expected = [blocker, high, planner, capped[0], backlog[0], capped[1], .. backlog.Skip(1), low];
            Assert.Equal(expected, started);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AWorkerKilledWhileRunningAKeysOnlyAllowedJob_GivesTheSlotBackAfterTheLease()
    {
        var settings = Keys(cappedMaxRunning: 1);
        settings["Jobs:Lease"] = "00:00:03";
        settings["Jobs:RecoveryInterval"] = "00:00:00.500";
        await using var api = await SharedMode.StartApiAsync(database, settings);
        var doomed = await SharedMode.StartWorkerAsync(database, workerCount: 1, settings);
        var nrp = SharedFixtures.Read("nrp", "Instance6.txt");
        var first = await SubmitAsync(api, CappedKey, "nurse-scheduling/nrp?timeLimitSeconds=3&workers=1", nrp, "text/plain");
        await WaitUntilRunningAsync(api, first, CappedKey);
        // Killed only once its first start is in the job's log: the worker claims the job (status running) and
        // then reads the problem before the "started on" line is written.
        var startDeadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await SharedMode.GetStartsAsync(new JobClient(WithKey(api, CappedKey)), first)).Count == 0)
        {
            Assert.True(DateTime.UtcNow < startDeadline, $"job {first} logged no start within 60 s");
            await Task.Delay(50);
        }
        var second = await SubmitAsync(api, CappedKey, "transshipment", SharedFixtures.Read("seed", "american-steel.json"));

        await doomed.KillAsync();
        var killed = DateTimeOffset.UtcNow;
        await using var survivor = await SharedMode.StartWorkerAsync(database, workerCount: 2, settings);

        var firstJob = await WaitAsync(api, CappedKey, first);
        var secondJob = await WaitAsync(api, CappedKey, second);
        Assert.Equal("succeeded", firstJob["status"]!.GetValue<string>());
        Assert.Equal("succeeded", secondJob["status"]!.GetValue<string>());
        Assert.Equal(15005, secondJob["objective"]!.GetValue<double>(), 6);
        // The dead worker's run kept the key's one slot until its lease ran out, then was taken over (second start);
        // the key's other job waited for it although the new worker had a free slot all along.
        var starts = await SharedMode.GetStartsAsync(new JobClient(WithKey(api, CappedKey)), first);
        Assert.Equal([1, 2], starts.Select(s => s.Attempt));
        Assert.True(starts[1].Time >= killed + TimeSpan.FromSeconds(2), $"taken over {starts[1].Time - killed} after the kill, before the 3 s lease ran out");
        Assert.True(secondJob["startedAt"]!.GetValue<DateTimeOffset>() >= firstJob["finishedAt"]!.GetValue<DateTimeOffset>(),
            "the key's second job started while its first was still running (MaxRunning 1)");
    }

    private static HttpClient WithKey(ServiceProcess service, string key)
    {
        var client = new HttpClient { BaseAddress = service.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static async Task<HttpResponseMessage> PostAsync(ServiceProcess service, string key, string route, string body, string contentType)
    {
        using var client = WithKey(service, key);
        return await client.PostAsync("/api/v1/jobs/" + route, new StringContent(body, Encoding.UTF8, contentType));
    }

    private static async Task<Guid> SubmitAsync(ServiceProcess service, string key, string route, string body, string contentType = "application/json")
    {
        using var response = await PostAsync(service, key, route, body, contentType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{route}: expected 202, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["id"]!.GetValue<Guid>();
    }

    private static async Task<JsonObject> GetAsync(ServiceProcess service, string key, Guid id, int waitSeconds = 0)
    {
        using var client = WithKey(service, key);
        return (await client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}?waitSeconds={waitSeconds}"))!;
    }

    private static async Task<List<JsonObject>> ListAsync(ServiceProcess service, string key, string query)
    {
        using var client = WithKey(service, key);
        return (await client.GetFromJsonAsync<JsonArray>("/api/v1/jobs" + query))!.Select(j => j!.AsObject()).ToList();
    }

    private static async Task<JsonObject> WaitAsync(ServiceProcess service, string key, Guid id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var job = await GetAsync(service, key, id, waitSeconds: 10);
            if (job["status"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled" || DateTime.UtcNow > deadline) return job;
        }
    }

    private static async Task WaitUntilRunningAsync(ServiceProcess service, Guid id, string key = BatchKey)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await GetAsync(service, key, id))["status"]!.GetValue<string>() == "queued")
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {id} did not start within 60 s");
            await Task.Delay(50);
        }
    }
}
