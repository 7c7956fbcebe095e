using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.MemoryBudget;

/// <summary>
/// The job memory budget with the real service process: a roster whose estimate is over the limit is refused
/// at submission (400 with both figures); one that was admitted under a larger budget and then grows past
/// the limit is stopped and fails with the reason, while the same process goes on serving other jobs.
/// </summary>
public sealed class MemoryBudgetProcessTests : IDisposable
{
    private const int NurseLimitMb = 40;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "optservice-memory", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task OverBudgetRoster_IsRefusedAtSubmission_OrStoppedWhileTheWorkerServesOn()
    {
        // Instance23: 364 days, 100 staff, 16 shift types (582,400 assignment variables).
        var instance = SharedFixtures.Read("nrp-large", "Instance23.txt");
        var settings = new Dictionary<string, string>
        {
            ["Jobs:DataDirectory"] = _dataDirectory,
            ["Jobs:WorkerCount"] = "1",
        };
        Guid bigId;
        // Admitted under the default budget; the process is killed once it runs (as a change of
        // configuration between submission and run would leave it), so that it runs again under a smaller one.
        await using (var first = await ServiceProcess.StartAsync(settings))
        {
            var client = new JobClient(first.Client);
            bigId = await SubmitRosterAsync(client, instance, HttpStatusCode.Accepted);
            await WaitForStatusAsync(client, bigId, "running");
            await first.KillAsync();
        }

        settings["Jobs:MaxJobMemoryMBByKind:nurse-scheduling"] = NurseLimitMb.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var second = await ServiceProcess.StartAsync(settings);
        var restarted = new JobClient(second.Client);

        using (var refused = await PostRosterAsync(restarted, instance))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var detail = await refused.Content.ReadAsStringAsync();
            Assert.Matches(@"solving it would take about \d+ MB of memory, and the limit per nurse-scheduling job is 40 MB \(Jobs:MaxJobMemoryMBByKind:nurse-scheduling\)", detail);
        }

        var stopped = await restarted.WaitAsync(bigId, seconds: 120);
        Assert.Equal("failed", stopped["status"]!.GetValue<string>());
        Assert.Contains("grew past its memory limit", stopped["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains($"the limit is {NurseLimitMb} MB", stopped["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(second.HasExited);

        // The same process, with the same single worker, serves the next job.
        var next = await restarted.SubmitAsync("transshipment", SharedFixtures.Read("seed", "american-steel.json"));
        var done = await restarted.WaitAsync(next, seconds: 60);
        Assert.Equal("succeeded", done["status"]!.GetValue<string>());
        Assert.Equal(15005, done["objective"]!.GetValue<double>(), 6);
        Assert.False(second.HasExited);
    }

    private static Task<HttpResponseMessage> PostRosterAsync(JobClient client, string instance) =>
        client.Http.PostAsync("/api/v1/jobs/nurse-scheduling/nrp?timeLimitSeconds=60&workers=1",
            new StringContent(instance, Encoding.UTF8, "text/plain"));

    private static async Task<Guid> SubmitRosterAsync(JobClient client, string instance, HttpStatusCode expected)
    {
        using var response = await PostRosterAsync(client, instance);
        Assert.Equal(expected, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    private static async Task WaitForStatusAsync(JobClient client, Guid id, string status)
    {
        for (var i = 0; i < 600; i++)
        {
            if ((await client.GetJobAsync(id))["status"]!.GetValue<string>() == status) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"job {id} never became {status}");
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { /* nothing was written */ }
    }
}
