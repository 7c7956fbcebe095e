using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.JobsApi;

public sealed class RetentionTests
{
    [Fact]
    public async Task Purge_RemovesAFinishedJobAtOnce_AndRefusesARunningOne()
    {
        using var factory = new ServiceFactory();
        var client = new JobClient(factory.CreateClient());
        var finished = await client.SubmitAsync("test-delay", """{ "durationMs": 1 }""");
        await client.WaitAsync(finished);
        var running = await client.SubmitAsync("test-delay", """{ "durationMs": 30000 }""");
        Assert.Equal("running", (await client.WaitForStatusAsync(running, "running"))["status"]!.GetValue<string>());

        using (var refused = await client.Http.DeleteAsync($"/api/v1/jobs/{running}?purge=true"))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("cancel it first", (await JobClient.ReadProblemAsync(refused))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        using (var purge = await client.Http.DeleteAsync($"/api/v1/jobs/{finished}?purge=true"))
        {
            Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
            Assert.Empty(await purge.Content.ReadAsByteArrayAsync());
        }

        foreach (var path in new[] { "", "/result", "/logs", "/artifacts", "/artifacts/out.txt" })
        {
            using var gone = await client.Http.GetAsync($"/api/v1/jobs/{finished}{path}");
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        using (var again = await client.Http.DeleteAsync($"/api/v1/jobs/{finished}?purge=true"))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("running", (await client.GetJobAsync(running))["status"]!.GetValue<string>());
        using (await client.Http.DeleteAsync($"/api/v1/jobs/{running}")) { }
    }

    [Fact]
    public async Task RetentionSweep_DeletesJobsThatFinishedLongerAgoThanTheRetention()
    {
        using var factory = ServiceFactory.With(new()
        {
            ["Jobs:Retention"] = "00:00:01",
            ["Jobs:RetentionSweepInterval"] = "00:00:00.200",
        });
        var client = new JobClient(factory.CreateClient());
        var finished = await client.SubmitAsync("test-delay", """{ "durationMs": 1 }""");
        await client.WaitAsync(finished);
        var running = await client.SubmitAsync("test-delay", """{ "durationMs": 30000 }""");
        Assert.Equal("running", (await client.WaitForStatusAsync(running, "running"))["status"]!.GetValue<string>());

        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpStatusCode status;
        do
        {
            await Task.Delay(200);
            using var response = await client.Http.GetAsync($"/api/v1/jobs/{finished}");
            status = response.StatusCode;
        }
        while (status == HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.NotFound, status);
        // Unfinished jobs are never swept, however old.
        Assert.Equal("running", (await client.GetJobAsync(running))["status"]!.GetValue<string>());
        var list = (await client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs"))!;
        Assert.Equal([running], list.Select(j => j!["id"]!.GetValue<Guid>()));
        using (await client.Http.DeleteAsync($"/api/v1/jobs/{running}")) { }
    }
}
