namespace OptService.Problems.NurseScheduling;

/// <summary>
/// A lower bound on the cover penalty from counting alone, where the weekend limits bind (Instance20: the allowed
/// weekends give 630 person-weekends, the weekends need Σ max(Saturday, Sunday demand) = 663, so at least 33 weekend
/// shifts stay short whatever the roster). Milliseconds, from the data, valid for every roster; the solver reports the
/// largest of its bounds.
/// </summary>
/// <remarks>
/// <para>Under-cover: a person who works weekend w covers at most one cell on its Saturday and one on its Sunday, and
/// works at most their maximum of weekends (and only weekends that are not both fixed days off). With n_w people on
/// weekend w, at most n_w of Saturday's demand units are covered, and no more than the people who may work a cell
/// (type allowed, not a fixed day off) of each cell; the cheapest bound leaves the lightest units short. Choosing the
/// n_w (Σ_w n_w at most everybody's weekends) to minimise that is a separable concave allocation: adding the k-th
/// person to weekend w gains the k-th heaviest coverable unit of its Saturday plus that of its Sunday, gains that do
/// not grow with k, so taking the best gain one person at a time is optimal. Weekdays count only the cells nobody may
/// work (as <see cref="RosterLowerBound"/>).</para>
/// <para>Over-cover: Σ_c (count − requirement)⁺ = (shifts worked on cells with a target) − demand + (units short), so
/// where every (day, type) has a target and o is the smallest over-cover weight, over-cover costs at least
/// o · (T − D + units short), with T the fewest shifts that reach everybody's minimum minutes (each at the longest
/// type they may work). Each short unit then costs its under weight plus o, and the bound is o · (T − D) plus that,
/// minimised as above; with o = 0 it is the under-cover bound alone, and the larger of the two is returned.</para>
/// <para>Minutes: where the demand's minutes exceed what the staff may work, <see cref="MinutesShort"/>; the largest
/// of the three is returned.</para>
/// </remarks>
internal static class RosterWeekendBound
{
    public static long Compute(RosterInstance instance)
    {
        var everyCell = instance.Cover.Select(c => (c.Day, c.Shift)).Distinct().Count() == instance.Days * instance.ShiftCount;
        var overWeight = everyCell && instance.Cover.Count > 0 ? instance.Cover.Min(c => c.WeightOver) : 0;
        var bound = Math.Max(Compute(instance, 0), MinutesShort(instance));
        return overWeight > 0 ? Math.Max(bound, Compute(instance, overWeight)) : bound;
    }

    /// <summary>
    /// The under-cover that the staff's minutes force: the minutes a roster covers are at most the minutes its people
    /// work, so when the demand's minutes exceed everybody's capacity (maximum minutes, and no more than one shift of
    /// their longest allowed type a day off their fixed days off, nor more than each type's maximum), short units must
    /// add up to the difference. The cells nobody may work are short anyway (their minutes count towards it); the rest
    /// is the cheapest fill by under weight per minute, fractional (the knapsack's relaxation, so a lower bound).
    /// </summary>
    /// <remarks>Instance13: a demand of 941,160 minutes for at most 939,000, so 2,160 minutes short, three 720-minute
    /// shifts at 100: 300 (the weekend count alone gives 100).</remarks>
    private static long MinutesShort(RosterInstance instance)
    {
        long capacity = 0;
        foreach (var p in instance.Staff)
        {
            var days = p.DayOff.Count(off => !off);
            var byType = Enumerable.Range(0, instance.ShiftCount).Where(s => p.MaxShifts[s] > 0)
                .Sum(s => (long)Math.Min(p.MaxShifts[s], days) * instance.ShiftLengths[s]);
            capacity += Math.Min(Math.Min((long)days * LongestAllowed(instance, p), byType), p.MaxTotalMinutes ?? long.MaxValue);
        }
        var missing = instance.Cover.Sum(c => (long)c.Requirement * instance.ShiftLengths[c.Shift]) - capacity;
        if (missing <= 0) return 0;

        double cost = 0;
        var fillable = new List<(double PerMinute, long Minutes)>();
        foreach (var c in instance.Cover)
        {
            var length = instance.ShiftLengths[c.Shift];
            var available = Available(instance, c);
            var forced = Math.Max(0, c.Requirement - available);
            cost += (double)c.WeightUnder * forced;
            missing -= (long)forced * length;
            if (length > 0 && c.Requirement > forced) fillable.Add(((double)c.WeightUnder / length, (long)(c.Requirement - forced) * length));
        }
        foreach (var (perMinute, minutes) in fillable.OrderBy(f => f.PerMinute))
        {
            if (missing <= 0) break;
            cost += perMinute * Math.Min(minutes, missing);
            missing -= minutes;
        }
        // Every penalty is an integer, so the relaxation's ceiling is still a bound; the 1e-6 keeps a quotient's rounding
        // error from lifting it one too high.
        return (long)Math.Ceiling(cost - 1e-6);
    }

    /// <summary>The bound with over-cover weight <paramref name="over"/> (0: under-cover only).</summary>
    private static long Compute(RosterInstance instance, long over)
    {
        long bound = 0;
        if (over > 0) bound += over * (FewestShifts(instance) - instance.Cover.Sum(c => (long)c.Requirement));
        var weekends = instance.WeekendCount;
        // Per weekend day (Saturday 2w, Sunday 2w + 1): the values of its coverable units, heaviest first.
        var coverable = Enumerable.Range(0, 2 * weekends).Select(_ => new List<long>()).ToArray();
        foreach (var c in instance.Cover)
        {
            var available = Available(instance, c);
            var value = c.WeightUnder + over;
            bound += value * Math.Max(0, c.Requirement - available);
            var weekend = c.Day / 7;
            if (weekend < weekends && c.Day % 7 >= 5)
                for (var k = 0; k < Math.Min(c.Requirement, available); k++)
                {
                    coverable[(2 * weekend) + (c.Day % 7) - 5].Add(value);
                    bound += value; // short until a person on that weekend covers it
                }
        }
        if (weekends == 0) return bound;
        foreach (var units in coverable) units.Sort((a, b) => b.CompareTo(a));

        // Who can work weekend w at all, and how many weekends everybody may work in all.
        var people = new int[weekends];
        long budget = 0;
        foreach (var p in instance.Staff)
        {
            if (p.MaxShifts.All(m => m <= 0)) continue;
            var open = 0;
            for (var w = 0; w < weekends; w++)
                if (!p.DayOff[RosterInstance.Saturday(w)] || !p.DayOff[RosterInstance.Saturday(w) + 1])
                {
                    people[w]++;
                    open++;
                }
            budget += Math.Min(open, Math.Max(0, p.MaxWeekends ?? weekends));
        }

        var onWeekend = new int[weekends];
        long Gain(int w)
        {
            var k = onWeekend[w];
            if (k >= people[w]) return 0;
            var (saturday, sunday) = (coverable[2 * w], coverable[(2 * w) + 1]);
            return (k < saturday.Count ? saturday[k] : 0) + (k < sunday.Count ? sunday[k] : 0);
        }
        for (long placed = 0; placed < budget; placed++)
        {
            var best = -1;
            long bestGain = 0;
            for (var w = 0; w < weekends; w++)
                if (Gain(w) is var gain && gain > bestGain) (best, bestGain) = (w, gain);
            if (best < 0) break;
            bound -= bestGain;
            onWeekend[best]++;
        }
        return bound;
    }

    /// <summary>The people who may work the cell at all: the type allowed, the day not a fixed day off.</summary>
    private static int Available(RosterInstance instance, CoverTarget c) =>
        instance.Staff.Count(p => p.MaxShifts[c.Shift] > 0 && !p.DayOff[c.Day]);

    /// <summary>The length of the longest shift type the person may work (0 when none).</summary>
    private static int LongestAllowed(RosterInstance instance, StaffContract p) =>
        Enumerable.Range(0, instance.ShiftCount).Where(s => p.MaxShifts[s] > 0).Select(s => instance.ShiftLengths[s]).DefaultIfEmpty(0).Max();

    /// <summary>The fewest shifts that reach everybody's minimum minutes: each at the longest type the person may work.</summary>
    private static long FewestShifts(RosterInstance instance)
    {
        long shifts = 0;
        foreach (var p in instance.Staff)
        {
            var longest = LongestAllowed(instance, p);
            if (p.MinTotalMinutes is > 0 && longest > 0) shifts += (p.MinTotalMinutes.Value + longest - 1) / longest;
        }
        return shifts;
    }
}
