using System.Net;
using System.Text.Json.Nodes;

namespace OptService.Api.Tests.Infrastructure;

/// <summary>One server-sent event as a client reads it.</summary>
public sealed record ServerSentEvent(string? Id, string Name, string Data)
{
    public JsonNode Json => JsonNode.Parse(Data)!;
}

/// <summary>
/// Reads <c>text/event-stream</c> over a real connection, line by line as the server flushes it (the SSE format:
/// <c>id:</c>, <c>event:</c>, <c>data:</c> lines, a blank line ends an event, lines starting with ':' are comments).
/// </summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    /// <summary>Comment lines (keep-alives) read so far.</summary>
    public int Comments { get; private set; }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream of a job; asserts 200 and the media type.</summary>
    public static async Task<EventStreamReader> OpenAsync(HttpClient http, Guid jobId, string? lastEventId = null, string? apiKey = null)
    {
        var response = await SendAsync(http, jobId, lastEventId, apiKey);
        var body = response.StatusCode == HttpStatusCode.OK ? "" : await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>Sends the request and returns as soon as the headers are in (the body is the stream).</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, Guid jobId, string? lastEventId = null, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/jobs/{jobId}/events");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        if (apiKey is not null) request.Headers.Add("X-Api-Key", apiKey);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<ServerSentEvent?> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        string? id = null, name = null;
        var data = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancel.Token);
            if (line is null) return null;
            if (line.Length == 0)
            {
                if (name is null && data.Count == 0) continue; // a retry: or comment block
                return new ServerSentEvent(id, name ?? "message", string.Join('\n', data));
            }
            if (line.StartsWith(':')) Comments++;
            else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Add(line[6..]);
        }
    }

    /// <summary>
    /// Reads until <paramref name="count"/> more comment lines (keep-alives) have come; fails if an event line or the end
    /// of the stream comes first, or if the comments take longer than <paramref name="timeout"/>.
    /// </summary>
    public async Task ReadCommentsAsync(int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var target = Comments + count;
        while (Comments < target)
        {
            var line = await _reader.ReadLineAsync(cancel.Token);
            Assert.True(line is not null, $"the stream ended after {Comments} comments, waiting for {target}");
            if (line.Length == 0) continue;
            Assert.True(line.StartsWith(':'), $"expected only keep-alive comments, got '{line}'");
            Comments++;
        }
    }

    /// <summary>Every event until the server ends the stream (fails if that takes longer than <paramref name="timeout"/>).</summary>
    public async Task<IReadOnlyList<ServerSentEvent>> ReadToEndAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var events = new List<ServerSentEvent>();
        while (await NextAsync(deadline - DateTime.UtcNow) is { } item) events.Add(item);
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
