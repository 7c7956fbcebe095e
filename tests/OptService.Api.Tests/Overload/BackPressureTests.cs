using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.Overload;

public sealed class BackPressureTests
{
    [Fact]
    public async Task Submit_BeyondMaxQueueLength_Gets429WithRetryAfter_AndCreatesNothing()
    {
        // One worker held by a long job; three more may wait.
        using var factory = ServiceFactory.With(new()
        {
            ["Jobs:WorkerCount"] = "1",
            ["Jobs:MaxQueueLength"] = "3",
            ["Jobs:QueueFullRetryAfter"] = "00:00:07",
        });
        var client = new JobClient(factory.CreateClient());
        var blocker = await client.SubmitAsync("test-delay", """{ "durationMs": 30000 }""");
        await WaitUntilRunningAsync(client, blocker);
        var waiting = new List<Guid>();
        for (var i = 0; i < 3; i++) waiting.Add(await client.SubmitAsync("test-delay", """{ "durationMs": 1 }"""));

        // Concurrent refusals: none of them may slip in.
        var refused = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.SubmitRawAsync("test-delay", """{ "durationMs": 1 }""")));

        foreach (var response in refused)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
            var problem = await JobClient.ReadProblemAsync(response);
            Assert.Contains("Jobs:MaxQueueLength = 3", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            response.Dispose();
        }
        var jobs = (await client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=100"))!;
        Assert.Equal(4, jobs.Count);

        // Room again once the queue drains.
        using (await client.Http.DeleteAsync($"/api/v1/jobs/{blocker}")) { }
        foreach (var id in waiting) Assert.Equal("succeeded", (await client.WaitAsync(id))["status"]!.GetValue<string>());
        await client.SubmitAsync("test-delay", """{ "durationMs": 1 }""");
    }

    private static async Task WaitUntilRunningAsync(JobClient client, Guid id)
    {
        for (var i = 0; i < 200 && (await client.GetJobAsync(id))["status"]!.GetValue<string>() != "running"; i++) await Task.Delay(25);
    }
}
