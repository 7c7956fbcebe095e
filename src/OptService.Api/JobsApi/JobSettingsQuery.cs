using OptService.Kinds;

namespace OptService.Api.JobsApi;

/// <summary>
/// Job settings that are not part of the problem travel as query parameters on every submit route, so that
/// JSON, text and binary bodies take them alike. They are read here, and taken out of the query before an
/// input format reads its own options (a format rejects parameters it does not know).
/// </summary>
/// <remarks>One method per setting, each returning its value or the 400 naming the parameter.</remarks>
internal static class JobSettingsQuery
{
    public const string ValidateOnly = "validateOnly";

    /// <summary>Every job-setting parameter name: none of them reaches an input format.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        ValidateOnly,
    };

    /// <summary>The job settings documented on every submit route.</summary>
    public static IReadOnlyList<QueryParameter> Parameters { get; } =
    [
        new(ValidateOnly, typeof(bool),
            "Check the problem without running it: 200 with { valid: true, kind, summary } (sizes and the method the solve would choose), " +
            "or the same 400 a submission gets. Nothing is stored or queued and no Idempotency-Key is used up.") { Default = false },
    ];

    /// <summary>The query as the input format sees it: everything except the job settings.</summary>
    public static Dictionary<string, string> FormatOptions(IQueryCollection query) =>
        query.Where(pair => !Names.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);

    /// <summary><c>?validateOnly=true</c>: check the problem, run nothing.</summary>
    public static (bool Value, IResult? Error) ReadValidateOnly(IQueryCollection query)
    {
        var (value, error) = QueryValues.Boolean(ValidateOnly, query.TryGetValue(ValidateOnly, out var text) ? text.ToString() : null);
        return (value ?? false, error);
    }
}

/// <summary>The answer to <c>?validateOnly=true</c> for a valid problem.</summary>
/// <param name="Valid">Always true (an invalid problem gets the 400 a submission gets).</param>
/// <param name="Kind">The problem kind.</param>
/// <param name="Summary">Sizes and the method the solve would choose.</param>
public sealed record ValidationAnswer(bool Valid, string Kind, ProblemSummary Summary);
