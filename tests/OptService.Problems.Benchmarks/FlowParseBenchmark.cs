using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OptService.Problems.Transshipment;

namespace OptService.Problems.Benchmarks;

/// <summary>
/// The submission's parse of a large transshipment body, in its parts: the kind's whole parse (read and validate),
/// the one-pass reader alone, and a bare token walk of the same bytes (what any JSON reader pays). Wall and this
/// thread's CPU time, medians; CPU time is the guide on a busy machine.
/// Usage: flow-parse &lt;problem.json&gt; [--runs N]
/// </summary>
internal static class FlowParseBenchmark
{
    public static int Run(string[] args)
    {
        var body = File.ReadAllBytes(args[0]);
        var runs = args.Length > 2 && args[1] == "--runs" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 7;
        var kind = new TransshipmentKind(new ConfigurationBuilder().Build());
        Console.WriteLine($"{body.Length:N0} bytes, {runs} runs");
        Console.WriteLine("| part | wall ms | thread CPU ms |");
        Console.WriteLine("|---|---:|---:|");
        Time("kind.Parse (read and validate; the body is kept)", () => kind.Parse(body).Problem is null ? 0 : 1);
        Time("TransshipmentJsonReader.TryRead", () => TransshipmentJsonReader.TryRead(body, out _) ? 1 : 0);
        Time("Utf8JsonReader token walk", () => Walk(body));
        return 0;

        void Time(string name, Func<int> work)
        {
            if (work() == 0) throw new InvalidOperationException($"{name}: the body was not read");
            var samples = new List<(double Wall, double Cpu)>();
            for (var run = 0; run < runs; run++)
            {
                var cpu = ThreadCpu.Now();
                var clock = Stopwatch.StartNew();
                work();
                samples.Add((clock.Elapsed.TotalMilliseconds, (ThreadCpu.Now() - cpu).TotalMilliseconds));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(samples.Select(s => s.Wall)):F0} | {Median(samples.Select(s => s.Cpu)):F0} |"));
        }
    }

    private static int Walk(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        var tokens = 0;
        while (reader.Read()) tokens++;
        return tokens;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
