using System.Data.Common;
using System.Globalization;
using OptService.Kinds;

namespace OptService.Jobs.Store;

/// <summary>
/// PostgreSQL: the store's per-job writes as one statement each (data-modifying <c>WITH</c>, arrays as
/// parameters), so each is one round trip and one commit instead of four or five: the admission (queue count,
/// job row, its problem, first log line), the claim (with the problem), and a run's end (job row, log lines, files). The SQL
/// text does not depend on the number of lines or files, so Npgsql prepares each once per connection. SQLite
/// runs the same steps as separate statements in one transaction (<see cref="SqlDialect.WritableCtes"/>).
/// </summary>
public sealed partial class JobStore
{
    /// <summary>
    /// The common submission (no idempotency key, no webhook, no per-key queue limit) in one statement: counts
    /// the queued jobs (under a queue limit), inserts the job unless the queue is full, and its first log line.
    /// </summary>
    private async Task<Admission> AdmitInOneStatementAsync(Guid id, NewJob job, long maxQueued, DateTimeOffset now, CancellationToken ct)
    {
        var limits = job.Limits ?? ClientLimits.None;
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, """
            WITH queued AS (SELECT COUNT(*) AS n FROM opt_jobs WHERE @max > 0 AND status = 'queued'),
            job AS (
                INSERT INTO opt_jobs (id, kind, status, created_at, problem, log_seq, client, priority, max_running, memory_estimate, warm_start_from)
                SELECT @id, @kind, 'queued', @now, @noProblem, 1, @client, @priority, @maxRunning, @memory::bigint, @warmStart::text FROM queued
                WHERE @max = 0 OR queued.n < @max
                RETURNING id),
            problem AS (INSERT INTO opt_job_problems (job_id, problem) SELECT id, @problem FROM job),
            line AS (INSERT INTO opt_job_logs (job_id, seq, time, level, message) SELECT id, 1, @now, @level, @message FROM job)
            SELECT queued.n, (SELECT COUNT(*) FROM job) FROM queued
            """);
        command.Add("id", Key(id)).Add("kind", job.Kind).Add("now", Millis(now)).Add("problem", job.Utf8Problem).Add("noProblem", Array.Empty<byte>()).Add("client", job.Client)
            .Add("priority", (int)job.Priority).Add("maxRunning", limits.MaxRunning).Add("memory", job.MemoryEstimate)
            .Add("warmStart", job.WarmStartFrom is { } from ? Key(from) : null).Add("max", maxQueued)
            .Add("level", LevelText(JobLogLevel.Info)).Add("message", AcceptedLine(job));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var queued = reader.GetInt64(0);
        if (reader.GetInt64(1) == 0) return new Admission.QueueFull(queued);
        return new Admission.Created(new JobRecord { Id = id, Kind = job.Kind, Status = JobStatus.Queued, CreatedAt = now, Client = job.Client, Priority = job.Priority })
            { QueuedBefore = maxQueued > 0 ? queued : null };
    }

    /// <summary>The job's first log line (sequence 1, which the row's log_seq already counts).</summary>
    private static string AcceptedLine(NewJob job)
    {
        var accepted = job.Priority == JobPriority.Normal ? $"accepted {job.Kind} job; queued" : $"accepted {job.Kind} job; queued, priority {job.Priority.ToWireName()}";
        if (job.WarmStartFrom is { } warmStart) accepted += $", to start from the result of job {warmStart}";
        return accepted;
    }

    /// <summary>
    /// The claim's ranking as one row per startable job, for a claim that skips the jobs other slots are claiming
    /// at this moment (<c>FOR UPDATE SKIP LOCKED</c>) instead of queuing behind their row lock. Ordered by
    /// priority, then the job's place in its key's line (<c>n</c>), then as <see cref="NextJob"/> orders the keys'
    /// first jobs: the first row is the job <see cref="NextJob"/> chooses (the best priority's jobs include a key's
    /// first one), and the next ones are what a slot takes while that one is being claimed: the next key's first
    /// job before anyone's second (the keys' last starts, a tie-break, are looked up for first jobs only). A capped key offers only as many jobs as it has free slots (<c>n</c> at most
    /// its <c>max_running</c> minus its running jobs), so concurrent claims cannot push it past its limit.
    /// </summary>
    private const string RankedStartable = $"""
        SELECT q.id, q.priority, q.n, q.created_at, COALESCE(r.running, 0) AS running,
               CASE WHEN q.n = 1 THEN COALESCE((SELECT MAX(s.started_at) FROM opt_jobs s WHERE s.client = q.client), 0) ELSE 0 END AS last_start
        FROM (
            {StartableInKeyOrder}
        ) q
        LEFT JOIN (
            {RunningPerKey}
        ) r ON r.client = q.client
        WHERE q.max_running = 0 OR q.n <= q.max_running - COALESCE(r.running, 0)
        """;

    private const string ClaimSet =
        "UPDATE opt_jobs SET status = 'running', owner = @owner, lease_until = @lease, attempts = attempts + 1, started_at = COALESCE(started_at, @now) ";

    // The problem comes with the claim, unless this process holds it parsed (then it is not sent at all).
    private const string ClaimReturning =
        "RETURNING id, kind, attempts, cancel_requested, memory_estimate, max_running, " +
        "(SELECT COUNT(*) FROM (SELECT 1 FROM opt_jobs o WHERE o.id <> opt_jobs.id AND (o.status = 'queued' OR (o.status = 'running' AND o.lease_until < @now)) LIMIT 1) more), " +
        "warm_start_from, CASE WHEN opt_jobs.id = ANY(@parsedHere) THEN NULL " +
        // In opt_job_problems (see JobStore.Admission); a job stored by an earlier version has it in its row.
        "ELSE COALESCE((SELECT p.problem FROM opt_job_problems p WHERE p.job_id = opt_jobs.id), problem) END";

    /// <summary>The claim without waiting for another slot's claim: the best job no other claim holds.</summary>
    private const string ClaimSkippingLocked = ClaimSet +
        $"WHERE id = (SELECT j.id FROM opt_jobs j JOIN ({RankedStartable}) c ON c.id = j.id " +
        "WHERE j.status = 'queued' OR (j.status = 'running' AND j.lease_until < @now) " +
        "ORDER BY c.priority, c.n, c.running, c.last_start, c.created_at, c.id LIMIT 1 FOR UPDATE OF j SKIP LOCKED) " +
        $"AND {Startable} " + ClaimReturning;

    /// <summary>The claim that waits for a row lock held elsewhere (a cancel, or a claim that may yet fail), then looks again.</summary>
    private const string ClaimWaitingForLocks = ClaimSet + $"WHERE id = ({NextJob}) AND {Startable} " + ClaimReturning;

    /// <summary>
    /// The claim on PostgreSQL: first without waiting for rows other slots are claiming
    /// (under load every slot would otherwise queue behind the same row, and all but one find it taken); if that
    /// finds nothing while a job is startable (its row was locked: by a claim, a cancel, a note of its queue
    /// entry), as before: wait for the lock, then look again, so that no job is left behind by a slot that stops.
    /// </summary>
    private async Task<ClaimedJob?> TryStartNextInOneStatementAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil,
        IReadOnlyCollection<Guid> parsedHere, CancellationToken ct)
    {
        await using var connection = await OpenFlushLaterAsync(ct);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            await using var command = Command(connection, null, attempt == 0 ? ClaimSkippingLocked : ClaimWaitingForLocks);
            command.Add("owner", owner).Add("lease", Millis(leaseUntil)).Add("now", Millis(now)).Add("parsedHere", parsedHere.Select(Key).ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
                return new ClaimedJob(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3) != 0,
                    reader.IsDBNull(4) ? null : reader.GetInt64(4), MoreWaiting: reader.GetInt64(6) > 0, KeyCapped: reader.GetInt32(5) > 0)
                    { WarmStartFrom = reader.IsDBNull(7) ? null : Guid.Parse(reader.GetString(7)), Problem = reader.IsDBNull(8) ? null : (byte[])reader.GetValue(8) };
            await reader.CloseAsync();
            if (!await AnyNextAsync(connection, now, ct)) return null;
        }
        return null;
    }

    /// <summary>
    /// <see cref="OwnedTransitionAsync"/> on PostgreSQL in one statement: the job row's change (<paramref name="set"/>,
    /// only if this process still owns the job), with its log lines numbered from the row's <c>log_seq</c> and its
    /// files, all or nothing. Returns whether the job row changed.
    /// </summary>
    private async Task<bool> OwnedTransitionInOneStatementAsync(Guid id, string owner, JobOutput output, string set, Action<DbCommand> bind, CancellationToken ct)
    {
        var files = output.Artifacts.GroupBy(a => a.Name, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, $"""
            WITH job AS (
                UPDATE opt_jobs SET {set}, log_seq = log_seq + @lineCount
                WHERE id = @id AND status = 'running' AND owner = @owner RETURNING log_seq - @lineCount AS seq0),
            lines AS (
                INSERT INTO opt_job_logs (job_id, seq, time, level, message)
                SELECT @id, job.seq0 + l.n, l.time, l.level, l.message
                FROM job, unnest(@lineTimes::bigint[], @lineLevels::text[], @lineMessages::text[]) WITH ORDINALITY AS l(time, level, message, n)),
            files AS (
                INSERT INTO opt_job_artifacts (job_id, name, content_type, size, created_at, gzipped, content)
                SELECT @id, f.name, f.content_type, f.size, @written, f.gzipped, f.content
                FROM job, unnest(@fileNames::text[], @fileTypes::text[], @fileSizes::bigint[], @fileGzipped::integer[], @fileContents::bytea[])
                    AS f(name, content_type, size, gzipped, content)
                ON CONFLICT (job_id, name) DO UPDATE SET content_type = excluded.content_type, size = excluded.size,
                    created_at = excluded.created_at, gzipped = excluded.gzipped, content = excluded.content)
            SELECT COUNT(*) FROM job
            """);
        command.Add("id", Key(id)).Add("owner", owner).Add("lineCount", (long)output.Lines.Count)
            .Add("lineTimes", output.Lines.Select(l => Millis(l.Time)).ToArray())
            .Add("lineLevels", output.Lines.Select(l => LevelText(l.Level)).ToArray())
            .Add("lineMessages", output.Lines.Select(l => l.Message).ToArray())
            .Add("written", Millis(DateTimeOffset.UtcNow))
            .Add("fileNames", files.Select(f => f.Name).ToArray()).Add("fileTypes", files.Select(f => f.ContentType).ToArray())
            .Add("fileSizes", files.Select(f => f.Size).ToArray()).Add("fileGzipped", files.Select(f => f.Gzipped ? 1 : 0).ToArray())
            .Add("fileContents", files.Select(f => f.Content).ToArray());
        bind(command);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) > 0;
    }
}
