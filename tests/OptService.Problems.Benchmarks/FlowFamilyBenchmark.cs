using System.Diagnostics;
using System.Globalization;
using OptService.Kinds;
using OptService.Problems.FlowFamilies;
using OptService.Problems.Transshipment;

namespace OptService.Problems.Benchmarks;

/// <summary>
/// Our exact network engines against OR-Tools' <c>MinCostFlow</c> on the literature's families, in the
/// same process run: per family and size, the median wall time of `auto` (the engine the kind runs),
/// the network simplex alone and OR-Tools (build + solve), each from the validated network through the
/// same mapping (lower bounds substituted, a super-sink for OR-Tools when nodes may keep surplus), and
/// the exact objectives, which must agree. The CPU columns (this process's CPU time during the solve;
/// every engine is single-threaded) are the steadier figures on a shared, loaded machine.
/// Usage: flows [family,...|all|problem.json,...] [--arcs 10000,100000,500000] [--runs 3] [--engines auto,simplex,ortools] [--export dir]
/// A name ending in <c>.json</c> is a transshipment request body read from that file (e.g. the issue's network:
/// <c>python3 -c "import sys; sys.path.insert(0, 'scripts'); import bigjobs_phases as b; sys.stdout.buffer.write(b.netgen_like(50000, 500000))" &gt; issue.json</c>), run once whatever <c>--arcs</c> says.
/// </summary>
internal static class FlowFamilyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var families = FlowFamily.Names.ToArray();
        int[] sizes = [10_000, 100_000];
        var runs = 3;
        var engines = new[] { "auto", "simplex", "ortools" };
        string? export = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--arcs") sizes = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            else if (args[i] == "--runs") runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--engines") engines = args[++i].Split(',');
            else if (args[i] == "--export") export = args[++i];
            else if (args[i] != "all") families = args[i].Split(',');
        }

        Console.WriteLine($"| family | nodes / arcs | {string.Join(" | ", engines.Select(e => e + " ms"))} | {string.Join(" | ", engines.Select(e => e + " CPU ms"))} | auto / ortools | objective |");
        Console.WriteLine($"|---|---|{string.Concat(engines.Select(_ => "---|---|"))}---|---|");
        var failed = false;
        foreach (var family in families)
            foreach (var arcs in family.EndsWith(".json", StringComparison.Ordinal) ? [0] : sizes)
            {
                var problem = arcs == 0
                    ? System.Text.Json.JsonSerializer.Deserialize<TransshipmentProblem>(await File.ReadAllBytesAsync(family), JobJson.Options)!
                    : FlowFamily.Generate(family, arcs, seed: 1);
                if (export is not null) // the request body, for the PuLP + CBC peer (pulp_flows.py)
                    await File.WriteAllBytesAsync(Path.Combine(export, string.Create(CultureInfo.InvariantCulture, $"{family}-{arcs}.json")),
                        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(problem, JobJson.Options));
                var network = FlowNetwork.From(problem);
                if (!MinCostFlowBackend.Fits(network, out var scale, out var why)) throw new InvalidOperationException(why);
                var times = engines.ToDictionary(e => e, _ => new List<double>());
                var cpu = engines.ToDictionary(e => e, _ => new List<double>());
                var objectives = new HashSet<string>();
                for (var run = 0; run < runs; run++)
                    foreach (var engine in engines)
                    {
                        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
                        var clock = Stopwatch.StartNew();
                        var solution = await MinCostFlowBackend.SolveAsync(network, scale, Parse(engine), null, CancellationToken.None);
                        times[engine].Add(clock.Elapsed.TotalMilliseconds);
                        cpu[engine].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds);
                        objectives.Add(solution.Outcome == SolveOutcome.Optimal ? ExactCost(network, solution.Flow!).ToString(CultureInfo.InvariantCulture) : solution.Outcome.ToString());
                    }
                failed |= objectives.Count != 1;
                var medians = engines.ToDictionary(e => e, e => Median(times[e]));
                var ratio = medians.TryGetValue("auto", out var a) && medians.TryGetValue("ortools", out var o) ? (a / o).ToString("0.00", CultureInfo.InvariantCulture) : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {Path.GetFileName(family)} | {network.NodeCount:N0} / {network.ArcCount:N0} | {string.Join(" | ", engines.Select(e => medians[e].ToString("0", CultureInfo.InvariantCulture)))} | {string.Join(" | ", engines.Select(e => Median(cpu[e]).ToString("0", CultureInfo.InvariantCulture)))} | {ratio} | {string.Join(" ≠ ", objectives)} |"));
            }
        if (failed) Console.Error.WriteLine("OBJECTIVES DISAGREE (marked ≠ above)");
        return failed ? 1 : 0;
    }

    private static MinCostFlowBackend.Engine Parse(string engine) => engine switch
    {
        "auto" => MinCostFlowBackend.Engine.Auto,
        "simplex" => MinCostFlowBackend.Engine.NetworkSimplex,
        "ortools" => MinCostFlowBackend.Engine.OrTools,
        _ => throw new ArgumentException($"unknown engine '{engine}' (auto, simplex, ortools)"),
    };

    /// <summary>Σ cost · flow in exact integers (the data are integral).</summary>
    private static Int128 ExactCost(FlowNetwork network, double[] flow)
    {
        Int128 total = 0;
        for (var a = 0; a < flow.Length; a++) total += (Int128)(long)network.Cost[a] * (long)flow[a];
        return total;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
