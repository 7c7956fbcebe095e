using System.Diagnostics;
using Google.OrTools.Sat;

namespace OptService.Problems.Benchmarks;

/// <summary>
/// The peer of the reference roster enumeration: the plain CP-SAT model that the OR-Tools nurse example (and the
/// Python study issue 10 replaces) builds, 36 Booleans shift[n,d,s], "each shift has exactly one nurse", "a nurse
/// works at most one shift a day", "every nurse works floor..ceil of 9/4 shifts", enumerated with a callback that
/// only counts. Same CP-SAT parameters as the kind, so the two figures differ only by what the kind adds.
/// </summary>
internal static class BareSeedEnumeration
{
    public static (long Solutions, double WallMs, double ElapsedMs) Run(int nurses, int days, int shifts, string parameters)
    {
        var clock = Stopwatch.StartNew();
        var model = new CpModel();
        var x = new BoolVar[nurses, days, shifts];
        for (var n = 0; n < nurses; n++)
            for (var d = 0; d < days; d++)
                for (var s = 0; s < shifts; s++)
                    x[n, d, s] = model.NewBoolVar($"shift_n{n}d{d}s{s}");
        for (var d = 0; d < days; d++)
            for (var s = 0; s < shifts; s++)
                model.AddExactlyOne(Enumerable.Range(0, nurses).Select(n => x[n, d, s]));
        for (var n = 0; n < nurses; n++)
            for (var d = 0; d < days; d++)
                model.AddAtMostOne(Enumerable.Range(0, shifts).Select(s => x[n, d, s]));
        var total = days * shifts;
        var min = total / nurses;
        var max = min + (total % nurses == 0 ? 0 : 1);
        for (var n = 0; n < nurses; n++)
        {
            var worked = new List<BoolVar>();
            for (var d = 0; d < days; d++)
                for (var s = 0; s < shifts; s++)
                    worked.Add(x[n, d, s]);
            model.AddLinearConstraint(LinearExpr.Sum(worked), min, max);
        }
        var solver = new CpSolver { StringParameters = parameters };
        var counter = new Counter();
        solver.Solve(model, counter);
        return (counter.Count, solver.WallTime() * 1000, clock.Elapsed.TotalMilliseconds);
    }

    private sealed class Counter : CpSolverSolutionCallback
    {
        public long Count { get; private set; }

        public override void OnSolutionCallback() => Count++;
    }
}
