using OptService.Jobs;
using OptService.Kinds;

namespace OptService.Api.JobsApi;

/// <summary>Answer to an accepted submission.</summary>
public sealed record JobAccepted(Guid Id, string Kind, JobStatus Status, DateTimeOffset CreatedAt, JobLinks Links)
{
    public static JobAccepted From(JobRecord job) => new(job.Id, job.Kind, job.Status, job.CreatedAt, JobLinks.For(job.Id));
}

/// <summary>A job's state as clients see it. <c>status</c> is the lifecycle, <c>outcome</c> the solver's verdict.</summary>
public sealed record JobView(
    Guid Id,
    string Kind,
    JobStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    SolveOutcome? Outcome,
    double? Objective,
    string? Error,
    string? Message,
    int Attempts,
    bool CancelRequested,
    bool HasIncumbent,
    JobPriority Priority,
    JobLinks Links)
{
    public static JobView From(JobRecord job) => new(job.Id, job.Kind, job.Status, job.CreatedAt, job.StartedAt, job.FinishedAt,
        job.Outcome, job.Objective, job.Error, job.Message, job.Attempts, job.CancelRequested, job.HasIncumbent, job.Priority, JobLinks.For(job.Id));
}

/// <summary>Where to read the rest of a job.</summary>
public sealed record JobLinks(string Self, string Result, string Incumbent, string Logs, string Artifacts)
{
    public static JobLinks For(Guid id)
    {
        var self = $"/api/v1/jobs/{id}";
        return new JobLinks(self, self + "/result", self + "/incumbent", self + "/logs", self + "/artifacts");
    }
}

/// <summary>A page of log lines; pass <c>nextAfterSeq</c> as <c>afterSeq</c> to read on.</summary>
public sealed record JobLogPage(Guid JobId, JobStatus Status, IReadOnlyList<JobLogLine> Lines, long NextAfterSeq);

/// <summary>
/// A file a job produced. Some files (model exports, a solution's CSV) are written at their first
/// download: until then their size and creation time are null.
/// </summary>
public sealed record ArtifactView(string Name, string ContentType, long? Size, DateTimeOffset? CreatedAt, string Url);
