using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptService.Jobs.Progress;
using OptService.Jobs.Store;

namespace OptService.Jobs.Webhooks;

/// <summary>
/// Runs in every worker process. Each sweep it (1) reads what happened to jobs with a webhook since their stored
/// cursor and queues one outbox delivery per wanted event (compare-and-set on the cursor: of several processes
/// exactly one queues them), and (2) claims due deliveries and POSTs them, signed. A 2xx ends a delivery; anything
/// else (another status, a timeout, a refused connection) is retried with doubling waits until
/// <see cref="WebhookOptions.RetryFor"/> after it was queued. Every attempt is a line in the job's log.
/// </summary>
internal sealed partial class WebhookDispatcher(
    JobStore store, JobProgressFeed feed, IHttpClientFactory httpClients, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private const int SubscriptionsPerSweep = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.SweepInterval);
        do
        {
            try
            {
                await QueueNewEventsAsync(stoppingToken);
                await SendDueAsync(settings, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The store may be briefly away; the outbox keeps everything for the next sweep.
                LogSweepFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task QueueNewEventsAsync(CancellationToken ct)
    {
        foreach (var subscription in await store.ListOpenWebhooksAsync(SubscriptionsPerSweep, ct))
        {
            var (events, snapshot) = await feed.ReadAsync(subscription.JobId, subscription.Cursor, withLogs: false, maxLogLines: 1, ct);
            var now = DateTimeOffset.UtcNow;
            if (snapshot is null)
            {
                // The job is gone (purged): nothing more will happen to it.
                await store.AdvanceWebhookAsync(subscription.JobId, subscription.Cursor, subscription.Cursor with { Step = ProgressCursor.Finished }, true, [], now, ct);
                continue;
            }
            if (events.Count == 0) continue;
            var deliveries = events
                .Where(item => subscription.Events.HasFlag(WebhookPayload.FlagOf(item)) && WebhookPayload.FlagOf(item) != WebhookEvents.None)
                .Select(item =>
                {
                    var id = WebhookPayload.DeliveryId(subscription.JobId, item);
                    return new WebhookDelivery(id, subscription.JobId, subscription.Url, subscription.Client, item.Name,
                        WebhookPayload.Body(id, snapshot.Job, item, now), now, 0);
                })
                .ToList();
            var to = events[^1].Cursor;
            await store.AdvanceWebhookAsync(subscription.JobId, subscription.Cursor, to, to.IsFinished, deliveries, now, ct);
        }
    }

    private async Task SendDueAsync(WebhookOptions settings, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        // While a delivery is being sent it is not due; if this process dies meanwhile, it is due again after the lease.
        var lease = now + settings.Timeout + TimeSpan.FromSeconds(5);
        var due = await store.ClaimDueDeliveriesAsync(now, lease, settings.MaxConcurrentDeliveries, ct);
        await Task.WhenAll(due.Select(delivery => SendAsync(delivery, settings, ct)));
    }

    private async Task SendAsync(WebhookDelivery delivery, WebhookOptions settings, CancellationToken ct)
    {
        var host = delivery.Url.Authority;
        string outcome;
        var delivered = false;
        if (settings.SecretFor(delivery.Client) is not { } secret)
            outcome = "no signing secret is configured (Webhooks:Secret or Webhooks:ClientSecrets)";
        else if (!settings.Allows(delivery.Url))
            outcome = $"{host} is no longer in Webhooks:AllowedHosts";
        else
        {
            try
            {
                var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
                {
                    Content = new StringContent(delivery.Body, System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.Add(WebhookSignature.IdHeader, delivery.Id);
                request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
                request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, delivery.Body));
                request.Headers.Add(WebhookSignature.EventHeader, delivery.Event);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(settings.Timeout);
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                delivered = response.IsSuccessStatusCode;
                outcome = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException exception)
            {
                outcome = exception.HttpRequestError.ToString();
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                outcome = $"no answer within {settings.Timeout.TotalSeconds:0.#} s";
            }
        }
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset? retryAt = null;
        var attempt = delivery.Attempts;
        if (!delivered)
        {
            var wait = TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, settings.FirstRetryDelay.Ticks * (1L << Math.Min(attempt - 1, 30))));
            if (now + wait <= delivery.CreatedAt + settings.RetryFor) retryAt = now + wait;
        }
        var line = string.Create(CultureInfo.InvariantCulture,
            $"webhook {delivery.Event} to {host} (delivery {delivery.Id}), attempt {attempt}: {outcome}; ") +
            (delivered ? "delivered" : retryAt is { } at ? $"retry in {(at - now).TotalSeconds:0.#} s" : "given up");
        await store.RecordDeliveryAttemptAsync(delivery, now, delivered, retryAt, line, CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook sweep failed; trying again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
