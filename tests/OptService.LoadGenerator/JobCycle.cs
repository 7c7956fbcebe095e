using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

/// <summary>
/// One job as a client sees it: POST, then GET /jobs/{id}?waitSeconds=60 until terminal (or --job-timeout
/// seconds after the submit, an error), then (with --solve-time) the result for its solveSeconds.
/// </summary>
internal sealed class JobCycle(HttpClient http, LoadOptions options, byte[] body)
{
    /// <param name="arrival">Stopwatch timestamp at which the job was due: latency counts from here, so time
    /// spent waiting for a free client slot (open loop) is part of it and queueing cannot hide.</param>
    public async Task<Sample> RunAsync(long arrival)
    {
        var start = Stopwatch.GetTimestamp();
        var slotMs = Stopwatch.GetElapsedTime(arrival, start).TotalMilliseconds;
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/jobs/{options.Kind}") { Content = content };
            if (options.IdempotencyKeys) post.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var submit = await http.SendAsync(post);
            var accepted = await submit.Content.ReadAsStringAsync();
            var submitted = Stopwatch.GetTimestamp();
            var submitMs = Stopwatch.GetElapsedTime(start, submitted).TotalMilliseconds;
            if ((int)submit.StatusCode != 202) return Failed($"submit {(int)submit.StatusCode}");
            var id = JsonNode.Parse(accepted)!["id"]!.GetValue<string>();
            var deadline = submitted + (long)(options.JobTimeoutSeconds * Stopwatch.Frequency);
            while (true)
            {
                var wait = Math.Clamp((deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency, 0, 60);
                var job = JsonNode.Parse(await http.GetStringAsync(
                    string.Create(CultureInfo.InvariantCulture, $"/api/v1/jobs/{id}?waitSeconds={wait:0.###}")))!;
                var status = job["status"]!.GetValue<string>();
                // A job that never ends is an error to report, not a reason for the run to hang.
                if (status is ("queued" or "running") && Stopwatch.GetTimestamp() >= deadline)
                    return Failed(string.Create(CultureInfo.InvariantCulture, $"job still {status} {options.JobTimeoutSeconds:0} s after submit"));
                if (status is "queued" or "running") continue;
                var done = Stopwatch.GetTimestamp();
                var latency = Stopwatch.GetElapsedTime(arrival, done);
                var waitMs = Stopwatch.GetElapsedTime(submitted, done).TotalMilliseconds;
                if (status != "succeeded") return new Sample(latency, slotMs, submitMs, waitMs, null, $"job {status}");
                double? solveMs = null;
                if (options.SolveTime)
                {
                    var result = JsonNode.Parse(await http.GetStringAsync($"/api/v1/jobs/{id}/result"))!;
                    solveMs = result["solveSeconds"]?.GetValue<double>() * 1000;
                }
                return new Sample(latency, slotMs, submitMs, waitMs, solveMs, null);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return Failed(exception.GetType().Name);
        }

        Sample Failed(string error) => new(Stopwatch.GetElapsedTime(arrival), slotMs, 0, 0, null, error);
    }
}

/// <summary>One job's timings in milliseconds; <see cref="Latency"/> runs from the job's arrival to its terminal answer.</summary>
/// <param name="SlotMs">Arrival to sending the POST: the open loop's timer lag plus waiting for a free client slot; 0 in the closed loop.</param>
/// <param name="SubmitMs">POST sent to 202 read.</param>
/// <param name="WaitMs">202 read to the terminal status read.</param>
internal sealed record Sample(TimeSpan Latency, double SlotMs, double SubmitMs, double WaitMs, double? SolveMs, string? Error);
