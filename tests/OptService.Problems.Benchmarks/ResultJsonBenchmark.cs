using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OptService.Kinds;
using OptService.Problems.Transshipment;

namespace OptService.Problems.Benchmarks;

/// <summary>
/// The transshipment result's JSON as the job writes it (<see cref="ISelfSerializingResult.ToUtf8Json"/>) against
/// System.Text.Json on the same result: wall and this thread's CPU time, medians. CPU time is the guide on a busy machine.
/// Usage: result-json [nodes:arcs] [--runs N]
/// </summary>
internal static class ResultJsonBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (nodes, arcs, runs) = (50_000, 500_000, 5);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--runs") runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else
            {
                var parts = args[i].Split(':');
                (nodes, arcs) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
            }
        }
        var kind = new TransshipmentKind(new ConfigurationBuilder().Build());
        var body = JsonSerializer.SerializeToUtf8Bytes(TransshipmentGenerator.Generate(nodes, arcs, seed: 1), JobJson.Options);
        var parsed = kind.Parse(body);
        var report = await kind.SolveParsedAsync(parsed.Problem!, new QuietContext());
        // The job's result with its flows written by the writer (the job wrote them in the background, ArcFlowList.Json).
        var result = report.Result is TransshipmentResult { Flows: ArcFlowList solved } done
            ? done with { Flows = new ArcFlowList(solved.Network, solved.Flow) }
            : report.Result!;
        Console.WriteLine("| network | writer | runs | wall ms | thread CPU ms | gen-2 GCs per run | bytes |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        Time("ToUtf8Json (the job's)", () => ((ISelfSerializingResult)result).ToUtf8Json().Length);
        Time("System.Text.Json to UTF-8", () => JsonSerializer.SerializeToUtf8Bytes(result, result.GetType(), JobJson.Options).Length);
        if (result is TransshipmentResult typed)
        {
            Time("ToUtf8Json, flows only", () => ((ISelfSerializingResult)(typed with { Nodes = [] })).ToUtf8Json().Length);
            Time("ToUtf8Json, nodes only", () => ((ISelfSerializingResult)(typed with { Flows = [] })).ToUtf8Json().Length);
            var bytes = ((ISelfSerializingResult)result).ToUtf8Json();
            // What the job paid before results stayed UTF-8: a string of them, which the store turned back into UTF-8.
            Time("UTF-8 to string and back (no longer paid)", () => System.Text.Encoding.UTF8.GetByteCount(System.Text.Encoding.UTF8.GetString(bytes)));
            // The job's "extract" phase (solve line to objective line): the answer check, then the marginal costs.
            if (typed.Flows is ArcFlowList view)
            {
                var (network, flow) = (view.Network, (double[])view.Flow.Clone());
                Time("extract: answer check (AnswerCheck.Of)", () => AnswerCheck.Of(network, flow, SolveOutcome.Optimal, TransshipmentMethod.MinCostFlow).Defects.NodesShort);
                Time("extract: of which the flow check", () => FlowCheck.Find(network, flow).NodesShort);
                Time("extract: of which the residual graph", () => ResidualGraph.Of(network, flow).GetHashCode() & 1);
                var check = AnswerCheck.Of(network, flow, SolveOutcome.Optimal, TransshipmentMethod.MinCostFlow);
                Time("extract: marginal costs", () => check.Residual.MarginalCosts()?.Length ?? -1);
            }
        }
        return 0;

        void Time(string name, Func<int> write)
        {
            var samples = new List<(double Wall, double Cpu)>();
            var length = write(); // warm-up
            var gen2 = GC.CollectionCount(2);
            for (var run = 0; run < runs; run++)
            {
                var cpu = ThreadCpu.Now();
                var clock = Stopwatch.StartNew();
                length = write();
                samples.Add((clock.Elapsed.TotalMilliseconds, (ThreadCpu.Now() - cpu).TotalMilliseconds));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {nodes:N0} / {arcs:N0} | {name} | {runs} | {Median(samples.Select(s => s.Wall)):F0} | {Median(samples.Select(s => s.Cpu)):F0} | {(GC.CollectionCount(2) - gen2) / (double)runs:F1} | {length:N0} |"));
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private sealed class QuietContext : ISolveContext
    {
        public Guid JobId { get; } = Guid.NewGuid();
        public CancellationToken Cancellation => CancellationToken.None;
        public WarmStart? WarmStart => null;

        public void Log(JobLogLevel level, string message)
        {
        }

        public void AddArtifact(string name, string contentType, byte[] content)
        {
        }

        public void ReportIncumbent(object partialResult, double? objective)
        {
        }
    }
}
