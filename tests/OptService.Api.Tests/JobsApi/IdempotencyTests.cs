using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.JobsApi;

public sealed class IdempotencyTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client = new(factory.CreateClient());

    private async Task<HttpResponseMessage> SubmitAsync(string key, string json, string kind = "test-delay")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/jobs/{kind}")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await _client.Http.SendAsync(request);
    }

    [Fact]
    public async Task SameKeySameBody_ReturnsTheOriginalJob_With200()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await SubmitAsync(key, """{ "durationMs": 1 }""");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        await _client.WaitAsync(id);

        // Same problem, other formatting: the same request.
        using var retry = await SubmitAsync(key, """{"durationMs":1}""");

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var body = (await retry.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(id, body["id"]!.GetValue<Guid>());
        Assert.Equal("succeeded", body["status"]!.GetValue<string>());
        Assert.Equal($"/api/v1/jobs/{id}", retry.Headers.Location?.OriginalString);
        var jobs = (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!;
        Assert.Single(jobs, j => j!["id"]!.GetValue<Guid>() == id);
    }

    [Fact]
    public async Task SameKeyDifferentBody_Gets422_AndCreatesNothing()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await SubmitAsync(key, """{ "durationMs": 1 }""");
        var id = (await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        var before = (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count;

        using var other = await SubmitAsync(key, """{ "durationMs": 2 }""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var problem = await JobClient.ReadProblemAsync(other);
        Assert.Equal(id, problem["jobId"]!.GetValue<Guid>());
        Assert.Equal(before, (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count);
    }

    [Fact]
    public async Task ConcurrentRetriesWithOneKey_CreateOneJob()
    {
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => SubmitAsync(key, """{ "durationMs": 1 }""")));
        var ids = new HashSet<Guid>();
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK, $"got {(int)response.StatusCode}");
            ids.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>());
            response.Dispose();
        }
        Assert.Single(ids);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task KeyExpiresWithItsJob_APurgedJobsKeyCreatesANewJob()
    {
        var key = Guid.NewGuid().ToString();
        using var first = await SubmitAsync(key, """{ "durationMs": 1 }""");
        var id = (await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        await _client.WaitAsync(id);
        using (var purge = await _client.Http.DeleteAsync($"/api/v1/jobs/{id}?purge=true")) Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);

        using var again = await SubmitAsync(key, """{ "durationMs": 1 }""");

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.NotEqual(id, (await again.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>());
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("é")]
    public async Task MalformedKey_Gets400NamingTheHeader(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs/test-delay")
        {
            Content = new StringContent("""{ "durationMs": 1 }""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await _client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await JobClient.ReadProblemAsync(response))["errors"]!["Idempotency-Key"]);
    }

    [Fact]
    public async Task LongKey_Gets400()
    {
        using var response = await SubmitAsync(new string('k', 256), """{ "durationMs": 1 }""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
