namespace OptService.Jobs;

/// <summary>A job's lifecycle. The solver's verdict is separate (<see cref="Kinds.SolveOutcome"/>).</summary>
public enum JobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

public static class JobStatusExtensions
{
    /// <summary>The name used in JSON and in the store: <c>queued</c>, <c>running</c>, ...</summary>
    public static string ToWireName(this JobStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    public static bool IsTerminal(this JobStatus status) =>
        status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;
}
