using System.Data.Common;
using System.Globalization;
using OptService.Kinds;

namespace OptService.Jobs.Store;

/// <summary>
/// The durable job store and the source of truth: jobs, their logs and files. Hangfire only executes;
/// whatever Hangfire loses (the embedded queue is in memory) is re-enqueued from here. Every state
/// change is one conditional UPDATE, so each job reaches exactly one terminal state however many
/// processes race for it.
/// </summary>
public sealed partial class JobStore
{
    private readonly SqlDialect _dialect;

    // SQLite has one writer at a time; a second writer sleeps in SQLite's busy handler on a thread-pool
    // thread. Queuing writers here, asynchronously, keeps threads free (PostgreSQL needs no gate).
    private readonly SemaphoreSlim? _writeGate;

    // SQLite: the WAL goes back into the database file after writes, off the writer's path.
    private readonly WalCheckpointer? _checkpointer;

    internal JobStore(SqlDialect dialect)
    {
        _dialect = dialect;
        _writeGate = dialect.SingleWriter ? new SemaphoreSlim(1, 1) : null;
        _checkpointer = dialect.SingleWriter ? new WalCheckpointer(dialect.DataSource) : null;
    }

    /// <summary>Which database backs this store: <c>sqlite</c> or <c>postgresql</c>.</summary>
    public string Backend => _dialect.Name;

    public async Task EnsureSchemaAsync(CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenAsync(ct);
        // Outside any transaction: SQLite cannot change its journal mode inside one.
        if (_dialect.OneTimeSetup is { } setup) await ExecuteAsync(connection, null, setup, ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (_dialect.SchemaLock is { } schemaLock) await ExecuteAsync(connection, tx, schemaLock, ct);
        await ExecuteAsync(connection, tx, Schema(_dialect.BlobType), ct);
        await AddMissingColumnsAsync(connection, tx, ct);
        await ExecuteAsync(connection, tx, LaterIndexes, ct);
        await ExecuteAsync(connection, tx, WebhookSchema, ct);
        if (_dialect.JobEndNotice is { } notice) await ExecuteAsync(connection, tx, notice, ct);
        await tx.CommitAsync(ct);
    }

    public async Task PingAsync(CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, "SELECT 1");
        await command.ExecuteScalarAsync(ct);
    }

    /// <summary>
    /// Remembers that the queue holds this job (see <see cref="ListOrphanedAsync"/>). Committed without waiting
    /// for the WAL flush: if a crash loses it, the sweep queues the job once more, which is harmless.
    /// </summary>
    public async Task MarkEnqueuedAsync(Guid id, string queueRef, CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenFlushLaterAsync(ct);
        await using var command = Command(connection, null, "UPDATE opt_jobs SET queue_ref = @ref WHERE id = @id");
        command.Add("id", Key(id)).Add("ref", queueRef);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<JobRecord?> GetAsync(Guid id, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {JobColumns} FROM opt_jobs WHERE id = @id", c => c.Add("id", Key(id)), ReadJob, ct)).SingleOrDefault();

    /// <summary>Which of <paramref name="ids"/> are still queued or running (the others finished or are gone).</summary>
    public async Task<IReadOnlyList<Guid>> ListUnfinishedAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        var unfinished = new List<Guid>();
        foreach (var chunk in ids.Chunk(500))
            unfinished.AddRange(await QueryAsync("",
                c => c.CommandText = $"SELECT id FROM opt_jobs WHERE status IN ('queued', 'running') AND id IN ({c.AddInList(chunk.Select(Key).ToList())})",
                r => Guid.Parse(r.GetString(0)), ct));
        return unfinished;
    }

    /// <summary>One client's jobs, newest first, optionally filtered by kind, status and priority.</summary>
    /// <remarks>Filters that are not set are left out of the SQL: PostgreSQL cannot type a null parameter in <c>@kind IS NULL</c>.</remarks>
    public Task<IReadOnlyList<JobRecord>> ListAsync(string client, string? kind, JobStatus? status, int limit, JobPriority? priority = null,
        CancellationToken ct = default) =>
        QueryAsync(
            $"SELECT {JobColumns} FROM opt_jobs WHERE client = @client{(kind is null ? "" : " AND kind = @kind")}{(status is null ? "" : " AND status = @status")}" +
            $"{(priority is null ? "" : " AND priority = @priority")} ORDER BY created_at DESC, id DESC LIMIT @limit",
            c => c.Add("client", client).Add("kind", kind).Add("status", status is { } s ? StatusText(s) : null)
                .Add("priority", priority is { } p ? (int)p : null).Add("limit", limit),
            ReadJob, ct);

    /// <summary>
    /// The job and its stored result in one read (<c>GET /jobs/{id}/result</c>, asked of a finished job: one round trip,
    /// not two); the result is null while the job is queued or running.
    /// </summary>
    public async Task<(JobRecord Job, byte[]? Utf8Result)?> GetWithResultAsync(Guid id, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {JobColumns}, CASE WHEN status IN ('queued', 'running') THEN NULL ELSE result END FROM opt_jobs WHERE id = @id",
            c => c.Add("id", Key(id)), r => ((JobRecord, byte[]?)?)(ReadJob(r), Utf8TextOrNull(r, 16)), ct)).SingleOrDefault();

    /// <summary>The stored result's UTF-8 JSON (final, or the kept incumbent of a cancelled job), or null.</summary>
    public async Task<byte[]?> GetResultAsync(Guid id, CancellationToken ct = default) =>
        (await QueryAsync("SELECT result FROM opt_jobs WHERE id = @id", c => c.Add("id", Key(id)), r => Utf8TextOrNull(r, 0), ct)).SingleOrDefault();

    /// <summary>The best solution published so far by a running job, or null.</summary>
    public Task<string?> GetIncumbentAsync(Guid id, CancellationToken ct = default) => ColumnAsync<string>("incumbent", id, ct);

    /// <summary>The problem as stored (UTF-8 JSON), or null.</summary>
    /// <remarks>
    /// In <c>opt_job_problems</c>; a job stored by an earlier version has it in its own row's <c>problem</c> column
    /// (which newer jobs leave empty).
    /// </remarks>
    public Task<byte[]?> GetProblemAsync(Guid id, CancellationToken ct = default) =>
        ColumnAsync<byte[]>("COALESCE((SELECT p.problem FROM opt_job_problems p WHERE p.job_id = opt_jobs.id), problem)", id, ct);

    /// <summary>One column of one job row (null for no row or SQL NULL).</summary>
    private async Task<T?> ColumnAsync<T>(string column, Guid id, CancellationToken ct) where T : class
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, $"SELECT {column} FROM opt_jobs WHERE id = @id");
        command.Add("id", Key(id));
        return await command.ExecuteScalarAsync(ct) as T;
    }

    /// <summary>Runs a read-only query and maps each row.</summary>
    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, T> map, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(map(reader));
        return rows;
    }

    /// <summary>
    /// Claims a job for this process: a queued job, or a running one whose owner stopped renewing its
    /// lease (the process died). Returns null when the job is gone, finished or running elsewhere,
    /// which makes re-delivered queue entries harmless. The problem is not read here but afterwards
    /// (<see cref="GetProblemAsync"/>): returning a problem of megabytes from the UPDATE held SQLite's
    /// single writer for as long as the copy took, and every other write of the service waited.
    /// </summary>
    internal async Task<ClaimedJob?> TryStartAsync(Guid id, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenFlushLaterAsync(ct);
        await using var command = Command(connection, null,
            "UPDATE opt_jobs SET status = 'running', owner = @owner, lease_until = @lease, attempts = attempts + 1, " +
            "started_at = COALESCE(started_at, @now) " +
            "WHERE id = @id AND (status = 'queued' OR (status = 'running' AND lease_until < @now)) " +
            "RETURNING kind, attempts, cancel_requested, memory_estimate, warm_start_from");
        command.Add("id", Key(id)).Add("owner", owner).Add("lease", Millis(leaseUntil)).Add("now", Millis(now));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new ClaimedJob(id, reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture),
            Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture) != 0,
            reader.IsDBNull(3) ? null : Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture))
            { WarmStartFrom = reader.IsDBNull(4) ? null : Guid.Parse(reader.GetString(4)) };
    }

    /// <summary>
    /// Renews the lease and writes what the job produced since the last call. Returns whether this
    /// process still owns the job and whether a client asked to cancel it.
    /// </summary>
    /// <remarks>Committed without waiting for the WAL flush: the run's final write, which is synchronous, flushes it.</remarks>
    internal async Task<Heartbeat> HeartbeatAsync(Guid id, string owner, DateTimeOffset leaseUntil, JobOutput output, CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct, output.Bytes);
        await using var connection = await OpenFlushLaterAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = Command(connection, tx,
            "UPDATE opt_jobs SET lease_until = @lease, incumbent = COALESCE(@incumbent, incumbent), objective = COALESCE(@objective, objective), " +
            "incumbent_seq = incumbent_seq + @published, incumbent_at = CASE WHEN @published = 1 THEN @now ELSE incumbent_at END " +
            "WHERE id = @id AND status = 'running' AND owner = @owner RETURNING cancel_requested");
        command.Add("id", Key(id)).Add("owner", owner).Add("lease", Millis(leaseUntil))
            .Add("incumbent", output.Incumbent).Add("objective", output.IncumbentObjective)
            .Add("published", output.Incumbent is null ? 0 : 1).Add("now", Millis(DateTimeOffset.UtcNow));
        var cancel = await command.ExecuteScalarAsync(ct);
        if (cancel is null or DBNull)
        {
            await tx.RollbackAsync(ct);
            return new Heartbeat(LeaseHeld: false, CancelRequested: false);
        }
        await WriteOutputAsync(connection, tx, id, output, ct);
        await tx.CommitAsync(ct);
        return new Heartbeat(LeaseHeld: true, CancelRequested: Convert.ToInt32(cancel, CultureInfo.InvariantCulture) != 0);
    }

    /// <summary>Ends a running job owned by this process; false if it was not (lease lost).</summary>
    internal Task<bool> FinishAsync(Guid id, string owner, JobCompletion completion, JobOutput output, CancellationToken ct = default) =>
        OwnedTransitionAsync(id, owner, output with { ResultLength = completion.Utf8Result?.Length ?? 0 },
            "status = @status, outcome = @outcome, objective = @objective, error = @error, message = @message, " +
            "result = CAST(@result AS TEXT), incumbent = NULL, finished_at = @now, owner = NULL, lease_until = NULL",
            command => command.Add("status", StatusText(completion.Status))
                .Add("outcome", completion.Outcome is { } o ? OutcomeText(o) : null).Add("objective", completion.Objective)
                .Add("error", completion.Error).Add("message", completion.Message).AddUtf8Text("result", completion.Utf8Result)
                .Add("now", Millis(completion.FinishedAt)),
            ct);

    /// <summary>
    /// Ends a job that a claim found it must not run (started too often, unknown kind) without an owner
    /// check. That claim counted a start that never happened, so it is taken back: <c>attempts</c> says
    /// how often the job really started.
    /// </summary>
    public async Task<bool> FailUnstartedAsync(Guid id, string error, DateTimeOffset now, CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using var command = Command(connection, tx,
            "UPDATE opt_jobs SET status = 'failed', error = @error, finished_at = @now, owner = NULL, lease_until = NULL, " +
            "attempts = CASE WHEN status = 'running' AND attempts > 0 THEN attempts - 1 ELSE attempts END " +
            "WHERE id = @id AND status IN ('queued', 'running')");
        command.Add("id", Key(id)).Add("error", error).Add("now", Millis(now));
        var changed = await command.ExecuteNonQueryAsync(ct) > 0;
        if (changed) await AppendLogsAsync(connection, tx, id, [new PendingLogLine(now, JobLogLevel.Error, "failed: " + error)], ct);
        await tx.CommitAsync(ct);
        return changed;
    }

    /// <summary>Gives a running job back to the queue (graceful shutdown mid-solve); its partial output is kept.</summary>
    internal Task<bool> RequeueAsync(Guid id, string owner, JobOutput output, CancellationToken ct = default) =>
        OwnedTransitionAsync(id, owner, output,
            "status = 'queued', owner = NULL, lease_until = NULL, queue_ref = NULL",
            _ => { },
            ct);

    /// <summary>
    /// One state change (<paramref name="set"/>) of a job this process owns, with the output it produced, in one
    /// transaction: nothing is written if the UPDATE matched no row (another worker owns the job now).
    /// </summary>
    private async Task<bool> OwnedTransitionAsync(Guid id, string owner, JobOutput output, string set, Action<DbCommand> bind, CancellationToken ct)
    {
        if (_dialect.WritableCtes) return await OwnedTransitionInOneStatementAsync(id, owner, output, set, bind, ct);
        using var gate = await EnterWriteAsync(ct, output.Bytes);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The log lines' numbers are reserved in the same UPDATE: SQLite rewrites the whole row at each UPDATE, and
        // after a finish the row holds the result (24 MB at 500,000 arcs), which a second UPDATE wrote again.
        await using var command = Command(connection, tx,
            $"UPDATE opt_jobs SET {set}, log_seq = log_seq + @lineCount WHERE id = @id AND status = 'running' AND owner = @owner RETURNING log_seq");
        command.Add("id", Key(id)).Add("owner", owner).Add("lineCount", (long)output.Lines.Count);
        bind(command);
        if (await command.ExecuteScalarAsync(ct) is not { } lastSeq || lastSeq is DBNull)
        {
            await tx.RollbackAsync(ct);
            return false;
        }
        if (output.Lines.Count > 0)
            await InsertLogLinesAsync(connection, tx, id, output.Lines, Convert.ToInt64(lastSeq, CultureInfo.InvariantCulture) - output.Lines.Count, ct);
        if (output.Artifacts.Count > 0) await UpsertArtifactsAsync(connection, tx, id, output.Artifacts, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Cancels a queued job at once (it will never start) or flags a running one for its worker.
    /// Returns the job as it is afterwards, or null if there is no such job.
    /// </summary>
    public async Task<JobRecord?> RequestCancelAsync(Guid id, DateTimeOffset now, CancellationToken ct = default)
    {
        await CancelAsync(id, now, ct);
        return await GetAsync(id, ct);
    }

    private async Task CancelAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var queued = Command(connection, tx,
            "UPDATE opt_jobs SET status = 'cancelled', finished_at = @now, cancel_requested = 1 WHERE id = @id AND status = 'queued'"))
        {
            queued.Add("id", Key(id)).Add("now", Millis(now));
            if (await queued.ExecuteNonQueryAsync(ct) > 0)
                await AppendLogsAsync(connection, tx, id, [new PendingLogLine(now, JobLogLevel.Info, "cancelled before it started")], ct);
        }
        await using (var running = Command(connection, tx,
            "UPDATE opt_jobs SET cancel_requested = 1 WHERE id = @id AND status = 'running' AND cancel_requested = 0"))
        {
            running.Add("id", Key(id));
            if (await running.ExecuteNonQueryAsync(ct) > 0)
                await AppendLogsAsync(connection, tx, id, [new PendingLogLine(now, JobLogLevel.Info, "cancellation requested")], ct);
        }
        await tx.CommitAsync(ct);
    }

    public Task<IReadOnlyList<JobLogLine>> GetLogsAsync(Guid id, long afterSeq, int limit, CancellationToken ct = default) =>
        QueryAsync("SELECT seq, time, level, message FROM opt_job_logs WHERE job_id = @id AND seq > @after ORDER BY seq LIMIT @limit",
            c => c.Add("id", Key(id)).Add("after", afterSeq).Add("limit", limit),
            r => new JobLogLine(r.GetInt64(0), FromMillis(r.GetInt64(1)), Enum.Parse<JobLogLevel>(r.GetString(2), true), r.GetString(3)),
            ct);

    public Task<IReadOnlyList<ArtifactInfo>> ListArtifactsAsync(Guid id, CancellationToken ct = default) =>
        QueryAsync("SELECT name, content_type, size, created_at FROM opt_job_artifacts WHERE job_id = @id ORDER BY name",
            c => c.Add("id", Key(id)),
            r => new ArtifactInfo(r.GetString(0), r.GetString(1), r.GetInt64(2), FromMillis(r.GetInt64(3))),
            ct);

    public async Task<ArtifactContent?> GetArtifactAsync(Guid id, string name, CancellationToken ct = default) =>
        (await QueryAsync(
            "SELECT content_type, size, created_at, gzipped, content FROM opt_job_artifacts WHERE job_id = @id AND name = @name",
            c => c.Add("id", Key(id)).Add("name", name),
            r => new ArtifactContent(new ArtifactInfo(name, r.GetString(0), r.GetInt64(1), FromMillis(r.GetInt64(2))),
                (byte[])r.GetValue(4), Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture) != 0),
            ct)).SingleOrDefault();

    /// <summary>
    /// Jobs the queue may have lost: with <paramref name="afterRestart"/> every unfinished job (the embedded
    /// queue lives in memory and died with the process), otherwise running jobs whose lease expired
    /// (their worker died) and, with <paramref name="unqueuedAfter"/>, queued jobs stored longer ago than
    /// that which never reached the queue (the database went away, or the process died, between insert and enqueue).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ListOrphanedAsync(DateTimeOffset now, bool afterRestart, TimeSpan? unqueuedAfter, CancellationToken ct = default)
    {
        return await QueryAsync(afterRestart
                ? "SELECT id FROM opt_jobs WHERE status IN ('queued', 'running') ORDER BY created_at"
                : "SELECT id FROM opt_jobs WHERE (status = 'running' AND lease_until < @now) " +
                  "OR (@unqueued = 1 AND status = 'queued' AND queue_ref IS NULL AND created_at < @grace) ORDER BY created_at",
            c => c.Add("now", Millis(now)).Add("grace", Millis(now - (unqueuedAfter ?? TimeSpan.Zero))).Add("unqueued", unqueuedAfter is null ? 0 : 1),
            r => Guid.Parse(r.GetString(0)), ct);
    }

    /// <summary>
    /// The oldest jobs still queued, with a queue entry, that were stored before <paramref name="before"/>
    /// (at most <paramref name="limit"/>): candidates for a stranded queue entry (see <c>JobRecovery</c>).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ListLongQueuedAsync(DateTimeOffset before, int limit, CancellationToken ct = default) =>
        await QueryAsync(
            "SELECT id FROM opt_jobs WHERE status = 'queued' AND queue_ref IS NOT NULL AND created_at < @before ORDER BY created_at LIMIT @limit",
            c => c.Add("before", Millis(before)).Add("limit", limit),
            r => Guid.Parse(r.GetString(0)), ct);

    /// <summary>
    /// After a restart of the embedded mode: running jobs belonged to the dead process. Each is queued
    /// again, unless it has been started <paramref name="maxAttempts"/> times already: then it is failed
    /// here, with the reason, rather than announced as queued and failed at its next claim.
    /// </summary>
    public async Task<int> ReleaseAllRunningAsync(DateTimeOffset now, int maxAttempts, CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var jobs = new List<(string Id, int Attempts)>();
        await using (var select = Command(connection, tx, "SELECT id, attempts FROM opt_jobs WHERE status = 'running'"))
        await using (var reader = await select.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) jobs.Add((reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture)));
        foreach (var (id, attempts) in jobs)
        {
            var exhausted = attempts >= maxAttempts;
            var error = JobFailures.StartedTooOften(attempts);
            await using var update = Command(connection, tx, exhausted
                ? "UPDATE opt_jobs SET status = 'failed', error = @error, finished_at = @now, owner = NULL, lease_until = NULL WHERE id = @id AND status = 'running'"
                : "UPDATE opt_jobs SET status = 'queued', owner = NULL, lease_until = NULL WHERE id = @id AND status = 'running'");
            update.Add("id", id);
            if (exhausted) update.Add("error", error).Add("now", Millis(now));
            await update.ExecuteNonQueryAsync(ct);
            await AppendLogsAsync(connection, tx, Guid.Parse(id),
                [exhausted
                    ? new PendingLogLine(now, JobLogLevel.Error, "failed: " + error)
                    : new PendingLogLine(now, JobLogLevel.Warning, "the process running this job stopped; queued again")], ct);
        }
        await tx.CommitAsync(ct);
        return jobs.Count;
    }

    /// <summary>Stores (or replaces) one file of a job outside any run: an on-demand file at its first download.</summary>
    internal async Task StoreArtifactAsync(Guid id, PendingArtifact artifact, CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct, artifact.Content.Length);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await UpsertArtifactsAsync(connection, tx, id, [artifact], ct);
        await tx.CommitAsync(ct);
    }

    private static async Task WriteOutputAsync(DbConnection connection, DbTransaction tx, Guid id, JobOutput output, CancellationToken ct)
    {
        if (output.Lines.Count > 0) await AppendLogsAsync(connection, tx, id, output.Lines, ct);
        if (output.Artifacts.Count > 0) await UpsertArtifactsAsync(connection, tx, id, output.Artifacts, ct);
    }

    /// <summary>
    /// Stores files in one statement (a job's usual three in one round trip). A name given twice keeps
    /// the last content, as separate upserts would: one statement may not update the same row twice.
    /// </summary>
    private static async Task UpsertArtifactsAsync(DbConnection connection, DbTransaction tx, Guid id, IReadOnlyList<PendingArtifact> artifacts, CancellationToken ct)
    {
        var last = artifacts.GroupBy(a => a.Name, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        await using var command = Command(connection, tx, "");
        command.Add("id", Key(id)).Add("now", Millis(DateTimeOffset.UtcNow));
        var rows = new List<string>(last.Count);
        for (var i = 0; i < last.Count; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            rows.Add($"(@id, @name{n}, @type{n}, @size{n}, @now, @gzipped{n}, @content{n})");
            command.Add("name" + n, last[i].Name).Add("type" + n, last[i].ContentType).Add("size" + n, last[i].Size)
                .Add("gzipped" + n, last[i].Gzipped ? 1 : 0).Add("content" + n, last[i].Content);
        }
        command.CommandText =
            "INSERT INTO opt_job_artifacts (job_id, name, content_type, size, created_at, gzipped, content) VALUES " + string.Join(", ", rows) +
            " ON CONFLICT (job_id, name) DO UPDATE SET content_type = excluded.content_type, size = excluded.size, " +
            "created_at = excluded.created_at, gzipped = excluded.gzipped, content = excluded.content";
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Appends lines with consecutive sequence numbers taken from the job row (row-locked, so concurrent writers never collide).</summary>
    private static async Task AppendLogsAsync(DbConnection connection, DbTransaction tx, Guid id, IReadOnlyList<PendingLogLine> lines, CancellationToken ct)
    {
        long last;
        await using (var reserve = Command(connection, tx, "UPDATE opt_jobs SET log_seq = log_seq + @n WHERE id = @id RETURNING log_seq"))
        {
            reserve.Add("id", Key(id)).Add("n", (long)lines.Count);
            last = Convert.ToInt64(await reserve.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }
        await InsertLogLinesAsync(connection, tx, id, lines, last - lines.Count, ct);
    }

    /// <summary>Inserts lines numbered from <paramref name="seq"/> + 1, numbers the caller reserved in the job row's log_seq.</summary>
    private static async Task InsertLogLinesAsync(DbConnection connection, DbTransaction tx, Guid id, IReadOnlyList<PendingLogLine> lines, long seq, CancellationToken ct)
    {
        const int batch = 200;
        for (var start = 0; start < lines.Count; start += batch)
        {
            var count = Math.Min(batch, lines.Count - start);
            var sql = new System.Text.StringBuilder("INSERT INTO opt_job_logs (job_id, seq, time, level, message) VALUES ");
            await using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.Add("id", Key(id));
            for (var i = 0; i < count; i++)
            {
                var line = lines[start + i];
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@id, @s{i}, @t{i}, @l{i}, @m{i})");
                insert.Add($"s{i}", ++seq).Add($"t{i}", Millis(line.Time)).Add($"l{i}", LevelText(line.Level)).Add($"m{i}", line.Message);
            }
            insert.CommandText = sql.ToString();
            await insert.ExecuteNonQueryAsync(ct);
        }
    }
}
