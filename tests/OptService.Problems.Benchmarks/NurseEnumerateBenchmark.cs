using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Benchmarks;

/// <summary>
/// The reference roster enumeration (issue 10): accepts the JSON as POST /jobs/nurse-scheduling would, solves it
/// in-process <c>runs</c> times and prints CP-SAT's wall time and the kind's end-to-end time (accept, build, solve,
/// result, files) of each run, plus the medians.
/// </summary>
internal static class NurseEnumerateBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        // Usage: nurse-enumerate <problem.json> [runs]
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: nurse-enumerate <problem.json> [runs]");
            return 2;
        }
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
        // NURSE_CPSAT_EXTRA (optional) is appended to CP-SAT's parameters, as in the nurse benchmark.
        var kind = new NurseSchedulingKind(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kinds:nurse-scheduling:ExtraSolverParameters"] = Environment.GetEnvironmentVariable("NURSE_CPSAT_EXTRA") ?? "",
            })
            .Build());
        var body = Encoding.UTF8.GetBytes(File.ReadAllText(args[1]));
        var solver = new List<double>();
        var total = new List<double>();
        var cpu = new List<double>();
        // The machine is shared: the process CPU time of a run says what the run costs when the wall time is
        // stretched by other processes.
        var bareParameters = Environment.GetEnvironmentVariable("BARE_CPSAT_PARAMETERS") ?? BareParameters;
        var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
        var (nurses, days, shifts) = (problem.GetProperty("nurseCount").GetInt32(), problem.GetProperty("dayCount").GetInt32(), problem.GetProperty("shiftsPerDay").GetInt32());
        var bareWall = new List<double>();
        var bareTotal = new List<double>();
        var bareCpu = new List<double>();
        Console.WriteLine("| Run | Solutions | Complete | CP-SAT wall (ms) | End to end (ms) | Process CPU (ms) | Bare CP-SAT solutions | Bare CP-SAT wall (ms) | Bare build + solve (ms) | Bare process CPU (ms) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        for (var run = 1; run <= runs; run++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var accepted = kind.Parse(body);
            var report = await kind.SolveAsync(accepted.Utf8Json!, new ConsoleSolveContext());
            var elapsed = clock.Elapsed.TotalMilliseconds;
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            cpu.Add(cpuMs);
            var result = (NurseSchedulingResult)report.Result!;
            var wall = result.Statistics!.WallTimeSeconds * 1000;
            solver.Add(wall);
            total.Add(elapsed);
            cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var bare = BareSeedEnumeration.Run(nurses, days, shifts, bareParameters);
            var bareCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
            bareCpu.Add(bareCpuMs);
            bareWall.Add(bare.WallMs);
            bareTotal.Add(bare.ElapsedMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {run} | {result.SolutionCount} | {result.CountComplete} | {wall:F1} | {elapsed:F1} | {cpuMs:F1} | {bare.Solutions} | {bare.WallMs:F1} | {bare.ElapsedMs:F1} | {bareCpuMs:F1} |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| median | | | {Median(solver):F1} | {Median(total):F1} | {Median(cpu):F1} | | {Median(bareWall):F1} | {Median(bareTotal):F1} | {Median(bareCpu):F1} |"));
        Console.WriteLine("bare CP-SAT parameters: " + bareParameters);
        return 0;
    }

    /// <summary>What the Python study ran: one worker, every solution, no LP relaxation.</summary>
    private const string BareParameters = "enumerate_all_solutions:true num_workers:1 linearization_level:0";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
