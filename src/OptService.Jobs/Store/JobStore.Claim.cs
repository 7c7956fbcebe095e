using System.Globalization;

namespace OptService.Jobs.Store;

public sealed partial class JobStore
{
    /// <summary>A job a worker may start: queued, or running under a lease its owner stopped renewing (the process died).</summary>
    private const string Startable = "(status = 'queued' OR (status = 'running' AND lease_until < @now))";

    /// <summary>Startable jobs numbered within their key's line (<c>n</c> = 1: the key's next job).</summary>
    private const string StartableInKeyOrder = $"""
        SELECT id, client, priority, created_at, max_running,
               ROW_NUMBER() OVER (PARTITION BY client ORDER BY priority, created_at, id) AS n
        FROM opt_jobs WHERE {Startable}
        """;

    /// <summary>Each key's running jobs on live leases (a dead worker's slot comes back after its lease).</summary>
    private const string RunningPerKey =
        "SELECT client, COUNT(*) AS running FROM opt_jobs WHERE status = 'running' AND lease_until >= @now GROUP BY client";

    /// <summary>
    /// The order in which waiting jobs start, decided here rather than by the queue (whose entries only wake
    /// workers): each client's (API key's) first job by priority and age, then among those clients
    /// the best priority first; within a priority the client with the fewest jobs running (over all workers,
    /// live leases only, so a dead worker's slot comes back after its lease), then the one that started a
    /// job least recently (round robin), then the oldest job. A client at its <c>max_running</c> is skipped.
    /// So a key with thousands of jobs waiting delays another key's single job by at most one solve per slot.
    /// </summary>
    private const string NextJob = $"""
        SELECT q.id FROM (
            {StartableInKeyOrder}
        ) q
        LEFT JOIN (
            {RunningPerKey}
        ) r ON r.client = q.client
        WHERE q.n = 1 AND (q.max_running = 0 OR COALESCE(r.running, 0) < q.max_running)
        ORDER BY q.priority, COALESCE(r.running, 0),
                 COALESCE((SELECT MAX(s.started_at) FROM opt_jobs s WHERE s.client = q.client), 0),
                 q.created_at, q.id
        LIMIT 1
        """;

    /// <summary>
    /// Claims the job that should start next (see <see cref="NextJob"/>) for this process, in one statement:
    /// a concurrent claim of the same job finds it taken and this one looks again. Null when nothing may start.
    /// The same statement says whether another job could start after this one (<see cref="ClaimedJob.MoreWaiting"/>),
    /// so that a slot stops draining without a claim that finds nothing. Committed without waiting for the WAL
    /// flush (see <see cref="SqlDialect.FlushLaterSource"/>): a claim lost in a crash leaves the job queued.
    /// The problem is read after the claim (<see cref="GetProblemAsync"/>), outside the store's write gate.
    /// </summary>
    internal Task<ClaimedJob?> TryStartNextAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct = default) =>
        TryStartNextAsync(owner, now, leaseUntil, [], ct);

    /// <summary>
    /// As above; on PostgreSQL the claim also returns the problem (<see cref="ClaimedJob.Problem"/>) unless the job is
    /// one of <paramref name="parsedHere"/> (this process holds it parsed).
    /// </summary>
    internal async Task<ClaimedJob?> TryStartNextAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, IReadOnlyCollection<Guid> parsedHere,
        CancellationToken ct = default)
    {
        if (_dialect.WritableCtes) return await TryStartNextInOneStatementAsync(owner, now, leaseUntil, parsedHere, ct);
        // A claim loses only to another claim of the same job, which then is not startable any more:
        // a few tries suffice even with many workers; the caller's next wake-up tries again anyway.
        for (var attempt = 0; attempt < 8; attempt++)
        {
            using var gate = await EnterWriteAsync(ct);
            await using var connection = await OpenFlushLaterAsync(ct);
            // "more": another startable job than this one (the subquery reads the other rows, which this
            // statement leaves as they were, so both databases answer the same).
            await using var command = Command(connection, null,
                "UPDATE opt_jobs SET status = 'running', owner = @owner, lease_until = @lease, attempts = attempts + 1, " +
                "started_at = COALESCE(started_at, @now) " +
                $"WHERE id = ({NextJob}) AND {Startable} " +
                "RETURNING id, kind, attempts, cancel_requested, memory_estimate, max_running, " +
                $"(SELECT COUNT(*) FROM (SELECT 1 FROM opt_jobs o WHERE o.id <> opt_jobs.id AND (o.status = 'queued' OR (o.status = 'running' AND o.lease_until < @now)) LIMIT 1) more), warm_start_from");
            command.Add("owner", owner).Add("lease", Millis(leaseUntil)).Add("now", Millis(now));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
                return new ClaimedJob(Guid.Parse(reader.GetString(0)), reader.GetString(1),
                    Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture) != 0,
                    reader.IsDBNull(4) ? null : Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture),
                    MoreWaiting: Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture) > 0,
                    KeyCapped: Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture) > 0)
                    { WarmStartFrom = reader.IsDBNull(7) ? null : Guid.Parse(reader.GetString(7)) };
            await reader.CloseAsync();
            // Nothing claimed: either nothing may start (then stop), or a concurrent claim took the job this
            // statement chose (then look again).
            if (!await AnyNextAsync(connection, now, ct)) return null;
        }
        return null;
    }

    private static async Task<bool> AnyNextAsync(System.Data.Common.DbConnection connection, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = Command(connection, null, NextJob);
        command.Add("now", Millis(now));
        return await command.ExecuteScalarAsync(ct) is not null;
    }
}
