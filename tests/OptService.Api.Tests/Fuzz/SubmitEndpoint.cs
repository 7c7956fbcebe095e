using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OptService.Api.Tests.Fuzz;

/// <summary>
/// One submit route as the running service documents it in <c>/openapi/v1.json</c>: every <c>POST</c> under
/// <c>/api/v1/jobs/</c> that takes a body. Reading them from the document (not from a list in the test) means a new
/// kind or input format is fuzzed without touching the test.
/// </summary>
internal sealed record SubmitEndpoint(string Path, string ContentType, string? Example, IReadOnlyList<string> QueryParameters)
{
    private const string Prefix = "/api/v1/jobs/";

    public bool IsJson => ContentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    /// <summary>A binary protobuf route (<c>application/x-protobuf</c>), fuzzed with byte-level mutations.</summary>
    public bool IsProtobuf => ContentType.Contains("protobuf", StringComparison.OrdinalIgnoreCase);

    /// <summary>The kind: the first segment after <c>/api/v1/jobs/</c>.</summary>
    public string Kind => Path[Prefix.Length..].Split('/')[0];

    /// <summary>The input format (second segment, e.g. <c>nrp</c>) or null for the kind's JSON route.</summary>
    public string? Format => Path[Prefix.Length..].Split('/') is [_, var format] ? format : null;

    public override string ToString() => $"POST {Path} ({ContentType})";

    public static async Task<IReadOnlyList<SubmitEndpoint>> DiscoverAsync(HttpClient http)
    {
        var document = (await http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var endpoints = new List<SubmitEndpoint>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (!path.StartsWith(Prefix, StringComparison.Ordinal) || path.Contains('{', StringComparison.Ordinal)) continue;
            if (item!["post"]?["requestBody"]?["content"] is not JsonObject content) continue;
            var query = item["post"]!["parameters"]?.AsArray()
                .Where(p => p!["in"]?.GetValue<string>() == "query")
                .Select(p => p!["name"]!.GetValue<string>())
                .ToList() ?? [];
            foreach (var (contentType, media) in content)
            {
                var example = media?["example"] switch
                {
                    null => null,
                    JsonValue text when text.GetValueKind() == System.Text.Json.JsonValueKind.String => text.GetValue<string>(),
                    var node => node.ToJsonString(),
                };
                endpoints.Add(new SubmitEndpoint(path, contentType, example, query));
            }
        }
        return endpoints.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
    }
}
