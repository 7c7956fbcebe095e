namespace OptService.Problems.NurseScheduling;

/// <summary>
/// A quick day-by-day roster for one person that follows their contract as far as a single forward pass can, and
/// fills the cover the people before them left open: the first roster takes it as it is when it keeps every rule
/// (<see cref="PersonRules"/>), else it is CP-SAT's hint for that person (CP-SAT finds a roster keeping every rule near
/// it far sooner than from nothing: a year's tight minutes window is a knapsack inside the sequence rules).
/// </summary>
/// <remarks>
/// Rules: no work on a fixed day off; runs of work at most the maximum long and, once started, continued to the
/// minimum when possible; runs of days off at least the minimum long; forbidden successions; per-type maxima;
/// weekends within the maximum; shift lengths chosen so that the minutes land near the middle of the window.
/// Cover: with <c>open</c> (people still required per day and type, decremented here) the person works on days where
/// one of their types is still short, and takes the shortest-covered type; to spread the minutes over the horizon
/// they also work when behind a steady pace and rest when well ahead of it. It can miss a rule near fixed days off
/// or at the end of the horizon; CP-SAT repairs that.
/// </remarks>
internal static class PersonGreedyRoster
{

    public static int[] Build(RosterInstance instance, int e, int[,]? open = null)
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
        var shortest = Enumerable.Range(0, instance.ShiftCount).Where(s => person.MaxShifts[s] > 0).Select(s => instance.ShiftLengths[s]).DefaultIfEmpty(0).Min();
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
            // A run started today must be able to reach the minimum length: no fixed day off and no weekend beyond the
            // maximum among its next minRun − 1 days (a run that reaches the horizon's end is exempt).
            var starting = run <= 0;
            if (canWork && starting)
                for (var next = d + 1; next < Math.Min(days, d + minRun); next++)
                    if (person.DayOff[next] || (next % 7 == 5 && next / 7 < instance.WeekendCount && weekends >= maxWeekends))
                        canWork = false;
            // ... and the minutes cap must leave room for its minimum length (a year: runs cut short by the cap near the
            // end were what broke greedy rows).
            if (canWork && starting && minRun > 1 && person.MaxTotalMinutes is { } ceiling && minutes + (minRun * shortest) > ceiling)
                canWork = false;
            var mustContinue = run > 0 && run < minRun;
            var remainingCapacity = Math.Max(1, (days - d) * density * workable / Math.Max(1, days));
            var wanted = (target - minutes) / remainingCapacity;
            var choice = RosterGrid.Off;
            // Minutes a steady pace would have worked by the end of today, and how far ahead of it is "well ahead".
            // (The pace aims to reach the target a tenth before the end, so that fixed days off late in the horizon do not strand it.)
            var pace = Math.Min(target, target * (d + 1) / (0.9 * days));
            var ahead = minutes > pace + (maxRun * instance.ShiftLengths.Average());
            if (canWork && (mustContinue || minutes < target))
            {
                double bestDistance = double.MaxValue;
                var bestOpen = 0;
                for (var s = 0; s < instance.ShiftCount; s++)
                {
                    if (used[s] >= person.MaxShifts[s]) continue;
                    if (last != RosterGrid.Off && instance.ForbiddenNext[last, s]) continue;
                    if (person.MaxTotalMinutes is { } cap && minutes + instance.ShiftLengths[s] > cap) continue;
                    // Starting a run that must go on: some type must still be allowed tomorrow after this one.
                    if (starting && minRun > 1 && !Enumerable.Range(0, instance.ShiftCount)
                            .Any(t => !instance.ForbiddenNext[s, t] && used[t] + (t == s ? 1 : 0) < person.MaxShifts[t])) continue;
                    var distance = Math.Abs(instance.ShiftLengths[s] - wanted);
                    var shortOf = open is null ? 0 : Math.Max(0, open[d, s]);
                    if (shortOf > bestOpen || (shortOf == bestOpen && distance < bestDistance))
                    {
                        bestOpen = shortOf;
                        bestDistance = distance;
                        choice = s;
                    }
                }
                // Nothing short today: work only to keep up with the pace (or to finish a run).
                if (open is not null && bestOpen == 0 && !mustContinue && (minutes >= pace || ahead)) choice = RosterGrid.Off;
                if (open is not null && bestOpen > 0 && !mustContinue && ahead) choice = RosterGrid.Off;
            }
            if (choice != RosterGrid.Off && open is not null) open[d, choice]--;
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
