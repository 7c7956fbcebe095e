using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.JobsApi;

/// <summary>
/// Submissions whose body is written to the store while it is parsed (<c>Api:StageProblemFromBytes</c>, here 1 byte so
/// that every JSON body is): a 202 stores the body as sent, and every answer that is not a new job leaves no problem row.
/// </summary>
public sealed class StagedSubmissionTests(StagedSubmissionTests.Service service) : IClassFixture<StagedSubmissionTests.Service>
{
    /// <summary>The service with every JSON body staged, and transshipment jobs over the memory limit.</summary>
    public sealed class Service : IDisposable
    {
        public ServiceFactory Factory { get; } = ServiceFactory.With(new()
        {
            ["Api:StageProblemFromBytes"] = "1",
            ["Jobs:MaxJobMemoryMBByKind:transshipment"] = "1",
        });

        public void Dispose() => Factory.Dispose();
    }

    private readonly JobClient _client = new(service.Factory.CreateClient());

    [Fact]
    public async Task Accepted_StoresTheBodyByteForByte_AndTheJobSucceeds()
    {
        const string body = "{ \"durationMs\" :1,\n  \"logLines\": 0 }";

        using var response = await _client.SubmitRawAsync("test-delay", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        // Written beside the parse: the response says how long that took.
        Assert.Matches(@"(^|, )stage;dur=[\d.]+", response.Headers.GetValues("Server-Timing").Single());

        Assert.Equal(Encoding.UTF8.GetBytes(body), await StoredProblemAsync(service.Factory.DataDirectory, id));
        Assert.Equal("succeeded", (await _client.WaitAsync(id))["status"]!.GetValue<string>());
        Assert.Equal(0, await OrphanedProblemsAsync(service.Factory.DataDirectory));
    }

    [Fact]
    public async Task Accepted_WithAByteOrderMark_StoresTheBodyWithoutIt()
    {
        var id = await _client.SubmitAsync("test-delay", "\uFEFF{\"durationMs\":1}");

        Assert.Equal("{\"durationMs\":1}"u8.ToArray(), await StoredProblemAsync(service.Factory.DataDirectory, id));
        Assert.Equal(0, await OrphanedProblemsAsync(service.Factory.DataDirectory));
    }

    [Fact]
    public async Task Refused_InvalidBody_ValidateOnly_OrOverTheMemoryLimit_LeavesNoProblemRow()
    {
        using (var invalid = await _client.SubmitRawAsync("test-delay", """{ "durationMs": -1 }"""))
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using (var syntax = await _client.SubmitRawAsync("test-delay", """{ "durationMs": """))
            Assert.Equal(HttpStatusCode.BadRequest, syntax.StatusCode);
        using (var validateOnly = await _client.Http.PostAsync("/api/v1/jobs/test-delay?validateOnly=true",
                   new StringContent("""{ "durationMs": 1 }""", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, validateOnly.StatusCode);
        using (var tooLarge = await _client.SubmitRawAsync("transshipment", SharedFixtures.Read("seed", "american-steel.json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
            Assert.Contains("MaxJobMemoryMBByKind:transshipment", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await OrphanedProblemsAsync(service.Factory.DataDirectory));
    }

    [Fact]
    public async Task IdempotencyKey_ReplayedOrReused_AnswersWithTheFirstJob_AndLeavesNoProblemRow()
    {
        var key = Guid.NewGuid().ToString();
        // Concurrent first submissions: each stages its body, one job is created, the others are replays.
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SubmitWithKeyAsync(key, """{ "durationMs": 1 }""")));
        var created = Assert.Single(answers, a => a.Status == HttpStatusCode.Accepted);
        Assert.All(answers, a => Assert.Equal(created.Id, a.Id));
        Assert.Equal(5, answers.Count(a => a.Status == HttpStatusCode.OK));

        var replay = await SubmitWithKeyAsync(key, """{"durationMs":1}""");
        var reused = await SubmitWithKeyAsync(key, """{ "durationMs": 2 }""");

        Assert.Equal((HttpStatusCode.OK, created.Id), replay);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, created.Id), reused);
        Assert.Equal("""{ "durationMs": 1 }"""u8.ToArray(), await StoredProblemAsync(service.Factory.DataDirectory, created.Id!.Value));
        Assert.Equal(0, await OrphanedProblemsAsync(service.Factory.DataDirectory));
    }

    [Fact]
    public async Task QueueFull_Gets429_AndLeavesNoProblemRow()
    {
        using var factory = ServiceFactory.With(new()
        {
            ["Api:StageProblemFromBytes"] = "1",
            ["Jobs:WorkerCount"] = "1",
            ["Jobs:MaxQueueLength"] = "1",
        });
        var client = new JobClient(factory.CreateClient());
        var blocker = await client.SubmitAsync("test-delay", """{ "durationMs": 30000 }""");
        await client.WaitForStatusAsync(blocker, "running");
        await client.SubmitAsync("test-delay", """{ "durationMs": 1 }""");

        using (var refused = await client.SubmitRawAsync("test-delay", """{ "durationMs": 1 }"""))
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        Assert.Equal(0, await OrphanedProblemsAsync(factory.DataDirectory));
        Assert.Equal(2, await CountAsync(factory.DataDirectory, "SELECT COUNT(*) FROM opt_job_problems"));
        using (await client.Http.DeleteAsync($"/api/v1/jobs/{blocker}")) { }
    }

    private async Task<(HttpStatusCode Status, Guid? Id)> SubmitWithKeyAsync(string key, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs/test-delay") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await _client.Http.SendAsync(request);
        var id = response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK
            ? (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>()
            : (await JobClient.ReadProblemAsync(response))["jobId"]?.GetValue<Guid>();
        return (response.StatusCode, id);
    }

    /// <summary>Problem rows that no job row references (a staged body that was not cleaned up).</summary>
    private static Task<long> OrphanedProblemsAsync(string dataDirectory) =>
        CountAsync(dataDirectory, "SELECT COUNT(*) FROM opt_job_problems p WHERE NOT EXISTS (SELECT 1 FROM opt_jobs j WHERE j.id = p.job_id)");

    private static async Task<long> CountAsync(string dataDirectory, string sql)
    {
        await using var connection = Open(dataDirectory);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<byte[]?> StoredProblemAsync(string dataDirectory, Guid id)
    {
        await using var connection = Open(dataDirectory);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT problem FROM opt_job_problems WHERE job_id = $id";
        command.Parameters.AddWithValue("$id", id.ToString());
        return await command.ExecuteScalarAsync() as byte[];
    }

    private static SqliteConnection Open(string dataDirectory) =>
        new($"Data Source={Path.Combine(dataDirectory, "optservice.db")};Mode=ReadOnly;Pooling=False");
}
