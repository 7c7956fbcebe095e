using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Google.OrTools.ModelBuilder;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.Transshipment;

/// <summary>American Steel through the real HTTP API: what a user does from Swagger UI or curl.</summary>
public sealed class TransshipmentHttpTests : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client;

    public TransshipmentHttpTests(ServiceFactory factory) => _client = new JobClient(factory.CreateClient());

    [Theory]
    [InlineData(null)]
    [InlineData("glop")]
    [InlineData("highs")]
    public async Task AmericanSteel_Solves_To15005_WithConservedFlowAtEveryNode(string? solver)
    {
        var problem = JsonNode.Parse(SharedFixtures.Read("seed", "american-steel.json"))!.AsObject();
        if (solver is not null) problem["options"] = new JsonObject { ["solver"] = solver };
        var id = await _client.SubmitAsync("transshipment", problem.ToJsonString());

        var job = await _client.WaitAsync(id);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal("optimal", job["outcome"]!.GetValue<string>());
        Assert.Equal(15005, job["objective"]!.GetValue<double>(), 6);

        var result = await _client.GetResultAsync(id);
        Assert.Equal(15005, result["objective"]!.GetValue<double>(), 6);
        var arcs = problem["arcs"]!.AsArray();
        var flows = result["flows"]!.AsArray();
        Assert.Equal(arcs.Count, flows.Count);
        var inflow = new Dictionary<string, double>();
        var outflow = new Dictionary<string, double>();
        var cost = 0.0;
        for (var i = 0; i < arcs.Count; i++)
        {
            var arc = arcs[i]!;
            var flow = flows[i]!["flow"]!.GetValue<double>();
            Assert.Equal(arc["from"]!.GetValue<string>(), flows[i]!["from"]!.GetValue<string>());
            Assert.True(flow >= (arc["minFlow"]?.GetValue<double>() ?? 0) - 1e-6, $"arc {i} below its minimum");
            Assert.True(flow <= (arc["maxFlow"]?.GetValue<double>() ?? double.MaxValue) + 1e-6, $"arc {i} above its maximum");
            Assert.Equal(Math.Round(flow), flow, 6); // integerFlows: true
            outflow[arc["from"]!.GetValue<string>()] = outflow.GetValueOrDefault(arc["from"]!.GetValue<string>()) + flow;
            inflow[arc["to"]!.GetValue<string>()] = inflow.GetValueOrDefault(arc["to"]!.GetValue<string>()) + flow;
            cost += flow * arc["cost"]!.GetValue<double>();
        }
        Assert.Equal(15005, cost, 6);
        foreach (var node in problem["nodes"]!.AsArray())
        {
            var nodeId = node!["id"]!.GetValue<string>();
            var supply = node["supply"]?.GetValue<double>() ?? 0;
            var demand = node["demand"]?.GetValue<double>() ?? 0;
            Assert.True(supply + inflow.GetValueOrDefault(nodeId) >= demand + outflow.GetValueOrDefault(nodeId) - 1e-6, $"{nodeId} not conserved");
            var balance = result["nodes"]!.AsArray().Single(n => n!["id"]!.GetValue<string>() == nodeId)!;
            Assert.Equal(inflow.GetValueOrDefault(nodeId), balance["inflow"]!.GetValue<double>(), 6);
            Assert.Equal(outflow.GetValueOrDefault(nodeId), balance["outflow"]!.GetValue<double>(), 6);
        }
        var log = string.Join('\n', (await _client.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()));
        Assert.Contains("method: " + (solver ?? "min-cost-flow"), log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AmericanSteel_LpAndMpsDownloads_AreModelsThatSolveTo15005()
    {
        var id = await _client.SubmitAsync("transshipment", SharedFixtures.Read("seed", "american-steel.json"));
        await _client.WaitAsync(id);
        var names = (await _client.Http.GetFromJsonAsync<JsonArray>($"/api/v1/jobs/{id}/artifacts"))!
            .Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("model.lp", names);
        Assert.Contains("model.mps", names);

        using var lpResponse = await _client.Http.GetAsync($"/api/v1/jobs/{id}/artifacts/model.lp");
        Assert.Equal(HttpStatusCode.OK, lpResponse.StatusCode);
        Assert.Equal("model.lp", lpResponse.Content.Headers.ContentDisposition?.FileNameStar ?? lpResponse.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lp = Encoding.UTF8.GetString(await lpResponse.Content.ReadAsByteArrayAsync());
        var mps = await _client.Http.GetStringAsync($"/api/v1/jobs/{id}/artifacts/model.mps");
        // OR-Tools' LP reader is not in the .NET build; the LP text is checked here and read back by the
        // kind's own tests, and the MPS file is solved again by OR-Tools.
        Assert.Contains("Minimize", lp, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Subject To", lp, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("b_Houston:", lp, StringComparison.Ordinal);
        var model = new Model();
        Assert.True(model.ImportFromMpsString(mps));
        var solver = new Solver("scip");
        Assert.Equal(SolveStatus.OPTIMAL, solver.Solve(model));
        Assert.Equal(15005, solver.ObjectiveValue, 6);
    }

    /// <summary>2.5 units at a, 1.5 (whole units: 2) or 2 needed at b: a keeps half a unit, so one more whole unit fits nowhere.</summary>
    [Theory]
    [InlineData(true, 1.5)]
    [InlineData(false, 2)]
    public async Task FractionalData_MarginalCostsAreNull_WhereOneMoreWholeUnitCannotBeDelivered(bool integerFlows, double demand)
    {
        var body = $$"""
            { "nodes": [ { "id": "a", "supply": 2.5 }, { "id": "b", "demand": {{demand.ToString(System.Globalization.CultureInfo.InvariantCulture)}} } ],
              "arcs": [ { "from": "a", "to": "b", "cost": 1.25 } ], "integerFlows": {{(integerFlows ? "true" : "false")}} }
            """;
        var id = await _client.SubmitAsync("transshipment", body);
        var job = await _client.WaitAsync(id);
        Assert.Equal("optimal", job["outcome"]!.GetValue<string>());
        Assert.Equal(2.5, job["objective"]!.GetValue<double>(), 9);

        var nodes = (await _client.GetResultAsync(id))["nodes"]!.AsArray();
        Assert.Equal(2, nodes.Count);
        Assert.All(nodes, node => Assert.Null(node!["marginalCost"]));
    }

    [Fact]
    public async Task InfeasibleNetwork_SucceedsWithOutcomeInfeasible_AndAReason()
    {
        var body = """
            { "nodes": [ { "id": "plant", "supply": 10 }, { "id": "city", "demand": 25 } ],
              "arcs": [ { "from": "plant", "to": "city", "cost": 1 } ] }
            """;
        var id = await _client.SubmitAsync("transshipment", body);
        var job = await _client.WaitAsync(id);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal("infeasible", job["outcome"]!.GetValue<string>());
        Assert.Contains("demand", job["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task InvalidNetwork_Is400_WithOneEntryPerOffendingField()
    {
        var body = """
            { "nodes": [ { "id": "a", "supply": -1 }, { "id": "a" }, { "id": "b" } ],
              "arcs": [ { "from": "a", "to": "nowhere", "cost": 1 },
                        { "from": "b", "to": "b", "cost": 1 },
                        { "from": "a", "to": "b", "cost": 1, "minFlow": 5, "maxFlow": 2 } ] }
            """;
        var before = (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count;
        using var response = await _client.SubmitRawAsync("transshipment", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JobClient.ReadProblemAsync(response))["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        Assert.Contains("$.nodes[0].supply", errors);
        Assert.Contains("$.nodes[1].id", errors);
        Assert.Contains("$.arcs[0].to", errors);
        Assert.Contains("$.arcs[1].to", errors);
        Assert.Contains(errors, e => e.StartsWith("$.arcs[2].", StringComparison.Ordinal));
        Assert.Equal(before, (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count);
    }

    [Fact]
    public async Task OpenApiDocument_CarriesTheWorkingExampleBody()
    {
        var document = (await _client.Http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var example = document["paths"]!["/api/v1/jobs/transshipment"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!;
        var id = await _client.SubmitAsync("transshipment", example.ToJsonString());
        var job = await _client.WaitAsync(id);
        Assert.Equal("optimal", job["outcome"]!.GetValue<string>());
        Assert.Equal(15005, job["objective"]!.GetValue<double>(), 6);
        using var swagger = await _client.Http.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
    }
}
