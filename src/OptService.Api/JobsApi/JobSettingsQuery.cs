using OptService.Jobs;
using OptService.Jobs.Webhooks;
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
    public const string PriorityName = "priority";
    public const string ValidateOnly = "validateOnly";
    public const string WebhookUrl = "webhookUrl";
    public const string WebhookEventsName = "webhookEvents";
    public const string WarmStartFromName = "warmStartFrom";
    private const int MaxWebhookUrlLength = 2000;

    /// <summary>Every job-setting parameter name: none of them reaches an input format.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        PriorityName,
        ValidateOnly,
        WebhookUrl,
        WebhookEventsName,
        WarmStartFromName,
    };

    /// <summary>The job settings documented on every submit route.</summary>
    public static IReadOnlyList<QueryParameter> Parameters { get; } =
    [
        new(PriorityName, typeof(JobPriority),
            "high: starts before every queued normal or low job once a worker slot is free (running jobs are never interrupted); " +
            "low: after them. Among jobs of one priority the API keys share the workers fairly.") { Default = "normal" },
        new(ValidateOnly, typeof(bool),
            "Check the problem without running it: 200 with { valid: true, kind, summary } (sizes and the method the solve would choose), " +
            "or the same 400 a submission gets. Nothing is stored or queued and no Idempotency-Key is used up.") { Default = false },
        new(WebhookUrl, typeof(string),
            "POST the job's events to this http(s) URL, signed (Webhook-Signature: v1=HMAC-SHA256 of \"{Webhook-Timestamp}.{body}\"), " +
            "retried until the receiver answers 2xx. Its host must be in Webhooks:AllowedHosts (none by default), else 400."),
        new(WebhookEventsName, typeof(string),
            "Which events go to webhookUrl, comma-separated: finished (default), status, incumbent.") { Default = "finished" },
        new(WarmStartFromName, typeof(Guid),
            "Start the solve from the result of an earlier job of yours of the same kind that finished with a solution: " +
            "nurse-scheduling hints CP-SAT with its roster, lunar-landing starts from its trajectory, linear-program and cp-sat " +
            "hint its variable values where the backend takes a hint; transshipment does not use it (its job log says so). " +
            "An unknown, unfinished, solution-less, another key's or another kind's job is a 400."),
    ];

    /// <summary>The query as the input format sees it: everything except the job settings.</summary>
    public static Dictionary<string, string> FormatOptions(IQueryCollection query) =>
        query.Where(pair => !Names.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);

    /// <summary>Every job setting of a submission, read once; or the 400 of the first bad one.</summary>
    public static (JobSettings? Value, IResult? Error) Read(IQueryCollection query, WebhookOptions webhooks, string client)
    {
        var (priority, badPriority) = ReadPriority(query);
        if (badPriority is not null) return (null, badPriority);
        var (validateOnly, badValidateOnly) = ReadValidateOnly(query);
        if (badValidateOnly is not null) return (null, badValidateOnly);
        var (webhook, badWebhook) = ReadWebhook(query, webhooks, client);
        if (badWebhook is not null) return (null, badWebhook);
        var (warmStartFrom, badWarmStart) = ReadWarmStartFrom(query);
        if (badWarmStart is not null) return (null, badWarmStart);
        return (new JobSettings(priority, validateOnly, webhook) { WarmStartFrom = warmStartFrom }, null);
    }

    /// <summary><c>?priority=high|normal|low</c> (default normal): which queued jobs this one starts before.</summary>
    private static (JobPriority Value, IResult? Error) ReadPriority(IQueryCollection query)
    {
        if (!query.TryGetValue(PriorityName, out var values)) return (JobPriority.Normal, null);
        var allowed = string.Join(", ", Enum.GetValues<JobPriority>().Select(p => p.ToWireName()));
        if (values.Count != 1) return (JobPriority.Normal, Problems.InvalidParameter(PriorityName, $"expected one value, one of {allowed}"));
        // Names only, as written in the document: Enum.TryParse would also take "0" or "High, Low".
        foreach (var candidate in Enum.GetValues<JobPriority>())
            if (candidate.ToWireName() == values[0]) return (candidate, null);
        return (JobPriority.Normal, Problems.InvalidParameter(PriorityName, $"expected one of {allowed}, got '{Problems.Clip(values[0] ?? "")}'"));
    }

    /// <summary><c>?validateOnly=true</c>: check the problem, run nothing.</summary>
    private static (bool Value, IResult? Error) ReadValidateOnly(IQueryCollection query)
    {
        var (value, error) = QueryValues.Boolean(ValidateOnly, query.TryGetValue(ValidateOnly, out var text) ? text.ToString() : null);
        return (value ?? false, error);
    }

    /// <summary>
    /// <c>?warmStartFrom=&lt;job id&gt;</c>: the earlier job to start from, or null. Only its form is checked here; whether
    /// the job may be used (<see cref="WarmStartReference"/>) needs the store.
    /// </summary>
    private static (Guid? Value, IResult? Error) ReadWarmStartFrom(IQueryCollection query)
    {
        if (!query.TryGetValue(WarmStartFromName, out var values)) return (null, null);
        // "D" only (36 characters with hyphens), the form job ids are written in: Guid.TryParse would also take braces or hex blocks.
        if (values.Count != 1 || !Guid.TryParseExact(values[0], "D", out var id))
            return (null, Problems.InvalidParameter(WarmStartFromName,
                $"expected one job id (a GUID such as 0193a5c2-7a10-7c3e-9d2f-4b1e8f0a6c55), got '{Problems.Clip(values.ToString(), 100)}'"));
        return (id, null);
    }

    /// <summary>
    /// <c>?webhookUrl=…&amp;webhookEvents=…</c>: the job's webhook, or null without one. A URL that is not absolute
    /// http(s), a host not in <c>Webhooks:AllowedHosts</c>, unknown events, or no signing secret for the caller is a 400.
    /// </summary>
    private static (JobWebhook? Value, IResult? Error) ReadWebhook(IQueryCollection query, WebhookOptions options, string client)
    {
        var hasEvents = query.TryGetValue(WebhookEventsName, out var eventsText);
        if (!query.TryGetValue(WebhookUrl, out var urlText))
            return (null, hasEvents ? Problems.InvalidParameter(WebhookEventsName, $"needs {WebhookUrl}: where to send the events") : null);
        var text = urlText.ToString();
        if (urlText.Count != 1 || text.Length > MaxWebhookUrlLength
            || !Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || url.UserInfo.Length > 0)
            return (null, Problems.InvalidParameter(WebhookUrl,
                $"expected one absolute http or https URL without credentials, at most {MaxWebhookUrlLength} characters, got '{Problems.Clip(text, 100)}'"));
        if (!options.Allows(url))
            return (null, Problems.InvalidParameter(WebhookUrl,
                $"the host '{Problems.Clip(url.Authority, 100)}' is not one webhooks may call (Webhooks:AllowedHosts " +
                (options.AllowedHosts.Count == 0 ? "is empty: webhooks are off)" : "lists " + string.Join(", ", options.AllowedHosts) + ")")));
        if (options.SecretFor(client) is null)
            return (null, Problems.InvalidParameter(WebhookUrl, "no signing secret is configured for webhooks (Webhooks:Secret or Webhooks:ClientSecrets)"));
        var events = WebhookEvents.Finished;
        if (hasEvents)
        {
            var (parsed, unknown) = JobWebhook.Parse(eventsText.ToString());
            if (unknown is not null || parsed == WebhookEvents.None || eventsText.Count != 1)
                return (null, Problems.InvalidParameter(WebhookEventsName,
                    $"expected a comma-separated list of finished, status, incumbent; got '{Problems.Clip(eventsText.ToString(), 100)}'"));
            events = parsed;
        }
        return (new JobWebhook(url, events), null);
    }
}

/// <summary>The job settings of a submission (query parameters, not part of the problem).</summary>
/// <param name="Priority">Which queued jobs it starts before.</param>
/// <param name="ValidateOnly">Check the problem, store and run nothing.</param>
/// <param name="Webhook">Where to POST the job's events, or null.</param>
internal sealed record JobSettings(JobPriority Priority, bool ValidateOnly, JobWebhook? Webhook)
{
    /// <summary>The earlier job whose result the solve starts from, or null (checked by <see cref="WarmStartReference"/>).</summary>
    public Guid? WarmStartFrom { get; init; }
}

/// <summary>The answer to <c>?validateOnly=true</c> for a valid problem.</summary>
/// <param name="Valid">Always true (an invalid problem gets the 400 a submission gets).</param>
/// <param name="Kind">The problem kind.</param>
/// <param name="Summary">Sizes and the method the solve would choose.</param>
public sealed record ValidationAnswer(bool Valid, string Kind, ProblemSummary Summary);
