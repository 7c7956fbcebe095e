using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.LunarLanding;

/// <summary>The lunar-landing seed through the real HTTP API.</summary>
public sealed class LunarLandingHttpTests : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client;

    public LunarLandingHttpTests(ServiceFactory factory) => _client = new JobClient(factory.CreateClient());

    [Fact]
    public async Task Seed_ReproducesTheReferenceFuel_WithThePublishedSizes_AndFiles()
    {
        var id = await _client.SubmitAsync("lunar-landing", SharedFixtures.Read("seed", "lunar-seed.json"));
        var job = await _client.WaitAsync(id, seconds: 60);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal("optimal", job["outcome"]!.GetValue<string>());

        var result = await _client.GetResultAsync(id);
        Assert.Equal(4170.2822027548, result["fuel"]!.GetValue<double>(), 4170.2822027548 * 1e-6);
        Assert.Equal(201, result["variables"]!.GetValue<int>());
        Assert.Equal(151, result["equalityConstraints"]!.GetValue<int>());
        Assert.Equal(518.05, result["finalTime"]!.GetValue<double>(), 0.01);
        Assert.NotEmpty(result["trajectory"]!.AsArray());

        var names = (await _client.Http.GetFromJsonAsync<JsonArray>($"/api/v1/jobs/{id}/artifacts"))!.Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("trajectory.csv", names);
        Assert.Contains("trajectory.svg", names);
        var svg = await _client.Http.GetStringAsync($"/api/v1/jobs/{id}/artifacts/trajectory.svg");
        Assert.StartsWith("<svg", svg.TrimStart(), StringComparison.Ordinal);

        // One log line per interior-point iteration, as interior-point solvers print them.
        var iterations = result["iterations"]!.GetValue<int>();
        var log = (await _client.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()).ToList();
        Assert.True(log.Count >= iterations, $"{log.Count} log lines for {iterations} iterations");
    }

    [Fact]
    public async Task InvalidVehicle_Is400_NamingEachField()
    {
        var seed = JsonNode.Parse(SharedFixtures.Read("seed", "lunar-seed.json"))!.AsObject();
        seed["vehicle"]!["maxThrust"] = 0;
        seed["vehicle"]!["dryMass"] = -1;
        using var response = await _client.SubmitRawAsync("lunar-landing", seed.ToJsonString());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JobClient.ReadProblemAsync(response))["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("$.vehicle.maxThrust", errors);
        Assert.Contains("$.vehicle.dryMass", errors);
    }
}
