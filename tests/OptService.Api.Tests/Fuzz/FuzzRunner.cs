using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace OptService.Api.Tests.Fuzz;

/// <summary>
/// Sends fuzz cases over parallel clients, checks every answer with <see cref="ResponseCheck"/>, cancels every job a
/// valid mutation created (so the worker stays idle) and keeps the figures per route.
/// </summary>
internal sealed class FuzzRunner(HttpClient http)
{
    private readonly ConcurrentQueue<FuzzFailure> _failures = new();

    public IReadOnlyCollection<FuzzFailure> Failures => _failures;

    public ConcurrentDictionary<string, RouteTally> Tallies { get; } = new(StringComparer.Ordinal);

    /// <summary>Ids of the jobs answered with 202, by kind.</summary>
    public ConcurrentDictionary<string, ConcurrentBag<string>> Accepted { get; } = new(StringComparer.Ordinal);

    /// <summary>A client for <paramref name="baseAddress"/> that waits up to 60 s for a 100 Continue before sending a body.</summary>
    public static HttpClient CreateClient(Uri baseAddress) =>
        new(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60), PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(100),
        };

    /// <summary>Runs the cases on <paramref name="clients"/> concurrent clients; a client takes the next case when it has its answer.</summary>
    public async Task RunAsync(IEnumerable<(SubmitEndpoint Endpoint, int Index, FuzzCase Case)> cases, int clients)
    {
        using var next = cases.GetEnumerator();
        var gate = new object();
        async Task ClientAsync()
        {
            while (true)
            {
                (SubmitEndpoint Endpoint, int Index, FuzzCase Case) item;
                lock (gate)
                {
                    if (!next.MoveNext()) return;
                    item = next.Current;
                }
                await SendAsync(item.Endpoint, item.Index, item.Case);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(ClientAsync)));
    }

    public async Task<int?> SendAsync(SubmitEndpoint endpoint, int index, FuzzCase fuzzCase)
    {
        var tally = Tallies.GetOrAdd(endpoint.Path, _ => new RouteTally());
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Path + fuzzCase.Query) { Content = new ByteArrayContent(fuzzCase.Body) };
        if (fuzzCase.ContentType is { } type) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        if (fuzzCase.ContentEncoding is { } coding) request.Content.Headers.TryAddWithoutValidation("Content-Encoding", coding);
        // Like curl, ask before sending a large body: the server can refuse it (413) without reading it. Without the
        // question .NET's client sees the connection close mid-upload (broken pipe) and never reads the 413. The
        // client must wait for the answer (see CreateClient), not start sending after the default 1 s.
        if (fuzzCase.Body.Length > 1 << 20) request.Headers.ExpectContinue = true;
        if (fuzzCase.Chunked)
        {
            request.Headers.TransferEncodingChunked = true;
            request.Content.Headers.ContentLength = null;
        }
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            var status = (int)response.StatusCode;
            tally.Record(status, fuzzCase.Body.Length, clock.Elapsed);
            if (ResponseCheck.Problem(endpoint, fuzzCase, response.StatusCode, response.Content.Headers.ContentType?.MediaType, body) is { } problem)
                Fail(endpoint, index, fuzzCase, problem, Preview(body));
            if (status == 202 && JsonNode.Parse(body)?["id"]?.GetValue<string>() is { } id)
            {
                Accepted.GetOrAdd(endpoint.Kind, _ => []).Add(id);
                using var cancel = await http.DeleteAsync($"/api/v1/jobs/{id}");
                if ((int)cancel.StatusCode >= 500) Fail(endpoint, index, fuzzCase, $"cancelling the accepted job answered {(int)cancel.StatusCode}", id);
            }
            return status;
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
        {
            tally.Record(0, fuzzCase.Body.Length, clock.Elapsed);
            if (!fuzzCase.MayCloseMidUpload) Fail(endpoint, index, fuzzCase, $"no answer: {exception.GetType().Name}", exception.Message);
            return null;
        }
    }

    private void Fail(SubmitEndpoint endpoint, int index, FuzzCase fuzzCase, string problem, string answer)
    {
        var headers = $"Content-Type: {fuzzCase.ContentType ?? "(none)"}" +
                      (fuzzCase.ContentEncoding is null ? "" : $", Content-Encoding: {fuzzCase.ContentEncoding}") + (fuzzCase.Chunked ? ", chunked" : "");
        _failures.Enqueue(new FuzzFailure(endpoint.Path, problem,
            $"{endpoint.Path}{Clip(fuzzCase.Query)} case #{index} \"{fuzzCase.Name}\": {problem}\n    answer: {answer}\n    sent: {headers}; {fuzzCase.Preview()}"));
    }

    /// <summary>The failures grouped by route and kind of problem, with a count and the first example of each.</summary>
    public string Summary(int groups) =>
        string.Join("\n", _failures.GroupBy(f => (f.Route, f.Problem.Length > 50 ? f.Problem[..50] : f.Problem))
            .OrderByDescending(g => g.Count()).Take(groups)
            .Select(g => $"[{g.Count()}x] {g.First().Report}"));

    private static string Preview(byte[] body) =>
        System.Text.Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 400))) + (body.Length > 400 ? $"… ({body.Length:N0} bytes)" : "");

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

/// <summary>One broken rule: the route, what was wrong, and the request and answer.</summary>
internal sealed record FuzzFailure(string Route, string Problem, string Report);

/// <summary>Counts for one route: answers by status, bytes sent, slowest answer.</summary>
internal sealed class RouteTally
{
    private readonly ConcurrentDictionary<int, int> _byStatus = new();
    private long _requests;
    private long _bytes;
    private long _slowestTicks;

    public long Requests => Interlocked.Read(ref _requests);

    public long BytesSent => Interlocked.Read(ref _bytes);

    public TimeSpan Slowest => TimeSpan.FromTicks(Interlocked.Read(ref _slowestTicks));

    public IReadOnlyDictionary<int, int> ByStatus => _byStatus;

    public void Record(int status, int bytes, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytes, bytes);
        _byStatus.AddOrUpdate(status, 1, (_, n) => n + 1);
        long seen;
        while (elapsed.Ticks > (seen = Interlocked.Read(ref _slowestTicks)) && Interlocked.CompareExchange(ref _slowestTicks, elapsed.Ticks, seen) != seen)
        {
            // another client recorded a slower answer in between: compare again
        }
    }

    public override string ToString() =>
        $"{Requests,6:N0} requests, {BytesSent / 1e6,7:F1} MB sent, slowest {Slowest.TotalMilliseconds,6:F0} ms; " +
        string.Join(", ", ByStatus.OrderBy(p => p.Key).Select(p => $"{(p.Key == 0 ? "closed mid-upload" : p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {p.Value}"));
}
