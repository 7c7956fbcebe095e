using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OptService.Api.Tests.Access;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs;
using OptService.Problems.NurseScheduling;
using OptService.Problems.Tests;
using OptService.Problems.Tests.NurseScheduling;

namespace OptService.Api.Tests.JobSettings;

/// <summary>
/// <c>?warmStartFrom=&lt;job id&gt;</c>: a 400 naming the parameter for every reference that cannot be used (nothing queued),
/// and for each kind the earlier result reaching the solve and the job log saying what was done with it.
/// </summary>
public sealed class WarmStartTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client = new(factory.CreateClient());

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");

    private async Task<int> JobCountAsync() => (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count;

    /// <summary>Posts, asserts 202 and waits for the job's end; returns its id.</summary>
    private async Task<Guid> SolveAsync(string path, HttpContent content, int seconds = 120)
    {
        using var response = await _client.Http.PostAsync(path, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {body}");
        var id = JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
        var job = await _client.WaitAsync(id, seconds);
        Assert.True(job["status"]!.GetValue<string>() == "succeeded", job.ToJsonString());
        return id;
    }

    private async Task<string> LogAsync(Guid id) =>
        string.Join('\n', (await _client.GetLogLinesAsync(id)).Select(line => line!["message"]!.GetValue<string>()));

    /// <summary>The 400's reason for warmStartFrom, after asserting that nothing was queued.</summary>
    private async Task<string> RefusedAsync(string path, HttpContent content)
    {
        var before = await JobCountAsync();
        using var response = await _client.Http.PostAsync(path, content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JobClient.ReadProblemAsync(response);
        Assert.Equal(before, await JobCountAsync());
        return problem["errors"]!["warmStartFrom"]![0]!.GetValue<string>();
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("{0190aaaa-0000-7000-8000-000000000001}")]
    [InlineData("")]
    public async Task NotAJobId_Is400_OnJsonAndTextRoutes(string value)
    {
        Assert.StartsWith("expected one job id", await RefusedAsync($"/api/v1/jobs/test-delay?warmStartFrom={Uri.EscapeDataString(value)}", Json("""{ "durationMs": 1 }""")), StringComparison.Ordinal);
        // A format route keeps the parameter for the job: the NRP format does not see it (it would call it unknown).
        Assert.StartsWith("expected one job id", await RefusedAsync($"/api/v1/jobs/nurse-scheduling/nrp?warmStartFrom={Uri.EscapeDataString(value)}",
            Text(SharedFixtures.Read("nrp", "Instance1.txt"))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownJob_Is400()
    {
        var id = Guid.CreateVersion7();
        Assert.Equal($"there is no job {id}", await RefusedAsync($"/api/v1/jobs/test-delay?warmStartFrom={id}", Json("""{ "durationMs": 1 }""")));
        Assert.Equal($"there is no job {id}", await RefusedAsync($"/api/v1/jobs/linear-program/mps?warmStartFrom={id}", Text(SharedFixtures.Read("miplib", "p0033.mps"))));
    }

    [Fact]
    public async Task RunningJob_Is400_AndSoIsAFailedOne_OrAnotherKinds()
    {
        var running = await _client.SubmitAsync("test-delay", """{ "durationMs": 30000 }""");
        await _client.WaitForStatusAsync(running, "running");
        Assert.StartsWith($"job {running} is still running", await RefusedAsync($"/api/v1/jobs/test-delay?warmStartFrom={running}", Json("""{ "durationMs": 1 }""")), StringComparison.Ordinal);
        (await _client.Http.DeleteAsync($"/api/v1/jobs/{running}")).Dispose();

        var failed = await _client.SubmitAsync("test-delay", """{ "durationMs": 1, "fail": true }""");
        Assert.Equal("failed", (await _client.WaitAsync(failed))["status"]!.GetValue<string>());
        Assert.Equal($"job {failed} ended failed and has no solution to start from",
            await RefusedAsync($"/api/v1/jobs/test-delay?warmStartFrom={failed}", Json("""{ "durationMs": 1 }""")));

        var done = await _client.SubmitAsync("test-delay", """{ "durationMs": 1 }""");
        Assert.Equal("succeeded", (await _client.WaitAsync(done))["status"]!.GetValue<string>());
        Assert.Equal($"job {done} is a test-delay job; a transshipment job starts only from the result of a transshipment job",
            await RefusedAsync($"/api/v1/jobs/transshipment?warmStartFrom={done}", Json(SharedFixtures.Read("seed", "american-steel.json"))));
    }

    [Fact]
    public async Task ValidateOnly_ChecksTheReferenceToo()
    {
        var id = Guid.CreateVersion7();
        Assert.Equal($"there is no job {id}", await RefusedAsync($"/api/v1/jobs/test-delay?validateOnly=true&warmStartFrom={id}", Json("""{ "durationMs": 1 }""")));

        var done = await _client.SubmitAsync("test-delay", """{ "durationMs": 1 }""");
        await _client.WaitAsync(done);
        using var valid = await _client.Http.PostAsync($"/api/v1/jobs/test-delay?validateOnly=true&warmStartFrom={done}", Json("""{ "durationMs": 1 }"""));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
    }

    [Fact]
    public async Task NurseScheduling_ResolvedFromAnEarlierRoster_IsValid_AndTheLogSaysTheHintWasUsed()
    {
        var text = SharedFixtures.Read("nrp", "Instance1.txt");
        var first = await SolveAsync("/api/v1/jobs/nurse-scheduling/nrp?timeLimitSeconds=20&workers=2", Text(text));
        var again = await SolveAsync($"/api/v1/jobs/nurse-scheduling/nrp?timeLimitSeconds=20&workers=2&warmStartFrom={first}", Text(text));

        var log = await LogAsync(again);
        Assert.Contains($"to start from the result of job {first}", log, StringComparison.Ordinal);
        // Instance1: 8 staff × 14 days, every one of them decided by the earlier roster.
        Assert.Contains($"warm start: the roster of job {first} hints 112 of 112 person-days", log, StringComparison.Ordinal);
        var result = await _client.GetResultAsync(again);
        var roster = result["roster"].Deserialize<Roster>(Kinds.JobJson.Options)!;
        var kind = factory.Services.GetRequiredService<ProblemKindCatalog>().Find("nurse-scheduling")!;
        var problem = (NurseSchedulingProblem)kind.InputFormats.OfType<Kinds.ITextProblemInputFormat>().Single(f => f.Name == "nrp").Convert(text, new Dictionary<string, string>()).Problem!;
        var verdict = NrpRosterChecker.Check(problem, roster);
        Assert.Empty(verdict.Violations);
        Assert.Equal(result["objective"]!.GetValue<long>(), verdict.Objective);
        Assert.Equal(607, verdict.Objective); // Instance1's optimum: the hint was the optimum already
    }

    [Fact]
    public async Task LunarLanding_5000IntervalsFrom500_ReachesTheColdOptimum()
    {
        static string Landing(int intervals)
        {
            var body = JsonNode.Parse(SharedFixtures.Read("seed", "lunar-seed.json"))!.AsObject();
            body["discretization"] = new JsonObject { ["method"] = "forward-euler", ["intervals"] = intervals };
            return body.ToJsonString();
        }
        var coarse = await SolveAsync("/api/v1/jobs/lunar-landing", Json(Landing(500)));
        var cold = await SolveAsync("/api/v1/jobs/lunar-landing", Json(Landing(5000)));
        var warm = await SolveAsync($"/api/v1/jobs/lunar-landing?warmStartFrom={coarse}", Json(Landing(5000)));

        var coldResult = await _client.GetResultAsync(cold);
        var warmResult = await _client.GetResultAsync(warm);
        Assert.Equal("optimal", warmResult["outcome"]!.GetValue<string>());
        var fuel = coldResult["fuel"]!.GetValue<double>();
        Assert.Equal(fuel, warmResult["fuel"]!.GetValue<double>(), fuel * 1e-7);
        var log = await LogAsync(warm);
        Assert.Contains($"warm start: the trajectory of job {coarse} (501 nodes", log, StringComparison.Ordinal);
        Assert.Contains("start on 5001 nodes, interpolated linearly in normalized time", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinearProgram_ScipTakesTheEarlierValues_CbcSaysItDoesNot()
    {
        var mps = SharedFixtures.Read("miplib", "p0033.mps");
        var first = await SolveAsync("/api/v1/jobs/linear-program/mps?solver=scip", Text(mps));
        var scip = await SolveAsync($"/api/v1/jobs/linear-program/mps?solver=scip&warmStartFrom={first}", Text(mps));
        var log = await LogAsync(scip);
        Assert.Contains($"warm start: the values of job {first} for 33 of 33 variables (matched by name) go to scip as a start", log, StringComparison.Ordinal);
        Assert.Contains("hint: 33 of 33 variables", log, StringComparison.Ordinal); // the solver host set them
        Assert.Equal(3089, (await _client.GetResultAsync(scip))["objective"]!.GetValue<double>(), 1e-6);

        var cbc = await SolveAsync($"/api/v1/jobs/linear-program/mps?solver=cbc&warmStartFrom={first}", Text(mps));
        Assert.Contains($"warm start: cbc takes no start through OR-Tools (only scip does), so the values of job {first} are not used", await LogAsync(cbc), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CpSat_TakesTheEarlierSolutionAsItsHint()
    {
        var model = SharedFixtures.Read("cp-sat", "nurses-seed.cpmodel.json");
        var request = $$"""{ "model": {{model}} }""";
        var first = await SolveAsync("/api/v1/jobs/cp-sat", Json(request));
        var again = await SolveAsync($"/api/v1/jobs/cp-sat?warmStartFrom={first}", Json(request));
        var variables = JsonNode.Parse(model)!["variables"]!.AsArray().Count;
        Assert.Matches($"warm start: the solution of job {first} hints {variables} of {variables} variables \\(by (name|index)\\)", await LogAsync(again));
        Assert.Equal((await _client.GetResultAsync(first))["objective"]?.ToJsonString(), (await _client.GetResultAsync(again))["objective"]?.ToJsonString());
    }

    [Fact]
    public async Task Transshipment_AcceptsAWarmStart_AndSaysItDoesNotUseIt()
    {
        var network = SharedFixtures.Read("seed", "american-steel.json");
        var first = await SolveAsync("/api/v1/jobs/transshipment", Json(network));
        var again = await SolveAsync($"/api/v1/jobs/transshipment?warmStartFrom={first}", Json(network));
        Assert.Contains($"warm start: transshipment does not use one", await LogAsync(again), StringComparison.Ordinal);
        Assert.Equal(15005, (await _client.GetJobAsync(again))["objective"]!.GetValue<double>());
    }
}

/// <summary>With API keys on, a key cannot start from another key's job: it reads as no job at all.</summary>
public sealed class WarmStartAcrossKeysTests(ApiKeyFactory factory) : IClassFixture<ApiKeyFactory>
{
    [Fact]
    public async Task AnotherKeysJob_Is400_LikeAnUnknownOne_YourOwnIsAccepted()
    {
        using var alice = factory.Client(ApiKeyFactory.AliceKey);
        using var bob = factory.Client(ApiKeyFactory.BobKey);
        var alices = await new JobClient(alice).SubmitAsync("test-delay", """{ "durationMs": 1 }""");
        await new JobClient(alice).WaitAsync(alices);

        using var refused = await bob.PostAsync($"/api/v1/jobs/test-delay?warmStartFrom={alices}", new StringContent("""{ "durationMs": 1 }""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await JobClient.ReadProblemAsync(refused);
        Assert.Equal($"there is no job {alices} of this API key", problem["errors"]!["warmStartFrom"]![0]!.GetValue<string>());

        using var accepted = await alice.PostAsync($"/api/v1/jobs/test-delay?warmStartFrom={alices}", new StringContent("""{ "durationMs": 1 }""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }
}
