using System.Globalization;
using Google.OrTools.Sat;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Price-and-branch: the master of <see cref="RosterColumnGeneration"/> with integer choices over a part of its column
/// pool, solved by SCIP (CP-SAT where the OR-Tools build has no SCIP). Each person takes exactly one of their columns; cover counts them, with under/over at their
/// weights. Every column keeps its person's rules, so every solution is a valid roster whose penalty is the objective
/// (at CP-SAT's optimum under/over are exact; before it the roster's own penalty is no higher).
/// </summary>
/// <remarks>Which columns: per person the ones with the smallest reduced cost at the LP's last duals (those the LP
/// solution uses have 0) and always the row of the search's incumbent, which is the hint: the master starts from the
/// incumbent's penalty and can only come back with a better roster or the same.</remarks>
internal static class RosterRestrictedMaster
{
    /// <summary>Solves the restricted master on <paramref name="columns"/>[e] (person e's candidate rows, each keeping
    /// their rules) hinted with <paramref name="hint"/> (a roster whose rows are among the columns, or null), single
    /// threaded, for at most <paramref name="seconds"/>. Returns the best roster found and CP-SAT's objective, or null.</summary>
    public static RosterMasterResult? Solve(RosterInstance instance, IReadOnlyList<IReadOnlyList<RosterColumn>> columns, RosterGrid? hint,
        double seconds, CancellationToken cancellation, int seed = 0)
    {
        if (columns.Any(c => c.Count == 0)) return null;
        using var scip = Google.OrTools.LinearSolver.Solver.CreateSolver("SCIP");
        return scip is null
            ? SolveWithCpSat(instance, columns, hint, seconds, seed, cancellation)
            : SolveWithScip(scip, instance, columns, hint, seconds, cancellation);
    }

    /// <summary>SCIP: branch-and-bound on the master's LP, which column generation has made tight (Instance16: LP 3,223.5,
    /// best known 3,225). CP-SAT with one worker found only 6,369 there in 4.7 s under load; its search is not led by
    /// the LP.</summary>
    private static RosterMasterResult? SolveWithScip(Google.OrTools.LinearSolver.Solver solver, RosterInstance instance,
        IReadOnlyList<IReadOnlyList<RosterColumn>> columns, RosterGrid? hint, double seconds, CancellationToken cancellation)
    {
        var days = instance.Days;
        var shifts = instance.ShiftCount;
        var objective = solver.Objective();
        objective.SetMinimization();
        var choose = new Google.OrTools.LinearSolver.Variable[instance.StaffCount][];
        var coverRow = new Google.OrTools.LinearSolver.Constraint?[days * shifts];
        foreach (var c in instance.Cover)
        {
            coverRow[c.Day * shifts + c.Shift] = RosterColumnGeneration.AddCoverRow(solver, c);
        }
        var hinted = new List<Google.OrTools.LinearSolver.Variable>();
        var hintValues = new List<double>();
        for (var e = 0; e < instance.StaffCount; e++)
        {
            var one = solver.MakeConstraint(1, 1);
            choose[e] = new Google.OrTools.LinearSolver.Variable[columns[e].Count];
            for (var j = 0; j < columns[e].Count; j++)
            {
                var z = choose[e][j] = solver.MakeBoolVar("");
                one.SetCoefficient(z, 1);
                objective.SetCoefficient(z, columns[e][j].Cost);
                var row = columns[e][j].Row;
                for (var d = 0; d < days; d++)
                    if (row[d] != RosterGrid.Off && coverRow[d * shifts + row[d]] is { } cover) cover.SetCoefficient(z, 1);
                if (hint is null) continue;
                hinted.Add(z);
                hintValues.Add(RowEquals(hint, e, row) ? 1 : 0);
            }
        }
        if (hinted.Count > 0) solver.SetHint([.. hinted], [.. hintValues]);
        solver.SetTimeLimit((long)Math.Max(10, seconds * 1000));
        Google.OrTools.LinearSolver.Solver.ResultStatus status;
        using (cancellation.Register(() => solver.InterruptSolve()))
            status = solver.Solve();
        if (status is not (Google.OrTools.LinearSolver.Solver.ResultStatus.OPTIMAL or Google.OrTools.LinearSolver.Solver.ResultStatus.FEASIBLE)) return null;
        var grid = new RosterGrid(instance.StaffCount, days);
        for (var e = 0; e < instance.StaffCount; e++)
        {
            var j = Array.FindIndex(choose[e], z => z.SolutionValue() > 0.5);
            if (j < 0) return null;
            for (var d = 0; d < days; d++) grid.Shift[e, d] = columns[e][j].Row[d];
        }
        return new RosterMasterResult(grid, (long)Math.Round(objective.Value()), status == Google.OrTools.LinearSolver.Solver.ResultStatus.OPTIMAL);
    }

    private static RosterMasterResult? SolveWithCpSat(RosterInstance instance, IReadOnlyList<IReadOnlyList<RosterColumn>> columns, RosterGrid? hint,
        double seconds, int seed, CancellationToken cancellation)
    {
        var days = instance.Days;
        var shifts = instance.ShiftCount;
        var model = new CpModel();
        var choose = new BoolVar[instance.StaffCount][];
        var covering = new List<BoolVar>[days * shifts];
        var objective = LinearExpr.NewBuilder();
        for (var e = 0; e < instance.StaffCount; e++)
        {
            var own = columns[e];
            if (own.Count == 0) return null;
            choose[e] = new BoolVar[own.Count];
            for (var j = 0; j < own.Count; j++)
            {
                var z = choose[e][j] = model.NewBoolVar("");
                objective.AddTerm(z, own[j].Cost);
                var row = own[j].Row;
                for (var d = 0; d < days; d++)
                    if (row[d] != RosterGrid.Off) (covering[d * shifts + row[d]] ??= []).Add(z);
                if (hint is not null) model.AddHint(z, RowEquals(hint, e, row));
            }
            model.AddExactlyOne(choose[e]);
        }
        // Cover: people + under − over = requirement, under and over at their weights.
        foreach (var c in instance.Cover)
        {
            var who = covering[c.Day * shifts + c.Shift] ?? [];
            var under = model.NewIntVar(0, c.Requirement, "");
            var over = model.NewIntVar(0, Math.Max(0, who.Count), "");
            model.Add(LinearExpr.Sum(who) + under - over == c.Requirement);
            if (hint is not null)
            {
                // A complete hint (under and over too) is a solution CP-SAT takes as it is, without a search to complete it.
                var people = 0;
                for (var e = 0; e < instance.StaffCount; e++)
                    if (hint.Shift[e, c.Day] == c.Shift) people++;
                model.AddHint(under, Math.Max(0, c.Requirement - people));
                model.AddHint(over, Math.Max(0, people - c.Requirement));
            }
            objective.AddTerm(under, c.WeightUnder);
            objective.AddTerm(over, c.WeightOver);
        }
        model.Minimize(objective);
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{Math.Max(0.01, seconds):F3} num_workers:1 random_seed:{seed} log_search_progress:false"),
        };
        CpSolverStatus status;
        using (cancellation.Register(solver.StopSearch))
            status = solver.Solve(model);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible)) return null;
        var grid = new RosterGrid(instance.StaffCount, days);
        for (var e = 0; e < instance.StaffCount; e++)
        {
            var j = Array.FindIndex(choose[e], solver.BooleanValue);
            for (var d = 0; d < days; d++) grid.Shift[e, d] = columns[e][j].Row[d];
        }
        return new RosterMasterResult(grid, (long)Math.Round(solver.ObjectiveValue), status == CpSolverStatus.Optimal);
    }

    private static bool RowEquals(RosterGrid grid, int e, int[] row)
    {
        for (var d = 0; d < row.Length; d++)
            if (grid.Shift[e, d] != row[d]) return false;
        return true;
    }
}

/// <summary>The restricted master's roster, CP-SAT's objective for it, and whether CP-SAT proved it optimal over the
/// columns it was given.</summary>
internal sealed record RosterMasterResult(RosterGrid Roster, long Objective, bool Optimal);
