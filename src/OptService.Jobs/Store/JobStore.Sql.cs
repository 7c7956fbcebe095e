using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using OptService.Kinds;

namespace OptService.Jobs.Store;

/// <summary>Schema, row mapping and the small ADO.NET helpers of <see cref="JobStore"/>.</summary>
public sealed partial class JobStore
{
    private const string JobColumns =
        "id, kind, status, created_at, started_at, finished_at, outcome, objective, error, message, attempts, cancel_requested, " +
        "CASE WHEN result IS NULL THEN 0 ELSE 1 END, CASE WHEN incumbent IS NULL THEN 0 ELSE 1 END, client, priority";

    // Times are Unix milliseconds (BIGINT) so that both databases compare them the same way.
    private static string Schema(string blobType) => $"""
        CREATE TABLE IF NOT EXISTS opt_jobs (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            started_at BIGINT NULL,
            finished_at BIGINT NULL,
            outcome TEXT NULL,
            objective DOUBLE PRECISION NULL,
            error TEXT NULL,
            message TEXT NULL,
            problem {blobType} NOT NULL,
            result TEXT NULL,
            incumbent TEXT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            owner TEXT NULL,
            lease_until BIGINT NULL,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            log_seq BIGINT NOT NULL DEFAULT 0,
            queue_ref TEXT NULL,
            {ColumnsAddedLater}
        );
        CREATE INDEX IF NOT EXISTS ix_opt_jobs_created ON opt_jobs (created_at);
        CREATE INDEX IF NOT EXISTS ix_opt_jobs_status ON opt_jobs (status);
        CREATE TABLE IF NOT EXISTS opt_job_problems (
            job_id TEXT PRIMARY KEY,
            problem {blobType} NOT NULL
        );
        CREATE TABLE IF NOT EXISTS opt_job_logs (
            job_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            time BIGINT NOT NULL,
            level TEXT NOT NULL,
            message TEXT NOT NULL,
            PRIMARY KEY (job_id, seq)
        );
        CREATE TABLE IF NOT EXISTS opt_job_artifacts (
            job_id TEXT NOT NULL,
            name TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size BIGINT NOT NULL,
            created_at BIGINT NOT NULL,
            gzipped INTEGER NOT NULL DEFAULT 0,
            content {blobType} NOT NULL,
            PRIMARY KEY (job_id, name)
        );
        """;

    /// <summary>Columns added after the first release, as in CREATE TABLE (see <see cref="AddMissingColumnsAsync"/>).</summary>
    private static readonly (string Name, string Definition)[] LaterColumns =
    [
        // Who submitted the job: the API key's name, "" when API keys are off. A key sees only its own jobs.
        ("client", "TEXT NOT NULL DEFAULT ''"),
        // Idempotency-Key of the submission and a hash of what was submitted with it.
        ("idempotency_key", "TEXT NULL"),
        ("request_hash", "TEXT NULL"),
        // JobPriority as its number (0 = high): the claim starts the lowest first.
        ("priority", "INTEGER NOT NULL DEFAULT 1"),
        // The submitting key's MaxRunning when the job was accepted (0 = no limit): workers need no key configuration.
        ("max_running", "INTEGER NOT NULL DEFAULT 0"),
        // The kind's estimate of the solve's peak memory in bytes (null: unknown); a worker admits jobs by it.
        ("memory_estimate", "BIGINT NULL"),
        // How many incumbents the job has published, and when the newest was written: event-stream cursors and webhooks count on it.
        ("incumbent_seq", "BIGINT NOT NULL DEFAULT 0"),
        ("incumbent_at", "BIGINT NULL"),
        // The earlier job (?warmStartFrom=) whose result the solve starts from, or null; read with the claim.
        ("warm_start_from", "TEXT NULL"),
    ];

    private static string ColumnsAddedLater => string.Join(",\n    ", LaterColumns.Select(c => $"{c.Name} {c.Definition}"));

    // After the columns exist (a store created by an earlier version gets them added first).
    private const string LaterIndexes = """
        CREATE UNIQUE INDEX IF NOT EXISTS ux_opt_jobs_idempotency ON opt_jobs (client, idempotency_key) WHERE idempotency_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_opt_jobs_finished ON opt_jobs (finished_at);
        CREATE INDEX IF NOT EXISTS ix_opt_jobs_client_created ON opt_jobs (client, created_at);
        CREATE INDEX IF NOT EXISTS ix_opt_jobs_status_client ON opt_jobs (status, client);
        CREATE INDEX IF NOT EXISTS ix_opt_jobs_client_started ON opt_jobs (client, started_at);
        """;

    /// <summary>Upgrades a store written by an earlier version: ADD COLUMN for each later column it lacks.</summary>
    private static async Task AddMissingColumnsAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var probe = Command(connection, tx, "SELECT * FROM opt_jobs LIMIT 0"))
        await using (var reader = await probe.ExecuteReaderAsync(ct))
            for (var i = 0; i < reader.FieldCount; i++) existing.Add(reader.GetName(i));
        foreach (var (name, definition) in LaterColumns.Where(c => !existing.Contains(c.Name)))
            await ExecuteAsync(connection, tx, $"ALTER TABLE opt_jobs ADD COLUMN {name} {definition}", ct);
    }

    /// <param name="ct">Cancels the wait for the gate.</param>
    /// <param name="bytes">About how much the write stores (a problem, a result, files), for the WAL's checkpoints.</param>
    private async ValueTask<WriteGate> EnterWriteAsync(CancellationToken ct, long bytes = WalCheckpointer.SmallWrite)
    {
        if (_writeGate is null) return default;
        await _writeGate.WaitAsync(ct);
        return new WriteGate(_writeGate, _checkpointer, bytes);
    }

    /// <summary>Held while a write runs; releases the gate when disposed and counts the write for the WAL's checkpoints.</summary>
    private readonly struct WriteGate(SemaphoreSlim? gate, WalCheckpointer? checkpointer, long bytes) : IDisposable
    {
        public void Dispose()
        {
            gate?.Release();
            checkpointer?.Written(bytes);
        }
    }

    /// <summary>At shutdown: waits for a WAL checkpoint under way and schedules none after it (SQLite only).</summary>
    internal Task StopCheckpointsAsync() => _checkpointer?.StopAsync() ?? Task.CompletedTask;

    private ValueTask<DbConnection> OpenAsync(CancellationToken ct) => _dialect.DataSource.OpenConnectionAsync(ct);

    /// <summary>A connection whose commits do not wait for the WAL flush (see <see cref="SqlDialect.FlushLaterSource"/>).</summary>
    private ValueTask<DbConnection> OpenFlushLaterAsync(CancellationToken ct) => _dialect.FlushLaterSource.OpenConnectionAsync(ct);

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = Command(connection, tx, sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command;
    }

    private static JobRecord ReadJob(DbDataReader reader) => new()
    {
        Id = Guid.Parse(reader.GetString(0)),
        Kind = reader.GetString(1),
        Status = Enum.Parse<JobStatus>(reader.GetString(2), ignoreCase: true),
        CreatedAt = FromMillis(reader.GetInt64(3)),
        StartedAt = reader.IsDBNull(4) ? null : FromMillis(reader.GetInt64(4)),
        FinishedAt = reader.IsDBNull(5) ? null : FromMillis(reader.GetInt64(5)),
        Outcome = reader.IsDBNull(6) ? null : Enum.Parse<SolveOutcome>(reader.GetString(6), ignoreCase: true),
        Objective = reader.IsDBNull(7) ? null : reader.GetDouble(7),
        Error = reader.IsDBNull(8) ? null : reader.GetString(8),
        Message = reader.IsDBNull(9) ? null : reader.GetString(9),
        Attempts = Convert.ToInt32(reader.GetValue(10), CultureInfo.InvariantCulture),
        CancelRequested = Convert.ToInt32(reader.GetValue(11), CultureInfo.InvariantCulture) != 0,
        HasResult = Convert.ToInt32(reader.GetValue(12), CultureInfo.InvariantCulture) != 0,
        HasIncumbent = Convert.ToInt32(reader.GetValue(13), CultureInfo.InvariantCulture) != 0,
        Client = reader.GetString(14),
        Priority = (JobPriority)Convert.ToInt32(reader.GetValue(15), CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// A TEXT column's value as its UTF-8 bytes, unconverted (null for SQL NULL): what the database holds, whether a string
    /// or <see cref="DbCommandParameters.AddUtf8Text"/> wrote it.
    /// </summary>
    private static byte[]? Utf8TextOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<byte[]>(ordinal);

    private static string Key(Guid id) => id.ToString("D");

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMillis(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    private static string StatusText(JobStatus status) => status.ToWireName();

    private static string OutcomeText(SolveOutcome outcome) => JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString());

    private static string LevelText(JobLogLevel level) => JsonNamingPolicy.CamelCase.ConvertName(level.ToString());
}

internal static class DbCommandParameters
{
    /// <summary>Binds <paramref name="keys"/> as @i0, @i1, ... and returns "@i0, @i1, ..." for an <c>IN (...)</c> list.</summary>
    public static string AddInList(this DbCommand command, IReadOnlyList<string> keys)
    {
        var names = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            names[i] = string.Create(CultureInfo.InvariantCulture, $"@i{i}");
            command.Add(names[i][1..], keys[i]);
        }
        return string.Join(", ", names);
    }

    /// <summary>
    /// Adds UTF-8 bytes as a text parameter (null becomes DBNull), which the SQL must write as <c>CAST(@name AS TEXT)</c>:
    /// PostgreSQL takes the bytes as a <c>text</c> value (Npgsql sends them unconverted for <see cref="DbType.String"/>);
    /// SQLite binds them as a BLOB, and the cast makes them the same TEXT value a string gave, without a conversion.
    /// </summary>
    public static DbCommand AddUtf8Text(this DbCommand command, string name, byte[]? utf8)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.String;
        parameter.Value = utf8 ?? (object)DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Adds a named parameter (null becomes DBNull) and returns the command for chaining.</summary>
    public static DbCommand Add(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}

/// <summary>A job this process has claimed, with what it needs to run it.</summary>
/// <remarks>Without the problem: it is read after the claim, outside the write gate (see <see cref="JobStore.TryStartAsync"/>).</remarks>
/// <param name="Id">The job.</param>
/// <param name="Kind">Its problem kind.</param>
/// <param name="Attempt">Which start this is (1 = first).</param>
/// <param name="CancelRequested">A client asked to cancel it before it started.</param>
/// <param name="MemoryEstimate">The kind's estimate of the solve's peak memory in bytes (null: unknown).</param>
/// <param name="MoreWaiting">When claimed, another job could start too (its key's limit aside).</param>
/// <param name="KeyCapped">The job's key has a <c>MaxRunning</c>: its end may let a waiting job of that key start.</param>
internal sealed record ClaimedJob(Guid Id, string Kind, int Attempt, bool CancelRequested, long? MemoryEstimate, bool MoreWaiting = true, bool KeyCapped = false)
{
    /// <summary>The earlier job whose result the solve starts from (<c>?warmStartFrom=</c>), or null.</summary>
    public Guid? WarmStartFrom { get; init; }

    /// <summary>The problem as stored, when the claim read it (PostgreSQL, and not parsed in this process); else null.</summary>
    public byte[]? Problem { get; init; }
}

internal sealed record Heartbeat(bool LeaseHeld, bool CancelRequested);

/// <summary>How a run ended, as written in the job row; <paramref name="Utf8Result"/> is the result's UTF-8 JSON, stored as it is.</summary>
internal sealed record JobCompletion(
    JobStatus Status, SolveOutcome? Outcome, double? Objective, string? Error, string? Message, byte[]? Utf8Result, DateTimeOffset FinishedAt);

/// <summary>What a running job produced since the last write: log lines, files, the newest incumbent.</summary>
internal sealed record JobOutput(IReadOnlyList<PendingLogLine> Lines, IReadOnlyList<PendingArtifact> Artifacts, string? Incumbent, double? IncumbentObjective)
{
    public static JobOutput None { get; } = new([], [], null, null);

    /// <summary>The length of the result written with this output (a finish), else 0.</summary>
    public long ResultLength { get; init; }

    /// <summary>About how many bytes writing this output stores (for the WAL's checkpoints).</summary>
    public long Bytes => WalCheckpointer.SmallWrite + ResultLength + (Incumbent?.Length ?? 0) + Artifacts.Sum(a => (long)a.Content.Length);
}
