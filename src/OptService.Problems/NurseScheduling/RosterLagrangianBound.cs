using System.Diagnostics;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// A lower bound on the penalty from a Lagrangian relaxation: cover is priced instead of counted, so everybody's
/// row becomes an independent subproblem that <see cref="RosterPersonDp"/> solves exactly, and subgradient steps
/// on the prices raise the bound. Valid (never above the optimum) at every iteration and for any prices in range;
/// the best one found is kept.
/// </summary>
/// <remarks>
/// <para>Cover: the penalty of (day d, type s) is f(n) = wu·max(0, r − n) + wo·max(0, n − r) with n = Σ_e x[e,d,s].
/// Give n a variable y of its own and price y = Σ_e x with μ: for μ in [−wo, wu] the minimum over y ≥ 0 of
/// f(y) + μ·y is at y = r, so the relaxation is Σ μ·r + Σ_e min over e's rows of (requests − Σ μ·x). Relaxing can
/// only lower the minimum, and the minimum of a relaxation is below the optimum of the problem.</para>
/// <para>Rules the DP does not keep are priced too, each with a multiplier ≥ 0 on "used − limit": per-type maxima,
/// and the minutes window and maximum weekends when they are not DP states (<see cref="MinutesExact"/>,
/// <see cref="WeekendsExact"/>: they are kept in the DP while the states fit <see cref="ExactStateBudget"/>).</para>
/// <para>The best prices equal the LP bound of column generation over person rows with the DP's rules (and the
/// priced rules as linear constraints); subgradient steps approach it, and what is reported is the best bound
/// evaluated, rounded up to an integer (the penalty is an integer) after a margin for floating-point error.</para>
/// </remarks>
internal sealed class RosterLagrangianBound
{
    /// <summary>Minutes and weekends are DP states while Σ over people of days × states stays below this (the work
    /// of one iteration is about this × shift types, the memory of one person's DP 4 bytes per state).</summary>
    public const long ExactStateBudget = 4_000_000;

    /// <summary>Σ over people of days × DP states up to which an iteration counts as cheap (Instance13: 1.5 million;
    /// Instance23: 3 million, about 0.1 s of CPU per iteration).</summary>
    private const long CheapIterationStates = 2_000_000;

    private readonly RosterInstance _instance;
    private readonly RosterPersonDp[] _dp;
    private readonly double[][] _baseWork; // requests only: [e][d·S + s], +∞ where e may not work s on d
    private readonly double[][] _baseOff;  // [e][d]
    private readonly int[] _coverIndex;    // d·S + s → index in Cover, or −1
    private readonly double _lengthScale;

    public RosterLagrangianBound(RosterInstance instance, long exactStateBudget = ExactStateBudget)
    {
        _instance = instance;
        var days = instance.Days;
        var shifts = instance.ShiftCount;
        (MinutesExact, WeekendsExact) = RosterPersonDp.StrongestWithin(instance, exactStateBudget);
        _dp = Enumerable.Range(0, instance.StaffCount).Select(e => new RosterPersonDp(instance, e, MinutesExact, WeekendsExact)).ToArray();
        // Each person's DP keeps a back-pointer per state and day: beyond the cap (long runs × many types × many
        // people, e.g. a maximum run of 400 days) no bound is computed rather than memory spent.
        TooLarge = _dp.Sum(dp => dp.StateCount) * days > MaxStates;
        _lengthScale = Math.Max(1, instance.ShiftLengths.DefaultIfEmpty(1).Max());

        _coverIndex = new int[days * shifts];
        Array.Fill(_coverIndex, -1);
        for (var c = 0; c < instance.Cover.Count; c++) _coverIndex[instance.Cover[c].Day * shifts + instance.Cover[c].Shift] = c;

        // What each cell costs in requests alone (+∞ where the person may never work it).
        var requests = new PersonRowCosts(instance);
        (_baseWork, _baseOff) = (requests.Work, requests.Off);
    }

    /// <summary>Σ over people of days × DP states above which no bound is computed (64 MB of back-pointers; the
    /// largest shared instance, Instance23, needs 3 million).</summary>
    public const long MaxStates = 16_000_000;

    /// <summary>True when even the DP without minutes and weekends exceeds <see cref="MaxStates"/>: <see cref="Run"/>
    /// then returns null at once.</summary>
    public bool TooLarge { get; }

    /// <summary>True when the total-minutes window is kept exactly by the DP (else priced).</summary>
    public bool MinutesExact { get; }

    /// <summary>True when the maximum of worked weekends is kept exactly by the DP (else priced).</summary>
    public bool WeekendsExact { get; }

    /// <summary>
    /// Subgradient ascent until <paramref name="stop"/> says so (checked between iterations), the step size has
    /// shrunk to nothing, or the bound reaches the upper bound (the incumbent's penalty; long.MaxValue when none).
    /// </summary>
    /// <returns>The best bound, or null when some person's own rules admit no row (then no roster exists and there
    /// is nothing to bound) or the DP is <see cref="TooLarge"/>.</returns>
    public RosterBoundResult? Run(Func<long> upperBound, Func<bool> stop)
    {
        if (TooLarge) return null;
        var clock = Stopwatch.StartNew();
        var instance = _instance;
        var days = instance.Days;
        var shifts = instance.ShiftCount;
        var staff = instance.StaffCount;
        var cover = instance.Cover;

        // Multipliers.
        // Cover prices start at half the under-cover weight (working where people are needed pays), except where an
        // iteration is so costly that few fit in the time: from there the priced minutes need many iterations to
        // catch up (Instance23, 20 s: −87,316 from half the weight, 1,725 from 0; Instance13 and 20 were better from
        // half: 732 vs 255 and 3,165 vs 1,178).
        var cheap = _dp.Sum(dp => dp.StateCount) * days <= CheapIterationStates;
        var mu = cover.Select(c => cheap ? c.WeightUnder / 2.0 : 0).ToArray();
        var minutesMax = new double[staff];        // priced minutes window (when not exact)
        var minutesMin = new double[staff];
        var typeMax = new double[staff, shifts];   // per-type maxima
        var weekend = new double[staff];           // maximum weekends

        var workCost = new double[days * shifts];
        var row = new int[days];
        var count = new int[days * shifts];
        var typeUsed = new int[staff, shifts];
        var weekendsUsed = new int[staff];
        var minutesUsed = new long[staff];
        var direction = new double[cover.Count];
        var best = double.NegativeInfinity;
        var theta = 1.0;
        var sinceImprovement = 0;
        var iterations = 0;

        while (iterations == 0 || !stop())
        {
            // L(μ, ρ) = Σ μ·r + Σ_e [min over e's rows − Σ prices × limits].
            Array.Clear(count);
            double value = 0;
            for (var c = 0; c < cover.Count; c++) value += mu[c] * cover[c].Requirement;
            for (var e = 0; e < staff; e++)
            {
                var person = instance.Staff[e];
                var baseWork = _baseWork[e];
                var perMinute = (minutesMax[e] - minutesMin[e]) / _lengthScale;
                for (var d = 0; d < days; d++)
                    for (var s = 0; s < shifts; s++)
                    {
                        var i = d * shifts + s;
                        var cost = baseWork[i];
                        if (double.IsPositiveInfinity(cost)) { workCost[i] = cost; continue; }
                        var ci = _coverIndex[i];
                        if (ci >= 0) cost -= mu[ci];
                        cost += typeMax[e, s] + perMinute * instance.ShiftLengths[s];
                        workCost[i] = cost;
                    }
                var own = _dp[e].Solve(workCost, _baseOff[e], weekend[e], row);
                if (double.IsPositiveInfinity(own)) return null;
                value += own;
                for (var s = 0; s < shifts; s++) value -= typeMax[e, s] * person.MaxShifts[s];
                value -= weekend[e] * (person.MaxWeekends ?? 0);
                value -= minutesMax[e] * (person.MaxTotalMinutes ?? 0) / _lengthScale;
                value += minutesMin[e] * (person.MinTotalMinutes ?? 0) / _lengthScale;

                long minutes = 0;
                for (var s = 0; s < shifts; s++) typeUsed[e, s] = 0;
                for (var d = 0; d < days; d++)
                {
                    if (row[d] == RosterGrid.Off) continue;
                    count[d * shifts + row[d]]++;
                    typeUsed[e, row[d]]++;
                    minutes += instance.ShiftLengths[row[d]];
                }
                minutesUsed[e] = minutes;
                weekendsUsed[e] = instance.WeekendsWorked(row);
            }
            iterations++;
            if (iterations == 1 || value > best + 1e-9 * Math.Max(1, Math.Abs(best)))
            {
                best = value;
                sinceImprovement = 0;
            }
            else if (++sinceImprovement >= 20)
            {
                theta /= 2;
                sinceImprovement = 0;
            }
            var upper = upperBound();
            if (Round(best) >= upper || theta < 1e-4) break;

            // Subgradient: cover r − n; priced rules "used − limit" (only where a price may move, i.e. not both
            // "price 0" and "within the limit").
            double norm = 0;
            for (var c = 0; c < cover.Count; c++)
            {
                var g = cover[c].Requirement - count[cover[c].Day * shifts + cover[c].Shift];
                // A little of the last direction smooths the zig-zag between neighbouring days.
                direction[c] = g + 0.3 * direction[c];
                norm += direction[c] * direction[c];
            }
            for (var e = 0; e < staff; e++)
            {
                var person = instance.Staff[e];
                for (var s = 0; s < shifts; s++)
                    norm += Square(Active(typeMax[e, s], typeUsed[e, s] - person.MaxShifts[s]));
                if (!WeekendsExact && person.MaxWeekends is { } maxWeekends) norm += Square(Active(weekend[e], weekendsUsed[e] - maxWeekends));
                if (!MinutesExact)
                {
                    if (person.MaxTotalMinutes is { } max) norm += Square(Active(minutesMax[e], (minutesUsed[e] - max) / _lengthScale));
                    if (person.MinTotalMinutes is { } min) norm += Square(Active(minutesMin[e], (min - minutesUsed[e]) / _lengthScale));
                }
            }
            if (norm < 1e-12) break; // every relaxed constraint holds with complementary prices: the bound is exact
            // Polyak's step towards the incumbent's penalty (without one, a target a little above the best bound).
            var target = upper < long.MaxValue ? Math.Max(upper, best + 1) : best + Math.Max(1, 0.1 * Math.Abs(best));
            var step = theta * (target - value) / norm;
            for (var c = 0; c < cover.Count; c++)
                mu[c] = Math.Clamp(mu[c] + step * direction[c], -cover[c].WeightOver, cover[c].WeightUnder);
            for (var e = 0; e < staff; e++)
            {
                var person = instance.Staff[e];
                for (var s = 0; s < shifts; s++)
                    typeMax[e, s] = Math.Max(0, typeMax[e, s] + step * (typeUsed[e, s] - person.MaxShifts[s]));
                if (!WeekendsExact && person.MaxWeekends is { } maxWeekends) weekend[e] = Math.Max(0, weekend[e] + step * (weekendsUsed[e] - maxWeekends));
                if (!MinutesExact)
                {
                    if (person.MaxTotalMinutes is { } max) minutesMax[e] = Math.Max(0, minutesMax[e] + step * (minutesUsed[e] - max) / _lengthScale);
                    if (person.MinTotalMinutes is { } min) minutesMin[e] = Math.Max(0, minutesMin[e] + step * (min - minutesUsed[e]) / _lengthScale);
                }
            }
        }
        return new RosterBoundResult(Round(best), best, iterations, clock.Elapsed.TotalSeconds, MinutesExact, WeekendsExact);
    }

    /// <summary>The penalty is an integer, so a bound b proves ⌈b⌉; a margin far above the floating-point error of
    /// summing a year of costs keeps the rounding from crossing an integer the exact value is just below.</summary>
    private static long Round(double bound) =>
        double.IsNegativeInfinity(bound) ? long.MinValue : (long)Math.Ceiling(bound - 1e-6 * Math.Max(1, Math.Abs(bound)));

    /// <summary>The component of the subgradient that can move a price: zero when the price is 0 and the limit holds.</summary>
    private static double Active(double price, double excess) => price <= 0 && excess < 0 ? 0 : excess;

    private static double Square(double x) => x * x;
}

/// <summary>The best Lagrangian bound (rounded up to the integer it proves), its raw value, and what it cost.</summary>
internal sealed record RosterBoundResult(long Bound, double Value, int Iterations, double Seconds, bool MinutesExact, bool WeekendsExact);
