using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.JobsApi;

/// <summary>Bad input gets a problem-details answer naming the field, and nothing is queued.</summary>
public sealed class SubmissionErrorTests : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client;

    public SubmissionErrorTests(ServiceFactory factory) => _client = new JobClient(factory.CreateClient());

    [Theory]
    [InlineData("""{ "durationMs": 10 """, "$")]
    [InlineData("""{ "durationMs": "ten" }""", "$.durationMs")]
    [InlineData("""{ "durationMs": NaN }""", "$")]
    [InlineData("""{ "durationMs": -5 }""", "$.durationMs")]
    [InlineData("""{ "durationMs": 1, "durationMs": 2 }""", "$")]
    [InlineData("""{ "durationMs": 1, "sleeep": 2 }""", "$")]
    [InlineData("""{ }""", "$")]
    [InlineData("""[1, 2]""", "$")]
    [InlineData("""{ "durationMs": 1e400 }""", "$.durationMs")]
    public async Task InvalidBody_Is400WithFieldEntries_AndQueuesNothing(string body, string pathPrefix)
    {
        var before = await CountJobsAsync();
        using var response = await _client.SubmitRawAsync("test-delay", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JobClient.ReadProblemAsync(response);
        var errors = problem["errors"]!.AsObject();
        Assert.NotEmpty(errors);
        Assert.All(errors, entry =>
        {
            Assert.StartsWith(pathPrefix, entry.Key, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(entry.Value!.AsArray()[0]!.GetValue<string>()));
        });
        Assert.Equal(before, await CountJobsAsync());
    }

    [Fact]
    public async Task EverySemanticError_IsReportedAtOnce()
    {
        using var response = await _client.SubmitRawAsync("test-delay", """{ "durationMs": -1, "logLines": -1 }""");
        var errors = (await JobClient.ReadProblemAsync(response))["errors"]!.AsObject();
        Assert.Equal(["$.durationMs", "$.logLines"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task WrongContentType_Is415()
    {
        using var response = await _client.SubmitRawAsync("test-delay", """{ "durationMs": 1 }""", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await JobClient.ReadProblemAsync(response);
    }

    [Theory]
    [InlineData("gzip", "application/json")]
    [InlineData("br", "application/json")]
    [InlineData(null, "application/json; charset=utf-16")]
    [InlineData(null, "application/json; charset=\"iso-8859-1\"")]
    public async Task CompressedOrNonUtf8Body_Is415_AndQueuesNothing(string? contentEncoding, string contentType)
    {
        var before = await CountJobsAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{ "durationMs": 1 }"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (contentEncoding is not null) content.Headers.ContentEncoding.Add(contentEncoding);
        using var response = await _client.Http.PostAsync("/api/v1/jobs/test-delay", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        await JobClient.ReadProblemAsync(response);
        Assert.Equal(before, await CountJobsAsync());
    }

    [Fact]
    public async Task TextFormat_InvalidUtf8_Is400NamingTheLine()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("SECTION_HORIZON\n7\nSECTION_SHIFTS\nD"), 0xFF, .. Encoding.UTF8.GetBytes(",480,\n")];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        using var response = await _client.Http.PostAsync("/api/v1/jobs/nurse-scheduling/nrp", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await JobClient.ReadProblemAsync(response))["errors"]!.AsObject();
        Assert.Contains("not valid UTF-8", Assert.Single(errors, e => e.Key == "line 4").Value![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextFormat_WithAByteOrderMark_IsAccepted()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(OptService.Problems.Tests.SharedFixtures.Read("nrp", "Instance1.txt"))];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        using var response = await _client.Http.PostAsync("/api/v1/jobs/nurse-scheduling/nrp?timeLimitSeconds=1", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        using var cancel = await _client.Http.DeleteAsync($"/api/v1/jobs/{id}");
    }

    [Fact]
    public async Task UnknownKind_Is404_NamingTheKnownKinds()
    {
        using var response = await _client.SubmitRawAsync("knapsack", "{}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await JobClient.ReadProblemAsync(response);
        Assert.Contains("test-delay", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BodyOverTheLimit_Is413()
    {
        using var factory = ServiceFactory.With(new() { ["Api:MaxRequestBodyBytes"] = "1000" });
        var client = new JobClient(factory.CreateClient());
        var big = "{ \"durationMs\": 1, \"pad\": \"" + new string('x', 5000) + "\" }";
        using var response = await client.Http.PostAsync("/api/v1/jobs/test-delay", new StringContent(big, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await JobClient.ReadProblemAsync(response);
        Assert.Empty((await client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs"))!);
    }

    private async Task<int> CountJobsAsync() =>
        (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count;
}
