using System.Globalization;

namespace OptService.Problems.NurseScheduling;

/// <summary>The objective of a roster split by constraint kind and by person, and every violated soft constraint
/// (who, which day and shift, which rule, how much), computed from the roster itself.</summary>
internal static class RosterPenalty
{
    public static PenaltyBreakdown Evaluate(RosterInstance instance, RosterGrid grid)
    {
        var on = new long[instance.StaffCount];
        var off = new long[instance.StaffCount];
        var violations = new List<SoftViolation>();
        string Who(int e) => instance.Staff[e].Id;
        string Shift(int s) => instance.ShiftIds[s];
        foreach (var r in instance.OnRequests)
        {
            if (grid.Shift[r.Staff, r.Day] == r.Shift) continue;
            on[r.Staff] += r.Weight;
            var worked = grid.Shift[r.Staff, r.Day];
            violations.Add(new SoftViolation("shiftOnRequest", Who(r.Staff), r.Day, Shift(r.Shift), r.Weight, string.Create(CultureInfo.InvariantCulture,
                $"{Who(r.Staff)} asked to work {Shift(r.Shift)} on day {r.Day} but {(worked == RosterGrid.Off ? "is off" : "works " + Shift(worked))} (weight {r.Weight})")));
        }
        foreach (var r in instance.OffRequests)
        {
            if (grid.Shift[r.Staff, r.Day] != r.Shift) continue;
            off[r.Staff] += r.Weight;
            violations.Add(new SoftViolation("shiftOffRequest", Who(r.Staff), r.Day, Shift(r.Shift), r.Weight, string.Create(CultureInfo.InvariantCulture,
                $"{Who(r.Staff)} asked not to work {Shift(r.Shift)} on day {r.Day} but works it (weight {r.Weight})")));
        }

        var people = new int[instance.Days, instance.ShiftCount];
        for (var e = 0; e < instance.StaffCount; e++)
            for (var d = 0; d < instance.Days; d++)
                if (grid.Shift[e, d] != RosterGrid.Off) people[d, grid.Shift[e, d]]++;
        long under = 0, over = 0;
        foreach (var c in instance.Cover)
        {
            var n = people[c.Day, c.Shift];
            var missing = Math.Max(0, c.Requirement - n);
            var extra = Math.Max(0, n - c.Requirement);
            if (missing > 0 && c.WeightUnder > 0)
            {
                under += (long)c.WeightUnder * missing;
                violations.Add(new SoftViolation("underCover", null, c.Day, Shift(c.Shift), (long)c.WeightUnder * missing, string.Create(CultureInfo.InvariantCulture,
                    $"day {c.Day} shift {Shift(c.Shift)}: {n} people for {c.Requirement} required ({missing} × weight {c.WeightUnder})")));
            }
            if (extra > 0 && c.WeightOver > 0)
            {
                over += (long)c.WeightOver * extra;
                violations.Add(new SoftViolation("overCover", null, c.Day, Shift(c.Shift), (long)c.WeightOver * extra, string.Create(CultureInfo.InvariantCulture,
                    $"day {c.Day} shift {Shift(c.Shift)}: {n} people for {c.Requirement} required ({extra} × weight {c.WeightOver})")));
            }
        }

        var byPerson = Enumerable.Range(0, instance.StaffCount)
            .Select(e => new PersonPenalty(instance.Staff[e].Id, on[e], off[e], on[e] + off[e]))
            .ToList();
        var byKind = new PenaltyByKind(on.Sum(), off.Sum(), under, over);
        violations.Sort((a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : string.CompareOrdinal(a.Rule, b.Rule));
        return new PenaltyBreakdown(byKind.ShiftOnRequests + byKind.ShiftOffRequests + under + over, byKind, byPerson, violations);
    }
}
