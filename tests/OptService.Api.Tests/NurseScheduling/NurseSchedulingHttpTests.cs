using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.NurseScheduling;

/// <summary>Nurse scheduling through the real HTTP API: the JSON seed and the benchmark text format.</summary>
public sealed class NurseSchedulingHttpTests : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client;

    public NurseSchedulingHttpTests(ServiceFactory factory) => _client = new JobClient(factory.CreateClient());

    [Fact]
    public async Task Seed_EnumeratesAll5184Rosters_AndReturnsTheFirstFive()
    {
        var id = await _client.SubmitAsync("nurse-scheduling", SharedFixtures.Read("seed", "nurses-seed.json"));
        var job = await _client.WaitAsync(id, seconds: 120);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        var result = await _client.GetResultAsync(id);
        Assert.Equal(5184, result["solutionCount"]!.GetValue<long>());
        Assert.True(result["countComplete"]!.GetValue<bool>());
        var rosters = result["rosters"]!.AsArray();
        Assert.Equal(5, rosters.Count);
        foreach (var roster in rosters)
        {
            var assignments = roster!["assignments"]!.AsArray();
            Assert.Equal(9, assignments.Count); // 3 days × 3 shifts, one nurse each
            Assert.Equal(9, assignments.Select(a => (a!["day"]!.GetValue<int>(), a["shift"]!.GetValue<string>())).Distinct().Count());
        }
    }

    [Fact]
    public async Task NrpTextRoute_SolvesInstance1_ToItsOptimum607()
    {
        using var response = await _client.Http.PostAsync("/api/v1/jobs/nurse-scheduling/nrp?timeLimitSeconds=60&workers=2",
            new StringContent(SharedFixtures.Read("nrp", "Instance1.txt"), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var job = await _client.WaitAsync(id, seconds: 120);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal("optimal", job["outcome"]!.GetValue<string>());
        Assert.Equal(607, job["objective"]!.GetValue<double>());
        var names = (await _client.Http.GetFromJsonAsync<JsonArray>($"/api/v1/jobs/{id}/artifacts"))!.Select(a => a!["name"]!.GetValue<string>());
        Assert.Contains("roster.csv", names);
        var log = string.Join('\n', (await _client.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()));
        Assert.Contains("objective 607", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NrpTextRoute_MalformedInstance_Is400NamingTheLine_AndQueuesNothing()
    {
        var text = SharedFixtures.Read("nrp", "Instance1.txt").Replace("SECTION_HORIZON\n", "SECTION_HORIZON\n# x\nfourteen\n", StringComparison.Ordinal);
        var before = (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count;
        using var response = await _client.Http.PostAsync("/api/v1/jobs/nurse-scheduling/nrp",
            new StringContent(text, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JobClient.ReadProblemAsync(response))["errors"]!.AsObject();
        Assert.Contains(errors, e => e.Key.StartsWith("line ", StringComparison.Ordinal));
        Assert.Equal(before, (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count);

        using var badQuery = await _client.Http.PostAsync("/api/v1/jobs/nurse-scheduling/nrp?workers=-3",
            new StringContent(SharedFixtures.Read("nrp", "Instance1.txt"), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        Assert.Contains(( await JobClient.ReadProblemAsync(badQuery))["errors"]!.AsObject(), e => e.Key.Contains("workers", StringComparison.Ordinal));
    }
}
