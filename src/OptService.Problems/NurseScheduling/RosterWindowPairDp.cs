namespace OptService.Problems.NurseScheduling;

/// <summary>
/// The cheapest row of one person on two windows of days at once, A = [a.From, a.To) and B = [b.From, b.To), the rest
/// of their row fixed: the move that takes a shift off an over-covered week and puts it on an under-covered week months
/// away. One window alone cannot make it where the minutes window is a couple of shifts wide (a year's 111,360–112,320
/// minutes): whatever it adds it must drop within the same weeks.
/// </summary>
/// <remarks>
/// Each window is a <see cref="RosterWindowDp"/> whose totals leave out the other window's days, and returns its
/// cheapest days for every combination of resources it uses (minutes, weekends added, counts of the types whose
/// maximum can bind); the pair takes the cheapest two combinations whose sums keep the person's totals. That is exact
/// as long as no run crosses the days between the windows (the caller keeps a gap longer than any run the rules look
/// at); <see cref="PersonRules.Hold"/> is checked on the result by the caller all the same.
/// </remarks>
internal static class RosterWindowPairDp
{
    /// <summary>Most combinations (finite A × finite B) the pair compares; beyond it the caller takes shorter windows.</summary>
    public const long MaxCombinations = 4_000_000;

    /// <summary>
    /// Writes person <paramref name="e"/>'s whole row with the cheapest days on both windows to <paramref name="result"/>
    /// and returns their cost (the sum over both windows' days of workCost/offCost), +∞ when no pair of windows keeps
    /// the rules, or null when the windows' states or combinations do not fit.
    /// </summary>
    /// <remarks><paramref name="below"/>: only pairs cheaper than this are wanted; each window is solved with the bound
    /// less what the other costs at least (B less A's lower bound, then A less B's cheapest), so the result is still the
    /// exact minimum when that is below <paramref name="below"/>, and otherwise +∞ or a pair costing at least that
    /// (<paramref name="endedByBound"/>: true when the bounds left no pair to compare).</remarks>
    public static double? Solve(RosterInstance instance, int e, int[] row, (int From, int To) a, (int From, int To) b,
        double[] workCost, double[] offCost, RosterDpWorkspace workspaceA, RosterDpWorkspace workspaceB, int[] result,
        out bool endedByBound, double below = double.PositiveInfinity)
    {
        endedByBound = false;
        var dpA = new RosterWindowDp(instance, e, row, a.From, a.To, workspaceA, b.From, b.To);
        var dpB = new RosterWindowDp(instance, e, row, b.From, b.To, workspaceB, a.From, a.To);
        if (!dpA.Usable || !dpB.Usable) return null;
        double[] layerA, layerB;
        if (double.IsPositiveInfinity(below))
        {
            layerA = dpA.SolveLayer(workCost, offCost);
            layerB = dpB.SolveLayer(workCost, offCost);
        }
        else
        {
            // Each window's bound includes what the other costs at least for the minutes it leaves to it: first B's
            // with A's relaxation, then A's with B's cheapest windows. States of one window that need minutes the
            // other only gives up dearly are pruned too.
            dpB.Bound(workCost, offCost, Partner(instance.Staff[e], dpB, dpA, dpA.LeastEndingWith(workCost, offCost)));
            layerB = dpB.SolveLayer(workCost, offCost, below);
            endedByBound = double.IsPositiveInfinity(layerB.Min());
            if (endedByBound) return double.PositiveInfinity;
            dpA.Bound(workCost, offCost, Partner(instance.Staff[e], dpA, dpB, layerB));
            layerA = dpA.SolveLayer(workCost, offCost, below);
            endedByBound = dpA.EndedByBound;
        }
        var finiteA = Enumerable.Range(0, dpA.Width).Where(r => !double.IsPositiveInfinity(layerA[r])).ToArray();
        // B's combinations cheapest first, so that the scan for each of A's stops at the first one too dear.
        var finiteB = Enumerable.Range(0, dpB.Width).Where(r => !double.IsPositiveInfinity(layerB[r])).OrderBy(r => layerB[r]).ToArray();
        if ((long)finiteA.Length * finiteB.Length > MaxCombinations) return null;

        var person = instance.Staff[e];
        var weekendRoom = person.MaxWeekends is { } mw && mw < instance.WeekendCount ? mw - dpA.FixedWeekends : int.MaxValue;
        var counted = dpA.Counted;
        var countsB = finiteB.Select(r => Enumerable.Range(0, counted.Count).Select(k => dpB.CountOf(r, k)).ToArray()).ToArray();
        var best = double.PositiveInfinity;
        int bestA = -1, bestB = -1;
        foreach (var ra in finiteA)
        {
            var va = layerA[ra];
            var ma = dpA.MinuteUnits(ra);
            var wa = dpA.WeekendsOf(ra);
            var countsA = Enumerable.Range(0, counted.Count).Select(k => dpA.CountOf(ra, k)).ToArray();
            for (var j = 0; j < finiteB.Length; j++)
            {
                var rb = finiteB[j];
                var v = va + layerB[rb];
                if (v >= best) break;
                if (!MinutesFit(person, dpA, ma + dpB.MinuteUnits(rb))) continue;
                if (wa + dpB.WeekendsOf(rb) > weekendRoom) continue;
                var fits = true;
                for (var k = 0; k < counted.Count && fits; k++) fits = countsA[k] + countsB[j][k] <= counted[k].Cap;
                if (!fits) continue;
                (best, bestA, bestB) = (v, ra, rb);
            }
        }
        if (bestA < 0) return double.PositiveInfinity;
        var rowB = new int[instance.Days];
        dpB.TraceLayer(bestB, rowB);
        dpA.TraceLayer(bestA, result);
        for (var d = b.From; d < b.To; d++) result[d] = rowB[d];
        return best;
    }

    /// <summary>Per resource combination of one window, the least of <paramref name="otherCost"/> (per resource
    /// combination of the other window: what it costs at least ending with it) over the other's combinations whose
    /// minutes together with this one's keep the person's minutes window (+∞: none). Weekends and counts are left out,
    /// so it is a lower bound of what the other window costs in a pair with that combination.</summary>
    private static double[] Partner(StaffContract person, RosterWindowDp dp, RosterWindowDp other, double[] otherCost)
    {
        var byMinutesOther = new double[other.MinuteCount];
        Array.Fill(byMinutesOther, double.PositiveInfinity);
        for (var r = 0; r < other.Width; r++)
            byMinutesOther[other.MinuteUnits(r)] = Math.Min(byMinutesOther[other.MinuteUnits(r)], otherCost[r]);
        var byMinutes = new double[dp.MinuteCount];
        for (var m = 0; m < byMinutes.Length; m++)
        {
            byMinutes[m] = double.PositiveInfinity;
            for (var mo = 0; mo < byMinutesOther.Length; mo++)
                if (MinutesFit(person, dp, m + mo)) byMinutes[m] = Math.Min(byMinutes[m], byMinutesOther[mo]);
        }
        var partner = new double[dp.Width];
        for (var r = 0; r < partner.Length; r++) partner[r] = byMinutes[dp.MinuteUnits(r)];
        return partner;
    }

    /// <summary>Whether the fixed days' minutes and <paramref name="units"/> of both windows keep the minutes window
    /// (without a maximum the units are capped at what the minimum still needs, so the sum reaches it exactly when the
    /// true minutes do).</summary>
    private static bool MinutesFit(StaffContract person, RosterWindowDp dpA, int units)
    {
        var minutes = dpA.FixedMinutes + ((long)dpA.MinuteUnit * units);
        return minutes >= (person.MinTotalMinutes ?? long.MinValue) && minutes <= (person.MaxTotalMinutes ?? long.MaxValue);
    }
}
