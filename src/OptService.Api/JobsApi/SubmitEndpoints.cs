using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OptService.Api.Access;
using OptService.Jobs.Store;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OptService.Api.Hosting;
using OptService.Jobs;
using OptService.Jobs.Memory;
using OptService.Kinds;
using OptService.Jobs.Submission;
using OptService.Jobs.Webhooks;

namespace OptService.Api.JobsApi;

/// <summary>
/// <c>POST /api/v1/jobs/{kind}</c> (JSON) and <c>POST /api/v1/jobs/{kind}/{format}</c> (other formats):
/// one route per registered kind and format, so that the OpenAPI document shows each kind's schema
/// and a working example.
/// </summary>
internal static class SubmitEndpoints
{
    public static void MapSubmitEndpoints(RouteGroupBuilder jobs, ProblemKindCatalog kinds)
    {
        // Sorted, so that the OpenAPI document lists kinds in the same order on every start.
        foreach (var kind in kinds.All.OrderBy(kind => kind.Name, StringComparer.Ordinal))
        {
            jobs.MapPost($"/{kind.Name}", (HttpContext http, JobSubmitter submitter, IOptions<ApiLimits> limits, IOptions<JobsOptions> jobsOptions, IOptions<WebhookOptions> webhooks, CancellationToken ct) =>
                    SubmitJsonAsync(kind, http, submitter, new SubmitSettings(limits.Value, jobsOptions.Value, webhooks.Value), ct))
                .Accepts(kind.ProblemType, "application/json")
                .WithMetadata(new RequestExample("application/json", JsonSerializer.Serialize(kind.Example, kind.ProblemType, JobJson.Options)))
                .WithSubmitResponses()
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
                .WithTags(kind.Name)
                .WithName($"Submit-{kind.Name}")
                .WithSummary($"Submit a {kind.Name} problem")
                .WithDescription(kind.Summary);
            foreach (var format in kind.InputFormats)
            {
                var route = jobs.MapPost($"/{kind.Name}/{format.Name}", (HttpContext http, JobSubmitter submitter, IOptions<ApiLimits> limits, IOptions<JobsOptions> jobsOptions, IOptions<WebhookOptions> webhooks, CancellationToken ct) =>
                        SubmitFormatAsync(kind, format, http, submitter, new SubmitSettings(limits.Value, jobsOptions.Value, webhooks.Value), ct))
                    .Accepts<string>(format.ContentType)
                    .WithMetadata(new QueryParameterDocs(format.QueryParameters))
                    .WithSubmitResponses()
                    .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                    .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
                    .WithTags(kind.Name)
                    .WithName($"Submit-{kind.Name}-{format.Name}")
                    .WithSummary($"Submit a {kind.Name} problem as {format.Name} ({format.ContentType})")
                    .WithDescription(format.Summary);
                // A binary body cannot be an example in the OpenAPI document (its control bytes made the JSON invalid).
                if (format is not IBinaryProblemInputFormat) route.WithMetadata(new RequestExample(format.ContentType, format.ExampleBody));
            }
        }
        // Also reached by a known kind with a non-JSON Content-Type: the kind's route accepts JSON only.
        jobs.MapPost("/{kind}", (string kind, HttpContext http) => kinds.Find(kind) is null
                ? UnknownKind(kind, kinds)
                : Problems.UnsupportedMediaType(http.Request.ContentType, "application/json"))
            .WithName("Submit-unknown-kind").WithSummary("Unknown kinds answer 404 with the list of known kinds").ExcludeFromDescription();
        jobs.MapPost("/{kind}/{format}", (string kind, string format, HttpContext http) =>
                kinds.Find(kind) is not { } known ? UnknownKind(kind, kinds)
                : known.InputFormats.FirstOrDefault(f => f.Name == format) is { } match
                    ? Problems.UnsupportedMediaType(http.Request.ContentType, match.ContentType)
                    : TypedResults.Problem(statusCode: 404, title: "Unknown input format",
                        detail: $"Kind '{kind}' accepts JSON at /api/v1/jobs/{kind}" +
                                (known.InputFormats.Count > 0 ? " and formats: " + string.Join(", ", known.InputFormats.Select(f => f.Name)) : "") + "."))
            .ExcludeFromDescription();
    }

    private static ProblemHttpResult UnknownKind(string kind, ProblemKindCatalog kinds) =>
        TypedResults.Problem(statusCode: 404, title: "Unknown problem kind",
            detail: $"There is no problem kind '{Problems.Clip(kind)}'. Known kinds: {string.Join(", ", kinds.All.Select(k => k.Name))}.");

    private static async Task<IResult> SubmitJsonAsync(IProblemKind kind, HttpContext http, JobSubmitter submitter, SubmitSettings settings, CancellationToken ct)
    {
        if (!IsJson(http.Request.ContentType)) return Problems.UnsupportedMediaType(http.Request.ContentType, "application/json");
        if (RequestBodyEncoding.Unsupported(http.Request) is { } unreadable) return unreadable;
        if (IdempotencyKey(http.Request) is { Error: { } keyError }) return keyError;
        var (jobSettings, badSetting) = JobSettingsQuery.Read(http.Request.Query, settings.Webhooks, ApiKeyAuthentication.ClientOf(http.User));
        if (jobSettings is null) return badSetting!;
        if (await WarmStartReference.CheckAsync(jobSettings.WarmStartFrom, kind, http, ct) is { } badWarmStart) return badWarmStart;
        var timing = SubmitTiming.Start(http);
        if (await ReadBodyAsync(http.Request, settings.Limits, ct) is not { } body) return Problems.TooLarge(settings.Limits.MaxRequestBodyBytes);
        timing.Mark("read");
        // Deleted on the way out unless the job was created with it: nothing stays stored for a refused body.
        await using var staged = await StageAsync(body, jobSettings, http, submitter, settings.Limits, ct);
        ProblemParseResult parsed;
        using (await LargeBodyGate.EnterAsync(http, body.Length, ct))
            parsed = kind.Parse(body, fingerprint: NeedsFingerprint(http.Request, jobSettings));
        timing.Mark("parse");
        return !parsed.IsValid ? Problems.Invalid(parsed.Errors) : await AcceptAsync(kind, parsed, jobSettings, http, submitter, settings, staged);
    }

    /// <summary>
    /// Starts writing a large body to the store, as the job's problem, while it is parsed (<see cref="StagedProblem"/>);
    /// null for a small body, a validate-only request (nothing is stored), a body that starts with a byte order mark (the
    /// parse stores it without), or an Idempotency-Key already used (the earlier job answers).
    /// </summary>
    private static async Task<StagedProblem?> StageAsync(
        byte[] body, JobSettings jobSettings, HttpContext http, JobSubmitter submitter, ApiLimits limits, CancellationToken ct) =>
        limits.StageProblemFromBytes <= 0 || body.Length < limits.StageProblemFromBytes || jobSettings.ValidateOnly || body.AsSpan().StartsWith("\uFEFF"u8)
            ? null
            : await submitter.StageAsync(body, ApiKeyAuthentication.ClientOf(http.User), IdempotencyKey(http.Request).Key, ct);

    private static async Task<IResult> SubmitFormatAsync(
        IProblemKind kind, IProblemInputFormat format, HttpContext http, JobSubmitter submitter, SubmitSettings settings, CancellationToken ct)
    {
        if (RequestBodyEncoding.Unsupported(http.Request) is { } unreadable) return unreadable;
        if (IdempotencyKey(http.Request) is { Error: { } keyError }) return keyError;
        var (jobSettings, badSetting) = JobSettingsQuery.Read(http.Request.Query, settings.Webhooks, ApiKeyAuthentication.ClientOf(http.User));
        if (jobSettings is null) return badSetting!;
        if (await WarmStartReference.CheckAsync(jobSettings.WarmStartFrom, kind, http, ct) is { } badWarmStart) return badWarmStart;
        if (await ReadBodyAsync(http.Request, settings.Limits, ct) is not { } body) return Problems.TooLarge(settings.Limits.MaxRequestBodyBytes);
        // The job settings are the service's, not the format's: the format rejects parameters it does not know.
        var query = JobSettingsQuery.FormatOptions(http.Request.Query);
        ProblemParseResult parsed;
        using (await LargeBodyGate.EnterAsync(http, body.Length, ct))
        {
            InputConversion converted;
            if (format is IBinaryProblemInputFormat binary) converted = binary.Convert(body, query);
            else if (!RequestBodyEncoding.TryDecodeText(body, out var text, out var notUtf8)) return Problems.Invalid([notUtf8!], $"The {format.Name} input is invalid");
            else converted = ((ITextProblemInputFormat)format).Convert(text, query);
            if (converted.Problem is null) return Problems.Invalid(converted.Errors, $"The {format.Name} input is invalid");
            parsed = kind.Accept(converted.Problem, fingerprint: NeedsFingerprint(http.Request, jobSettings));
        }
        return parsed.IsValid ? await AcceptAsync(kind, parsed, jobSettings, http, submitter, settings) : Problems.Invalid(parsed.Errors);
    }

    /// <summary>
    /// Reads the whole body, or returns null when it is over the limit: at once from Content-Length,
    /// else while reading (Kestrel enforces the limit on chunked bodies).
    /// </summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, ApiLimits limits, CancellationToken ct)
    {
        if (request.ContentLength > limits.MaxRequestBodyBytes) return null;
        try
        {
            if (request.ContentLength is not { } length) return await ChunkedBody.ReadAsync(request.Body, ct);
            using var buffer = new MemoryStream((int)length);
            await request.Body.CopyToAsync(buffer, ct);
            return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    /// <summary>
    /// Stores the job and answers 202; or 200 with the earlier job when the Idempotency-Key was used
    /// before with the same request, 422 when it was used with a different one, 429 when the queue (or the key's
    /// share of it, <c>MaxQueued</c>) is full.
    /// </summary>
    private static async Task<IResult> AcceptAsync(
        IProblemKind kind, ProblemParseResult parsed, JobSettings jobSettings, HttpContext http, JobSubmitter submitter, SubmitSettings settings,
        StagedProblem? staged = null)
    {
        // A model that would not fit the job memory budget is refused here, before anything is stored.
        if (http.RequestServices.GetRequiredService<JobMemoryBudget>().Refusal(kind.Name, parsed.EstimatedMemoryBytes) is { } tooLarge)
            return Problems.Invalid([tooLarge]);
        // ?validateOnly=true: everything a submission checks has passed; nothing is stored, queued or keyed.
        if (jobSettings.ValidateOnly)
            return TypedResults.Ok(new ValidationAnswer(true, kind.Name, kind.Describe(parsed.Problem!)));
        var key = IdempotencyKey(http.Request).Key;
        var client = ApiKeyAuthentication.ClientOf(http.User);
        var job = new NewJob(kind.Name, parsed.Utf8Json!, client, key, key is null ? null : parsed.Fingerprint,
            jobSettings.Priority, http.RequestServices.GetRequiredService<ApiKeyOptions>().LimitsOf(client),
            parsed.EstimatedMemoryBytes, parsed.Problem)
        {
            Webhook = jobSettings.Webhook,
            WarmStartFrom = jobSettings.WarmStartFrom,
        };
        // Once the body is valid the job is created even if the client hangs up: a half-created job is worse.
        var admission = await submitter.SubmitAsync(job, CancellationToken.None, staged);
        SubmitTiming.Of(http)?.Mark("store");
        if (staged?.WriteTime is { } staging) SubmitTiming.Of(http)?.Add("stage", staging);
        switch (admission)
        {
            case Admission.Created { Job: var created }:
                return TypedResults.Accepted($"/api/v1/jobs/{created.Id}", JobAccepted.From(created));
            case Admission.Replayed { Job: var earlier }:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                http.Response.Headers.Location = $"/api/v1/jobs/{earlier.Id}";
                return TypedResults.Ok(JobAccepted.From(earlier));
            case Admission.KeyReused { Job: var earlier }:
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused with a different request",
                    detail: $"The key '{key}' was first used for job {earlier.Id} with a different {earlier.Kind} problem. Nothing was queued; " +
                            "use a new key for a new problem.",
                    extensions: new Dictionary<string, object?> { ["jobId"] = earlier.Id });
            case Admission.QueueFull { Queued: var queued }:
                var retryAfter = (int)Math.Ceiling(settings.Jobs.QueueFullRetryAfter.TotalSeconds);
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "The queue is full",
                    detail: $"{queued} jobs are waiting to start (Jobs:MaxQueueLength = {settings.Jobs.MaxQueueLength}). Nothing was queued; retry after {retryAfter} s.");
            case Admission.ClientQueueFull { Queued: var queued, Limit: var limit }:
                var keyRetryAfter = (int)Math.Ceiling(settings.Jobs.QueueFullRetryAfter.TotalSeconds);
                http.Response.Headers.RetryAfter = keyRetryAfter.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many jobs waiting for this API key",
                    detail: $"{queued} jobs of the API key '{client}' are waiting to start (its MaxQueued = {limit}). Nothing was queued; " +
                            $"retry after {keyRetryAfter} s, or when some of them have started.");
            default:
                throw new InvalidOperationException("unknown admission");
        }
    }

    private const string IdempotencyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKeyLength = 255;

    /// <summary>The request's Idempotency-Key (null when absent), or the 400 for a malformed one.</summary>
    private static (string? Key, IResult? Error) IdempotencyKey(HttpRequest request)
    {
        var values = request.Headers[IdempotencyHeader];
        if (values.Count == 0) return (null, null);
        var key = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrEmpty(key) || key.Length > MaxIdempotencyKeyLength || key.Any(c => c is < '!' or > '~'))
            return (null, Problems.InvalidHeader(IdempotencyHeader,
                $"expected one value of 1 to {MaxIdempotencyKeyLength} visible ASCII characters, e.g. a UUID"));
        return (key, null);
    }

    /// <summary>
    /// Whether the submission carries an Idempotency-Key to keep: only then is the problem's fingerprint computed (the
    /// canonical form that a retry is compared by, see <see cref="ProblemFingerprint"/>), which costs a quarter to a third of the parse.
    /// </summary>
    /// <remarks>A validate-only request uses up no key, so it needs no fingerprint either.</remarks>
    private static bool NeedsFingerprint(HttpRequest request, JobSettings jobSettings) =>
        request.Headers.ContainsKey(IdempotencyHeader) && !jobSettings.ValidateOnly;

    private static RouteHandlerBuilder WithSubmitResponses(this RouteHandlerBuilder route) => route
        .WithMetadata(new QueryParameterDocs(JobSettingsQuery.Parameters))
        .WithMetadata(new HeaderParameterDocs(IdempotencyHeader,
            "Makes a retried submission safe: the same key with the same problem answers 200 with the original job; " +
            "with a different problem, 422. Use a new key (e.g. a UUID) per problem.",
            MaxIdempotencyKeyLength, "^[!-~]+$"))
        .Produces<JobAccepted>(StatusCodes.Status202Accepted)
        .Produces<JobAccepted>(StatusCodes.Status200OK)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>The settings a submission reads.</summary>
    private sealed record SubmitSettings(ApiLimits Limits, JobsOptions Jobs, WebhookOptions Webhooks);

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || (contentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && contentType.Contains("+json", StringComparison.OrdinalIgnoreCase)));
}
