namespace OptService.Problems.NurseScheduling;

/// <summary>Cheap counting arguments that prove a roster impossible before CP-SAT is started.</summary>
internal static class InfeasibilityCheck
{
    /// <summary>A readable reason when the hard constraints obviously cannot all hold, else null.</summary>
    public static string? FindReason(RosterInstance instance)
    {
        string? personReason = null;
        var capacity = new int[instance.StaffCount];
        for (var e = 0; e < instance.StaffCount; e++)
        {
            var person = instance.Staff[e];
            var available = person.DayOff.Count(off => !off);
            // Most minutes e can work: per type at most min(max shifts, available days), and at most one shift a day.
            var byType = Enumerable.Range(0, instance.ShiftCount)
                .Select(s => (Count: Math.Min(person.MaxShifts[s], available), Length: instance.ShiftLengths[s]))
                .Where(t => t.Count > 0)
                .OrderByDescending(t => t.Length)
                .ToList();
            long maxMinutes = 0;
            var daysLeft = available;
            foreach (var (count, length) in byType)
            {
                var used = Math.Min(count, daysLeft);
                maxMinutes += (long)used * length;
                daysLeft -= used;
            }
            if (person.MinTotalMinutes is { } min && min > maxMinutes)
                personReason ??= $"staff \"{person.Id}\" must work at least {min} minutes but can work at most {maxMinutes} (days off and per-shift maxima)";
            capacity[e] = Math.Min(available, byType.Sum(t => t.Count));
            if (person.MaxTotalMinutes is { } maxTotal && byType.Count > 0)
                capacity[e] = Math.Min(capacity[e], maxTotal / byType.Min(t => t.Length));
        }

        long demanded = 0;
        for (var d = 0; d < instance.Days; d++)
        {
            var dayDemand = 0;
            foreach (var c in instance.Cover.Where(c => c.Day == d && c.Minimum is > 0))
            {
                var min = c.Minimum!.Value;
                dayDemand += min;
                var able = Enumerable.Range(0, instance.StaffCount)
                    .Count(e => !instance.Staff[e].DayOff[d] && instance.Staff[e].MaxShifts[c.Shift] > 0);
                if (able < min)
                    return $"cover demands {min} people on shift \"{instance.ShiftIds[c.Shift]}\" of day {d} but only {able} can work it";
            }
            var present = instance.Staff.Count(p => !p.DayOff[d]);
            if (dayDemand > present)
                return $"cover demands {dayDemand} nurse-shifts on day {d} but only {present} staff can work that day (one shift each)";
            demanded += dayDemand;
        }
        // Cover shortages are reported first: they are the more fundamental cause.
        if (personReason is not null) return personReason;
        var supply = capacity.Sum(c => (long)c);
        if (demanded > supply)
            return $"cover demands {demanded} nurse-shifts in all but the staff can work at most {supply}";
        return null;
    }
}
