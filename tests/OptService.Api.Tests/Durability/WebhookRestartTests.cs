using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.Durability;

/// <summary>
/// A webhook delivery survives a SIGKILL of the process in the middle of its retries: the outbox row is in the
/// job store, and the restarted process sends it again, with the same delivery id and a valid signature.
/// </summary>
public sealed class WebhookRestartTests : IDisposable
{
    private const string Secret = "restart-test-secret-0123456789";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "optservice-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    [Fact]
    public async Task DeliveryRetried_AcrossAKillAndRestart_ArrivesWithTheSameId()
    {
        using var receiver = new WebhookReceiver { Answer = _ => 500 };
        var settings = new Dictionary<string, string>
        {
            ["Jobs:DataDirectory"] = _dataDirectory,
            ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
            ["Webhooks:Secret"] = Secret,
            ["Webhooks:SweepInterval"] = "00:00:00.200",
            ["Webhooks:FirstRetryDelay"] = "00:00:00.300",
            ["Webhooks:MaxRetryDelay"] = "00:00:00.600",
        };
        Guid id;
        string deliveryId;
        await using (var first = await ServiceProcess.StartAsync(settings))
        {
            using var submitted = await first.Client.PostAsync($"/api/v1/jobs/transshipment?webhookUrl={Uri.EscapeDataString(receiver.Url())}",
                new StringContent(SharedFixtures.Read("seed", "american-steel.json"), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            id = JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["id"]!.GetValue<Guid>();
            deliveryId = (await receiver.WaitForAsync(r => r.Answered == 500, TimeSpan.FromSeconds(60))).Id;
            await receiver.WaitForAsync(r => r.Answered == 500 && r != receiver.Received[0], TimeSpan.FromSeconds(60));
            await first.KillAsync(); // SIGKILL in the middle of the retries
        }
        var beforeRestart = receiver.Received.Count;
        receiver.Answer = _ => 200;

        await using var second = await ServiceProcess.StartAsync(settings);
        var taken = await receiver.WaitForAsync(r => r.Answered == 200, TimeSpan.FromSeconds(60));

        Assert.True(beforeRestart >= 2);
        Assert.Equal(deliveryId, taken.Id);
        Assert.All(receiver.Received, r => Assert.Equal(deliveryId, r.Id));
        Assert.True(taken.IsSignedWith(Secret));
        Assert.Equal(id, taken.Json["jobId"]!.GetValue<Guid>());
        Assert.Equal(15005, taken.Json["data"]!["objective"]!.GetValue<double>());
        // the log has the attempts of both processes, numbered on
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var client = new JobClient(second.Client);
        while (true)
        {
            var lines = (await client.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()).ToList();
            if (lines.Any(l => l.EndsWith("HTTP 200; delivered", StringComparison.Ordinal)))
            {
                Assert.Contains(lines, l => l.Contains("attempt 1: HTTP 500; retry in", StringComparison.Ordinal));
                // An attempt the kill cut short (received, not yet recorded) has no line; every other one has.
                Assert.InRange(lines.Count(l => l.StartsWith("webhook finished", StringComparison.Ordinal)), receiver.Received.Count - 1, receiver.Received.Count);
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, string.Join(" | ", lines));
            await Task.Delay(100);
        }
    }
}
