using System.Text;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OptService.Kinds;
using OptService.Problems.Transshipment;

namespace OptService.Problems.Benchmarks;

internal static class TransshipmentBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        // Times the transshipment kind on generated networks, per backend, as the job service runs it:
        // parse + validate the JSON body (what POST does), then SolveAsync on the stored JSON (deserialize,
        // build, structural checks, LP/MPS/CSV artifacts, solve, marginal costs, result), then serialize the result.
        //
        // Times are medians after one warm-up run. The CPU column is this process's CPU time during the kind
        // solve (MPSolver backends run in a child process, whose CPU is not counted): on a busy machine it is
        // a better guide than wall time to what an idle machine would show.
        //
        // Usage: dotnet run -c Release --project tests/OptService.Problems.Benchmarks -- transshipment [nodes:arcs ...] [--solvers auto,glop,...] [--runs N]
        var sizes = new List<(int Nodes, int Arcs)>();
        var solvers = new[] { "auto", "glop", "pdlp", "scip", "cbc", "highs" };
        var runs = 5;
        var verbose = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--solvers") solvers = args[++i].Split(',');
            else if (args[i] == "--verbose") verbose = true;
            else if (args[i] == "--runs") runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else
            {
                var parts = args[i].Split(':');
                sizes.Add((int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture)));
            }
        }
        if (sizes.Count == 0) sizes = [(10_000, 100_000), (50_000, 500_000)];

        var kind = new TransshipmentKind(new ConfigurationBuilder().Build());
        Console.WriteLine("| network | solver | runs | parse+validate ms | kind solve ms | of which backend ms | kind solve CPU ms (this process) | result JSON ms | objective |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (nodes, arcs) in sizes)
        {
            var problem = TransshipmentGenerator.Generate(nodes, arcs, seed: 1);
            foreach (var solver in solvers)
            {
                var method = JsonSerializer.Deserialize<TransshipmentMethod>($"\"{solver}\"", JobJson.Options);
                var body = JsonSerializer.Serialize(problem with { Options = new TransshipmentOptions { Solver = method, TimeLimitSeconds = 300 } }, JobJson.Options);
                var samples = new List<(double Parse, double Solve, double Backend, double Cpu, double Json, double? Objective, SolveOutcome Outcome)>();
                // One warm-up run (JIT, native library load) is not counted.
                for (var run = 0; run <= runs; run++)
                {
                    var clock = Stopwatch.StartNew();
                    var parsed = kind.Parse(Encoding.UTF8.GetBytes(body));
                    var parse = clock.Elapsed.TotalMilliseconds;
                    if (!parsed.IsValid) throw new InvalidOperationException(parsed.Errors[0].Reason);
                    clock.Restart();
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var report = await kind.SolveAsync(parsed.Utf8Json!, new BenchmarkContext(verbose));
                    var solve = clock.Elapsed.TotalMilliseconds;
                    var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
                    clock.Restart();
                    var json = JsonSerializer.SerializeToUtf8Bytes(report.Result, JobJson.Options);
                    var serialize = clock.Elapsed.TotalMilliseconds;
                    var result = (TransshipmentResult)report.Result!;
                    if (run > 0) samples.Add((parse, solve, result.SolveSeconds * 1000, cpuMs, serialize, report.Objective, report.Outcome));
                }
                static double Median(IEnumerable<double> values)
                {
                    var sorted = values.Order().ToArray();
                    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
                }
                var last = samples[^1];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {nodes:N0} / {arcs:N0} | {solver} | {runs} | {Median(samples.Select(s => s.Parse)):0} | {Median(samples.Select(s => s.Solve)):0} | {Median(samples.Select(s => s.Backend)):0} | {Median(samples.Select(s => s.Cpu)):0} | {Median(samples.Select(s => s.Json)):0} | {last.Objective:0.##} ({last.Outcome}) |"));
            }
        }
        return 0;
    }
}

/// <summary>Keeps nothing: the benchmark measures the kind, not the job store.</summary>
internal sealed class BenchmarkContext(bool verbose) : ISolveContext
{
    public Guid JobId { get; } = Guid.NewGuid();
    public CancellationToken Cancellation => CancellationToken.None;
    public WarmStart? WarmStart => null;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Log(JobLogLevel level, string message)
    {
        if (verbose) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {_clock.Elapsed.TotalMilliseconds,7:0} ms  {message}"));
    }
    public void AddArtifact(string name, string contentType, byte[] content) { }
    public void ReportIncumbent(object partialResult, double? objective) { }
}
