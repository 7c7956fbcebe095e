using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.JobsApi;

public sealed class QueueCancellationTests
{
    [Fact]
    public async Task Cancel_QueuedJob_NeverStarts()
    {
        // One worker, busy with a long job: the second job waits in the queue.
        using var factory = ServiceFactory.With(new() { ["Jobs:WorkerCount"] = "1" });
        var client = new JobClient(factory.CreateClient());
        var blocker = await client.SubmitAsync("test-delay", """{ "durationMs": 20000 }""");
        var queued = await client.SubmitAsync("test-delay", """{ "durationMs": 10 }""");

        using var cancel = await client.Http.DeleteAsync($"/api/v1/jobs/{queued}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("cancelled", (await cancel.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());

        using (await client.Http.DeleteAsync($"/api/v1/jobs/{blocker}")) { }
        await client.WaitAsync(blocker);
        var next = await client.SubmitAsync("test-delay", """{ "durationMs": 1 }""");
        await client.WaitAsync(next); // the worker is free again and has drained the queue

        var job = await client.GetJobAsync(queued);
        Assert.Equal("cancelled", job["status"]!.GetValue<string>());
        Assert.Null(job["startedAt"]);
        Assert.Equal(0, job["attempts"]!.GetValue<int>());
        var messages = (await client.GetLogLinesAsync(queued)).Select(l => l!["message"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain(messages, m => m.StartsWith("started", StringComparison.Ordinal));
        Assert.Equal("cancelled before it started", messages[^1]);
        using var result = await client.Http.GetAsync($"/api/v1/jobs/{queued}/result");
        Assert.Equal(HttpStatusCode.Conflict, result.StatusCode);
    }
}
