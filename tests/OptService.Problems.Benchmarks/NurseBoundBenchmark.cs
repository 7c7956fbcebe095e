using System.Diagnostics;
using System.Globalization;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Benchmarks;

/// <summary>
/// The Lagrangian lower bound alone (no search): per instance file, the bound after at most the given seconds
/// (or when the step size has shrunk to nothing), next to the data-only bound <see cref="RosterLowerBound"/>.
/// Optional upper bound per file as <c>file.txt=UB</c> (the incumbent's penalty the service would pass).
/// </summary>
internal static class NurseBoundBenchmark
{
    public static int Run(string[] args)
    {
        // Usage: nurse-bound <seconds> <instance.txt[=upperBound]>...
        if (args.Length < 2 || !double.TryParse(args[0], CultureInfo.InvariantCulture, out var seconds))
        {
            Console.Error.WriteLine("usage: nurse-bound <seconds> <instance.txt[=upperBound]>...");
            return 2;
        }
        Console.WriteLine("| Instance | cells | minutes, weekends in DP | data-only bound | Lagrangian bound | raw | iterations | seconds | setup s | peak working set MB |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var arg in args.Skip(1))
        {
            var parts = arg.Split('=');
            var upper = parts.Length > 1 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : long.MaxValue;
            var (problem, errors) = NrpInstanceParser.Parse(File.ReadAllText(parts[0]), null);
            if (problem is null)
            {
                Console.WriteLine($"| {parts[0]} | parse failed: {string.Join("; ", errors)} |");
                continue;
            }
            var instance = RosterInstance.FromLongForm(problem);
            var clock = Stopwatch.StartNew();
            var bound = new RosterLagrangianBound(instance);
            var setup = clock.Elapsed.TotalSeconds;
            var result = bound.Run(() => upper, () => clock.Elapsed.TotalSeconds >= seconds);
            var cells = (long)instance.StaffCount * instance.Days * instance.ShiftCount;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Path.GetFileNameWithoutExtension(parts[0])} | {cells:N0} | {bound.MinutesExact}, {bound.WeekendsExact} | {RosterLowerBound.Compute(instance)} | {result?.Bound} | {result?.Value:F2} | {result?.Iterations} | {result?.Seconds:F2} | {setup:F2} | {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} |"));
            // The same seconds for column generation (no incumbent: an artificial row per person starts the master).
            clock.Restart();
            using var generation = new RosterColumnGeneration(instance);
            var cg = generation.Run(null, () => upper, () => clock.Elapsed.TotalSeconds >= seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Path.GetFileNameWithoutExtension(parts[0])} (column generation: LP {generation.LpValue:F2}, {generation.ColumnCount} columns, converged {generation.Converged}, LP {generation.LpSeconds:F2} s) | {cells:N0} | {generation.MinutesExact}, {generation.WeekendsExact} | | {cg?.Bound} | {cg?.Value:F2} | {cg?.Iterations} rounds | {cg?.Seconds:F2} | | {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} |"));
        }
        return 0;
    }
}
