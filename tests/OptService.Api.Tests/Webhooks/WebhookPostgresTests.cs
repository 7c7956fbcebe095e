using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Api.Tests.ScaleOut;
using OptService.Jobs.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.Webhooks;

/// <summary>
/// Webhooks in shared mode on a real PostgreSQL: the outbox lives in the database, and both worker processes sweep it.
/// Every event arrives signed, a 500 is retried with the same delivery id and body, and each delivery is taken once.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class WebhookPostgresTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Secret = "postgres-webhook-secret-0123456789";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task OnPostgres_DeliveriesAreSigned_A500IsRetried_AndEachIsTakenOnce_WithTwoWorkers()
    {
        using var receiver = new WebhookReceiver { Answer = count => count < 2 ? 500 : 200 };
        var settings = new Dictionary<string, string>
        {
            ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
            ["Webhooks:Secret"] = Secret,
            ["Webhooks:SweepInterval"] = "00:00:00.100",
            ["Webhooks:FirstRetryDelay"] = "00:00:00.400",
            ["Webhooks:MaxRetryDelay"] = "00:00:01",
        };
        await using var api = await SharedMode.StartApiAsync(database, settings);
        await using var worker1 = await SharedMode.StartWorkerAsync(database, workerCount: 1, settings);
        await using var worker2 = await SharedMode.StartWorkerAsync(database, workerCount: 1, settings);
        var client = new JobClient(api.Client);

        using var submitted = await api.Client.PostAsync(
            $"/api/v1/jobs/transshipment?webhookUrl={Uri.EscapeDataString(receiver.Url())}&webhookEvents=status,finished",
            new StringContent(SharedFixtures.Read("seed", "american-steel.json"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

        // queued, running, succeeded and finished: four deliveries, each taken (2xx) in the end
        var deadline = DateTime.UtcNow + Generous;
        while (receiver.Received.Where(r => r.Answered == 200).Select(r => r.Id).Distinct().Count() < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, "not every delivery was taken: " + string.Join(" | ", receiver.Received.Select(r => $"{r.Answered} {r.Event} {r.Id}")));
            await Task.Delay(100);
        }
        await Task.Delay(1500); // anything sent twice would arrive by now

        var received = receiver.Received;
        Assert.All(received, r => Assert.True(r.IsSignedWith(Secret), $"bad signature {r.Signature} over {r.Timestamp}.{r.Body}"));
        Assert.All(received, r => Assert.Equal(id, r.Json["jobId"]!.GetValue<Guid>()));
        // each delivery taken exactly once, although two workers sweep the same outbox
        var taken = received.Where(r => r.Answered == 200).ToList();
        Assert.Equal(4, taken.Count);
        Assert.Equal(4, taken.Select(r => r.Id).Distinct().Count());
        Assert.Equal(["queued", "running", "succeeded"], taken.Where(r => r.Event == "status").Select(r => r.Json["data"]!["status"]!.GetValue<string>()).Order());
        var finished = Assert.Single(taken, r => r.Event == "finished");
        Assert.Equal(15005, finished.Json["data"]!["objective"]!.GetValue<double>(), 6);
        // the two 500s were retried: same delivery id and the same body, taken later, after the backoff
        var refused = received.Where(r => r.Answered == 500).ToList();
        Assert.Equal(2, refused.Count);
        foreach (var attempt in refused)
        {
            var retry = Assert.Single(taken, r => r.Id == attempt.Id);
            Assert.Equal(attempt.Body, retry.Body);
            Assert.True(retry.At - attempt.At >= TimeSpan.FromMilliseconds(350), $"retried after {retry.At - attempt.At}");
        }
        var log = (await client.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()).ToList();
        // every attempt is in the job's log, written by whichever worker made it
        Assert.Equal(2, log.Count(l => l.Contains(": HTTP 500; retry in ", StringComparison.Ordinal)));
        Assert.Equal(4, log.Count(l => l.Contains(": HTTP 200; delivered", StringComparison.Ordinal)));
        Assert.Contains(log, l => l.Contains("attempt 1: HTTP 500; retry in 0.4 s", StringComparison.Ordinal));
    }
}
