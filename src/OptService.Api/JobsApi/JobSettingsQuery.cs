using Microsoft.AspNetCore.Http.HttpResults;
using OptService.Jobs;
using OptService.Kinds;

namespace OptService.Api.JobsApi;

/// <summary>The job settings of a submission that are not part of the problem, read from its query string.</summary>
/// <param name="Priority">Which queued jobs it starts before.</param>
internal sealed record JobSettings(JobPriority Priority);

/// <summary>
/// Reads the job settings (<c>?priority=</c>) of every submit route, JSON or not, the same way. They are
/// taken out of the query before a text or binary format reads its own parameters, because a format
/// rejects parameters it does not know (<see cref="QueryOptionReader.RejectUnknown"/>).
/// </summary>
internal static class JobSettingsQuery
{
    private const string PriorityName = "priority";

    /// <summary>The parameters read here, for every submit route's OpenAPI operation.</summary>
    public static IReadOnlyList<QueryParameter> Parameters { get; } =
    [
        new(PriorityName, typeof(JobPriority),
            "high: starts before every queued normal or low job once a worker slot is free (running jobs are never interrupted); " +
            "low: after them. Among jobs of one priority the API keys share the workers fairly.") { Default = "normal" },
    ];

    private static readonly HashSet<string> Names = [.. Parameters.Select(p => p.Name)];

    /// <summary>The settings, or a 400 naming the parameter.</summary>
    public static (JobSettings? Settings, ValidationProblem? Error) Read(IQueryCollection query)
    {
        var priority = JobPriority.Normal;
        if (query.TryGetValue(PriorityName, out var values))
        {
            var allowed = string.Join(", ", Enum.GetValues<JobPriority>().Select(p => p.ToWireName()));
            if (values.Count != 1 || !TryParsePriority(values[0], out priority))
                return (null, Problems.InvalidParameter(PriorityName,
                    values.Count != 1 ? $"expected one value, one of {allowed}" : $"expected one of {allowed}, got '{Problems.Clip(values[0] ?? "")}'"));
        }
        return (new JobSettings(priority), null);
    }

    /// <summary>The query without the job settings: what a text or binary input format gets.</summary>
    public static Dictionary<string, string> FormatParameters(IQueryCollection query) =>
        query.Where(pair => !Names.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);

    private static bool TryParsePriority(string? text, out JobPriority priority)
    {
        // Names only, as written in the document: Enum.TryParse would also take "0" or "High, Low".
        foreach (var candidate in Enum.GetValues<JobPriority>())
        {
            if (candidate.ToWireName() == text)
            {
                priority = candidate;
                return true;
            }
        }
        priority = JobPriority.Normal;
        return false;
    }
}
