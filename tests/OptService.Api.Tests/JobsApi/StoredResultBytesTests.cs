using System.Net;
using System.Text;
using System.Text.Json;
using OptService.Api.Tests.Infrastructure;
using OptService.Kinds;
using OptService.Problems.NurseScheduling;
using OptService.Problems.Tests;
using OptService.Problems.Transshipment;

namespace OptService.Api.Tests.JobsApi;

/// <summary>
/// The result travels as UTF-8 bytes from the kind's writer to the store to the response. What a client reads must be
/// what it read when the result was a string: the bytes of the string System.Text.Json writes for the kind's result
/// record with the service's options, with the same headers, on every route that answers with it.
/// </summary>
public sealed class StoredResultBytesTests : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client;

    public StoredResultBytesTests(ServiceFactory factory) => _client = new JobClient(factory.CreateClient());

    [Fact]
    public async Task TransshipmentResult_IsTheSerializersJson_OnEveryRouteThatReturnsIt()
    {
        // Ids that the JSON must escape (a quote, a non-ASCII letter), on a network the job writes from its flow arrays.
        var problem = SharedFixtures.Read("seed", "american-steel.json")
            .Replace("\"Kansas City\"", "\"Kansas \\\"City\\\" Zürich\"", StringComparison.Ordinal);
        var id = await _client.SubmitAsync("transshipment", problem);
        Assert.Equal("succeeded", (await _client.WaitAsync(id))["status"]!.GetValue<string>());

        var bytes = await AssertSameBytesOnEveryRouteAsync(id, "transshipment");
        var result = JsonSerializer.Deserialize<TransshipmentResult>(bytes, JobJson.Options)!;
        Assert.Equal(15005, result.Objective!.Value, 6);
        Assert.Contains(result.Flows, flow => flow.To == "Kansas \"City\" Zürich" && flow.Flow > 0);
        Assert.Equal(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(result, JobJson.Options)), bytes);
    }

    [Fact]
    public async Task NurseSchedulingResult_IsTheSerializersJson_OnEveryRouteThatReturnsIt()
    {
        var id = await _client.SubmitAsync("nurse-scheduling", SharedFixtures.Read("seed", "nurses-seed.json"));
        Assert.Equal("succeeded", (await _client.WaitAsync(id, seconds: 120))["status"]!.GetValue<string>());

        var bytes = await AssertSameBytesOnEveryRouteAsync(id, "nurse-scheduling");
        var result = JsonSerializer.Deserialize<NurseSchedulingResult>(bytes, JobJson.Options)!;
        Assert.Equal(5184L, result.SolutionCount);
        Assert.Equal(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(result, JobJson.Options)), bytes);
    }

    /// <summary>
    /// <c>/result</c>, the kind's typed <c>/result</c> and a finished job's <c>/incumbent</c> send the same bytes, as
    /// <c>application/json</c> without a charset and with their length, as <c>Results.Text</c> sent the string.
    /// </summary>
    private async Task<byte[]> AssertSameBytesOnEveryRouteAsync(Guid id, string kind)
    {
        byte[]? first = null;
        foreach (var route in new[] { $"/api/v1/jobs/{id}/result", $"/api/v1/jobs/{kind}/{id}/result", $"/api/v1/jobs/{id}/incumbent", $"/api/v1/jobs/{kind}/{id}/incumbent" })
        {
            using var response = await _client.Http.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.ToString());
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
            if (first is null) first = bytes;
            else Assert.Equal(first, bytes);
        }
        return first!;
    }
}
