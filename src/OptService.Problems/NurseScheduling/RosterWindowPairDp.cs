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
    public static double? Solve(RosterInstance instance, int e, int[] row, (int From, int To) a, (int From, int To) b,
        double[] workCost, double[] offCost, RosterDpWorkspace workspaceA, RosterDpWorkspace workspaceB, int[] result)
    {
        var dpA = new RosterWindowDp(instance, e, row, a.From, a.To, workspaceA, b.From, b.To);
        var dpB = new RosterWindowDp(instance, e, row, b.From, b.To, workspaceB, a.From, a.To);
        if (!dpA.Usable || !dpB.Usable) return null;
        var layerA = dpA.SolveLayer(workCost, offCost);
        var layerB = dpB.SolveLayer(workCost, offCost);
        var finiteA = Enumerable.Range(0, dpA.Width).Where(r => !double.IsPositiveInfinity(layerA[r])).ToArray();
        // B's combinations cheapest first, so that the scan for each of A's stops at the first one too dear.
        var finiteB = Enumerable.Range(0, dpB.Width).Where(r => !double.IsPositiveInfinity(layerB[r])).OrderBy(r => layerB[r]).ToArray();
        if ((long)finiteA.Length * finiteB.Length > MaxCombinations) return null;

        var person = instance.Staff[e];
        var unit = dpA.MinuteUnit;
        var fixedMinutes = dpA.FixedMinutes; // the same days for both: outside A and B
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
                // Without a maximum the minutes are capped at what the minimum still needs, so the sum reaches it
                // exactly when the true minutes do.
                var minutes = fixedMinutes + ((long)unit * (ma + dpB.MinuteUnits(rb)));
                if (minutes < (person.MinTotalMinutes ?? long.MinValue) || minutes > (person.MaxTotalMinutes ?? long.MaxValue)) continue;
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
}
