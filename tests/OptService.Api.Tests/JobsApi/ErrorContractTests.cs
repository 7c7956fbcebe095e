using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.JobsApi;

/// <summary>
/// Every error is <c>application/problem+json</c> with a detail, whatever the client accepts; query values are parsed
/// strictly; HEAD works wherever GET does.
/// </summary>
public sealed class ErrorContractTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client = new(factory.CreateClient());

    public static TheoryData<string, string, string, HttpStatusCode> FrameworkErrors => new()
    {
        { "text/html", "GET", "/nowhere", HttpStatusCode.NotFound },
        { "application/xml", "GET", "/api/v1/jobs/abc/result/more", HttpStatusCode.NotFound },
        { "text/html", "PUT", "/api/v1/jobs", HttpStatusCode.MethodNotAllowed },
        { "application/xml", "DELETE", "/api/v1/jobs/abc/result", HttpStatusCode.MethodNotAllowed },
        { "text/html", "GET", $"/api/v1/jobs/{Guid.Empty}", HttpStatusCode.NotFound },
        { "application/xml", "GET", "/api/v1/jobs?limit=abc", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(FrameworkErrors))]
    public async Task Errors_AreProblemJsonWithADetail_WhateverTheClientAccepts(string accept, string method, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await _client.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        var problem = await JobClient.ReadProblemAsync(response);
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>() ?? FirstError(problem)), problem.ToJsonString());
    }

    [Fact]
    public async Task MethodNotAllowed_SaysWhichMethodsAre()
    {
        using var response = await _client.Http.PutAsync("/api/v1/jobs", null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var detail = (await JobClient.ReadProblemAsync(response))["detail"]!.GetValue<string>();
        Assert.Contains("PUT is not allowed", detail, StringComparison.Ordinal);
        Assert.Contains("GET", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/jobs/{id}?waitSeconds=abc", "waitSeconds")]
    [InlineData("/api/v1/jobs/{id}?waitSeconds=0,5", "waitSeconds")] // was read as 5 (thousands separator)
    [InlineData("/api/v1/jobs/{id}?waitSeconds=6,0", "waitSeconds")] // was read as 60
    [InlineData("/api/v1/jobs/{id}?waitSeconds=1e1", "waitSeconds")]
    [InlineData("/api/v1/jobs/{id}?waitSeconds=%201", "waitSeconds")]
    [InlineData("/api/v1/jobs/{id}?waitSeconds=NaN", "waitSeconds")]
    [InlineData("/api/v1/jobs/{id}?waitSeconds=", "waitSeconds")]
    [InlineData("/api/v1/jobs?limit=1e10", "limit")]
    [InlineData("/api/v1/jobs?limit=6,0", "limit")]
    [InlineData("/api/v1/jobs?limit=0x10", "limit")]
    [InlineData("/api/v1/jobs/{id}/logs?afterSeq=99999999999999999999", "afterSeq")]
    [InlineData("/api/v1/jobs/{id}/logs?afterSeq=1.5", "afterSeq")]
    [InlineData("/api/v1/jobs/{id}/logs?limit=abc", "limit")]
    public async Task UnparseableQueryValue_Is400_NamingTheParameterAndWhatItExpects(string path, string parameter)
    {
        var id = await FinishedJobAsync();
        using var response = await _client.Http.GetAsync(path.Replace("{id}", id.ToString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var reasons = (await JobClient.ReadProblemAsync(response))["errors"]![parameter]!.AsArray();
        Assert.StartsWith("expected a ", reasons[0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnparseablePurge_Is400_AndDeletesNothing()
    {
        var id = await FinishedJobAsync();
        using var response = await _client.Http.DeleteAsync($"/api/v1/jobs/{id}?purge=yes");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await JobClient.ReadProblemAsync(response))["errors"]!["purge"]);
        Assert.Equal("succeeded", (await _client.GetJobAsync(id))["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/v1/jobs/{id}?waitSeconds=0.5")]
    [InlineData("/api/v1/jobs/{id}/logs?afterSeq=0&limit=2")]
    [InlineData("/api/v1/jobs?limit=3")]
    public async Task WellFormedQueryValues_AreAccepted(string path)
    {
        var id = await FinishedJobAsync();
        using var response = await _client.Http.GetAsync(path.Replace("{id}", id.ToString(), StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Head_AnswersEveryGetRoute_WithTheGetsStatusAndHeaders_AndNoBody()
    {
        var id = await FinishedJobAsync();
        var paths = new[]
        {
            "/api/v1/jobs", $"/api/v1/jobs/{id}", $"/api/v1/jobs/{id}/result", $"/api/v1/jobs/{id}/incumbent", $"/api/v1/jobs/{id}/logs",
            $"/api/v1/jobs/{id}/artifacts", $"/api/v1/jobs/{id}/artifacts/out.txt", "/health/live", "/health/ready", "/openapi/v1.json",
            $"/api/v1/jobs/{Guid.NewGuid()}", "/nowhere", $"/api/v1/jobs/{id}?waitSeconds=x",
        };
        foreach (var path in paths)
        {
            using var get = await _client.Http.GetAsync(path);
            using var head = await _client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.True(get.StatusCode == head.StatusCode, $"{path}: GET {(int)get.StatusCode}, HEAD {(int)head.StatusCode}");
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task NotFound_EchoesAtMost200CharactersOfTheId()
    {
        var id = new string('x', 1000);
        foreach (var path in new[] { $"/api/v1/jobs/{id}", $"/api/v1/jobs/{id}/logs" })
        {
            using var response = await _client.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var detail = (await JobClient.ReadProblemAsync(response))["detail"]!.GetValue<string>();
            Assert.Contains(new string('x', 200), detail, StringComparison.Ordinal);
            Assert.DoesNotContain(new string('x', 201), detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UrlOver8KiB_Is414ProblemJson()
    {
        using var response = await _client.Http.GetAsync($"/api/v1/jobs/{new string('x', 9000)}");
        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Contains("at most 8192", (await JobClient.ReadProblemAsync(response))["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private Guid? _finished;

    /// <summary>A succeeded test job with a file (out.txt), shared by the tests of this class.</summary>
    private async Task<Guid> FinishedJobAsync()
    {
        if (_finished is { } id) return id;
        id = await _client.SubmitAsync("test-delay", """{ "durationMs": 0 }""");
        Assert.Equal("succeeded", (await _client.WaitAsync(id))["status"]!.GetValue<string>());
        _finished = id;
        return id;
    }

    private static string? FirstError(JsonObject problem) =>
        problem["errors"] is JsonObject errors ? errors.First().Value![0]!.GetValue<string>() : null;
}
