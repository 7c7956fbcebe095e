using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.LinearProgram;

/// <summary>The three submit routes of linear-program: JSON, LP text, MPS text; errors, limits and files.</summary>
public sealed class LinearProgramRoutesTests : IClassFixture<LinearProgramRoutesTests.SmallLimits>
{
    /// <summary>The service with a small variable limit, to see it named in the 400.</summary>
    public sealed class SmallLimits() : IDisposable
    {
        public ServiceFactory Factory { get; } = ServiceFactory.With(new() { ["Kinds:linear-program:MaxVariables"] = "40" });
        public void Dispose() => Factory.Dispose();
    }

    private readonly JobClient _client;

    public LinearProgramRoutesTests(SmallLimits service) => _client = new JobClient(service.Factory.CreateClient());

    private const string PulpLp = """
        \* production *\
        Maximize
        profit: 45 chairs + 80 tables
        Subject To
        wood: 5 chairs + 20 tables <= 400
        labour: 10 chairs + 15 tables <= 450
        End
        """;

    [Fact]
    public async Task LpRoute_SolvesThePulpStyleFile_AndOffersTheModelAsMps_AndTheDualsAsCsv()
    {
        var id = await SubmitTextAsync("lp?solver=glop", PulpLp);
        var job = await _client.WaitAsync(id);
        Assert.Equal("optimal", job["outcome"]!.GetValue<string>());
        Assert.Equal(2200, job["objective"]!.GetValue<double>(), 1e-9);

        var names = (await _client.Http.GetFromJsonAsync<JsonArray>($"/api/v1/jobs/{id}/artifacts"))!.Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["duals.csv", "model.lp", "model.mps", "solution.csv"], names.Order(StringComparer.Ordinal));
        var duals = await _client.Http.GetStringAsync($"/api/v1/jobs/{id}/artifacts/duals.csv");
        Assert.Equal([[1, 400, 0], [4, 450, 0]], Rows(duals, "name,dual,activity,slack", ["wood", "labour"]), Close);
        var solution = await _client.Http.GetStringAsync($"/api/v1/jobs/{id}/artifacts/solution.csv");
        Assert.Equal([[24, 0], [14, 0]], Rows(solution, "name,value,reducedCost", ["chairs", "tables"]), Close);

        // The MPS copy of the model solves to the same optimum through the MPS route.
        var mps = await _client.Http.GetStringAsync($"/api/v1/jobs/{id}/artifacts/model.mps");
        var again = await _client.WaitAsync(await SubmitTextAsync("mps?solver=highs", mps));
        Assert.Equal(2200, again["objective"]!.GetValue<double>(), 1e-9);
    }

    [Fact]
    public async Task JsonRoute_SolvesAMip_AndReportsIntegersAsIntegers()
    {
        var id = await _client.SubmitAsync("linear-program", """
            {"variables":[{"name":"x","lower":0,"upper":10,"integer":true},{"name":"y","lower":0,"upper":10,"integer":true}],
             "constraints":[{"name":"c","terms":{"x":2,"y":2},"upper":9}],
             "objective":{"sense":"maximize","terms":{"x":3,"y":2}},
             "options":{"solver":"cbc","timeLimitSeconds":20}}
            """);
        var job = await _client.WaitAsync(id);
        Assert.Equal("optimal", job["outcome"]!.GetValue<string>());
        var result = await _client.GetResultAsync(id);
        Assert.Equal(12, result["objective"]!.GetValue<double>()); // x = 4, y = 0
        Assert.Equal("""[{"name":"x","value":4},{"name":"y","value":0}]""", result["variables"]!.ToJsonString());
        Assert.Equal("cbc", result["solver"]!.GetValue<string>());
        // Incumbents read from CBC's log carry the objective as the user wrote it (maximize, not CBC's negated form).
        var incumbents = (await _client.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()).Where(m => m.StartsWith("incumbent:", StringComparison.Ordinal)).ToList();
        Assert.All(incumbents, line => Assert.DoesNotContain("objective -", line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("mps", "NAME\nROWS\n N obj\nCOLUMNS\n x obj one\nENDATA\n", "line 5", "'one' is not a number")]
    [InlineData("lp", "Minimize\n obj: x\nSubject To\n c: x 4\nEnd\n", "line 4", "expected <=, >= or =")]
    public async Task MalformedFile_Is400NamingTheLine_AndQueuesNothing(string format, string text, string line, string reason)
    {
        var before = (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?kind=linear-program&limit=1000"))!.Count;
        using var response = await _client.Http.PostAsync($"/api/v1/jobs/linear-program/{format}", new StringContent(text, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JobClient.ReadProblemAsync(response))["errors"]!.AsObject();
        Assert.Contains(errors[line]!.AsArray(), e => e!.GetValue<string>().Contains(reason, StringComparison.Ordinal));
        Assert.Equal(before, (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?kind=linear-program&limit=1000"))!.Count);
    }

    [Fact]
    public async Task BadQueryOptions_Are400NamingTheParameter()
    {
        using var response = await _client.Http.PostAsync("/api/v1/jobs/linear-program/lp?solver=gurobi&threads=0&bogus=1",
            new StringContent(PulpLp, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JobClient.ReadProblemAsync(response))["errors"]!.AsObject();
        Assert.Contains("solver", errors.Select(e => e.Key));
        Assert.Contains("threads", errors.Select(e => e.Key));
        Assert.Contains("bogus", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task TooManyVariables_Is400NamingTheLimit()
    {
        // lseu has 89 columns; this service takes 40.
        using var response = await _client.Http.PostAsync("/api/v1/jobs/linear-program/mps",
            new StringContent(SharedFixtures.Read("miplib", "lseu.mps"), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = (await JobClient.ReadProblemAsync(response)).ToJsonString();
        Assert.Contains("Kinds:linear-program:MaxVariables", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectedSolverParameters_FailTheJobSayingSo()
    {
        var id = await SubmitTextAsync("lp?solver=scip&solverParameters=" + Uri.EscapeDataString("no/such/parameter = 1"), PulpLp);
        var job = await _client.WaitAsync(id);
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Contains("rejected the solver parameters", job["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The numbers of a CSV file, row by row, after checking its header and first column.</summary>
    private static double[][] Rows(string csv, string header, string[] names)
    {
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(header, lines[0]);
        Assert.Equal(names, lines.Skip(1).Select(line => line.Split(',')[0]));
        return [.. lines.Skip(1).Select(line => line.Split(',').Skip(1).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray())];
    }

    private static readonly IEqualityComparer<double[]> Close = EqualityComparer<double[]>.Create(
        (a, b) => a!.Length == b!.Length && a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= 1e-9 * (1 + Math.Abs(p.First))), _ => 0);

    private async Task<Guid> SubmitTextAsync(string route, string text)
    {
        using var response = await _client.Http.PostAsync($"/api/v1/jobs/linear-program/{route}", new StringContent(text, Encoding.UTF8, "text/plain"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
    }
}
