using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.JobsApi;

public sealed class JobLifecycleTests : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client;

    public JobLifecycleTests(ServiceFactory factory) => _client = new JobClient(factory.CreateClient());

    [Fact]
    public async Task Submit_RunsJob_AndExposesStatusResultLogsAndArtifacts()
    {
        using var response = await _client.SubmitRawAsync("test-delay", """{ "durationMs": 30, "logLines": 2 }""");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("queued", accepted["status"]!.GetValue<string>());
        Assert.Equal("test-delay", accepted["kind"]!.GetValue<string>());
        var id = accepted["id"]!.GetValue<Guid>();

        var job = await _client.WaitAsync(id);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal("optimal", job["outcome"]!.GetValue<string>());
        Assert.Equal(30, job["objective"]!.GetValue<double>());
        Assert.NotNull(job["startedAt"]);
        Assert.NotNull(job["finishedAt"]);
        Assert.Equal(1, job["attempts"]!.GetValue<int>());

        var result = await _client.GetResultAsync(id);
        Assert.False(result["interrupted"]!.GetValue<bool>());
        Assert.True(result["sleptMs"]!.GetValue<int>() >= 30);

        var lines = await _client.GetLogLinesAsync(id);
        var seqs = lines.Select(line => line!["seq"]!.GetValue<long>()).ToList();
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs);
        var messages = lines.Select(line => line!["message"]!.GetValue<string>()).ToList();
        Assert.StartsWith("accepted test-delay job", messages[0]);
        Assert.StartsWith("started on", messages[1]);
        Assert.Equal(["progress line 1", "progress line 2"], messages.Skip(2).Take(2));
        Assert.StartsWith("finished: succeeded, outcome optimal, objective 30", messages[^1]);
        Assert.Empty(await _client.GetLogLinesAsync(id, afterSeq: seqs[^1]));
        Assert.Equal(2, (await _client.GetLogLinesAsync(id, afterSeq: seqs[^1] - 2)).Count);

        var artifacts = (await _client.Http.GetFromJsonAsync<JsonArray>($"/api/v1/jobs/{id}/artifacts"))!;
        var artifact = Assert.Single(artifacts)!;
        Assert.Equal("out.txt", artifact["name"]!.GetValue<string>());
        Assert.Equal(6, artifact["size"]!.GetValue<long>());
        using var file = await _client.Http.GetAsync(artifact["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("text/plain", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("slept\n"u8.ToArray(), await file.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task LargeArtifact_IsServedGzippedToClientsThatAcceptIt_AndPlainToOthers()
    {
        var id = await _client.SubmitAsync("test-delay", """{ "durationMs": 0, "artifactLines": 50000 }""");
        await _client.WaitAsync(id);
        var expected = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 50000).Select(i => $"line {i}\n")));

        using var plain = await _client.Http.GetAsync($"/api/v1/jobs/{id}/artifacts/big.txt");
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(expected, await plain.Content.ReadAsByteArrayAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/jobs/{id}/artifacts/big.txt");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var gzipped = await _client.Http.SendAsync(request);
        Assert.Equal("gzip", Assert.Single(gzipped.Content.Headers.ContentEncoding));
        var compressed = await gzipped.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < expected.Length / 2);
        using var unzip = new System.IO.Compression.GZipStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        using var roundTrip = new MemoryStream();
        await unzip.CopyToAsync(roundTrip);
        Assert.Equal(expected, roundTrip.ToArray());

        var listed = (await _client.Http.GetFromJsonAsync<JsonArray>($"/api/v1/jobs/{id}/artifacts"))!;
        Assert.Equal(expected.Length, listed.Single(a => a!["name"]!.GetValue<string>() == "big.txt")!["size"]!.GetValue<long>());
    }

    [Fact]
    public async Task FailingSolver_EndsFailed_WithMessageInErrorAndLog_AndIsNotRetried()
    {
        var id = await _client.SubmitAsync("test-delay", """{ "durationMs": 1, "fail": true }""");
        var job = await _client.WaitAsync(id);
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Equal("the test solver was asked to fail", job["error"]!.GetValue<string>());
        Assert.Equal(1, job["attempts"]!.GetValue<int>());
        var messages = (await _client.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()).ToList();
        Assert.Contains(messages, m => m.Contains("the test solver was asked to fail", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("finished: failed", StringComparison.Ordinal));

        using var result = await _client.Http.GetAsync($"/api/v1/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.Conflict, result.StatusCode);
        var problem = await JobClient.ReadProblemAsync(result);
        Assert.Equal("The job failed", problem["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Result_Is409WithProblemDetails_WhileRunning_AndIncumbentIsReadable()
    {
        var id = await _client.SubmitAsync("test-delay", """{ "durationMs": 3000 }""");
        var running = await WaitForStatusAsync(id, "running");
        Assert.Equal("running", running["status"]!.GetValue<string>());
        using var result = await _client.Http.GetAsync($"/api/v1/jobs/{id}/result");
        Assert.Equal(HttpStatusCode.Conflict, result.StatusCode);
        var problem = await JobClient.ReadProblemAsync(result);
        Assert.Equal("The job has not finished", problem["title"]!.GetValue<string>());

        // The heartbeat (100 ms in tests) publishes the newest incumbent.
        JsonNode? incumbent = null;
        for (var i = 0; i < 50 && incumbent is null; i++)
        {
            using var response = await _client.Http.GetAsync($"/api/v1/jobs/{id}/incumbent");
            if (response.StatusCode == HttpStatusCode.OK) incumbent = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            else await Task.Delay(50);
        }
        Assert.NotNull(incumbent);
        Assert.True(incumbent!["improvements"]!.GetValue<int>() >= 1);

        using var cancel = await _client.Http.DeleteAsync($"/api/v1/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
    }

    [Fact]
    public async Task Cancel_RunningJob_EndsCancelledWithinASecond_KeepingBestSolution()
    {
        var id = await _client.SubmitAsync("test-delay", """{ "durationMs": 20000 }""");
        await WaitForStatusAsync(id, "running");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var cancel = await _client.Http.DeleteAsync($"/api/v1/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var view = (await cancel.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("cancelled", view["status"]!.GetValue<string>());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"cancel took {clock.Elapsed}");
        Assert.Equal("feasible", view["outcome"]!.GetValue<string>());
        var result = await _client.GetResultAsync(id);
        Assert.True(result["interrupted"]!.GetValue<bool>());

        using var again = await _client.Http.DeleteAsync($"/api/v1/jobs/{id}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await JobClient.ReadProblemAsync(again);
    }

    [Fact]
    public async Task UnknownJobId_Is404ProblemDetails_OnEveryEndpoint()
    {
        foreach (var path in new[] { "", "/result", "/incumbent", "/logs", "/artifacts", "/artifacts/model.lp" })
        {
            foreach (var id in new[] { Guid.NewGuid().ToString(), "not-a-guid" })
            {
                using var response = await _client.Http.GetAsync($"/api/v1/jobs/{id}{path}");
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                var problem = await JobClient.ReadProblemAsync(response);
                Assert.Equal(404, problem["status"]!.GetValue<int>());
            }
        }
        using var delete = await _client.Http.DeleteAsync($"/api/v1/jobs/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact]
    public async Task List_IsNewestFirst_AndFilters()
    {
        var first = await _client.SubmitAsync("test-delay", """{ "durationMs": 0 }""");
        await Task.Delay(5); // creation times have millisecond resolution; jobs of the same millisecond have no order
        var second = await _client.SubmitAsync("test-delay", """{ "durationMs": 0 }""");
        await _client.WaitAsync(first);
        await _client.WaitAsync(second);
        var list = (await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?kind=test-delay&status=succeeded&limit=1000"))!;
        var ids = list.Select(job => job!["id"]!.GetValue<Guid>()).ToList();
        Assert.True(ids.IndexOf(second) < ids.IndexOf(first) && ids.IndexOf(second) >= 0);
        Assert.All(list, job => Assert.Equal("succeeded", job!["status"]!.GetValue<string>()));
        Assert.Single((await _client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1"))!);

        using var badStatus = await _client.Http.GetAsync("/api/v1/jobs?status=done");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.True((await JobClient.ReadProblemAsync(badStatus))["errors"]!["status"] is not null);
        using var badKind = await _client.Http.GetAsync("/api/v1/jobs?kind=nope");
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
    }

    [Fact]
    public async Task WaitSeconds_ReturnsAsSoonAsTheJobFinishes_AndRejectsMoreThan60()
    {
        var id = await _client.SubmitAsync("test-delay", """{ "durationMs": 200 }""");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var job = await _client.GetJobAsync(id, waitSeconds: 20);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        using var tooLong = await _client.Http.GetAsync($"/api/v1/jobs/{id}?waitSeconds=61");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    private async Task<JsonObject> WaitForStatusAsync(Guid id, string status)
    {
        for (var i = 0; i < 200; i++)
        {
            var job = await _client.GetJobAsync(id);
            if (job["status"]!.GetValue<string>() == status) return job;
            await Task.Delay(25);
        }
        throw new TimeoutException($"job {id} never reached {status}");
    }
}
