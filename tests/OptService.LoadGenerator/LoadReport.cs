using System.Globalization;

/// <summary>Prints throughput, latency percentiles, the per-phase breakdown and errors.</summary>
internal static class LoadReport
{
    public static void Print(List<Sample> samples, TimeSpan elapsed)
    {
        var ok = samples.Where(s => s.Error is null).ToList();
        Line($"completed {ok.Count}/{samples.Count} in {elapsed.TotalSeconds:F2} s: {ok.Count / elapsed.TotalSeconds:F1} jobs/s");
        if (ok.Count > 0)
        {
            Line($"submit-to-result ms: {Spread(ok.Select(s => s.Latency.TotalMilliseconds))}  max {ok.Max(s => s.Latency.TotalMilliseconds):F2}");
            Line($"  arrival to POST sent ms:      {Spread(ok.Select(s => s.SlotMs))}");
            Line($"  POST answered ms:             {Spread(ok.Select(s => s.SubmitMs))}");
            Line($"  202 to terminal status ms:    {Spread(ok.Select(s => s.WaitMs))}");
            var solved = ok.Where(s => s.SolveMs is not null).ToList();
            if (solved.Count > 0)
                Line($"solve ms (result.solveSeconds): p50 {Percentile(solved.Select(s => s.SolveMs!.Value), 50):F2}; latency minus solve: {Spread(solved.Select(s => s.Latency.TotalMilliseconds - s.SolveMs!.Value))}");
        }
        foreach (var group in samples.Where(s => s.Error is not null).GroupBy(s => s.Error))
            Console.WriteLine($"error x{group.Count()}: {group.Key}");
    }

    private static string Spread(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {Percentile(sorted, 50):F2}  p95 {Percentile(sorted, 95):F2}  p99 {Percentile(sorted, 99):F2}");
    }

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values as double[] ?? values.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    private static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
