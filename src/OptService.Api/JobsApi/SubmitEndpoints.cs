using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OptService.Api.Hosting;
using OptService.Jobs;
using OptService.Jobs.Kinds;
using OptService.Jobs.Submission;

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
        foreach (var kind in kinds.All)
        {
            jobs.MapPost($"/{kind.Name}", (HttpContext http, JobSubmitter submitter, IOptions<ApiLimits> limits, CancellationToken ct) =>
                    SubmitJsonAsync(kind, http, submitter, limits.Value, ct))
                .Accepts(kind.ProblemType, "application/json")
                .WithMetadata(new RequestExample("application/json", JsonSerializer.Serialize(kind.Example, kind.ProblemType, JobJson.Options)))
                .Produces<JobAccepted>(StatusCodes.Status202Accepted)
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
                .WithName($"Submit-{kind.Name}")
                .WithSummary($"Submit a {kind.Name} problem")
                .WithDescription(kind.Summary);
            foreach (var format in kind.InputFormats)
            {
                jobs.MapPost($"/{kind.Name}/{format.Name}", (HttpContext http, JobSubmitter submitter, IOptions<ApiLimits> limits, CancellationToken ct) =>
                        SubmitFormatAsync(kind, format, http, submitter, limits.Value, ct))
                    .Accepts<string>(format.ContentType)
                    .WithMetadata(new RequestExample(format.ContentType, format.ExampleBody))
                    .WithMetadata(new QueryParameterDocs(format.QueryParameters))
                    .Produces<JobAccepted>(StatusCodes.Status202Accepted)
                    .ProducesValidationProblem()
                    .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                    .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
                    .WithName($"Submit-{kind.Name}-{format.Name}")
                    .WithSummary($"Submit a {kind.Name} problem as {format.Name} ({format.ContentType})")
                    .WithDescription(format.Summary);
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
            detail: $"There is no problem kind '{kind}'. Known kinds: {string.Join(", ", kinds.All.Select(k => k.Name))}.");

    private static async Task<IResult> SubmitJsonAsync(IProblemKind kind, HttpContext http, JobSubmitter submitter, ApiLimits limits, CancellationToken ct)
    {
        if (!IsJson(http.Request.ContentType)) return Problems.UnsupportedMediaType(http.Request.ContentType, "application/json");
        if (RequestBodyEncoding.Unsupported(http.Request) is { } unreadable) return unreadable;
        if (await ReadBodyAsync(http.Request, limits, ct) is not { } body) return Problems.TooLarge(limits.MaxRequestBodyBytes);
        var parsed = kind.Parse(body);
        return parsed.IsValid ? await AcceptAsync(kind, parsed.Utf8Json!, submitter) : Problems.Invalid(parsed.Errors);
    }

    private static async Task<IResult> SubmitFormatAsync(
        IProblemKind kind, IProblemInputFormat format, HttpContext http, JobSubmitter submitter, ApiLimits limits, CancellationToken ct)
    {
        if (RequestBodyEncoding.Unsupported(http.Request) is { } unreadable) return unreadable;
        if (await ReadBodyAsync(http.Request, limits, ct) is not { } body) return Problems.TooLarge(limits.MaxRequestBodyBytes);
        if (!RequestBodyEncoding.TryDecodeText(body, out var text, out var notUtf8)) return Problems.Invalid([notUtf8!], $"The {format.Name} input is invalid");
        var query = http.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.Ordinal);
        var converted = format.Convert(text, query);
        if (converted.Problem is null) return Problems.Invalid(converted.Errors, $"The {format.Name} input is invalid");
        var parsed = kind.Accept(converted.Problem);
        return parsed.IsValid ? await AcceptAsync(kind, parsed.Utf8Json!, submitter) : Problems.Invalid(parsed.Errors);
    }

    /// <summary>
    /// Reads the whole body, or returns null when it is over the limit: at once from Content-Length,
    /// else while reading (Kestrel enforces the limit on chunked bodies).
    /// </summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, ApiLimits limits, CancellationToken ct)
    {
        if (request.ContentLength > limits.MaxRequestBodyBytes) return null;
        using var buffer = request.ContentLength is { } length ? new MemoryStream((int)length) : new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, ct);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    private static async Task<IResult> AcceptAsync(IProblemKind kind, byte[] utf8Problem, JobSubmitter submitter)
    {
        // Once the body is valid the job is created even if the client hangs up: a half-created job is worse.
        var job = await submitter.SubmitAsync(kind, utf8Problem, CancellationToken.None);
        return TypedResults.Accepted($"/api/v1/jobs/{job.Id}", new JobAccepted(job.Id, job.Kind, job.Status, job.CreatedAt, JobLinks.For(job.Id)));
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || (contentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && contentType.Contains("+json", StringComparison.OrdinalIgnoreCase)));
}

/// <summary>Endpoint metadata: the prefilled request body shown in Swagger UI.</summary>
internal sealed record RequestExample(string ContentType, string Body);

/// <summary>Endpoint metadata: query parameters read by an input format, for the OpenAPI document.</summary>
internal sealed record QueryParameterDocs(IReadOnlyDictionary<string, string> Parameters);
