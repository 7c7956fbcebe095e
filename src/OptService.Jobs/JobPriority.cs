namespace OptService.Jobs;

/// <summary>
/// Which queued job starts first when a worker slot frees: every <see cref="High"/> job before any
/// <see cref="Normal"/> one, every normal before any <see cref="Low"/>. A running job is never pre-empted.
/// Stored as its number (0 = high), so that the claim can order by it.
/// </summary>
public enum JobPriority
{
    High = 0,
    Normal = 1,
    Low = 2,
}

public static class JobPriorityExtensions
{
    /// <summary>The name used in JSON, in the query string and as the Hangfire queue: <c>high</c>, <c>normal</c>, <c>low</c>.</summary>
    public static string ToWireName(this JobPriority priority) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(priority.ToString());
}
