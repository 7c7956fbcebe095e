using Microsoft.AspNetCore.Http.HttpResults;
using OptService.Kinds;

namespace OptService.Api.JobsApi;

/// <summary>The problem-details answers of the jobs API, one place so that wording stays consistent.</summary>
internal static class Problems
{
    /// <summary>Most characters of an id or name echoed back (ids and names are at most 200 characters).</summary>
    public const int MaxEchoedName = 200;

    public static ProblemHttpResult JobNotFound(string id) =>
        TypedResults.Problem(statusCode: 404, title: "Job not found", detail: $"There is no job with id '{Clip(id, MaxEchoedName)}'.");

    public static ProblemHttpResult Conflict(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: 409, title: title, detail: detail, extensions: extensions);

    public static ValidationProblem Invalid(IEnumerable<FieldError> errors, string title = "The problem definition is invalid") =>
        TypedResults.ValidationProblem(
            errors.GroupBy(error => error.Path).ToDictionary(group => group.Key, group => group.Select(error => error.Reason).ToArray()),
            title: title,
            detail: "Nothing was queued. Each entry names a field (JSON path) and what is wrong with it.");

    public static ValidationProblem InvalidParameter(string name, string reason) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [reason] }, title: "Invalid query parameter");

    public static ValidationProblem InvalidHeader(string name, string reason) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [reason] }, title: "Invalid request header",
            detail: "Nothing was queued.");

    public static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(statusCode: 413, title: "Request body too large",
            detail: $"The body exceeds the configured limit of {limit} bytes (Api:MaxRequestBodyBytes). Nothing was queued.");

    public static ProblemHttpResult UnsupportedMediaType(string? got, string expected) =>
        TypedResults.Problem(statusCode: 415, title: "Unsupported media type",
            detail: $"Send the problem as {expected} (Content-Type was '{got ?? "missing"}'). Nothing was queued.");

    public static ProblemHttpResult UnsupportedContentEncoding(string coding) =>
        TypedResults.Problem(statusCode: 415, title: "Unsupported content encoding",
            detail: $"Send the body uncompressed, without Content-Encoding (it was '{Clip(coding, 100)}'). Nothing was queued.");

    public static ProblemHttpResult UnsupportedCharset(string charset) =>
        TypedResults.Problem(statusCode: 415, title: "Unsupported charset",
            detail: $"Send the body as UTF-8 (the charset was '{Clip(charset, 100)}'). Nothing was queued.");

    /// <summary>A client's text to echo back, cut at <paramref name="max"/> characters (a URL segment may be kilobytes long).</summary>
    public static string Clip(string text, int max = MaxEchoedName) => text.Length <= max ? text : text[..max] + "…";
}
