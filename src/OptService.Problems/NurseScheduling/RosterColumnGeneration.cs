using System.Diagnostics;
using Google.OrTools.LinearSolver;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Column generation over person rows: the LP relaxation of "choose one row per person, count cover with under/over
/// slack", with rows priced by <see cref="RosterPersonDp"/>. Gives a lower bound after every round and a pool of good
/// rows for the restricted master (<see cref="RosterRestrictedMaster"/>, price-and-branch).
/// </summary>
/// <remarks>
/// <para>Master LP (GLOP, re-solved warm after new columns): λ[e,j] ≥ 0 for the rows j of person e in the pool,
/// Σ_j λ[e,j] = 1 (dual π[e]); per cover entry c = (d, s): Σ λ over the rows working s on d + under − over = r
/// (dual μ[c], in [−wo, wu] because under and over cost wu and wo); a row costs its request penalty. Only rows that
/// keep every rule of the person's contract (<see cref="PersonRules"/>) enter, so every integer solution of the
/// master is a valid roster and its value is the roster's penalty.</para>
/// <para>Bound: for any μ in [−wo, wu], Σ μ·r + Σ_e min over e's rows of (requests − Σ_d μ[d, row[d]]) is below the
/// optimum (the Lagrangian relaxation of cover, <see cref="RosterLagrangianBound"/>). The minimum is taken over a
/// superset of e's valid rows: the DP keeps the sequence rules exactly and, while the states fit, the minutes and
/// weekends; the rules it does not keep (per-type maxima, minutes or weekends beyond the state budget) are priced
/// with per-person multipliers ρ ≥ 0 on "used − limit", and any ρ ≥ 0 keeps the person's value below their true
/// minimum. So the bound is valid whatever the LP and the multipliers do; the LP steers μ to where the bound is
/// high (at convergence, to the LP optimum, which is the best such bound when no rule is priced).</para>
/// <para>Dual stabilisation (Wentges): rows are priced at μ = α·(the duals of the best bound so far) + (1 − α)·(the
/// LP's duals); a row enters when its reduced cost at the LP's duals is negative. When a round at the smoothed
/// point adds nothing, the next one prices at the LP's duals (α = 0), so pricing never stalls.</para>
/// <para>Per-person multipliers move by a sign rule (Rprop: the step grows ×1.5 while the rule stays broken, halves
/// when it flips), up to <see cref="InnerSolves"/> DP solves per person and round, stopping as soon as the row keeps
/// every rule (then it is a candidate column). Scale-free, and each value seen is a valid person bound, the best kept.</para>
/// </remarks>
internal sealed class RosterColumnGeneration : IDisposable
{
    /// <summary>DP solves per person and round while its row breaks a priced rule.</summary>
    private const int InnerSolves = 3;

    private readonly RosterInstance _instance;
    private readonly PersonRowCosts _costs;
    private readonly RosterPersonDp[] _dp;
    private readonly int[] _coverIndex; // d·S + s → cover entry, or −1
    private readonly double _lengthScale;
    private readonly Solver _lp;
    private readonly Constraint[] _convexity;
    private readonly Constraint[] _coverRows;
    private readonly List<RosterColumn>[] _pool;
    private readonly HashSet<string>[] _seen;
    private readonly PersonMultipliers[] _multipliers;
    private double[] _mu;        // the LP's cover duals, clamped to [−wo, wu]
    private double[] _pi;        // the LP's convexity duals
    private double[]? _center;   // the cover prices of the best bound so far
    private double _alpha = 0.5;

    /// <summary>The cover of one (day, type) as a master row: what the chosen rows work there, plus under-cover, minus
    /// over-cover, equals the requirement, the slacks paid at their weights (shared by the LP and the restricted master).
    /// The persons' row coefficients are set by the caller.</summary>
    internal static Constraint AddCoverRow(Solver solver, CoverTarget cover)
    {
        var row = solver.MakeConstraint(cover.Requirement, cover.Requirement);
        var under = solver.MakeNumVar(0, double.PositiveInfinity, "");
        var over = solver.MakeNumVar(0, double.PositiveInfinity, "");
        row.SetCoefficient(under, 1);
        row.SetCoefficient(over, -1);
        solver.Objective().SetCoefficient(under, cover.WeightUnder);
        solver.Objective().SetCoefficient(over, cover.WeightOver);
        return row;
    }

    public RosterColumnGeneration(RosterInstance instance, long exactStateBudget = RosterLagrangianBound.ExactStateBudget)
    {
        _instance = instance;
        var days = instance.Days;
        var shifts = instance.ShiftCount;
        (MinutesExact, WeekendsExact) = RosterPersonDp.StrongestWithin(instance, exactStateBudget);
        _dp = Enumerable.Range(0, instance.StaffCount).Select(e => new RosterPersonDp(instance, e, MinutesExact, WeekendsExact)).ToArray();
        TooLarge = _dp.Sum(dp => dp.StateCount) * days > RosterLagrangianBound.MaxStates;
        _costs = new PersonRowCosts(instance);
        _lengthScale = Math.Max(1, instance.ShiftLengths.DefaultIfEmpty(1).Max());
        _coverIndex = new int[days * shifts];
        Array.Fill(_coverIndex, -1);
        for (var c = 0; c < instance.Cover.Count; c++) _coverIndex[instance.Cover[c].Day * shifts + instance.Cover[c].Shift] = c;
        var firstStep = instance.Cover.Count == 0 ? 1 : instance.Cover.Average(c => (double)c.WeightUnder) / 2;
        _multipliers = Enumerable.Range(0, instance.StaffCount).Select(e => new PersonMultipliers(instance, e, _dp[e], firstStep)).ToArray();

        _lp = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools has no GLOP solver");
        var objective = _lp.Objective();
        objective.SetMinimization();
        _convexity = Enumerable.Range(0, instance.StaffCount).Select(_ => _lp.MakeConstraint(1, 1)).ToArray();
        // An artificial row per person at a cost above any roster's penalty keeps the LP feasible before the person
        // has a column (tests, the benchmark); once the incumbent's rows are in, no optimum uses it.
        var artificialCost = 1.0 + instance.Cover.Sum(c => (double)c.WeightUnder * c.Requirement + c.WeightOver * (double)instance.StaffCount)
            + instance.OnRequests.Sum(r => (double)r.Weight) + instance.OffRequests.Sum(r => (double)r.Weight);
        foreach (var convexity in _convexity)
        {
            var artificial = _lp.MakeNumVar(0, double.PositiveInfinity, "");
            convexity.SetCoefficient(artificial, 1);
            objective.SetCoefficient(artificial, artificialCost);
        }
        _coverRows = new Constraint[instance.Cover.Count];
        for (var c = 0; c < instance.Cover.Count; c++)
        {
            _coverRows[c] = AddCoverRow(_lp, instance.Cover[c]);
        }
        _pool = Enumerable.Range(0, instance.StaffCount).Select(_ => new List<RosterColumn>()).ToArray();
        _seen = Enumerable.Range(0, instance.StaffCount).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        _mu = new double[instance.Cover.Count];
        _pi = new double[instance.StaffCount];
    }

    /// <summary>True when even the DP without minutes and weekends exceeds <see cref="RosterLagrangianBound.MaxStates"/>.</summary>
    public bool TooLarge { get; }

    public bool MinutesExact { get; }

    public bool WeekendsExact { get; }

    /// <summary>The best bound proved so far (negative infinity before the first round).</summary>
    public double BestBound { get; private set; } = double.NegativeInfinity;

    /// <summary>The master LP's value after the last round (positive infinity before).</summary>
    public double LpValue { get; private set; } = double.PositiveInfinity;

    public int Rounds { get; private set; }

    /// <summary>Wall time spent in the master LP (GLOP) so far; the rest of a round is pricing.</summary>
    public double LpSeconds { get; private set; }

    public int ColumnCount => _pool.Sum(p => p.Count);

    /// <summary>Set when some person's own rules admit no row (then no roster exists).</summary>
    public bool Infeasible { get; private set; }

    /// <summary>True when the LP's value and the bound meet (within float error): the LP is solved, nothing more to price.</summary>
    public bool Converged => Rounds > 0 && LpValue - BestBound <= 1e-6 * Math.Max(1, Math.Abs(LpValue));

    /// <summary>The columns of person <paramref name="e"/>.</summary>
    public IReadOnlyList<RosterColumn> Columns(int e) => _pool[e];

    /// <summary>Adds every person's row of <paramref name="grid"/> (a valid roster: the search's incumbent) to the pool.</summary>
    public void AddRoster(RosterGrid grid)
    {
        var row = new int[_instance.Days];
        for (var e = 0; e < _instance.StaffCount; e++)
        {
            for (var d = 0; d < _instance.Days; d++) row[d] = grid.Shift[e, d];
            AddColumn(e, row);
        }
    }

    /// <summary>Adds <paramref name="row"/> as a column of person <paramref name="e"/> when it keeps every rule of
    /// their contract and is not in the pool yet.</summary>
    public bool AddColumn(int e, int[] row)
    {
        if (!_seen[e].Add(Key(row))) return false;
        if (!PersonRules.Hold(_instance, e, row))
        {
            _seen[e].Remove(Key(row));
            return false;
        }
        var shifts = _instance.ShiftCount;
        var variable = _lp.MakeNumVar(0, double.PositiveInfinity, "");
        var cost = _costs.Of(e, row);
        _lp.Objective().SetCoefficient(variable, cost);
        _convexity[e].SetCoefficient(variable, 1);
        for (var d = 0; d < row.Length; d++)
            if (row[d] != RosterGrid.Off && _coverIndex[d * shifts + row[d]] is var c and >= 0)
                _coverRows[c].SetCoefficient(variable, 1);
        _pool[e].Add(new RosterColumn((int[])row.Clone(), cost, variable));
        return true;
    }

    /// <summary>The reduced cost of a column at the last LP duals (its cost minus the cover it gives and the person's
    /// convexity dual): the restricted master prefers the columns where it is small.</summary>
    public double ReducedCost(int e, RosterColumn column) => column.Cost - CoverValue(column.Row, _mu) - _pi[e];

    /// <summary>
    /// One round: solve the master LP, price every person at the smoothed duals, add the rows with negative reduced
    /// cost, and raise <see cref="BestBound"/> when the Lagrangian value at the priced point is higher. Every person
    /// should have a column first (<see cref="AddRoster"/>; else the artificial row stands in). Returns the number of columns added; stops early (between
    /// people) when <paramref name="stop"/> says so, then without a bound for that round.
    /// </summary>
    public int Round(Func<bool> stop)
    {
        var lpClock = Stopwatch.StartNew();
        var status = _lp.Solve();
        LpSeconds += lpClock.Elapsed.TotalSeconds;
        if (status != Solver.ResultStatus.OPTIMAL) throw new InvalidOperationException($"the master LP ended {status}");
        LpValue = _lp.Objective().Value();
        var cover = _instance.Cover;
        for (var c = 0; c < cover.Count; c++) _mu[c] = Math.Clamp(_coverRows[c].DualValue(), -cover[c].WeightOver, cover[c].WeightUnder);
        for (var e = 0; e < _instance.StaffCount; e++) _pi[e] = _convexity[e].DualValue();

        // The separation point: between the best bound's prices and the LP's duals (every such point is in range).
        var price = _center is null || _alpha <= 0 ? _mu : _center.Select((m, c) => (_alpha * m) + ((1 - _alpha) * _mu[c])).ToArray();
        double value = 0;
        for (var c = 0; c < cover.Count; c++) value += price[c] * cover[c].Requirement;
        var shifts = _instance.ShiftCount;
        var days = _instance.Days;
        var workCost = new double[days * shifts];
        var modified = new double[days * shifts];
        var row = new int[days];
        var added = 0;
        for (var e = 0; e < _instance.StaffCount; e++)
        {
            if (stop()) return added;
            var work = _costs.Work[e];
            for (var i = 0; i < work.Length; i++)
                workCost[i] = double.IsPositiveInfinity(work[i]) || _coverIndex[i] < 0 ? work[i] : work[i] - price[_coverIndex[i]];
            var multipliers = _multipliers[e];
            var best = double.NegativeInfinity;
            for (var inner = 0; inner < InnerSolves; inner++)
            {
                var own = multipliers.Solve(_dp[e], workCost, _costs.Off[e], modified, row, _lengthScale, shifts);
                if (double.IsPositiveInfinity(own))
                {
                    Infeasible = true;
                    return added;
                }
                best = Math.Max(best, own);
                var keeps = multipliers.Keeps(row);
                // A valid row is a column when it pays at the LP's duals.
                if (keeps && _costs.Of(e, row) - CoverValue(row, _mu) - _pi[e] < -1e-6 && AddColumn(e, row)) added++;
                // Prices move either way: up where the row breaks a rule, down where it holds with room.
                multipliers.Step(row, _lengthScale);
                if (keeps) break;
            }
            value += best;
        }
        Rounds++;
        if (value > BestBound)
        {
            BestBound = value;
            _center = (double[])price.Clone();
        }
        // Mispricing (nothing entered at the smoothed point): price at the LP's own duals next time.
        _alpha = added == 0 && !ReferenceEquals(price, _mu) ? 0 : 0.5;
        return added;
    }

    /// <summary>Σ over the row's worked cells of the cover price there.</summary>
    private double CoverValue(int[] row, double[] prices)
    {
        double total = 0;
        var shifts = _instance.ShiftCount;
        for (var d = 0; d < row.Length; d++)
            if (row[d] != RosterGrid.Off && _coverIndex[d * shifts + row[d]] is var c and >= 0)
                total += prices[c];
        return total;
    }

    private static string Key(int[] row) => string.Create(row.Length, row, (span, r) =>
    {
        for (var d = 0; d < r.Length; d++) span[d] = (char)(r[d] + 2);
    });

    /// <summary>Runs rounds until <paramref name="stop"/>, convergence, or the bound reaches <paramref name="upperBound"/>;
    /// for tests and the benchmark (the service interleaves rounds with the restricted master).</summary>
    public RosterBoundResult? Run(RosterGrid? start, Func<long> upperBound, Func<bool> stop)
    {
        if (TooLarge) return null;
        var clock = Stopwatch.StartNew();
        if (start is not null) AddRoster(start);
        while (!stop() && !Converged && !Infeasible)
        {
            Round(stop);
            if (RosterBound.Round(BestBound) >= upperBound()) break;
        }
        return Infeasible || double.IsNegativeInfinity(BestBound) ? null
            : new RosterBoundResult(RosterBound.Round(BestBound), BestBound, Rounds, clock.Elapsed.TotalSeconds, MinutesExact, WeekendsExact);
    }

    public void Dispose() => _lp.Dispose();
}

/// <summary>A row of one person in the column pool: the shift per day (−1 off), its request penalty and its LP variable.</summary>
internal sealed record RosterColumn(int[] Row, long Cost, Variable Variable);

/// <summary>Rounding a relaxation's value to the integer bound it proves.</summary>
internal static class RosterBound
{
    /// <summary>The penalty is an integer, so a bound b proves ⌈b⌉; a margin far above the floating-point error of
    /// summing a year of costs keeps the rounding from crossing an integer the exact value is just below.</summary>
    public static long Round(double bound) =>
        double.IsNegativeInfinity(bound) ? long.MinValue : (long)Math.Ceiling(bound - 1e-6 * Math.Max(1, Math.Abs(bound)));
}
