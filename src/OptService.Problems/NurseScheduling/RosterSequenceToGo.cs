namespace OptService.Problems.NurseScheduling;

/// <summary>
/// The sequence relaxation of a person's DP, solved backwards over the days: the least cost of the rest of the row
/// from each sequence state (shift and working-run length, or days-off-run length) when only the sequence rules are
/// kept and the resources (minutes, weekends, type counts) are dropped. A minimum over a superset of the DP's rows, so a
/// lower bound of the DP's cost to go from any of its states with that sequence state. Shared by the whole-horizon DP
/// (<see cref="RosterPersonDp"/>) and the windowed one (<see cref="RosterWindowDp"/>): both number their sequence
/// states the same way (<see cref="RunLimits"/>) and make the same moves on a day.
/// </summary>
internal static class RosterSequenceToGo
{
    /// <summary>
    /// Fills <paramref name="table"/>[(d − first) · Q + q] for the days d in [<paramref name="first"/>, <paramref name="last"/>)
    /// from the row of day <paramref name="last"/>, which the caller fills (what may end the row there). Q = shifts ×
    /// run slots + off cap; q as in the DPs. The moves of day d are priced workCost[d·S + t] (+∞: may not) and
    /// offCost[d], plus <paramref name="weekendCost"/> for working a day that makes a weekend of the first
    /// <paramref name="weekends"/> worked (0 where the caller counts weekends otherwise).
    /// </summary>
    public static void Fill(RunLimits runs, int shifts, bool[,] forbidden, int weekends, double[] workCost, double[] offCost,
        double weekendCost, int first, int last, double[] table)
    {
        var workStates = shifts * runs.RunSlots;
        var queue = workStates + runs.OffCap;
        for (var d = last; d > first; d--)
        {
            var costRow = d * shifts;
            var off = offCost[d];
            var afterWork = NewWeekend(d, true, weekends) ? weekendCost : 0;
            var afterOff = NewWeekend(d, false, weekends) ? weekendCost : 0;
            var to = (d - first) * queue;
            var at = to - queue;
            for (var q = 0; q < queue; q++)
            {
                var best = double.PositiveInfinity;
                if (q < workStates)
                {
                    var s = q / runs.RunSlots;
                    var k = q % runs.RunSlots + 1;
                    var k2 = runs.HasMaxRun ? k + 1 : Math.Min(k + 1, runs.MaxRun);
                    if (k2 <= runs.MaxRun)
                        for (var t = 0; t < shifts; t++)
                        {
                            var c = workCost[costRow + t];
                            if (double.IsPositiveInfinity(c) || forbidden[s, t]) continue;
                            best = Math.Min(best, c + afterWork + table[to + (t * runs.RunSlots) + k2 - 1]);
                        }
                    // The run ends: long enough unless it started on day 0 (it covers days 0..d − 1).
                    if (k >= runs.MinRun || k == d) best = Math.Min(best, off + table[to + workStates]);
                }
                else
                {
                    var k = q - workStates + 1;
                    best = off + table[to + workStates + Math.Min(k + 1, runs.OffCap) - 1];
                    if ((k >= runs.MinOff || k == d) && runs.MaxRun >= 1)
                        for (var t = 0; t < shifts; t++)
                        {
                            var c = workCost[costRow + t];
                            if (double.IsPositiveInfinity(c)) continue;
                            best = Math.Min(best, c + afterOff + table[to + (t * runs.RunSlots)]);
                        }
                }
                table[at + q] = best;
            }
        }
    }

    /// <summary>A weekend (of the horizon's whole weeks) is worked when Saturday or Sunday is: working on Saturday, or
    /// on Sunday after a Saturday off, makes it a worked one.</summary>
    public static bool NewWeekend(int d, bool workedYesterday, int weekends) =>
        d / 7 < weekends && (d % 7 == 5 || (d % 7 == 6 && !workedYesterday));
}
