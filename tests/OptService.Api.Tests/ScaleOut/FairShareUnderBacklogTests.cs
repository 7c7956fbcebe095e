using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs.Tests.Infrastructure;
using OptService.Problems.Tests;
using Xunit.Abstractions;

namespace OptService.Api.Tests.ScaleOut;

/// <summary>
/// Fair share at scale, with real service processes on both storages and two worker slots: a key with 5,000
/// jobs queued (American Steel, submitted in bulk over HTTP while two long jobs hold the slots) delays another
/// key's single job by at most one job per slot. The backlog is already flowing when the other key submits:
/// of the backlog's jobs, at most one per slot may start between that job's acceptance (202) and its start.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class FairShareUnderBacklogTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int Backlog = 5000;
    private const int Slots = 2;
    private const string BatchKey = "batch-key-0123456789";
    private const string PlannerKey = "planner-key-0123456789";

    [Theory]
    [InlineData("embedded")]
    [InlineData("postgresql")]
    public async Task AKeysSingleJob_StartsAfterAtMostOneBacklogJobPerSlot(string storage)
    {
        var settings = new Dictionary<string, string>
        {
            ["Auth:ApiKeys:0:Name"] = "batch", ["Auth:ApiKeys:0:Key"] = BatchKey,
            ["Auth:ApiKeys:1:Name"] = "planner", ["Auth:ApiKeys:1:Key"] = PlannerKey,
            ["Jobs:WorkerCount"] = Slots.ToString(CultureInfo.InvariantCulture),
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        var folder = Path.Combine(Path.GetTempPath(), "optservice-backlog-" + Guid.NewGuid().ToString("N"));
        settings["Jobs:DataDirectory"] = folder;
        await using var api = storage == "embedded" ? await ServiceProcess.StartAsync(settings) : await SharedMode.StartApiAsync(database, settings);
        await using var worker = storage == "embedded" ? null : await SharedMode.StartWorkerAsync(database, Slots, settings);
        using var batch = WithKey(api, BatchKey);
        using var planner = WithKey(api, PlannerKey);
        try
        {
            var steel = SharedFixtures.Read("seed", "american-steel.json");
            var nrp = SharedFixtures.Read("nrp", "Instance6.txt");
            var blockers = new List<Guid>();
            for (var i = 0; i < Slots; i++)
                blockers.Add((await SubmitAsync(batch, "nurse-scheduling/nrp?timeLimitSeconds=300&workers=1", nrp, "text/plain")).Id);
            foreach (var blocker in blockers) await WaitUntilStartedAsync(batch, blocker);

            // The backlog, in bulk: 16 clients at once. The slots are held, so all of it stays queued.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var backlog = new ConcurrentBag<(Guid Id, DateTimeOffset CreatedAt)>();
            await Parallel.ForEachAsync(Enumerable.Range(0, Backlog), new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (_, _) => backlog.Add(await SubmitAsync(batch, "transshipment", steel, "application/json")));
            var submitSeconds = clock.Elapsed.TotalSeconds;
            // One key, one priority: its jobs start oldest first (created_at, then id).
            var inOrder = backlog.OrderBy(j => j.CreatedAt).ThenBy(j => j.Id.ToString("D"), StringComparer.Ordinal).Select(j => j.Id).ToList();

            foreach (var blocker in blockers) (await batch.DeleteAsync($"/api/v1/jobs/{blocker}")).Dispose();
            // The backlog flows: both slots run its jobs one after another.
            await WaitUntilStartedAsync(batch, inOrder[100]);

            var single = (await SubmitAsync(planner, "transshipment", steel, "application/json")).Id;
            // From its 202 on, the job is committed and visible to every claim (createdAt is taken before the
            // admission's commit, and slots may run a few tiny jobs while that commit waits for the disk).
            var accepted = DateTimeOffset.UtcNow;
            var job = await WaitTerminalAsync(planner, single);
            Assert.Equal("succeeded", job["status"]!.GetValue<string>());
            Assert.Equal(15005, job["objective"]!.GetValue<double>(), 6);
            var started = job["startedAt"]!.GetValue<DateTimeOffset>();

            // Backlog jobs that started while the single job waited. They start in age order (up to the slots'
            // concurrent claims), so they sit around the first one that started after the single job's 202.
            var first = await FirstStartedAfterAsync(batch, inOrder, accepted);
            var window = inOrder.Skip(Math.Max(0, first - 20)).Take(80).ToList();
            var startsInWindow = new List<DateTimeOffset?>();
            foreach (var id in window) startsInWindow.Add(await StartedAtAsync(batch, id));
            var overtaking = startsInWindow.Count(s => s > accepted && s < started);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{storage}: {Backlog} jobs submitted in {submitSeconds:F1} s; the single job started {(started - accepted).TotalMilliseconds:F0} ms after its 202, " +
                $"during which {overtaking} backlog jobs started; load average {File.ReadAllText("/proc/loadavg").Trim()}"));
            Assert.True(overtaking <= Slots, $"{overtaking} of the backlog's jobs started between the single job's 202 and its start");
            Assert.True(startsInWindow.Any(s => s is null || s > started), "the backlog had drained before the single job started: nothing was shown");
        }
        finally
        {
            await api.KillAsync();
            if (worker is not null) await worker.KillAsync();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Index of the first job (in start order) that started after <paramref name="time"/> or has not started: a binary search.</summary>
    private static async Task<int> FirstStartedAfterAsync(HttpClient client, List<Guid> inOrder, DateTimeOffset time)
    {
        int low = 0, high = inOrder.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (await StartedAtAsync(client, inOrder[middle]) is { } at && at <= time) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    private static async Task<DateTimeOffset?> StartedAtAsync(HttpClient client, Guid id)
    {
        var job = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}"))!;
        return job["startedAt"]?.GetValue<DateTimeOffset>();
    }

    private static HttpClient WithKey(ServiceProcess service, string key)
    {
        var client = new HttpClient { BaseAddress = service.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static async Task<(Guid Id, DateTimeOffset CreatedAt)> SubmitAsync(HttpClient client, string route, string body, string contentType)
    {
        using var response = await client.PostAsync("/api/v1/jobs/" + route, new StringContent(body, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{route}: expected 202, got {(int)response.StatusCode}: {text}");
        var job = JsonNode.Parse(text)!;
        return (job["id"]!.GetValue<Guid>(), job["createdAt"]!.GetValue<DateTimeOffset>());
    }

    private static async Task<JsonObject> WaitTerminalAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var job = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}?waitSeconds=10"))!;
            if (job["status"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled" || DateTime.UtcNow > deadline) return job;
        }
    }

    private static async Task WaitUntilStartedAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (await StartedAtAsync(client, id) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, $"job {id} did not start within 120 s");
            await Task.Delay(50);
        }
    }
}
