using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

// Usage: dotnet run -c Release --project tests/OptService.LoadGenerator -- \
//   --base http://127.0.0.1:5080 --kind transshipment --file ../shared/fixtures/seed/american-steel.json \
//   --count 200 --concurrency 1 --warmup 20
// Each job: POST, then GET /jobs/{id}?waitSeconds=60 until terminal; latency = submit to terminal answer.
// --solve-time reads result.solveSeconds to report latency minus solve time.
var options = LoadOptions.Parse(args);
using var http = new HttpClient { BaseAddress = new Uri(options.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
var body = options.Body();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{options.Kind}: {body.Length:N0} bytes per job, {options.Count} jobs at concurrency {options.Concurrency} after {options.Warmup} warm-up jobs"));

await RunAsync(options.Warmup, options.Concurrency);
var clock = Stopwatch.StartNew();
var samples = await RunAsync(options.Count, options.Concurrency);
var elapsed = clock.Elapsed;

var ok = samples.Where(s => s.Error is null).ToList();
var latencies = ok.Select(s => s.Latency.TotalMilliseconds).Order().ToArray();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"completed {ok.Count}/{samples.Count} in {elapsed.TotalSeconds:F2} s: {ok.Count / elapsed.TotalSeconds:F1} jobs/s"));
if (latencies.Length > 0)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"submit-to-result ms: p50 {Percentile(latencies, 50):F2}  p95 {Percentile(latencies, 95):F2}  p99 {Percentile(latencies, 99):F2}  max {latencies[^1]:F2}"));
    var solve = ok.Where(s => s.SolveMs is not null).Select(s => s.SolveMs!.Value).Order().ToArray();
    if (solve.Length > 0)
    {
        var overhead = ok.Where(s => s.SolveMs is not null).Select(s => s.Latency.TotalMilliseconds - s.SolveMs!.Value).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"solve ms (result.solveSeconds): p50 {Percentile(solve, 50):F2}; latency minus solve: p50 {Percentile(overhead, 50):F2}  p95 {Percentile(overhead, 95):F2}"));
    }
}
foreach (var group in samples.Where(s => s.Error is not null).GroupBy(s => s.Error))
    Console.WriteLine($"error x{group.Count()}: {group.Key}");
return samples.Count == ok.Count ? 0 : 1;

async Task<List<Sample>> RunAsync(int count, int concurrency)
{
    var results = new List<Sample>(count);
    var next = -1;
    var workers = Enumerable.Range(0, concurrency).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) < count)
        {
            var sample = await OneJobAsync();
            lock (results) results.Add(sample);
        }
    });
    await Task.WhenAll(workers);
    return results;
}

async Task<Sample> OneJobAsync()
{
    var clock = Stopwatch.StartNew();
    try
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var submit = await http.PostAsync($"/api/v1/jobs/{options.Kind}", content);
        var accepted = await submit.Content.ReadAsStringAsync();
        if ((int)submit.StatusCode != 202) return new Sample(clock.Elapsed, null, $"submit {(int)submit.StatusCode}");
        var id = JsonNode.Parse(accepted)!["id"]!.GetValue<string>();
        while (true)
        {
            var job = JsonNode.Parse(await http.GetStringAsync($"/api/v1/jobs/{id}?waitSeconds=60"))!;
            var status = job["status"]!.GetValue<string>();
            if (status is "queued" or "running") continue;
            var latency = clock.Elapsed;
            if (status != "succeeded") return new Sample(latency, null, $"job {status}");
            double? solveMs = null;
            if (options.SolveTime)
            {
                var result = JsonNode.Parse(await http.GetStringAsync($"/api/v1/jobs/{id}/result"))!;
                solveMs = result["solveSeconds"]?.GetValue<double>() * 1000;
            }
            return new Sample(latency, solveMs, null);
        }
    }
    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
    {
        return new Sample(clock.Elapsed, null, exception.GetType().Name);
    }
}

static double Percentile(double[] sorted, double p)
{
    var rank = p / 100 * (sorted.Length - 1);
    var low = (int)Math.Floor(rank);
    var high = Math.Min(low + 1, sorted.Length - 1);
    return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

internal sealed record Sample(TimeSpan Latency, double? SolveMs, string? Error);

internal sealed record LoadOptions(string BaseUrl, string Kind, string? File, int Count, int Concurrency, int Warmup, bool SolveTime, int[]? Generate)
{
    public static LoadOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var generate = Get("--generate", "");
        return new LoadOptions(
            Get("--base", "http://127.0.0.1:5080"),
            Get("--kind", "transshipment"),
            args.Contains("--file") ? Get("--file", "") : null,
            Int("--count", 200),
            Int("--concurrency", 1),
            Int("--warmup", 20),
            args.Contains("--solve-time"),
            generate.Length > 0 ? generate.Split('x').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() : null);
    }

    /// <summary>The request body: a file, or (<c>--generate 10000x100000</c>) a generated transshipment network.</summary>
    public byte[] Body()
    {
        if (File is not null) return System.IO.File.ReadAllBytes(File);
        if (Generate is [var nodes, var arcs])
        {
            var problem = OptService.Problems.Transshipment.TransshipmentGenerator.Generate(nodes, arcs, seed: 1);
            return Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(problem, OptService.Jobs.Kinds.JobJson.Options));
        }
        throw new ArgumentException("give --file PATH or --generate NODESxARCS");
    }
}
