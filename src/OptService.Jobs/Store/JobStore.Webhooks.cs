using System.Data.Common;
using System.Globalization;
using OptService.Jobs.Progress;
using OptService.Jobs.Webhooks;
using OptService.Kinds;

namespace OptService.Jobs.Store;

/// <summary>A job's webhook and how far its events have been turned into deliveries.</summary>
public sealed record WebhookSubscription(Guid JobId, Uri Url, WebhookEvents Events, string Client, ProgressCursor Cursor);

/// <summary>One POST to make (again): the delivery outbox row.</summary>
public sealed record WebhookDelivery(string Id, Guid JobId, Uri Url, string Client, string Event, string Body, DateTimeOffset CreatedAt, int Attempts);

/// <summary>
/// Webhooks in the job store: a subscription row per job that has one (written with the job, in the admission's
/// transaction) and the delivery outbox. A delivery is a row until the receiver took it or it was given up, so a
/// process killed at any point leaves it to be sent (again) by the next one: at least once.
/// </summary>
public sealed partial class JobStore
{
    private static string WebhookSchema => """
        CREATE TABLE IF NOT EXISTS opt_webhooks (
            job_id TEXT PRIMARY KEY,
            url TEXT NOT NULL,
            events TEXT NOT NULL,
            client TEXT NOT NULL,
            cursor TEXT NOT NULL,
            done INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS ix_opt_webhooks_open ON opt_webhooks (done);
        CREATE TABLE IF NOT EXISTS opt_webhook_deliveries (
            id TEXT PRIMARY KEY,
            job_id TEXT NOT NULL,
            url TEXT NOT NULL,
            client TEXT NOT NULL,
            event TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            next_attempt_at BIGINT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            delivered_at BIGINT NULL,
            given_up_at BIGINT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_opt_webhook_deliveries_due ON opt_webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND given_up_at IS NULL;
        """;

    private static async Task InsertWebhookAsync(DbConnection connection, DbTransaction tx, Guid id, string client, JobWebhook webhook, CancellationToken ct)
    {
        await using var insert = Command(connection, tx,
            "INSERT INTO opt_webhooks (job_id, url, events, client, cursor) VALUES (@id, @url, @events, @client, @cursor)");
        insert.Add("id", Key(id)).Add("url", webhook.Url.AbsoluteUri).Add("events", JobWebhook.Format(webhook.Events))
            .Add("client", client).Add("cursor", ProgressCursor.Start.ToString());
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Webhooks whose job has not yet been seen to its end (oldest first, at most <paramref name="limit"/>).</summary>
    public Task<IReadOnlyList<WebhookSubscription>> ListOpenWebhooksAsync(int limit, CancellationToken ct = default) =>
        QueryAsync("SELECT job_id, url, events, client, cursor FROM opt_webhooks WHERE done = 0 ORDER BY job_id LIMIT @limit",
            c => c.Add("limit", limit),
            r => new WebhookSubscription(Guid.Parse(r.GetString(0)), new Uri(r.GetString(1)), JobWebhook.Parse(r.GetString(2)).Events, r.GetString(3),
                ProgressCursor.TryParse(r.GetString(4), out var cursor) ? cursor : ProgressCursor.Start),
            ct);

    /// <summary>
    /// Moves a webhook's cursor from <paramref name="from"/> to <paramref name="to"/> and queues its deliveries, in one
    /// transaction, only if the cursor is still at <paramref name="from"/>: of several processes that read the same
    /// events, exactly one queues them. Returns whether this call did.
    /// </summary>
    public async Task<bool> AdvanceWebhookAsync(
        Guid jobId, ProgressCursor from, ProgressCursor to, bool done, IReadOnlyList<WebhookDelivery> deliveries, DateTimeOffset now, CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var move = Command(connection, tx, "UPDATE opt_webhooks SET cursor = @to, done = @done WHERE job_id = @id AND cursor = @from"))
        {
            move.Add("id", Key(jobId)).Add("from", from.ToString()).Add("to", to.ToString()).Add("done", done ? 1 : 0);
            if (await move.ExecuteNonQueryAsync(ct) == 0)
            {
                await tx.RollbackAsync(ct);
                return false;
            }
        }
        foreach (var delivery in deliveries)
        {
            await using var insert = Command(connection, tx,
                "INSERT INTO opt_webhook_deliveries (id, job_id, url, client, event, body, created_at, next_attempt_at) " +
                "VALUES (@id, @job, @url, @client, @event, @body, @now, @now) ON CONFLICT (id) DO NOTHING");
            insert.Add("id", delivery.Id).Add("job", Key(jobId)).Add("url", delivery.Url.AbsoluteUri).Add("client", delivery.Client)
                .Add("event", delivery.Event).Add("body", delivery.Body).Add("now", Millis(now));
            await insert.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries for this process: each claimed one is not due again until
    /// <paramref name="leaseUntil"/> (if the process dies while sending, it is sent again then) and counts an attempt.
    /// </summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ClaimDueDeliveriesAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct = default)
    {
        var due = await QueryAsync(
            "SELECT id, job_id, url, client, event, body, created_at, attempts, next_attempt_at FROM opt_webhook_deliveries " +
            "WHERE delivered_at IS NULL AND given_up_at IS NULL AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @limit",
            c => c.Add("now", Millis(now)).Add("limit", limit),
            r => (Delivery: new WebhookDelivery(r.GetString(0), Guid.Parse(r.GetString(1)), new Uri(r.GetString(2)), r.GetString(3), r.GetString(4), r.GetString(5),
                    FromMillis(r.GetInt64(6)), Convert.ToInt32(r.GetValue(7), CultureInfo.InvariantCulture) + 1),
                NextAttemptAt: r.GetInt64(8)),
            ct);
        var claimed = new List<WebhookDelivery>(due.Count);
        foreach (var (delivery, nextAttemptAt) in due)
        {
            using var gate = await EnterWriteAsync(ct);
            await using var connection = await OpenAsync(ct);
            await using var claim = Command(connection, null,
                "UPDATE opt_webhook_deliveries SET next_attempt_at = @lease, attempts = attempts + 1 " +
                "WHERE id = @id AND next_attempt_at = @seen AND delivered_at IS NULL AND given_up_at IS NULL");
            claim.Add("id", delivery.Id).Add("lease", Millis(leaseUntil)).Add("seen", nextAttemptAt);
            if (await claim.ExecuteNonQueryAsync(ct) == 1) claimed.Add(delivery);
        }
        return claimed;
    }

    /// <summary>Records how an attempt ended: delivered, retry at <paramref name="retryAt"/>, or (both null) given up; with a line in the job's log.</summary>
    public async Task RecordDeliveryAttemptAsync(WebhookDelivery delivery, DateTimeOffset now, bool delivered, DateTimeOffset? retryAt, string logLine, CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var update = Command(connection, tx, delivered
                   ? "UPDATE opt_webhook_deliveries SET delivered_at = @now WHERE id = @id"
                   : retryAt is not null
                       ? "UPDATE opt_webhook_deliveries SET next_attempt_at = @retry WHERE id = @id"
                       : "UPDATE opt_webhook_deliveries SET given_up_at = @now WHERE id = @id"))
        {
            update.Add("id", delivery.Id).Add("now", Millis(now));
            if (retryAt is { } at) update.Add("retry", Millis(at));
            await update.ExecuteNonQueryAsync(ct);
        }
        // The job may be gone (purged, retention); its log goes with it.
        await using (var exists = Command(connection, tx, "SELECT COUNT(*) FROM opt_jobs WHERE id = @id"))
        {
            exists.Add("id", Key(delivery.JobId));
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0)
                await AppendLogsAsync(connection, tx, delivery.JobId,
                    [new PendingLogLine(now, delivered ? JobLogLevel.Info : JobLogLevel.Warning, logLine)], ct);
        }
        await tx.CommitAsync(ct);
    }
}
