using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

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

    [Fact]
    public async Task AmericanSteel_RespelledOnRetry_IsTheSameRequest()
    {
        var key = Guid.NewGuid().ToString();
        var original = SharedFixtures.Read("seed", "american-steel.json");
        var id = await AcceptedIdAsync(await SubmitAsync(key, original, "transshipment"));

        // A client that rebuilds its JSON: keys in another order at every level, the default options and
        // zero minimum flows written out, numbers spelled differently (10000 = 1e4 = 10000.0), other whitespace.
        var reordered = Reversed(JsonNode.Parse(original))!.ToJsonString();
        var withDefaults = JsonNode.Parse(original)!.AsObject();
        withDefaults["options"] = new JsonObject { ["solver"] = "auto" };
        foreach (var arc in withDefaults["arcs"]!.AsArray()) arc!.AsObject().TryAdd("minFlow", 0);
        var respelled = Regex.Replace(original, @": (\d+)000\b", ": $1.0e3").Replace("0.5,", "0.50,", StringComparison.Ordinal);
        Assert.NotEqual(original, respelled);

        foreach (var retry in new[] { reordered, withDefaults.ToJsonString(), respelled })
        {
            using var response = await SubmitAsync(key, retry, "transshipment");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("true", response.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Equal(id, (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>());
        }
    }

    [Fact]
    public async Task AmericanSteel_WithAnotherCostOrSolver_IsADifferentRequest()
    {
        var key = Guid.NewGuid().ToString();
        var original = SharedFixtures.Read("seed", "american-steel.json");
        var id = await AcceptedIdAsync(await SubmitAsync(key, original, "transshipment"));

        var otherCost = JsonNode.Parse(original)!.AsObject();
        otherCost["arcs"]![0]!["cost"] = 0.51;
        var otherSolver = JsonNode.Parse(original)!.AsObject();
        otherSolver["options"] = new JsonObject { ["solver"] = "glop" };
        foreach (var different in new[] { otherCost, otherSolver })
        {
            using var response = await SubmitAsync(key, different.ToJsonString(), "transshipment");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Equal(id, (await JobClient.ReadProblemAsync(response))["jobId"]!.GetValue<Guid>());
        }
    }

    [Fact]
    public async Task NrpText_RespelledOnRetry_IsTheSameRequest_AndAnotherTimeLimitIsNot()
    {
        var key = Guid.NewGuid().ToString();
        var text = SharedFixtures.Read("nrp", "Instance1.txt");
        var id = await AcceptedIdAsync(await SubmitNrpAsync(key, "timeLimitSeconds=1&workers=1", text));

        // Other line endings, the query parameters in another order, 1 written as 1.0.
        using (var same = await SubmitNrpAsync(key, "workers=1&timeLimitSeconds=1.0", text.Replace("\n", "\r\n", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.OK, same.StatusCode);
            Assert.Equal(id, (await same.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>());
        }
        using var other = await SubmitNrpAsync(key, "timeLimitSeconds=2&workers=1", text);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
    }

    private async Task<HttpResponseMessage> SubmitNrpAsync(string key, string query, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/jobs/nurse-scheduling/nrp?{query}")
        {
            Content = new StringContent(text, Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("Idempotency-Key", key);
        return await _client.Http.SendAsync(request);
    }

    private static async Task<Guid> AcceptedIdAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        }
    }

    /// <summary>The same JSON with every object's keys in reverse order.</summary>
    private static JsonNode? Reversed(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Reverse().Select(p => KeyValuePair.Create(p.Key, Reversed(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Reversed).ToArray()),
        _ => node?.DeepClone(),
    };

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
