using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs;

namespace OptService.Api.Tests.Hosting;

/// <summary>
/// The OpenAPI document is the contract clients are generated from. A copy is committed as <c>openapi/v1.json</c>;
/// these tests fail when the service serves anything else, and check that the document is typed.
/// Regenerate the copy (after an intended API change) with
/// <c>UPDATE_OPENAPI=1 dotnet test tests/OptService.Api.Tests -c Release --filter FullyQualifiedName~OpenApiDocumentTests</c>.
/// </summary>
public sealed class OpenApiDocumentTests : IClassFixture<PlainServiceFactory>
{
    private const string UpdateCommand =
        "UPDATE_OPENAPI=1 dotnet test tests/OptService.Api.Tests -c Release --filter FullyQualifiedName~OpenApiDocumentTests";

    private readonly PlainServiceFactory _service;

    public OpenApiDocumentTests(PlainServiceFactory service) => _service = service;

    [Fact]
    public async Task ServedDocument_IsTheCommittedCopy()
    {
        var served = await _service.DocumentTextAsync();
        var path = CommittedDocumentPath();
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
            return;
        }
        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        Assert.True(committed == served,
            $"openapi/v1.json is not the document the service serves ({FirstDifference(committed, served)}).\n" +
            $"If the API change is intended, regenerate the committed copy from the repository root and commit it:\n  {UpdateCommand}");
    }

    [Fact]
    public async Task ServedDocument_IsTheSameOnEveryRequest()
    {
        Assert.Equal(await _service.DocumentTextAsync(), await _service.DocumentTextAsync());
    }

    [Fact]
    public async Task EveryKind_HasTypedResultAndIncumbentRoutes()
    {
        var document = await _service.DocumentAsync();
        var kinds = _service.Services.GetRequiredService<ProblemKindCatalog>().All;
        Assert.NotEmpty(kinds);
        foreach (var kind in kinds)
        {
            foreach (var what in new[] { "result", "incumbent" })
            {
                var schema = document["paths"]![$"/api/v1/jobs/{kind.Name}/{{id}}/{what}"]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"];
                Assert.True(schema is not null, $"no typed GET /api/v1/jobs/{kind.Name}/{{id}}/{what}");
                Assert.Equal($"#/components/schemas/{kind.ResultType.Name}", schema["$ref"]?.GetValue<string>());
            }
            Assert.Equal("object", document["components"]!["schemas"]![kind.ResultType.Name]!["type"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task EveryKindsResult_CallsTheVerdictOutcome_NeverStatus()
    {
        // The job's lifecycle is "status"; a result that also said "status" made clients read the wrong one.
        var schemas = (await _service.DocumentAsync())["components"]!["schemas"]!;
        var kinds = _service.Services.GetRequiredService<ProblemKindCatalog>().All;
        Assert.Equal(5, kinds.Count);
        foreach (var kind in kinds)
        {
            var properties = schemas[kind.ResultType.Name]!["properties"]!.AsObject();
            Assert.True(properties.ContainsKey("outcome"), $"{kind.Name}: {kind.ResultType.Name} has no 'outcome'");
            Assert.False(properties.ContainsKey("status"), $"{kind.Name}: {kind.ResultType.Name} has a 'status'");
            Assert.Contains("SolveOutcome", properties["outcome"]!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Enums_AreStringSchemas_WithTheWireNames()
    {
        var schemas = (await _service.DocumentAsync())["components"]!["schemas"]!.AsObject();
        var enums = schemas.Where(pair => pair.Value!["enum"] is not null).ToList();
        Assert.Contains(enums, pair => pair.Key == "JobStatus");
        Assert.Contains(enums, pair => pair.Key == "SolveOutcome");
        Assert.Contains(enums, pair => pair.Key == "DiscretizationMethod");
        foreach (var (name, schema) in enums)
        {
            Assert.True(schema!["type"]?.GetValue<string>() == "string", $"{name} has no type string: {schema.ToJsonString()}");
            Assert.All(schema["enum"]!.AsArray(), value => Assert.NotNull(value));
        }
        Assert.Equal(["queued", "running", "succeeded", "failed", "cancelled"], Names(schemas["JobStatus"]!));
        Assert.Contains("timeLimit", Names(schemas["SolveOutcome"]!));
        Assert.Contains("hermite-simpson", Names(schemas["DiscretizationMethod"]!));
        Assert.Contains("min-cost-flow", Names(schemas["TransshipmentMethod"]!));
    }

    [Fact]
    public async Task EveryOperation_DescribesItsErrors_AsProblemDetails()
    {
        var document = await _service.DocumentAsync();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var errors = operation!["responses"]!.AsObject().Where(pair => pair.Key[0] is '4' or '5').ToList();
                Assert.True(errors.Any(pair => pair.Key[0] == '4'), $"{method} {path} lists no 4xx answer");
                foreach (var (status, response) in errors)
                {
                    var schema = response!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
                    Assert.True(schema is "#/components/schemas/ProblemDetails" or "#/components/schemas/HttpValidationProblemDetails",
                        $"{method} {path} {status} is not problem details: {response.ToJsonString()}");
                }
            }
        }
    }

    [Fact]
    public async Task QueryParameters_AreTyped_WithTheirRanges()
    {
        var paths = (await _service.DocumentAsync())["paths"]!;
        var limit = Parameter(paths["/api/v1/jobs"]!["get"]!, "limit");
        Assert.Equal(("integer", 1, 1000), (limit["type"]!.GetValue<string>(), limit["minimum"]!.GetValue<int>(), limit["maximum"]!.GetValue<int>()));
        var status = Parameter(paths["/api/v1/jobs"]!["get"]!, "status");
        Assert.Equal("string", status["type"]!.GetValue<string>());
        Assert.Equal(["queued", "running", "succeeded", "failed", "cancelled"], Names(status));
        var wait = Parameter(paths["/api/v1/jobs/{id}"]!["get"]!, "waitSeconds");
        Assert.Equal(("number", 0, 60), (wait["type"]!.GetValue<string>(), wait["minimum"]!.GetValue<int>(), wait["maximum"]!.GetValue<int>()));
        Assert.Equal("integer", Parameter(paths["/api/v1/jobs/{id}/logs"]!["get"]!, "afterSeq")["type"]!.GetValue<string>());
        Assert.Equal("boolean", Parameter(paths["/api/v1/jobs/{id}"]!["delete"]!, "purge")["type"]!.GetValue<string>());
        var workers = Parameter(paths["/api/v1/jobs/nurse-scheduling/nrp"]!["post"]!, "workers");
        Assert.Equal(("integer", 1), (workers["type"]!.GetValue<string>(), workers["minimum"]!.GetValue<int>()));
        Assert.Equal("number", Parameter(paths["/api/v1/jobs/nurse-scheduling/nrp"]!["post"]!, "timeLimitSeconds")["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Document_NamesNoHostOrPort()
    {
        var document = await _service.DocumentAsync();
        Assert.Equal("/", document["servers"]![0]!["url"]!.GetValue<string>());
        Assert.DoesNotContain("localhost", await _service.DocumentTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("127.0.0.1", await _service.DocumentTextAsync(), StringComparison.Ordinal);
    }

    private static JsonNode Parameter(JsonNode operation, string name) =>
        operation["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == name)!["schema"]!;

    private static List<string> Names(JsonNode schema) => schema["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();

    private static string FirstDifference(string committed, string served)
    {
        if (committed.Length == 0) return "the committed copy is missing or empty";
        var a = committed.Split('\n');
        var b = served.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < b.Length ? b[i] : "<end of file>";
            if (left != right) return $"first difference at line {i + 1}: committed \"{left.Trim()}\", served \"{right.Trim()}\"";
        }
        return "they differ only in line endings";
    }

    /// <summary>openapi/v1.json under the repository root (the folder holding OptService.sln).</summary>
    private static string CommittedDocumentPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OptService.sln"))) return Path.Combine(dir.FullName, "openapi", "v1.json");
        }
        throw new DirectoryNotFoundException("no OptService.sln above " + AppContext.BaseDirectory);
    }
}
