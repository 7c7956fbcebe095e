using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using OptService.Problems.CpSat;

namespace OptService.Problems.Benchmarks;

/// <summary>
/// The cp-sat kind enumerating a model of CpModelProto JSON (../shared/fixtures/cp-sat/nurses-seed.cpmodel.json:
/// 5184 solutions): the request as POST /jobs/cp-sat takes it with <c>enumerateAll</c>, solved in-process
/// <c>runs</c> times; CP-SAT's wall time, the kind's end-to-end time and the process CPU time, plus medians.
/// </summary>
internal static class CpSatEnumerateBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        // Usage: cp-sat-enumerate <model.json> [runs]
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: cp-sat-enumerate <model.json> [runs]");
            return 2;
        }
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var kind = new CpSatKind(new ConfigurationBuilder().Build());
        var request = new JsonObject
        {
            ["model"] = JsonNode.Parse(File.ReadAllText(args[0])),
            ["options"] = new JsonObject { ["enumerateAll"] = true, ["maxSolutions"] = 5 },
        };
        var body = Encoding.UTF8.GetBytes(request.ToJsonString());
        var (solver, total, cpu) = (new List<double>(), new List<double>(), new List<double>());
        Console.WriteLine("| Run | Solutions | Complete | CP-SAT wall (ms) | End to end (ms) | Process CPU (ms) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var run = 1; run <= runs; run++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var accepted = kind.Parse(body);
            if (!accepted.IsValid)
            {
                Console.Error.WriteLine(string.Join("; ", accepted.Errors.Select(e => $"{e.Path}: {e.Reason}")));
                return 1;
            }
            var report = await kind.SolveAsync(accepted.Utf8Json!, new ConsoleSolveContext());
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            var result = (CpSatResult)report.Result!;
            var wall = result.Statistics!.WallTimeSeconds * 1000;
            solver.Add(wall);
            total.Add(elapsed);
            cpu.Add(cpuMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {result.SolutionCount} | {result.CountComplete} | {wall:F1} | {elapsed:F1} | {cpuMs:F1} |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| median | | | {Median(solver):F1} | {Median(total):F1} | {Median(cpu):F1} |"));
        return 0;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
