using System.Data.Common;
using System.Globalization;
using OptService.Kinds;

namespace OptService.Jobs.Store;

/// <summary>A submission to store: what was asked, by whom, and the client's idempotency key if any.</summary>
/// <param name="Kind">The problem kind.</param>
/// <param name="Utf8Problem">The validated problem (canonical JSON).</param>
/// <param name="Client">The API key's name, "" when API keys are off.</param>
/// <param name="IdempotencyKey">The client's Idempotency-Key header, or null.</param>
/// <param name="RequestHash">Identifies what was submitted under <paramref name="IdempotencyKey"/> (kind and canonical problem).</param>
/// <param name="Priority">Which queued jobs it starts before.</param>
/// <param name="Limits">The submitting key's limits.</param>
/// <param name="MemoryEstimate">The kind's estimate of the solve's peak memory in bytes (null: unknown).</param>
/// <param name="Parsed">The problem object parsed at submission, handed to this process's worker (not stored).</param>
public sealed record NewJob(string Kind, byte[] Utf8Problem, string Client = "", string? IdempotencyKey = null, string? RequestHash = null,
    JobPriority Priority = JobPriority.Normal, ClientLimits? Limits = null, long? MemoryEstimate = null, object? Parsed = null)
{
    /// <summary>Where to POST the job's events, or null; stored with the job in the same transaction.</summary>
    public Webhooks.JobWebhook? Webhook { get; init; }

    /// <summary>The earlier job (same kind and client, finished with a solution) whose result the solve starts from, or null.</summary>
    public Guid? WarmStartFrom { get; init; }

    /// <summary>
    /// The problem's row was written ahead under the job's id (<see cref="JobStore.StageProblemAsync"/>), with exactly
    /// <see cref="Utf8Problem"/>: the admission inserts the job row only, and writes the problem too only if that row
    /// is gone (see <see cref="JobStore.DeleteOrphanedProblemsAsync"/>).
    /// </summary>
    public bool ProblemStaged { get; init; }
}

/// <summary>One API key's share of the workers (0 = no limit).</summary>
/// <param name="MaxRunning">Most of its jobs solving at once, over all workers.</param>
/// <param name="MaxQueued">Most of its jobs waiting to start; beyond it a submission is refused.</param>
public sealed record ClientLimits(int MaxRunning = 0, int MaxQueued = 0)
{
    public static ClientLimits None { get; } = new();
}

/// <summary>What became of a submission.</summary>
public abstract record Admission
{
    private Admission()
    {
    }

    /// <summary>Stored as a new queued job.</summary>
    public sealed record Created(JobRecord Job) : Admission
    {
        /// <summary>How many other jobs were queued when it was admitted (counted only under a queue limit; else null).</summary>
        public long? QueuedBefore { get; init; }
    }

    /// <summary>The idempotency key was used before with the same request: this is that request's job.</summary>
    public sealed record Replayed(JobRecord Job) : Admission;

    /// <summary>The idempotency key was used before with a different request; nothing was created.</summary>
    public sealed record KeyReused(JobRecord Job) : Admission;

    /// <summary>The queue holds its maximum of waiting jobs; nothing was created.</summary>
    public sealed record QueueFull(long Queued) : Admission;

    /// <summary>The submitting key has its maximum of waiting jobs (<see cref="ClientLimits.MaxQueued"/>); nothing was created.</summary>
    public sealed record ClientQueueFull(long Queued, int Limit) : Admission;
}

public sealed partial class JobStore
{
    /// <summary>Creates a queued job with its first log line (for callers that need no key or limit).</summary>
    public async Task<JobRecord> CreateAsync(Guid id, string kind, byte[] utf8Problem, DateTimeOffset now, CancellationToken ct = default) =>
        ((Admission.Created)await AdmitAsync(id, new NewJob(kind, utf8Problem), maxQueued: 0, now, ct)).Job;

    /// <summary>
    /// Admits a submission in one transaction: an earlier job with the same idempotency key answers
    /// instead of a new one; past <paramref name="maxQueued"/> waiting jobs (0 = no limit) nothing is
    /// created; otherwise the job is stored queued with its first log line. On SQLite the write gate
    /// makes the queue limit exact; on PostgreSQL concurrent submissions may overshoot it by at most
    /// their number (an exact count would serialize every submission).
    /// </summary>
    public async Task<Admission> AdmitAsync(Guid id, NewJob job, long maxQueued, DateTimeOffset now, CancellationToken ct = default)
    {
        // A staged problem is a large one: the few statements' round trips below do not count beside it.
        if (_dialect.WritableCtes && !job.ProblemStaged && job.IdempotencyKey is null && job.Webhook is null && (job.Limits?.MaxQueued ?? 0) == 0)
            return await AdmitInOneStatementAsync(id, job, maxQueued, now, ct);
        // A staged problem's bytes are counted here too (StageProblemAsync leaves them to the admission): its checkpoint
        // comes after the submission, as an unstaged problem's does.
        using (var gate = await EnterWriteAsync(ct, job.Utf8Problem.Length))
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            if (job.IdempotencyKey is not null && await FindByKeyAsync(connection, tx, job, ct) is { } earlier)
            {
                await tx.RollbackAsync(ct);
                return earlier;
            }
            var limits = job.Limits ?? ClientLimits.None;
            if (limits.MaxQueued > 0)
            {
                await using var count = Command(connection, tx, "SELECT COUNT(*) FROM opt_jobs WHERE status = 'queued' AND client = @client");
                count.Add("client", job.Client);
                var queued = Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
                if (queued >= limits.MaxQueued)
                {
                    await tx.RollbackAsync(ct);
                    return new Admission.ClientQueueFull(queued, limits.MaxQueued);
                }
            }
            long? queuedBefore = null;
            if (maxQueued > 0)
            {
                await using var count = Command(connection, tx, "SELECT COUNT(*) FROM opt_jobs WHERE status = 'queued'");
                var queued = Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
                if (queued >= maxQueued)
                {
                    await tx.RollbackAsync(ct);
                    return new Admission.QueueFull(queued);
                }
                queuedBefore = queued;
            }
            await using (var insert = Command(connection, tx,
                "INSERT INTO opt_jobs (id, kind, status, created_at, problem, log_seq, client, idempotency_key, request_hash, priority, max_running, memory_estimate, warm_start_from) " +
                "VALUES (@id, @kind, 'queued', @now, @problem, 1, @client, @key, @hash, @priority, @maxRunning, @memory, @warmStart) ON CONFLICT DO NOTHING"))
            {
                insert.Add("id", Key(id)).Add("kind", job.Kind).Add("now", Millis(now)).Add("problem", Array.Empty<byte>())
                    .Add("client", job.Client).Add("key", job.IdempotencyKey).Add("hash", job.RequestHash)
                    .Add("priority", (int)job.Priority).Add("maxRunning", limits.MaxRunning).Add("memory", job.MemoryEstimate)
                    .Add("warmStart", job.WarmStartFrom is { } from ? Key(from) : null);
                if (await insert.ExecuteNonQueryAsync(ct) == 1)
                {
                    // The problem in a row of its own: SQLite rewrites a whole row at every UPDATE, and with a problem
                    // of 30 MB in it, the claim, the heartbeats and the finish each wrote those 30 MB again.
                    if (!job.ProblemStaged || !await HoldStagedProblemAsync(connection, tx, id, ct))
                    {
                        await using var problem = Command(connection, tx, "INSERT INTO opt_job_problems (job_id, problem) VALUES (@id, @problem)");
                        problem.Add("id", Key(id)).Add("problem", job.Utf8Problem);
                        await problem.ExecuteNonQueryAsync(ct);
                    }
                    await using (var line = Command(connection, tx, "INSERT INTO opt_job_logs (job_id, seq, time, level, message) VALUES (@id, 1, @now, @level, @message)"))
                    {
                        line.Add("id", Key(id)).Add("now", Millis(now)).Add("level", LevelText(JobLogLevel.Info)).Add("message", AcceptedLine(job));
                        await line.ExecuteNonQueryAsync(ct);
                    }
                    if (job.Webhook is { } webhook) await InsertWebhookAsync(connection, tx, id, job.Client, webhook, ct);
                    await tx.CommitAsync(ct);
                    return new Admission.Created(new JobRecord
                        { Id = id, Kind = job.Kind, Status = JobStatus.Queued, CreatedAt = now, Client = job.Client, Priority = job.Priority })
                        { QueuedBefore = queuedBefore };
                }
            }
            // Only PostgreSQL gets here: a concurrent submission with the same key committed first.
            await tx.RollbackAsync(ct);
        }
        await using var reread = await OpenAsync(ct);
        return await FindByKeyAsync(reread, null, job, ct)
            ?? throw new InvalidOperationException($"job {id} was neither inserted nor found by its idempotency key");
    }

    private static async Task<Admission?> FindByKeyAsync(DbConnection connection, DbTransaction? tx, NewJob job, CancellationToken ct)
    {
        await using var command = Command(connection, tx,
            $"SELECT {JobColumns}, request_hash FROM opt_jobs WHERE client = @client AND idempotency_key = @key");
        command.Add("client", job.Client).Add("key", job.IdempotencyKey);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var earlier = ReadJob(reader);
        var hash = reader.IsDBNull(16) ? null : reader.GetString(16);
        return hash == job.RequestHash ? new Admission.Replayed(earlier) : new Admission.KeyReused(earlier);
    }
}
