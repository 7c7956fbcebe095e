using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace OptService.Api.Tests.Fuzz;

/// <summary>
/// What every answer to a hostile submission must be: a 202 with a job id, or an RFC 9457 problem-details rejection
/// (400 with errors that name a field or line, 413, 415, or 429 under back-pressure) that is small and says nothing
/// about the server's internals.
/// </summary>
internal static partial class ResponseCheck
{
    /// <summary>No rejection may echo a 10 MB value back; 64 KiB holds a hundred errors with clipped values.</summary>
    public const int MaxProblemBytes = 64 * 1024;

    private static readonly HashSet<int> Allowed = [202, 400, 413, 415, 429];

    /// <summary>Returns what is wrong with the answer, or null when it is acceptable.</summary>
    public static string? Problem(SubmitEndpoint endpoint, FuzzCase fuzzCase, HttpStatusCode code, string? mediaType, byte[] body)
    {
        var status = (int)code;
        if (status >= 500) return $"server error {status}";
        // ?validateOnly=true on a valid problem: 200 with {valid: true, ...} and no job (the job count is checked apart).
        if (status == 200 && mediaType == "application/json" && JsonNode.Parse(body)?["valid"]?.GetValue<bool>() == true) return null;
        if (!Allowed.Contains(status)) return $"unexpected status {status}";
        if (fuzzCase.ExpectedStatus is { } expected && status != expected) return $"expected {expected}, got {status}";
        if (status == 202)
            return JsonNode.Parse(body)?["id"]?.GetValue<string>() is { Length: > 0 } ? null : "202 without a job id";

        if (mediaType != "application/problem+json") return $"{status} with Content-Type '{mediaType}', not application/problem+json";
        if (body.Length > MaxProblemBytes) return $"{status} with a {body.Length:N0}-byte body (over {MaxProblemBytes:N0}): input echoed back?";
        var text = Encoding.UTF8.GetString(body);
        if (InternalDetail().Match(text) is { Success: true } leak) return $"{status} body reveals internals: '{leak.Value}'";
        JsonObject problem;
        try
        {
            problem = JsonNode.Parse(body)!.AsObject();
        }
        catch (System.Text.Json.JsonException)
        {
            return $"{status} body is not JSON";
        }
        if (problem["status"]?.GetValue<int>() != status) return $"problem 'status' is not {status}";
        if (problem["title"]?.GetValue<string>() is not { Length: > 0 }) return "problem without a title";
        if (status != 400) return null;

        if (problem["errors"] is not JsonObject { Count: > 0 } errors) return "400 without errors";
        var queryKeys = QueryHelpers.ParseQuery(fuzzCase.Query).Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var (key, reasons) in errors)
        {
            var namesSomething = key.StartsWith('$')
                || (!endpoint.IsJson && (LineKey().IsMatch(key) || key == "instance" || queryKeys.Contains(key)));
            if (!namesSomething) return $"error key '{Clip(key)}' names no field, line or parameter";
            if (reasons is not JsonArray { Count: > 0 } list || list.Any(r => r?.GetValue<string>() is not { Length: > 0 }))
                return $"error '{Clip(key)}' without a reason";
        }
        return null;
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";

    /// <summary>Stack frames, .NET type names, exception names and server file paths.</summary>
    [GeneratedRegex(@"\bat [\w.<>`]+\(|\bSystem\.[A-Z]|\bMicrosoft\.[A-Z]|\bOptService\.|Exception\b|/work/|/tmp/|/home/|/root/|/usr/|\.cs:line")]
    private static partial Regex InternalDetail();

    [GeneratedRegex(@"^line \d+$")]
    private static partial Regex LineKey();
}
