namespace OptService.Problems.NurseScheduling;

/// <summary>The objective of a roster split by constraint kind and by person, computed from the roster itself.</summary>
internal static class RosterPenalty
{
    public static PenaltyBreakdown Evaluate(RosterInstance instance, RosterGrid grid)
    {
        var on = new long[instance.StaffCount];
        var off = new long[instance.StaffCount];
        foreach (var r in instance.OnRequests)
            if (grid.Shift[r.Staff, r.Day] != r.Shift) on[r.Staff] += r.Weight;
        foreach (var r in instance.OffRequests)
            if (grid.Shift[r.Staff, r.Day] == r.Shift) off[r.Staff] += r.Weight;

        long under = 0, over = 0;
        foreach (var c in instance.Cover)
        {
            var people = 0;
            for (var e = 0; e < instance.StaffCount; e++)
                if (grid.Shift[e, c.Day] == c.Shift) people++;
            under += (long)c.WeightUnder * Math.Max(0, c.Requirement - people);
            over += (long)c.WeightOver * Math.Max(0, people - c.Requirement);
        }

        var byPerson = Enumerable.Range(0, instance.StaffCount)
            .Select(e => new PersonPenalty(instance.Staff[e].Id, on[e], off[e], on[e] + off[e]))
            .ToList();
        var byKind = new PenaltyByKind(on.Sum(), off.Sum(), under, over);
        return new PenaltyBreakdown(byKind.ShiftOnRequests + byKind.ShiftOffRequests + under + over, byKind, byPerson);
    }
}
