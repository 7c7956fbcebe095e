namespace OptService.Jobs;

/// <summary>What a process does: accept and serve jobs (API), solve them (Worker), or both.</summary>
public enum ServiceRole
{
    Both,
    Api,
    Worker,
}

/// <summary>Job machinery settings, bound from the <c>Jobs</c> configuration section.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Api, Worker or Both (default). Api-only and worker-only need PostgreSQL storage.</summary>
    public ServiceRole Role { get; set; } = ServiceRole.Both;

    /// <summary>Folder of the embedded store (SQLite file) when no PostgreSQL connection string is set.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Set to share one queue and job store between processes (Npgsql connection string).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Solves run at once per worker process; default one per core.</summary>
    public int WorkerCount { get; set; } = Environment.ProcessorCount;

    /// <summary>A running job's claim; if its worker stops renewing it for this long, another worker takes the job over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a running job renews its lease, checks for cancellation and writes its log.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Starts of one job (each ended by a dying process) after which it is failed rather than tried again.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often the recovery sweep looks for jobs whose worker died.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Log lines kept per job; beyond it the log says it was truncated.</summary>
    public int MaxLogLinesPerJob { get; set; } = 100_000;

    /// <summary>Maximum PostgreSQL queue poll interval (LISTEN/NOTIFY wakes workers at once in between).</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Shared mode: how often a waiting request's job is looked up in the store while job ends arrive by
    /// PostgreSQL NOTIFY (the fallback for a notice lost in a reconnect); without a listener it is 100 ms.
    /// </summary>
    public TimeSpan WaitFallbackPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most jobs waiting to start (status queued); beyond it submissions are refused with 429 and
    /// Retry-After, and nothing is created. 0 = no limit.
    /// </summary>
    public long MaxQueueLength { get; set; } = 10_000;

    /// <summary>The Retry-After a refused (queue full) submission is given.</summary>
    public TimeSpan QueueFullRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Finished jobs, with their logs and files, are deleted this long after they finished.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the retention sweep looks for jobs to delete.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Most memory one job may take (MB), 0 = no limit. A submission whose kind estimates more is refused
    /// with 400 (estimate and limit in the message); a running solve that grows the process by more is
    /// stopped and the job fails, the worker lives on. See docs/memory.md.
    /// </summary>
    public long MaxJobMemoryMB { get; set; } = 3072;

    /// <summary>Per-kind overrides of <see cref="MaxJobMemoryMB"/>, e.g. <c>Jobs:MaxJobMemoryMBByKind:nurse-scheduling</c>.</summary>
    public Dictionary<string, long> MaxJobMemoryMBByKind { get; set; } = [];

    /// <summary>
    /// Memory (MB) the solves of one worker process may reserve together, by their kinds' estimates; a job
    /// that does not fit waits for running ones to end. 0 (default) = half the memory available to the process.
    /// </summary>
    public long WorkerMemoryMB { get; set; }

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    public bool RunsWorker => Role is ServiceRole.Both or ServiceRole.Worker;

    public bool ServesApi => Role is ServiceRole.Both or ServiceRole.Api;
}
