using System.Diagnostics;
using System.Globalization;

// Usage: dotnet run -c Release --project tests/OptService.LoadGenerator -- \
//   --base http://127.0.0.1:5080 --kind transshipment --file ../shared/fixtures/seed/american-steel.json \
//   --count 200 --concurrency 1 --warmup 20 [--rate 200] [--solve-time] [--job-timeout 120] [--idempotency-keys]
// Each job: POST, then GET /jobs/{id}?waitSeconds=60 until terminal; latency = arrival to terminal answer.
// Closed loop (default): --concurrency clients back to back. Open loop (--rate R): R arrivals per second,
// at most --concurrency in flight, latency counted from each job's scheduled arrival. A job not finished
// --job-timeout seconds (default 120) after its submit is reported as an error; the run always ends.
// --solve-time reads result.solveSeconds to report latency minus solve time.
var options = LoadOptions.Parse(args);
using var http = new HttpClient { BaseAddress = new Uri(options.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
var cycle = new JobCycle(http, options, options.Body());
var mode = options.Rate is { } r
    ? string.Create(CultureInfo.InvariantCulture, $"open loop at {r:0.#} jobs/s, at most {options.Concurrency} in flight")
    : $"closed loop at concurrency {options.Concurrency}";
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{options.Kind}: {options.Body().Length:N0} bytes per job, {options.Count} jobs {mode}, after {options.Warmup} warm-up jobs (closed loop)"));

await LoadLoops.ClosedAsync(cycle, options.Warmup, options.Concurrency);
List<Sample> samples;
TimeSpan elapsed;
if (options.Rate is { } rate)
{
    var run = await LoadLoops.OpenAsync(cycle, options.Count, options.Concurrency, rate);
    (samples, elapsed) = (run.Samples, run.Elapsed);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"offered {rate:0.#} jobs/s; {run.WaitedForSlot} of {options.Count} arrivals found all {options.Concurrency} slots busy and waited"));
}
else
{
    var clock = Stopwatch.StartNew();
    samples = await LoadLoops.ClosedAsync(cycle, options.Count, options.Concurrency);
    elapsed = clock.Elapsed;
}
LoadReport.Print(samples, elapsed);
return samples.All(s => s.Error is null) ? 0 : 1;
