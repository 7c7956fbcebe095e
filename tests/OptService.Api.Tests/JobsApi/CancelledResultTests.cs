using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Kinds;
using OptService.Problems.Tests;
using OptService.Problems.Transshipment;

namespace OptService.Api.Tests.JobsApi;

/// <summary>
/// <c>GET /jobs/{id}/result</c> of a job cancelled mid-run before any solution: every kind then returns an empty
/// result (outcome notSolved), which was served as a 200. It is a 409 with the reason, as for a job cancelled while queued.
/// </summary>
public sealed class CancelledResultTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client = new(factory.CreateClient());

    [Fact]
    public async Task CancelledMidRun_WithoutASolution_ResultIs409WithTheReason_AndNoIncumbent()
    {
        var id = await _client.SubmitAsync("test-delay", """{ "durationMs": 20000, "noSolutionWhenCancelled": true }""");
        var view = await CancelWhenRunningAsync(id);
        Assert.Equal("notSolved", view["outcome"]!.GetValue<string>());

        using var result = await _client.Http.GetAsync($"/api/v1/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.Conflict, result.StatusCode);
        var problem = await JobClient.ReadProblemAsync(result);
        Assert.Equal("The job has no result", problem["title"]!.GetValue<string>());
        Assert.Contains("cancelled before a solution was found", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("cancelled", problem["jobStatus"]!.GetValue<string>());

        using var incumbent = await _client.Http.GetAsync($"/api/v1/jobs/{id}/incumbent");
        Assert.Equal(HttpStatusCode.NotFound, incumbent.StatusCode);
        await JobClient.ReadProblemAsync(incumbent);
    }

    [Fact]
    public async Task CancelledMidRun_WithASolution_ResultIsTheSolution()
    {
        var id = await _client.SubmitAsync("test-delay", """{ "durationMs": 20000 }""");
        var view = await CancelWhenRunningAsync(id);
        Assert.Equal("feasible", view["outcome"]!.GetValue<string>());
        Assert.True((await _client.GetResultAsync(id))["interrupted"]!.GetValue<bool>());
    }

    [Fact]
    public async Task LunarLanding_CancelledInTheFirstIterations_ResultIs409()
    {
        var problem = JsonNode.Parse(SharedFixtures.Read("seed", "lunar-seed.json"))!.AsObject();
        problem["discretization"]!["intervals"] = 50_000; // 6 s of interior-point iterations, far from feasible at first
        var id = await _client.SubmitAsync("lunar-landing", problem.ToJsonString());
        var view = await CancelWhenRunningAsync(id);
        Assert.Equal("notSolved", view["outcome"]!.GetValue<string>());
        await AssertNoResultAsync(id);
    }

    [Fact]
    public async Task Transshipment_CancelledBeforeScipFindsAFlow_ResultIs409()
    {
        var network = TransshipmentGenerator.Generate(10_000, 100_000, seed: 1) with
        {
            Options = new TransshipmentOptions { Solver = TransshipmentMethod.Scip }, // about 10 s on this network
        };
        var id = await _client.SubmitAsync("transshipment", JsonSerializer.Serialize(network, JobJson.Options));
        var view = await CancelWhenRunningAsync(id);
        Assert.Equal("notSolved", view["outcome"]!.GetValue<string>());
        await AssertNoResultAsync(id);
    }

    private async Task AssertNoResultAsync(Guid id)
    {
        using var result = await _client.Http.GetAsync($"/api/v1/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.Conflict, result.StatusCode);
        var problem = await JobClient.ReadProblemAsync(result);
        Assert.StartsWith("The job was cancelled before a solution was found", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("notSolved", problem["outcome"]!.GetValue<string>());
    }

    /// <summary>Cancels the job as soon as it runs and waits for it to end; returns its final view.</summary>
    private async Task<JsonObject> CancelWhenRunningAsync(Guid id)
    {
        for (var i = 0; i < 1000 && (await _client.GetJobAsync(id))["status"]!.GetValue<string>() == "queued"; i++) await Task.Delay(10);
        using (var cancel = await _client.Http.DeleteAsync($"/api/v1/jobs/{id}"))
            Assert.True(cancel.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, $"cancel answered {(int)cancel.StatusCode}");
        var view = await _client.WaitAsync(id, seconds: 30);
        Assert.Equal("cancelled", view["status"]!.GetValue<string>());
        return view;
    }
}
