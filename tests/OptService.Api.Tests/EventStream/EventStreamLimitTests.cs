using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.EventStream;

/// <summary>Open streams per process and per API key (429 beyond), foreign jobs, and keep-alives on a quiet stream.</summary>
public sealed class EventStreamLimitTests : IDisposable
{
    private const string AliceKey = "alice-key-0123456789abcdef";
    private const string BobKey = "bob-key-0123456789abcdef";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly ServiceFactory _factory = ServiceFactory.With(new Dictionary<string, string?>
    {
        ["Auth:ApiKeys:0:Name"] = "alice",
        ["Auth:ApiKeys:0:Key"] = AliceKey,
        ["Auth:ApiKeys:1:Name"] = "bob",
        ["Auth:ApiKeys:1:Key"] = BobKey,
        ["Events:MaxStreamsPerProcess"] = "3",
        ["Events:MaxStreamsPerApiKey"] = "2",
        ["Events:KeepAliveInterval"] = "00:00:00.200",
        ["Events:PollInterval"] = "00:00:00.100",
        // One worker, busy with a long job: the next job stays queued, and its stream is quiet.
        ["Jobs:WorkerCount"] = "1",
    });

    private readonly HttpClient _http;

    public EventStreamLimitTests() => _http = KestrelService.Start(_factory);

    public void Dispose() => _factory.Dispose();

    private async Task<Guid> SubmitAsync(string key, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs/test-delay") { Content = JsonContent.Create(JsonNode.Parse(json)) };
        request.Headers.Add("X-Api-Key", key);
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    [Fact]
    public async Task StreamsBeyondTheLimits_Get429_ForeignJobs404_AndQuietStreamsKeepAlive()
    {
        var busy = await SubmitAsync(AliceKey, """{ "durationMs": 60000 }""");
        var waiting = await SubmitAsync(AliceKey, """{ "durationMs": 10 }""");
        var bobs = await SubmitAsync(BobKey, """{ "durationMs": 60000 }""");

        // Another key's job is not there, exactly like a missing one.
        using (var foreign = await EventStreamReader.SendAsync(_http, waiting, apiKey: BobKey))
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        var sinceOpen = Stopwatch.StartNew();
        await using var first = await EventStreamReader.OpenAsync(_http, waiting, apiKey: AliceKey);
        await using var second = await EventStreamReader.OpenAsync(_http, waiting, apiKey: AliceKey);
        using (var third = await EventStreamReader.SendAsync(_http, busy, apiKey: AliceKey))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), third.Headers.RetryAfter?.Delta);
            Assert.Contains("MaxStreamsPerApiKey", (await JobClient.ReadProblemAsync(third))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        await using var bobsStream = await EventStreamReader.OpenAsync(_http, bobs, apiKey: BobKey);
        using (var fourth = await EventStreamReader.SendAsync(_http, bobs, apiKey: BobKey))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
            Assert.Contains("MaxStreamsPerProcess", (await JobClient.ReadProblemAsync(fourth))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        // The queued job's stream says queued, then only keep-alive comments while the worker is busy.
        var queued = await first.NextAsync(Generous);
        Assert.Equal("status", queued!.Name);
        Assert.Equal("queued", queued.Json["status"]!.GetValue<string>());
        var log = await first.NextAsync(Generous);
        Assert.Equal("log", log!.Name);
        // Three more keep-alives and nothing else. No upper bound on their time (a loaded machine would break it), but
        // they are paced: since the stream opened, at most one per 200 ms interval (plus the one due at its end).
        await first.ReadCommentsAsync(3, Generous);
        var paced = (int)(sinceOpen.Elapsed / TimeSpan.FromMilliseconds(200)) + 1;
        Assert.True(first.Comments <= paced, $"{first.Comments} keep-alives in {sinceOpen.ElapsedMilliseconds} ms; the interval is 200 ms");

        // A closed stream frees its slot.
        await second.DisposeAsync();
        await WaitForSlotAsync(busy, AliceKey);
    }

    private async Task WaitForSlotAsync(Guid id, string key)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (true)
        {
            using var response = await EventStreamReader.SendAsync(_http, id, apiKey: key);
            if (response.StatusCode == HttpStatusCode.OK) return;
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "the slot of a closed stream was never freed");
            await Task.Delay(100);
        }
    }
}
