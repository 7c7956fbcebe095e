namespace OptService.Problems.NurseScheduling;

/// <summary>
/// A quick day-by-day roster for one person that follows their contract as far as a single forward pass can:
/// used only as CP-SAT's hint for that person's first roster (CP-SAT finds a roster keeping every rule near it
/// far sooner than from nothing: a year's tight minutes window is a knapsack inside the sequence rules).
/// </summary>
/// <remarks>
/// Rules: no work on a fixed day off; runs of work at most the maximum long and, once started, continued to the
/// minimum when possible; runs of days off at least the minimum long; forbidden successions; per-type maxima;
/// weekends within the maximum; shift lengths chosen so that the minutes land near the middle of the window.
/// It can miss a rule near fixed days off; CP-SAT repairs that.
/// </remarks>
internal static class PersonGreedyRoster
{
    public static int[] Build(RosterInstance instance, int e)
    {
        var person = instance.Staff[e];
        var days = instance.Days;
        var shifts = new int[days];
        var used = new int[instance.ShiftCount];
        var maxRun = person.MaxConsecutiveShifts ?? days;
        var minRun = person.MinConsecutiveShifts ?? 1;
        var minOff = person.MinConsecutiveDaysOff ?? 1;
        var maxWeekends = person.MaxWeekends ?? days;
        var target = person.MinTotalMinutes is { } min
            ? (person.MaxTotalMinutes is { } max ? (min + max) / 2.0 : min)
            : (person.MaxTotalMinutes ?? 0) / 2.0;
        var workable = Enumerable.Range(0, days).Count(d => !person.DayOff[d]);
        // Share of workable days the sequence rules allow at most, e.g. 5 on / 2 off → 5/7.
        var density = maxRun >= days ? 1.0 : maxRun / (double)(maxRun + minOff);
        double minutes = 0;
        var run = 0; // > 0: days worked in a row so far; < 0: days off in a row
        var weekends = 0;
        var last = RosterGrid.Off;
        for (var d = 0; d < days; d++)
        {
            var weekend = d % 7 >= 5 && d / 7 < instance.WeekendCount;
            var weekendCounted = d % 7 == 6 && shifts[d - 1] != RosterGrid.Off;
            var canWork = !person.DayOff[d]
                && run < maxRun
                && (run > 0 || -run >= minOff || d == -run) // an off run before is long enough (or starts the horizon)
                && (!weekend || weekendCounted || weekends < maxWeekends);
            var mustContinue = run > 0 && run < minRun;
            var remainingCapacity = Math.Max(1, (days - d) * density * workable / Math.Max(1, days));
            var wanted = (target - minutes) / remainingCapacity;
            var choice = RosterGrid.Off;
            if (canWork && (mustContinue || minutes < target))
            {
                double bestDistance = double.MaxValue;
                for (var s = 0; s < instance.ShiftCount; s++)
                {
                    if (used[s] >= person.MaxShifts[s]) continue;
                    if (last != RosterGrid.Off && instance.ForbiddenNext[last, s]) continue;
                    if (person.MaxTotalMinutes is { } cap && minutes + instance.ShiftLengths[s] > cap) continue;
                    var distance = Math.Abs(instance.ShiftLengths[s] - wanted);
                    if (distance < bestDistance)
                    {
                        bestDistance = distance;
                        choice = s;
                    }
                }
            }
            shifts[d] = choice;
            if (choice == RosterGrid.Off)
            {
                run = run > 0 ? -1 : run - 1;
            }
            else
            {
                used[choice]++;
                minutes += instance.ShiftLengths[choice];
                run = run > 0 ? run + 1 : 1;
                if (weekend && !weekendCounted) weekends++;
            }
            last = choice;
        }
        return shifts;
    }
}
