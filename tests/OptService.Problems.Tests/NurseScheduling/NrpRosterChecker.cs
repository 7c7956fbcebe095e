using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>
/// Independent re-implementation of FORMAT.md §4–5: recomputes the benchmark objective and lists every
/// violated hard constraint of a returned roster, from ids and runs (not from the CP-SAT model's clauses).
/// </summary>
internal static class NrpRosterChecker
{
    public sealed record Verdict(long Objective, IReadOnlyList<string> Violations);

    public static Verdict Check(NurseSchedulingProblem problem, Roster roster)
    {
        var h = problem.HorizonDays!.Value;
        var shifts = problem.ShiftTypes!.ToDictionary(s => s.Id);
        var violations = new List<string>();

        // shiftOf[person][day] = shift id or null; also detects two shifts on one day.
        var shiftOf = problem.Staff!.ToDictionary(p => p.Id, _ => new string?[h]);
        foreach (var a in roster.Assignments)
        {
            if (!shiftOf.TryGetValue(a.Nurse, out var row)) { violations.Add($"unknown nurse {a.Nurse}"); continue; }
            if (!shifts.ContainsKey(a.Shift)) { violations.Add($"unknown shift {a.Shift}"); continue; }
            if (a.Day < 0 || a.Day >= h) { violations.Add($"day {a.Day} outside horizon"); continue; }
            if (row[a.Day] is not null) violations.Add($"{a.Nurse} works two shifts on day {a.Day}");
            row[a.Day] = a.Shift;
        }
        foreach (var off in roster.Off)
            foreach (var nurse in off.Nurses)
                if (shiftOf[nurse][off.Day] is not null) violations.Add($"{nurse} listed off on day {off.Day} but works");

        foreach (var person in problem.Staff!)
        {
            var row = shiftOf[person.Id];
            bool Works(int d) => row[d] is not null;

            for (var d = 0; d + 1 < h; d++)
                if (row[d] is { } today && row[d + 1] is { } tomorrow && (shifts[today].ForbiddenNext ?? []).Contains(tomorrow))
                    violations.Add($"{person.Id}: {tomorrow} on day {d + 1} follows {today}");

            foreach (var (shift, max) in person.MaxShifts ?? new Dictionary<string, int>())
            {
                var count = row.Count(s => s == shift);
                if (count > max) violations.Add($"{person.Id}: {count} {shift} shifts > {max}");
            }
            if (person.MaxShifts is not null)
                foreach (var s in row.Where(s => s is not null && !person.MaxShifts.ContainsKey(s)))
                    violations.Add($"{person.Id}: works unlisted shift {s}");

            var minutes = row.Where(s => s is not null).Sum(s => shifts[s!].LengthMinutes);
            if (minutes < person.MinTotalMinutes) violations.Add($"{person.Id}: {minutes} min < {person.MinTotalMinutes}");
            if (minutes > person.MaxTotalMinutes) violations.Add($"{person.Id}: {minutes} min > {person.MaxTotalMinutes}");

            // Maximal runs of working days and of days off.
            var start = 0;
            while (start < h)
            {
                var end = start;
                while (end + 1 < h && Works(end + 1) == Works(start)) end++;
                var length = end - start + 1;
                var inside = start > 0 && end < h - 1;
                if (Works(start))
                {
                    if (length > person.MaxConsecutiveShifts) violations.Add($"{person.Id}: {length} consecutive working days from day {start}");
                    if (inside && length < person.MinConsecutiveShifts) violations.Add($"{person.Id}: only {length} working days from day {start}");
                }
                else if (inside && length < person.MinConsecutiveDaysOff)
                    violations.Add($"{person.Id}: only {length} days off from day {start}");
                start = end + 1;
            }

            var weekends = Enumerable.Range(0, h / 7).Count(w => Works((7 * w) + 5) || Works((7 * w) + 6));
            if (weekends > person.MaxWeekends) violations.Add($"{person.Id}: {weekends} weekends > {person.MaxWeekends}");

            foreach (var d in person.DaysOff ?? [])
                if (Works(d)) violations.Add($"{person.Id}: works on fixed day off {d}");
        }

        long objective = 0;
        foreach (var r in problem.ShiftOnRequests ?? [])
            if (shiftOf[r.Staff][r.Day] != r.Shift) objective += r.Weight;
        foreach (var r in problem.ShiftOffRequests ?? [])
            if (shiftOf[r.Staff][r.Day] == r.Shift) objective += r.Weight;
        foreach (var c in problem.Cover ?? [])
        {
            var n = roster.Assignments.Count(a => a.Day == c.Day && a.Shift == c.Shift);
            objective += (long)c.WeightUnder * Math.Max(0, c.Requirement - n) + (long)c.WeightOver * Math.Max(0, n - c.Requirement);
            if (n < c.Minimum || n > c.Maximum) violations.Add($"cover day {c.Day} shift {c.Shift}: {n} outside hard bounds");
        }
        return new Verdict(objective, violations);
    }
}
