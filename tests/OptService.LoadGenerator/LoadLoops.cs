using System.Diagnostics;

/// <summary>The two ways of offering load.</summary>
internal static class LoadLoops
{
    /// <summary>
    /// Closed loop: <paramref name="concurrency"/> clients, each submitting its next job when the last one
    /// ended. Throughput then follows latency (Little's law), so it measures capacity, not latency at a rate.
    /// </summary>
    public static async Task<List<Sample>> ClosedAsync(JobCycle cycle, int count, int concurrency)
    {
        var results = new List<Sample>(count);
        var next = -1;
        var clients = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                var sample = await cycle.RunAsync(Stopwatch.GetTimestamp());
                lock (results) results.Add(sample);
            }
        });
        await Task.WhenAll(clients);
        return results;
    }

    /// <summary>
    /// Open loop: job i is due at start + i / rate whatever happened to earlier jobs, with at most
    /// <paramref name="concurrency"/> in flight. A due job that finds no free slot waits for one, and its
    /// latency still counts from when it was due (no coordinated omission).
    /// </summary>
    public static async Task<OpenLoopRun> OpenAsync(JobCycle cycle, int count, int concurrency, double rate)
    {
        var results = new List<Sample>(count);
        var slots = new SemaphoreSlim(concurrency, concurrency);
        var running = new List<Task>(count);
        var waitedForSlot = 0;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i / rate * Stopwatch.Frequency);
            var ahead = due - Stopwatch.GetTimestamp();
            if (ahead > 0) await Task.Delay(TimeSpan.FromSeconds((double)ahead / Stopwatch.Frequency));
            if (!slots.Wait(0))
            {
                waitedForSlot++;
                await slots.WaitAsync();
            }
            running.Add(Task.Run(async () =>
            {
                try
                {
                    var sample = await cycle.RunAsync(due);
                    lock (results) results.Add(sample);
                }
                finally
                {
                    slots.Release();
                }
            }));
        }
        await Task.WhenAll(running);
        return new OpenLoopRun(results, waitedForSlot, Stopwatch.GetElapsedTime(start));
    }
}

/// <summary>An open-loop run: the samples, how many arrivals found every slot busy, and the time from the first arrival to the last answer.</summary>
internal sealed record OpenLoopRun(List<Sample> Samples, int WaitedForSlot, TimeSpan Elapsed);
