using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.Webhooks;

/// <summary>Webhooks against a receiver on 127.0.0.1: signature, events, retries after 500s, allow-list refusals.</summary>
public sealed class WebhookTests : IDisposable
{
    private const string Secret = "webhook-test-secret-0123456789";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly WebhookReceiver _receiver = new();
    private readonly ServiceFactory _factory = ServiceFactory.With(new Dictionary<string, string?>
    {
        ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
        ["Webhooks:Secret"] = Secret,
        ["Webhooks:SweepInterval"] = "00:00:00.100",
        ["Webhooks:FirstRetryDelay"] = "00:00:00.400",
        ["Webhooks:MaxRetryDelay"] = "00:00:01",
    });

    private readonly JobClient _client;

    public WebhookTests() => _client = new JobClient(_factory.CreateClient());

    public void Dispose()
    {
        _factory.Dispose();
        _receiver.Dispose();
    }

    private async Task<Guid> SubmitAsync(string query, string json)
    {
        using var response = await _client.Http.PostAsync($"/api/v1/jobs/test-delay?{query}", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
    }

    [Fact]
    public async Task Deliveries_AreSignedOverTimestampAndBody_AndCarryTheChosenEvents()
    {
        var id = await SubmitAsync($"webhookUrl={Uri.EscapeDataString(_receiver.Url())}&webhookEvents=status,finished", """{ "durationMs": 300 }""");

        var finished = await _receiver.WaitForAsync(r => r.Event == "finished", Generous);
        await _receiver.WaitForAsync(r => r.Event == "status" && r.Json["data"]!["status"]!.GetValue<string>() == "succeeded", Generous);

        Assert.True(finished.IsSignedWith(Secret), $"bad signature {finished.Signature} over {finished.Timestamp}.{finished.Body}");
        Assert.False(finished.IsSignedWith("another secret"));
        Assert.InRange(long.Parse(finished.Timestamp), DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        var body = finished.Json;
        Assert.Equal(finished.Id, body["id"]!.GetValue<string>());
        Assert.Equal("finished", body["event"]!.GetValue<string>());
        Assert.Equal(id, body["jobId"]!.GetValue<Guid>());
        Assert.Equal("succeeded", body["data"]!["status"]!.GetValue<string>());
        Assert.Equal(300, body["data"]!["objective"]!.GetValue<double>());
        // status events, no incumbents (not asked for), every delivery signed, each delivered once
        var received = _receiver.Received;
        // (sent side by side, so in any order)
        Assert.Equal(["queued", "running", "succeeded"], received.Where(r => r.Event == "status").Select(r => r.Json["data"]!["status"]!.GetValue<string>()).Order());
        Assert.Equal(4, received.Count);
        Assert.Equal(4, received.Select(r => r.Id).Distinct().Count());
        Assert.All(received, r => Assert.True(r.IsSignedWith(Secret)));
        // every attempt is in the job's log
        var log = await WaitForLogAsync(id, lines => lines.Count(l => l.Contains("delivered", StringComparison.Ordinal)) == 4);
        Assert.Contains(log, l => l.StartsWith($"webhook finished to 127.0.0.1:{_receiver.Port} (delivery {finished.Id}), attempt 1: HTTP 200; delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A500_IsRetriedWithBackoff_WithTheSameDeliveryId_UntilTheReceiverTakesIt()
    {
        _receiver.Answer = count => count < 2 ? 500 : 200;
        var id = await SubmitAsync($"webhookUrl={Uri.EscapeDataString(_receiver.Url("retry"))}", """{ "durationMs": 10 }""");

        var taken = await _receiver.WaitForAsync(r => r.Answered == 200, Generous);

        var attempts = _receiver.Received;
        Assert.Equal([500, 500, 200], attempts.Select(a => a.Answered));
        Assert.All(attempts, a => Assert.Equal(taken.Id, a.Id));
        Assert.All(attempts, a => Assert.Equal(taken.Body, a.Body));
        Assert.All(attempts, a => Assert.True(a.IsSignedWith(Secret)));
        Assert.Equal("finished", taken.Event); // the default
        // backoff: 0.4 s, then 0.8 s (sweeps every 0.1 s)
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromMilliseconds(350), $"{attempts[1].At - attempts[0].At}");
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromMilliseconds(750), $"{attempts[2].At - attempts[1].At}");
        var log = await WaitForLogAsync(id, lines => lines.Any(l => l.Contains("attempt 3: HTTP 200; delivered", StringComparison.Ordinal)));
        Assert.Contains(log, l => l.Contains("attempt 1: HTTP 500; retry in 0.4 s", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("attempt 2: HTTP 500; retry in 0.8 s", StringComparison.Ordinal));
        await Task.Delay(1500);
        Assert.Equal(3, _receiver.Received.Count); // nothing after the delivery
    }

    [Theory]
    [InlineData("webhookUrl=http%3A%2F%2Flocalhost%3A9%2Fhook", "webhookUrl", "is not one webhooks may call")]
    [InlineData("webhookUrl=http%3A%2F%2F10.0.0.1%2Fhook", "webhookUrl", "is not one webhooks may call")]
    [InlineData("webhookUrl=ftp%3A%2F%2F127.0.0.1%2Fhook", "webhookUrl", "absolute http or https URL")]
    [InlineData("webhookUrl=%2Frelative", "webhookUrl", "absolute http or https URL")]
    [InlineData("webhookUrl=http%3A%2F%2F127.0.0.1%3A9%2F&webhookEvents=finished,log", "webhookEvents", "finished, status, incumbent")]
    [InlineData("webhookEvents=finished", "webhookEvents", "needs webhookUrl")]
    public async Task BadWebhookSettings_Are400NamingTheParameter_AndNothingIsQueued(string query, string parameter, string reason)
    {
        var before = (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count;
        foreach (var route in new[] { $"/api/v1/jobs/test-delay?{query}", $"/api/v1/jobs/test-delay?validateOnly=true&{query}" })
        {
            using var response = await _client.Http.PostAsync(route, new StringContent("""{ "durationMs": 1 }""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await JobClient.ReadProblemAsync(response);
            Assert.Contains(reason, problem["errors"]![parameter]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Equal(before, (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count);
    }

    [Fact]
    public async Task FormatRoutes_TakeWebhookSettings_AndRefuseDisallowedHosts()
    {
        var nrp = OptService.Problems.Tests.SharedFixtures.Read("nrp", "Instance1.txt");
        using var refused = await _client.Http.PostAsync("/api/v1/jobs/nurse-scheduling/nrp?validateOnly=true&webhookUrl=http%3A%2F%2F169.254.169.254%2F",
            new StringContent(nrp, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull((await JobClient.ReadProblemAsync(refused))["errors"]!["webhookUrl"]);
        // an allowed one is a job setting, not an unknown option of the format
        using var allowed = await _client.Http.PostAsync($"/api/v1/jobs/nurse-scheduling/nrp?validateOnly=true&webhookUrl={Uri.EscapeDataString(_receiver.Url())}&webhookEvents=incumbent",
            new StringContent(nrp, Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task WithoutAllowedHosts_WebhooksAreOff()
    {
        using var plain = new ServiceFactory();
        using var response = await plain.CreateClient().PostAsync($"/api/v1/jobs/test-delay?webhookUrl={Uri.EscapeDataString(_receiver.Url())}",
            new StringContent("""{ "durationMs": 1 }""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is empty: webhooks are off", (await JobClient.ReadProblemAsync(response))["errors"]!["webhookUrl"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<string>> WaitForLogAsync(Guid id, Func<IReadOnlyList<string>, bool> done)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (true)
        {
            var lines = (await _client.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()).ToList();
            if (done(lines)) return lines;
            Assert.True(DateTime.UtcNow < deadline, "the log never showed the attempts: " + string.Join(" | ", lines));
            await Task.Delay(100);
        }
    }
}
