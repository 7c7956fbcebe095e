namespace OptService.Problems.NurseScheduling;

/// <summary>
/// A lower bound on the penalty that needs no search, reported with neighbourhood-search rosters (which prove
/// no bound of their own): penalties no roster can avoid because of the instance's own data.
/// </summary>
/// <remarks>Honest but weak: it ignores the interaction of cover with the contracts, so the reported gap of a
/// large instance is an upper limit on the true gap, not an estimate of it.</remarks>
internal static class RosterLowerBound
{
    public static long Compute(RosterInstance instance)
    {
        long bound = 0;
        // Under-cover that remains even if everybody who may work a shift on that day works it.
        foreach (var c in instance.Cover)
        {
            var available = 0;
            foreach (var person in instance.Staff)
                if (person.MaxShifts[c.Shift] > 0 && !person.DayOff[c.Day]) available++;
            bound += (long)c.WeightUnder * Math.Max(0, c.Requirement - available);
        }
        // Shift-on requests that cannot be met: a fixed day off or a type the person may never work; of several
        // requests for one person and day, at most one (the heaviest) can be met.
        foreach (var group in instance.OnRequests.GroupBy(r => (r.Staff, r.Day)))
        {
            var person = instance.Staff[group.Key.Staff];
            var possible = group.Where(r => !person.DayOff[r.Day] && person.MaxShifts[r.Shift] > 0).ToList();
            bound += group.Sum(r => (long)r.Weight) - (possible.Count == 0 ? 0 : possible.Max(r => (long)r.Weight));
        }
        return bound;
    }
}
