using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OptService.Api.Tests.Infrastructure;

/// <summary>The few calls every API test makes, over a real <see cref="HttpClient"/>.</summary>
public sealed class JobClient(HttpClient http)
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> SubmitRawAsync(string kind, string json, string contentType = "application/json") =>
        http.PostAsync($"/api/v1/jobs/{kind}", new StringContent(json, Encoding.UTF8, contentType));

    /// <summary>Submits and asserts 202; returns the job id.</summary>
    public async Task<Guid> SubmitAsync(string kind, string json) => await AcceptedIdAsync(await SubmitRawAsync(kind, json));

    /// <summary>Submits a Curtois–Qu instance as text to the nurse-scheduling <c>nrp</c> route with the job settings in
    /// <paramref name="query"/> (<c>timeLimitSeconds=6&amp;workers=1</c>); asserts 202, returns the job id.</summary>
    public async Task<Guid> SubmitNrpAsync(string instanceText, string query) =>
        await AcceptedIdAsync(await http.PostAsync($"/api/v1/jobs/nurse-scheduling/nrp?{query}", new StringContent(instanceText, Encoding.UTF8, "text/plain")));

    private static async Task<Guid> AcceptedIdAsync(HttpResponseMessage submitted)
    {
        using var response = submitted;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {body}");
        var id = JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/v1/jobs/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    public async Task<JsonObject> GetJobAsync(Guid id, double waitSeconds = 0)
    {
        using var response = await http.GetAsync($"/api/v1/jobs/{id}?waitSeconds={waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Waits (server-side, with waitSeconds) until the job is terminal.</summary>
    public async Task<JsonObject> WaitAsync(Guid id, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var job = await GetJobAsync(id, Math.Min(10, seconds));
            var status = job["status"]!.GetValue<string>();
            if (status is "succeeded" or "failed" or "cancelled" || DateTime.UtcNow > deadline) return job;
        }
    }

    /// <summary>Polls until the job shows the given status (a worker may pick a job up some time after the 202).</summary>
    public async Task<JsonObject> WaitForStatusAsync(Guid id, string status, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var job = await GetJobAsync(id);
            if (job["status"]!.GetValue<string>() == status || DateTime.UtcNow > deadline) return job;
            await Task.Delay(20);
        }
    }

    public async Task<JsonNode> GetResultAsync(Guid id)
    {
        using var response = await http.GetAsync($"/api/v1/jobs/{id}/result");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public async Task<JsonArray> GetLogLinesAsync(Guid id, long afterSeq = 0)
    {
        var page = await http.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}/logs?afterSeq={afterSeq}");
        return page!["lines"]!.AsArray();
    }

    public static async Task<JsonObject> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
