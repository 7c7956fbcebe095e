using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// An earlier job's roster laid over this instance (<c>?warmStartFrom=</c>): per person and day the shift index, <see cref="RosterGrid.Off"/>,
/// or <see cref="Free"/> where the earlier roster says nothing that applies. Cells are matched by staff id, day index and shift id,
/// so a roster of last month's instance with a nurse more or less, a longer horizon or a new shift type still hints what it can.
/// </summary>
/// <param name="Cells">Staff × days: a shift index, <see cref="RosterGrid.Off"/> or <see cref="Free"/>.</param>
/// <param name="Hinted">Cells that are not <see cref="Free"/>.</param>
/// <param name="UnknownStaff">Staff ids of the earlier roster that this instance does not have.</param>
/// <param name="UnknownShifts">Shift ids of the earlier roster that this instance does not have (those cells are left free).</param>
/// <param name="DaysBeyond">Assignments and days off on days past this instance's horizon.</param>
internal sealed record RosterWarmStart(int[,] Cells, int Hinted, IReadOnlyList<string> UnknownStaff, IReadOnlyList<string> UnknownShifts, int DaysBeyond)
{
    /// <summary>A cell the earlier roster does not decide: CP-SAT gets no hint for it.</summary>
    public const int Free = int.MinValue;

    public int CellCount => Cells.Length;

    /// <summary>The earlier roster mapped onto <paramref name="instance"/>; a person-day the earlier roster assigns twice keeps its first shift.</summary>
    public static RosterWarmStart Match(RosterInstance instance, Roster earlier)
    {
        var staff = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var e = 0; e < instance.StaffCount; e++) staff.TryAdd(instance.Staff[e].Id, e);
        var shifts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var s = 0; s < instance.ShiftCount; s++) shifts.TryAdd(instance.ShiftIds[s], s);
        var cells = new int[instance.StaffCount, instance.Days];
        for (var e = 0; e < instance.StaffCount; e++)
            for (var d = 0; d < instance.Days; d++)
                cells[e, d] = Free;
        var unknownStaff = new SortedSet<string>(StringComparer.Ordinal);
        var unknownShifts = new SortedSet<string>(StringComparer.Ordinal);
        var beyond = 0;
        // A person-day with a shift this instance does not know is decided by nobody: not even "off".
        var undecided = new bool[instance.StaffCount, instance.Days];
        foreach (var assignment in earlier.Assignments)
        {
            if (!staff.TryGetValue(assignment.Nurse, out var e)) { unknownStaff.Add(assignment.Nurse); continue; }
            if (assignment.Day < 0 || assignment.Day >= instance.Days) { beyond++; continue; }
            if (!shifts.TryGetValue(assignment.Shift, out var s)) { unknownShifts.Add(assignment.Shift); undecided[e, assignment.Day] = true; continue; }
            if (cells[e, assignment.Day] == Free) cells[e, assignment.Day] = s;
        }
        foreach (var off in earlier.Off)
            foreach (var nurse in off.Nurses)
            {
                if (!staff.TryGetValue(nurse, out var e)) { unknownStaff.Add(nurse); continue; }
                if (off.Day < 0 || off.Day >= instance.Days) { beyond++; continue; }
                if (cells[e, off.Day] == Free && !undecided[e, off.Day]) cells[e, off.Day] = RosterGrid.Off;
            }
        var hinted = 0;
        foreach (var cell in cells)
            if (cell != Free) hinted++;
        return new RosterWarmStart(cells, hinted, [.. unknownStaff], [.. unknownShifts], beyond);
    }

    /// <summary>
    /// The earlier job's roster for this solve, or null without a warm start or without a roster in it (logged either way:
    /// how many person-days it decides and what did not match).
    /// </summary>
    public static RosterWarmStart? Read(RosterInstance instance, ISolveContext context)
    {
        if (context.WarmStart is not { } warmStart) return null;
        if (warmStart.ResultAs<NurseSchedulingResult>()?.Roster is not { } roster)
        {
            context.Warn($"warm start: the result of job {warmStart.JobId} holds no roster; solving from scratch");
            return null;
        }
        var match = Match(instance, roster);
        var unmatched = new List<string>();
        if (match.UnknownStaff.Count > 0) unmatched.Add($"{match.UnknownStaff.Count} staff not in this instance ({Sample(match.UnknownStaff)})");
        if (match.UnknownShifts.Count > 0) unmatched.Add($"shift types not in this instance ({Sample(match.UnknownShifts)})");
        if (match.DaysBeyond > 0) unmatched.Add($"{match.DaysBeyond} entries past day {instance.Days - 1}");
        var leftOut = unmatched.Count > 0 ? "; left out: " + string.Join(", ", unmatched) : "";
        context.Info(string.Create(CultureInfo.InvariantCulture,
            $"warm start: the roster of job {warmStart.JobId} hints {match.Hinted} of {match.CellCount} person-days (matched by staff id, day and shift id){leftOut}"));
        return match;
    }

    /// <summary>
    /// Hints CP-SAT with this roster's decided cells, and where it leaves a cell free with <paramref name="fallback"/>'s
    /// (the constructed roster) if there is one. Each variable is hinted once: CP-SAT rejects a hint that names one twice.
    /// </summary>
    public void AddHints(NurseSchedulingModel model, RosterGrid? fallback)
    {
        var instance = model.Instance;
        foreach (var e in model.FreeStaff)
            for (var d = 0; d < instance.Days; d++)
            {
                var worked = Cells[e, d] != Free ? Cells[e, d] : fallback?.Shift[e, d] ?? Free;
                if (worked == Free) continue;
                for (var s = 0; s < instance.ShiftCount; s++)
                    if (model.X[e, d, s] is { } x) model.Model.AddHint(x, worked == s ? 1 : 0);
                if (model.Work[e, d] is { } work) model.Model.AddHint(work, worked == RosterGrid.Off ? 0 : 1);
            }
    }

    /// <summary>
    /// The earlier roster as this instance's roster when it decides every person-day and keeps every hard rule, else null.
    /// CP-SAT reports a hint as a first solution only when it names every variable of the model, and ours names the
    /// assignment variables only: without this, a re-solve could end worse than the roster it started from (Instance6, 10 s:
    /// the first roster as good as the earlier one came after 4.4 and 9.7 s). The check is each person's row against their
    /// contract (<see cref="PersonRules"/>) plus the hard cover bounds: staff × days, no model (a CP-SAT model of everybody
    /// for a year is what the large path avoids building).
    /// </summary>
    public RosterGrid? ValidRoster(RosterInstance instance, ISolveContext context)
    {
        if (Hinted != CellCount) return null;
        var grid = new RosterGrid(instance.StaffCount, instance.Days);
        for (var e = 0; e < instance.StaffCount; e++)
            for (var d = 0; d < instance.Days; d++)
                grid.Shift[e, d] = Cells[e, d];
        if (BrokenRule(instance, grid) is { } broken)
        {
            context.Info($"warm start: the earlier roster breaks a hard rule of this instance ({broken}); it is a hint only");
            return null;
        }
        context.Info($"warm start: the earlier roster keeps every hard rule of this instance: penalty {RosterPenalty.Evaluate(instance, grid).Total}, the result is at least as good");
        return grid;
    }

    /// <summary>The first hard rule <paramref name="grid"/> breaks, in words, or null when it keeps them all.</summary>
    private static string? BrokenRule(RosterInstance instance, RosterGrid grid)
    {
        var row = new int[instance.Days];
        for (var e = 0; e < instance.StaffCount; e++)
        {
            for (var d = 0; d < instance.Days; d++) row[d] = grid.Shift[e, d];
            if (!PersonRules.Hold(instance, e, row)) return $"the contract of staff \"{instance.Staff[e].Id}\"";
        }
        var people = new int[instance.Days, instance.ShiftCount];
        for (var e = 0; e < instance.StaffCount; e++)
            for (var d = 0; d < instance.Days; d++)
                if (grid.Shift[e, d] != RosterGrid.Off) people[d, grid.Shift[e, d]]++;
        foreach (var c in instance.Cover)
            if (people[c.Day, c.Shift] < (c.Minimum ?? 0) || people[c.Day, c.Shift] > (c.Maximum ?? int.MaxValue))
                return $"the cover bounds of day {c.Day} shift \"{instance.ShiftIds[c.Shift]}\"";
        return null;
    }

    private static string Sample(IReadOnlyList<string> ids) =>
        string.Join(", ", ids.Take(5)) + (ids.Count > 5 ? $", … {ids.Count - 5} more" : "");
}
