using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs;
using OptService.Kinds;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.JobSettings;

/// <summary><c>?validateOnly=true</c>: the checks of a submission, a summary, and nothing stored, queued or keyed.</summary>
public sealed class ValidateOnlyTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client = new(factory.CreateClient());

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<int> JobCountAsync() => (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count;

    [Fact]
    public async Task ValidJson_Answers200WithSizesAndMethod_AndStoresNothing()
    {
        var before = await JobCountAsync();
        using var response = await _client.Http.PostAsync("/api/v1/jobs/transshipment?validateOnly=true", Json(SharedFixtures.Read("seed", "american-steel.json")));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var answer = JsonNode.Parse(body)!;
        Assert.True(answer["valid"]!.GetValue<bool>());
        Assert.Equal("transshipment", answer["kind"]!.GetValue<string>());
        var problem = JsonNode.Parse(SharedFixtures.Read("seed", "american-steel.json"))!;
        Assert.Equal(problem["nodes"]!.AsArray().Count, answer["summary"]!["sizes"]!["nodes"]!.GetValue<int>());
        Assert.Equal(problem["arcs"]!.AsArray().Count, answer["summary"]!["sizes"]!["arcs"]!.GetValue<int>());
        // Integer data: the network algorithm (see MethodChoice), with the sentence that says why.
        Assert.Equal("min-cost-flow", answer["summary"]!["method"]!.GetValue<string>());
        Assert.StartsWith("auto:", answer["summary"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);
        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public async Task InvalidJson_GetsExactlyTheSubmissionsAnswer()
    {
        const string invalid = """{ "durationMs": -5, "logLines": -1 }""";
        using var real = await _client.Http.PostAsync("/api/v1/jobs/test-delay", Json(invalid));
        using var checkOnly = await _client.Http.PostAsync("/api/v1/jobs/test-delay?validateOnly=true", Json(invalid));

        Assert.Equal(HttpStatusCode.BadRequest, real.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, checkOnly.StatusCode);
        // The same problem details, byte for byte, but for the per-request trace id.
        Assert.Equal(WithoutTraceId(await real.Content.ReadAsStringAsync()), WithoutTraceId(await checkOnly.Content.ReadAsStringAsync()));
        Assert.Equal(real.Content.Headers.ContentType, checkOnly.Content.Headers.ContentType);
    }

    [Fact]
    public async Task EveryFormatRoute_ValidatesItsExample_AndTheFormatStillRejectsUnknownParameters()
    {
        var kinds = factory.Services.GetRequiredService<ProblemKindCatalog>();
        var before = await JobCountAsync();
        var checkedRoutes = 0;
        foreach (var kind in kinds.All)
        {
            foreach (var format in kind.InputFormats)
            {
                var bytes = format is IBinaryProblemInputFormat ? Encoding.Latin1.GetBytes(format.ExampleBody) : Encoding.UTF8.GetBytes(format.ExampleBody);
                using var response = await PostAsync($"/api/v1/jobs/{kind.Name}/{format.Name}?validateOnly=true", bytes, format.ContentType);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind.Name}/{format.Name}: {(int)response.StatusCode} {body}");
                var summary = JsonNode.Parse(body)!["summary"]!;
                Assert.NotEmpty(summary["method"]!.GetValue<string>());
                Assert.True(summary["sizes"]!.AsObject().Count > 0, $"{kind.Name}/{format.Name}: no sizes in {body}");

                using var unknown = await PostAsync($"/api/v1/jobs/{kind.Name}/{format.Name}?validateOnly=true&noSuchOption=1", bytes, format.ContentType);
                Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
                Assert.NotNull((await JobClient.ReadProblemAsync(unknown))["errors"]!["noSuchOption"]);
                checkedRoutes++;
            }
        }
        Assert.True(checkedRoutes >= 4, $"only {checkedRoutes} format routes");
        Assert.Equal(before, await JobCountAsync());
    }

    [Fact]
    public async Task LinearProgram_SummaryNamesTheBackendAutoWouldChoose()
    {
        const string mip = """
            { "variables": [ { "name": "x", "lower": 0, "upper": 4, "integer": true }, { "name": "y", "lower": 0 } ],
              "constraints": [ { "name": "c", "terms": { "x": 1, "y": 2 }, "upper": 7 } ],
              "objective": { "sense": "maximize", "terms": { "x": 3, "y": 1 } } }
            """;
        using var response = await _client.Http.PostAsync("/api/v1/jobs/linear-program?validateOnly=true", Json(mip));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var summary = JsonNode.Parse(body)!["summary"]!;
        Assert.Equal("scip", summary["method"]!.GetValue<string>());
        Assert.Equal(2, summary["sizes"]!["variables"]!.GetValue<int>());
        Assert.Equal(1, summary["sizes"]!["integerVariables"]!.GetValue<int>());
        Assert.Equal(2, summary["sizes"]!["nonzeros"]!.GetValue<int>());
    }

    [Fact]
    public async Task ValidateOnly_DoesNotUseUpTheIdempotencyKey()
    {
        var key = Guid.NewGuid().ToString();
        using (var check = await SendWithKeyAsync("/api/v1/jobs/test-delay?validateOnly=true", key, """{ "durationMs": 1 }"""))
            Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        // Had the check stored the key, a different problem under it would be a 422.
        using var real = await SendWithKeyAsync("/api/v1/jobs/test-delay", key, """{ "durationMs": 2 }""");
        Assert.Equal(HttpStatusCode.Accepted, real.StatusCode);
    }

    [Fact]
    public async Task BadValidateOnlyValue_Is400NamingTheParameter()
    {
        using var response = await _client.Http.PostAsync("/api/v1/jobs/test-delay?validateOnly=maybe", Json("""{ "durationMs": 1 }"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("true or false", (await JobClient.ReadProblemAsync(response))["errors"]!["validateOnly"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string WithoutTraceId(string problem)
    {
        var json = JsonNode.Parse(problem)!.AsObject();
        Assert.True(json.Remove("traceId"));
        return json.ToJsonString();
    }

    private Task<HttpResponseMessage> PostAsync(string url, byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return _client.Http.PostAsync(url, content);
    }

    private Task<HttpResponseMessage> SendWithKeyAsync(string url, string key, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(json) };
        request.Headers.Add("Idempotency-Key", key);
        return _client.Http.SendAsync(request);
    }
}
