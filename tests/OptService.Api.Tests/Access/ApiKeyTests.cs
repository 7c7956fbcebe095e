using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.Access;

/// <summary>A service with two API keys: alice (jobs only) and bob (jobs and the dashboard).</summary>
public sealed class ApiKeyFactory : IDisposable
{
    public const string AliceKey = "alice-0123456789abcdef";
    public const string BobKey = "bob-0123456789abcdef01";

    public ServiceFactory Service { get; } = ServiceFactory.With(new()
    {
        ["Auth:ApiKeys:0:Name"] = "alice",
        ["Auth:ApiKeys:0:Key"] = AliceKey,
        ["Auth:ApiKeys:1:Name"] = "bob",
        ["Auth:ApiKeys:1:Key"] = BobKey,
        ["Auth:ApiKeys:1:Dashboard"] = "true",
        // The test server has no remote address; the key is what is tested here.
        ["Dashboard:AllowRemote"] = "true",
    });

    public HttpClient Client(string? key)
    {
        var client = Service.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public void Dispose() => Service.Dispose();
}

public sealed class ApiKeyTests(ApiKeyFactory factory) : IClassFixture<ApiKeyFactory>
{
    [Theory]
    [InlineData("GET", "/api/v1/jobs")]
    [InlineData("GET", "/api/v1/jobs/0190aaaa-0000-7000-8000-000000000001")]
    [InlineData("POST", "/api/v1/jobs/test-delay")]
    [InlineData("DELETE", "/api/v1/jobs/0190aaaa-0000-7000-8000-000000000001")]
    [InlineData("GET", "/openapi/v1.json")]
    [InlineData("GET", "/hangfire")]
    public async Task EveryEndpointButHealth_NeedsAKey(string method, string path)
    {
        foreach (var key in new[] { null, "not-a-configured-key-at-all" })
        {
            using var client = factory.Client(key);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST") request.Content = new StringContent("""{ "durationMs": 1 }""", Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
            var problem = await JobClient.ReadProblemAsync(response);
            Assert.Equal(key is null ? "API key required" : "Unknown API key", problem["title"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_NeedsNoKey(string path)
    {
        using var client = factory.Client(null);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AKeySeesOnlyItsOwnJobs()
    {
        using var alice = factory.Client(ApiKeyFactory.AliceKey);
        using var bob = factory.Client(ApiKeyFactory.BobKey);
        var aliceJobs = new JobClient(alice);
        var id = await aliceJobs.SubmitAsync("test-delay", """{ "durationMs": 1 }""");
        Assert.Equal("succeeded", (await aliceJobs.WaitAsync(id))["status"]!.GetValue<string>());
        var bobsOwn = await new JobClient(bob).SubmitAsync("test-delay", """{ "durationMs": 1 }""");

        foreach (var path in new[] { "", "/result", "/incumbent", "/logs", "/artifacts", "/artifacts/out.txt" })
        {
            using var response = await bob.GetAsync($"/api/v1/jobs/{id}{path}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            using var own = await alice.GetAsync($"/api/v1/jobs/{id}{path}");
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }
        using (var cancel = await bob.DeleteAsync($"/api/v1/jobs/{id}?purge=true")) Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        var bobList = (await bob.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Select(j => j!["id"]!.GetValue<Guid>()).ToList();
        Assert.DoesNotContain(id, bobList);
        Assert.Contains(bobsOwn, bobList);
        var aliceList = (await alice.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Select(j => j!["id"]!.GetValue<Guid>()).ToList();
        Assert.Contains(id, aliceList);
        Assert.DoesNotContain(bobsOwn, aliceList);
    }

    [Fact]
    public async Task IdempotencyKeysBelongToTheApiKey()
    {
        using var alice = factory.Client(ApiKeyFactory.AliceKey);
        using var bob = factory.Client(ApiKeyFactory.BobKey);
        var key = Guid.NewGuid().ToString();
        var ids = new List<Guid>();
        foreach (var client in new[] { alice, bob })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs/test-delay")
            {
                Content = new StringContent("""{ "durationMs": 1 }""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>());
        }
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public async Task BasicAuthentication_WithTheKeyAsPassword_IsAccepted_SoThatBrowsersCanSendIt()
    {
        using var client = factory.Client(null);
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:" + ApiKeyFactory.AliceKey)));
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // And the document tells Swagger UI where the key goes.
        var scheme = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("apiKey", scheme["type"]!.GetValue<string>());
        Assert.Equal("header", scheme["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", scheme["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dashboard_NeedsAKeyAllowedToOpenIt()
    {
        using var alice = factory.Client(ApiKeyFactory.AliceKey);
        using (var refused = await alice.GetAsync("/hangfire"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("Not allowed", (await JobClient.ReadProblemAsync(refused))["title"]!.GetValue<string>());
        }
        using var bob = factory.Client(ApiKeyFactory.BobKey);
        using var allowed = await bob.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("OptService jobs", await allowed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void AConfigurationWithAShortKey_RefusesToStart()
    {
        using var bad = ServiceFactory.With(new() { ["Auth:ApiKeys:0:Name"] = "x", ["Auth:ApiKeys:0:Key"] = "short" });
        var error = Assert.ThrowsAny<Exception>(() => bad.CreateClient());
        Assert.Contains("Auth:ApiKeys:0:Key is shorter than 16 characters", error.ToString(), StringComparison.Ordinal);
    }
}
