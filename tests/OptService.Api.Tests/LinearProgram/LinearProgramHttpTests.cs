using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;
using OptService.Problems.Tests.LinearProgram;

namespace OptService.Api.Tests.LinearProgram;

/// <summary>
/// Every shared Netlib and MIPLIB file through the real HTTP API (MPS route), with auto and two other
/// backends each: LPs to 1e-8 relative of the published value with duals that pass an independent
/// optimality check (OR-Tools' MPS reader, not ours, supplies the data), MIPs to the published value.
/// </summary>
public sealed class LinearProgramHttpTests : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client;

    public LinearProgramHttpTests(ServiceFactory factory) => _client = new JobClient(factory.CreateClient());

    public static TheoryData<string, double> Netlib => FixtureOptima.Netlib;
    public static TheoryData<string, double> Miplib => FixtureOptima.Miplib;

    [Theory]
    [MemberData(nameof(Netlib))]
    public async Task NetlibLp_ReachesThePublishedOptimum_WithAutoCbcAndHighs_AndGlopDualsPassTheKktCheck(string file, double optimum)
    {
        var text = SharedFixtures.Read("netlib", file);
        var check = KktCheck.FromMps(text);
        foreach (var solver in new[] { "auto", "cbc", "highs" })
        {
            var (job, result) = await SolveMpsAsync(text, $"solver={solver}");
            Assert.Equal("optimal", job["outcome"]!.GetValue<string>());
            var objective = result["objective"]!.GetValue<double>();
            Assert.True(Math.Abs(objective - optimum) <= 1e-8 * Math.Abs(optimum), $"{file} with {solver}: {objective}, published {optimum}");
            var x = result["variables"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!["value"]!.GetValue<double>());
            Assert.Equal(check.VariableNames, x.Keys); // every column, in file order
            Assert.Equal(objective, check.Objective(x), 1e-9 * Math.Abs(optimum));
            if (solver == "highs") continue; // OR-Tools 9.15 returns no usable HiGHS duals (see docs)
            var constraints = result["constraints"]!.AsArray();
            check.AssertOptimal(x,
                constraints.ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["dual"]!.GetValue<double>()),
                result["variables"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>(), v => v!["reducedCost"]!.GetValue<double>()),
                1e-7);
        }
    }

    [Theory]
    [MemberData(nameof(Miplib))]
    public async Task MiplibMip_ReachesThePublishedOptimum_WithAutoCbcAndHighs(string file, double optimum)
    {
        var text = SharedFixtures.Read("miplib", file);
        var integer = KktCheck.FromMps(text).IsInteger;
        Assert.Contains(true, integer);
        foreach (var solver in new[] { "auto", "cbc", "highs" })
        {
            var (job, result) = await SolveMpsAsync(text, $"solver={solver}");
            Assert.Equal("optimal", job["outcome"]!.GetValue<string>());
            // The published values carry 4 decimals at most (egout 568.1007).
            Assert.Equal(optimum, result["objective"]!.GetValue<double>(), 5e-5);
            var variables = result["variables"]!.AsArray();
            for (var j = 0; j < variables.Count; j++)
                if (integer[j]) Assert.DoesNotContain(".", variables[j]!["value"]!.ToJsonString(), StringComparison.Ordinal); // integers as integers
        }
    }

    private async Task<(JsonObject Job, JsonNode Result)> SolveMpsAsync(string text, string query)
    {
        using var response = await _client.Http.PostAsync($"/api/v1/jobs/linear-program/mps?{query}", new StringContent(text, Encoding.UTF8, "text/plain"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        var id = JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
        var job = await _client.WaitAsync(id, seconds: 60);
        Assert.True(job["status"]!.GetValue<string>() == "succeeded", job.ToJsonString());
        return (job, await _client.GetResultAsync(id));
    }
}
