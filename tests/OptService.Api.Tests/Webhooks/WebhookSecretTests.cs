using System.Net;
using System.Text;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.Webhooks;

/// <summary>An API key with its own webhook secret gets deliveries signed with it; other keys get the global one.</summary>
public sealed class WebhookSecretTests : IDisposable
{
    private const string AliceKey = "alice-key-0123456789abcdef";
    private const string BobKey = "bob-key-0123456789abcdef";
    private const string AliceSecret = "alice-own-webhook-secret-0123";
    private const string GlobalSecret = "global-webhook-secret-0123456";

    private readonly WebhookReceiver _receiver = new();
    private readonly ServiceFactory _factory = ServiceFactory.With(new Dictionary<string, string?>
    {
        ["Auth:ApiKeys:0:Name"] = "alice",
        ["Auth:ApiKeys:0:Key"] = AliceKey,
        ["Auth:ApiKeys:1:Name"] = "bob",
        ["Auth:ApiKeys:1:Key"] = BobKey,
        ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
        ["Webhooks:Secret"] = GlobalSecret,
        ["Webhooks:ClientSecrets:alice"] = AliceSecret,
        ["Webhooks:SweepInterval"] = "00:00:00.100",
    });

    public void Dispose()
    {
        _factory.Dispose();
        _receiver.Dispose();
    }

    [Fact]
    public async Task EachKeysDeliveries_AreSignedWithItsSecret()
    {
        var http = _factory.CreateClient();
        foreach (var (key, path) in new[] { (AliceKey, "alice"), (BobKey, "bob") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/jobs/test-delay?webhookUrl={Uri.EscapeDataString(_receiver.Url(path))}")
            {
                Content = new StringContent("""{ "durationMs": 1 }""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Api-Key", key);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        await _receiver.WaitForAsync(_ => _receiver.Received.Count == 2, TimeSpan.FromSeconds(60));

        var alices = Assert.Single(_receiver.Received, r => r.IsSignedWith(AliceSecret));
        var bobs = Assert.Single(_receiver.Received, r => r.IsSignedWith(GlobalSecret));
        Assert.NotEqual(alices.Id, bobs.Id);
    }
}
