using System.Net;
using System.Net.Http.Headers;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.JobsApi;

/// <summary>
/// The error contract through Kestrel, the real server (the in-memory test server has no request-line limit and
/// treats HEAD like any method): a long URL, HEAD and an HTML-accepting client.
/// </summary>
public sealed class KestrelErrorTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "optservice-tests", Guid.NewGuid().ToString("N"));
    private ServiceProcess? _service;

    public async Task InitializeAsync() =>
        _service = await ServiceProcess.StartAsync(new Dictionary<string, string> { ["Jobs:DataDirectory"] = _dataDirectory, ["Jobs:WorkerCount"] = "1" });

    public async Task DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    [Fact]
    public async Task UrlOver8KiB_Is414ProblemJson_NotKestrelsEmptyAnswer()
    {
        using var response = await _service!.Client.GetAsync($"/api/v1/jobs/{new string('x', 10_000)}");
        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        await JobClient.ReadProblemAsync(response);
    }

    [Fact]
    public async Task HtmlClient_GetsProblemJson_ForAnUnknownPath_AndHeadGetsTheSameStatusWithoutABody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/nowhere");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await _service!.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await JobClient.ReadProblemAsync(response);

        using var head = await _service.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/jobs?limit=1"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("application/json", head.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
