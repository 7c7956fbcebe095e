using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.Transshipment;

/// <summary>
/// model.lp and model.mps are listed from the start and written from the stored problem at their first download;
/// flows.csv likewise from the stored result, once there is a solution.
/// </summary>
public sealed class OnDemandModelFileTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client = new(factory.CreateClient());

    [Fact]
    public async Task ModelFiles_AreListedUnwritten_ThenWrittenOnceAtTheFirstDownload()
    {
        var id = await _client.SubmitAsync("transshipment", SharedFixtures.Read("seed", "american-steel.json"));
        await _client.WaitAsync(id);

        var before = await ListAsync(id);
        Assert.Equal(["flows.csv", "model.lp", "model.mps"], before.Keys.Order(StringComparer.Ordinal));
        Assert.Null(before["model.lp"]["size"]?.GetValue<long>());
        Assert.Null(before["model.mps"]["createdAt"]);
        Assert.Null(before["flows.csv"]["size"]?.GetValue<long>());

        var first = await _client.Http.GetByteArrayAsync($"/api/v1/jobs/{id}/artifacts/model.lp");
        var second = await _client.Http.GetByteArrayAsync($"/api/v1/jobs/{id}/artifacts/model.lp");
        Assert.Equal(first, second);

        var after = await ListAsync(id);
        Assert.Equal(first.Length, after["model.lp"]["size"]!.GetValue<long>());
        Assert.NotNull(after["model.lp"]["createdAt"]);
        Assert.Null(after["model.mps"]["size"]?.GetValue<long>());

        using var missing = await _client.Http.GetAsync($"/api/v1/jobs/{id}/artifacts/model.nl");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // flows.csv comes from the stored result: one line per arc with the optimal flow; they cost 15005 in all.
        var csv = (await _client.Http.GetStringAsync($"/api/v1/jobs/{id}/artifacts/flows.csv")).TrimEnd('\n').Split('\n');
        Assert.Equal("from,to,flow,cost,minFlow,maxFlow", csv[0]);
        var problem = JsonNode.Parse(SharedFixtures.Read("seed", "american-steel.json"))!;
        Assert.Equal(problem["arcs"]!.AsArray().Count, csv.Length - 1);
        var total = csv.Skip(1).Select(line => line.Split(',')).Sum(f => double.Parse(f[2], CultureInfo.InvariantCulture) * double.Parse(f[3], CultureInfo.InvariantCulture));
        Assert.Equal(15005, total, 6);
    }

    [Fact]
    public async Task FlowsCsv_IsNotListed_ForAnInfeasibleNetwork()
    {
        var infeasible = """{"nodes":[{"id":"a","supply":1},{"id":"b","demand":5}],"arcs":[{"from":"a","to":"b","cost":1}]}""";
        var id = await _client.SubmitAsync("transshipment", infeasible);
        var job = await _client.WaitAsync(id);
        Assert.Equal("infeasible", job["outcome"]!.GetValue<string>());
        Assert.Equal(["model.lp", "model.mps"], (await ListAsync(id)).Keys.Order(StringComparer.Ordinal));
        using var none = await _client.Http.GetAsync($"/api/v1/jobs/{id}/artifacts/flows.csv");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    private async Task<Dictionary<string, JsonNode>> ListAsync(Guid id) =>
        (await _client.Http.GetFromJsonAsync<JsonArray>($"/api/v1/jobs/{id}/artifacts"))!
            .ToDictionary(a => a!["name"]!.GetValue<string>(), a => a!);
}
