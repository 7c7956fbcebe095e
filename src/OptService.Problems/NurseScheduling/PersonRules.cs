namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Checks one person's row of shifts against every hard rule of their contract, with the model's definitions (runs
/// touching the first or last day are exempt from the minimum-run rules). The first roster uses it to take a greedy
/// row as it is when it already keeps every rule, instead of asking CP-SAT for one.
/// </summary>
internal static class PersonRules
{
    public static bool Hold(RosterInstance instance, int e, int[] row) => Broken(instance, e, row) is null;

    /// <summary>The first rule the row breaks, or null when it keeps them all.</summary>
    public static BrokenRule? Broken(RosterInstance instance, int e, int[] row)
    {
        var person = instance.Staff[e];
        var days = instance.Days;
        var count = new int[instance.ShiftCount];
        long minutes = 0;
        for (var d = 0; d < days; d++)
        {
            var s = row[d];
            if (s == RosterGrid.Off) continue;
            if (person.DayOff[d]) return new BrokenRule($"works on fixed day off {d}", d);
            if (d + 1 < days && row[d + 1] != RosterGrid.Off && instance.ForbiddenNext[s, row[d + 1]]) return new BrokenRule($"forbidden succession on days {d}-{d + 1}", d);
            count[s]++;
            minutes += instance.ShiftLengths[s];
        }
        for (var s = 0; s < instance.ShiftCount; s++)
            if (count[s] > person.MaxShifts[s]) return new BrokenRule($"{count[s]} shifts {instance.ShiftIds[s]}, at most {person.MaxShifts[s]}", null);
        if (minutes < (person.MinTotalMinutes ?? 0) || minutes > (person.MaxTotalMinutes ?? long.MaxValue))
            return new BrokenRule($"{minutes} minutes, outside {person.MinTotalMinutes}-{person.MaxTotalMinutes}", null);

        var weekends = instance.WeekendsWorked(row);
        if (weekends > (person.MaxWeekends ?? int.MaxValue)) return new BrokenRule($"{weekends} weekends, at most {person.MaxWeekends}", null);

        // Runs of equal working state: (start, length, working).
        for (var start = 0; start < days;)
        {
            var working = row[start] != RosterGrid.Off;
            var end = start;
            while (end < days && (row[end] != RosterGrid.Off) == working) end++;
            var length = end - start;
            var inside = start > 0 && end < days;
            if (working && length > (person.MaxConsecutiveShifts ?? int.MaxValue)) return new BrokenRule($"{length} days worked in a row from day {start}", start);
            if (inside && working && length < (person.MinConsecutiveShifts ?? 0)) return new BrokenRule($"a run of {length} worked days from day {start}", start);
            if (inside && !working && length < (person.MinConsecutiveDaysOff ?? 0)) return new BrokenRule($"a run of {length} days off from day {start}", start);
            start = end;
        }
        return null;
    }
}

/// <summary>A rule a person's row breaks: what, in words, and the day it is broken on (null for a total over the
/// horizon: shifts per type, minutes, weekends).</summary>
internal sealed record BrokenRule(string What, int? Day);
