namespace OptService.Jobs.Progress;

/// <summary>A job as stored, with the counters its progress is read by.</summary>
/// <param name="Job">The job row.</param>
/// <param name="LogSeq">Sequence number of its last log line (0: none).</param>
/// <param name="IncumbentSeq">How many incumbents its runs have written (0: none).</param>
/// <param name="IncumbentAt">When the newest incumbent was written.</param>
public sealed record JobSnapshot(JobRecord Job, long LogSeq, long IncumbentSeq, DateTimeOffset? IncumbentAt);
