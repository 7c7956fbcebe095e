using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.OrTools.Sat;
using Google.Protobuf;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.CpSat;

/// <summary>
/// The cp-sat kind through the real HTTP API, with models built by OR-Tools' C# API and serialized as a Python client
/// serializes them (<c>JsonFormatter</c> = <c>MessageToJson</c>: camelCase, int64 as strings).
/// </summary>
public sealed class CpSatHttpTests : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client;

    public CpSatHttpTests(ServiceFactory factory) => _client = new JobClient(factory.CreateClient());

    [Fact]
    public async Task NurseSeedModel_EnumeratesAll5184Solutions()
    {
        var body = Request(SharedFixtures.Read("cp-sat", "nurses-seed.cpmodel.json"), options: """{"enumerateAll": true, "maxSolutions": 3}""");
        var id = await _client.SubmitAsync("cp-sat", body);
        var job = await _client.WaitAsync(id, seconds: 120);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal("optimal", job["outcome"]!.GetValue<string>());
        var result = await _client.GetResultAsync(id);
        Assert.Equal(5184, result["solutionCount"]!.GetValue<long>());
        Assert.True(result["countComplete"]!.GetValue<bool>());
        var solutions = result["solutions"]!.AsArray();
        Assert.Equal(3, solutions.Count);
        Assert.All(solutions, s => Assert.Equal(36, s!.AsArray().Count));
        // Each returned roster has 9 shifts worked (3 days × 3 shifts, one nurse each).
        Assert.All(solutions, s => Assert.Equal(9, s!.AsArray().Sum(v => v!.GetValue<long>())));
        Assert.Equal(solutions[0]!.AsArray().Select(v => v!.GetValue<long>()), result["values"]!.AsArray().Select(v => v!.GetValue<long>()));
    }

    [Fact]
    public async Task Knapsack_FromTheCSharpApi_IsSolvedToItsOptimum_WithLogIncumbentAndFile()
    {
        var id = await _client.SubmitAsync("cp-sat", Request(JsonFormatter.Default.Format(Knapsack().Model), options: """{"workers": 1}"""));
        var job = await _client.WaitAsync(id, seconds: 60);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal("optimal", job["outcome"]!.GetValue<string>());
        Assert.Equal(15, job["objective"]!.GetValue<double>());
        var result = await _client.GetResultAsync(id);
        Assert.Equal([0L, 1, 1, 1, 1], result["values"]!.AsArray().Select(v => v!.GetValue<long>()));
        Assert.Equal(1, result["valuesByName"]!["take_4"]!.GetValue<long>());
        Assert.True(result["statistics"]!["wallTimeSeconds"]!.GetValue<double>() >= 0);
        Assert.Equal("optimal", result["statistics"]!["solverStatus"]!.GetValue<string>());

        var lines = await _client.GetLogLinesAsync(id);
        Assert.Contains(lines, l => l!["message"]!.GetValue<string>().StartsWith("solution 1: objective", StringComparison.Ordinal));
        Assert.Contains(lines, l => l!["level"]!.GetValue<string>() == "debug" && l["message"]!.GetValue<string>().StartsWith("cp-sat: ", StringComparison.Ordinal));
        using var incumbent = await _client.Http.GetAsync($"/api/v1/jobs/{id}/incumbent");
        Assert.Equal(HttpStatusCode.OK, incumbent.StatusCode);
        using var csv = await _client.Http.GetAsync($"/api/v1/jobs/{id}/artifacts/solution.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Contains("4,take_4,1", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProtoRoute_TakesTheBinaryModel_WithOptionsAsQueryParameters()
    {
        var content = new ByteArrayContent(Knapsack().Model.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var response = await _client.Http.PostAsync("/api/v1/jobs/cp-sat/proto?timeLimitSeconds=20&workers=1&parameters=random_seed:4", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var job = await _client.WaitAsync(id, seconds: 60);
        Assert.Equal("optimal", job["outcome"]!.GetValue<string>());
        Assert.Equal(15, job["objective"]!.GetValue<double>());
        var lines = await _client.GetLogLinesAsync(id);
        Assert.Contains(lines, l => l!["message"]!.GetValue<string>().Contains("random_seed:4", StringComparison.Ordinal));

        var garbage = new ByteArrayContent([0x12, 0xFF, 0xFF, 0x01]);
        garbage.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        using var rejected = await _client.Http.PostAsync("/api/v1/jobs/cp-sat/proto", garbage);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Contains("not a binary CpModelProto", (await JobClient.ReadProblemAsync(rejected))["errors"]!["$"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var json = new ByteArrayContent(Knapsack().Model.ToByteArray());
        json.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var wrongType = await _client.Http.PostAsync("/api/v1/jobs/cp-sat/proto", json);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
    }

    [Fact]
    public async Task InvalidModelAndParameters_Are400_AndQueueNothing()
    {
        var before = (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?kind=cp-sat&limit=1000"))!.Count;

        using var invalid = await _client.SubmitRawAsync("cp-sat", """{"model": {"variables": [{"name": "x", "domain": [5, 1]}]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var modelError = (await JobClient.ReadProblemAsync(invalid))["errors"]!["$.model"]![0]!.GetValue<string>();
        Assert.Contains("CP-SAT rejects the model", modelError, StringComparison.Ordinal);

        using var path = await _client.SubmitRawAsync("cp-sat", """{"model": {"variables": [{"name": "x", "domain": [0, 1.5]}]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, path.StatusCode);
        Assert.NotNull((await JobClient.ReadProblemAsync(path))["errors"]!["$.model.variables[0].domain[1]"]);

        using var parameters = await _client.SubmitRawAsync("cp-sat", Request(JsonFormatter.Default.Format(Knapsack().Model), parameters: "\"num_workers:4 bogus:1\""));
        Assert.Equal(HttpStatusCode.BadRequest, parameters.StatusCode);
        Assert.Contains("line 1, column 15", (await JobClient.ReadProblemAsync(parameters))["errors"]!["$.parameters"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        using var range = await _client.SubmitRawAsync("cp-sat", Request(JsonFormatter.Default.Format(Knapsack().Model), parameters: """{"linearizationLevel": -4}"""));
        Assert.Equal(HttpStatusCode.BadRequest, range.StatusCode);
        Assert.Contains("CP-SAT rejects the parameters", (await JobClient.ReadProblemAsync(range))["errors"]!["$.parameters"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal(before, (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?kind=cp-sat&limit=1000"))!.Count);
    }

    [Fact]
    public async Task Cancel_WhileImproving_EndsCancelled_KeepingTheBestSolution()
    {
        var id = await _client.SubmitAsync("cp-sat", Request(JsonFormatter.Default.Format(Golomb(11).Model), options: """{"workers": 2, "timeLimitSeconds": 120}"""));
        JsonNode? incumbent = null;
        for (var i = 0; i < 200 && incumbent is null; i++)
        {
            using var response = await _client.Http.GetAsync($"/api/v1/jobs/{id}/incumbent");
            if (response.StatusCode == HttpStatusCode.OK) incumbent = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            else await Task.Delay(50);
        }
        Assert.NotNull(incumbent);
        Assert.True(incumbent!["objective"]!.GetValue<double>() >= 72);

        using (var cancel = await _client.Http.DeleteAsync($"/api/v1/jobs/{id}")) Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var job = await _client.WaitAsync(id, seconds: 30);
        Assert.Equal("cancelled", job["status"]!.GetValue<string>());
        Assert.Equal("feasible", job["outcome"]!.GetValue<string>());
        var result = await _client.GetResultAsync(id);
        var objective = result["objective"]!.GetValue<double>();
        Assert.True(objective <= incumbent["objective"]!.GetValue<double>());
        Assert.Equal(objective, result["valuesByName"]!["tick10"]!.GetValue<long>());
    }

    [Fact]
    public async Task OpenApiDocument_ListsBothRoutes_WithTheJsonExample()
    {
        var document = (await _client.Http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        Assert.NotNull(paths["/api/v1/jobs/cp-sat/proto"]?["post"]?["requestBody"]?["content"]?["application/x-protobuf"]);
        var example = paths["/api/v1/jobs/cp-sat"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!;
        Assert.Equal("lightest-load", example["model"]!["name"]!.GetValue<string>());
        var id = await _client.SubmitAsync("cp-sat", example.ToJsonString());
        Assert.Equal(8, (await _client.WaitAsync(id, seconds: 60))["objective"]!.GetValue<double>());
    }

    private static string Request(string modelJson, string? parameters = null, string? options = null) =>
        $$"""{"model": {{modelJson}}{{(parameters is null ? "" : ", \"parameters\": " + parameters)}}{{(options is null ? "" : ", \"options\": " + options)}}}""";

    /// <summary>Capacity 15, items (weight, value) (12, 4), (2, 2), (1, 1), (1, 2), (4, 10): best value 15.</summary>
    private static CpModel Knapsack()
    {
        int[] weights = [12, 2, 1, 1, 4];
        int[] values = [4, 2, 1, 2, 10];
        var model = new CpModel();
        var take = Enumerable.Range(0, weights.Length).Select(i => model.NewBoolVar($"take_{i}")).ToArray();
        model.Add(LinearExpr.WeightedSum(take, weights) <= 15);
        model.Maximize(LinearExpr.WeightedSum(take, values));
        return model;
    }

    /// <summary>An 11-mark Golomb ruler (optimum 72): solutions come at once, the proof takes far longer than the test.</summary>
    private static CpModel Golomb(int marks)
    {
        var model = new CpModel();
        var bound = marks * marks;
        var ticks = Enumerable.Range(0, marks).Select(i => model.NewIntVar(0, bound, $"tick{i}")).ToArray();
        model.Add(ticks[0] == 0);
        var differences = new List<LinearExpr>();
        for (var i = 0; i < marks; i++)
            for (var j = i + 1; j < marks; j++)
            {
                var d = model.NewIntVar(1, bound, $"d{i}_{j}");
                model.Add(d == ticks[j] - ticks[i]);
                differences.Add(d);
            }
        for (var i = 0; i + 1 < marks; i++) model.Add(ticks[i + 1] > ticks[i]);
        model.AddAllDifferent(differences);
        model.Add(differences[0] < differences[^1]);
        model.Minimize(ticks[^1]);
        return model;
    }
}
