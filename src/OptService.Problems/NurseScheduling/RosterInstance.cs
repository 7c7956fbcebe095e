namespace OptService.Problems.NurseScheduling;

/// <summary>
/// A validated problem in index form (staff e, day d, shift type s), shared by both JSON forms.
/// Absent limits are null; <see cref="StaffContract.MaxShifts"/> holds the day count when a type is unlimited.
/// </summary>
internal sealed record RosterInstance(
    int Days,
    IReadOnlyList<string> ShiftIds,
    IReadOnlyList<int> ShiftLengths,
    bool[,] ForbiddenNext,
    IReadOnlyList<StaffContract> Staff,
    IReadOnlyList<WeightedRequest> OnRequests,
    IReadOnlyList<WeightedRequest> OffRequests,
    IReadOnlyList<CoverTarget> Cover)
{
    public int ShiftCount => ShiftIds.Count;
    public int StaffCount => Staff.Count;
    public int WeekendCount => Days / 7;

    /// <summary>Day 0 is a Monday, so Saturday of weekend w is 7w + 5 and Sunday 7w + 6.</summary>
    public static int Saturday(int weekend) => (7 * weekend) + 5;

    /// <summary>The weekends a row (shift per day, <see cref="RosterGrid.Off"/> when off) works on Saturday or Sunday.</summary>
    public int WeekendsWorked(ReadOnlySpan<int> row)
    {
        var worked = 0;
        for (var w = 0; w < WeekendCount; w++)
            if (row[Saturday(w)] != RosterGrid.Off || row[Saturday(w) + 1] != RosterGrid.Off) worked++;
        return worked;
    }

    /// <summary>
    /// The reference roster: every shift of every day is worked by exactly one nurse and every nurse works
    /// floor or ceil of (days × shifts / nurses) shifts. Shifts and nurses are numbered from 0.
    /// </summary>
    public static RosterInstance FromShortForm(int nurses, int days, int shiftsPerDay)
    {
        const int length = 480;
        var total = days * shiftsPerDay;
        var minShifts = total / nurses;
        var maxShifts = minShifts + (total % nurses == 0 ? 0 : 1);
        var shiftIds = Enumerable.Range(0, shiftsPerDay).Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var staff = Enumerable.Range(0, nurses).Select(n => new StaffContract(
            n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Enumerable.Repeat(days, shiftsPerDay).ToArray(),
            minShifts * length, maxShifts * length, null, null, null, null, new bool[days])).ToList();
        var cover = new List<CoverTarget>();
        for (var d = 0; d < days; d++)
            for (var s = 0; s < shiftsPerDay; s++)
                cover.Add(new CoverTarget(d, s, 1, 0, 0, 1, 1));
        return new RosterInstance(days, shiftIds, Enumerable.Repeat(length, shiftsPerDay).ToList(),
            new bool[shiftsPerDay, shiftsPerDay], staff, [], [], cover);
    }

    /// <summary>The long form, assumed validated (every id known, every count in range).</summary>
    public static RosterInstance FromLongForm(NurseSchedulingProblem problem)
    {
        var days = problem.HorizonDays!.Value;
        var shifts = problem.ShiftTypes!;
        var shiftIndex = shifts.Select((shift, i) => (shift.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var forbidden = new bool[shifts.Count, shifts.Count];
        for (var s = 0; s < shifts.Count; s++)
            foreach (var next in shifts[s].ForbiddenNext ?? [])
                forbidden[s, shiftIndex[next]] = true;

        var staffIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var staff = new List<StaffContract>();
        foreach (var person in problem.Staff!)
        {
            staffIndex[person.Id] = staff.Count;
            var maxShifts = shifts.Select(shift => person.MaxShifts is null
                ? days
                : Math.Min(days, person.MaxShifts.GetValueOrDefault(shift.Id, 0))).ToArray();
            var off = new bool[days];
            foreach (var d in person.DaysOff ?? []) off[d] = true;
            staff.Add(new StaffContract(person.Id, maxShifts, person.MinTotalMinutes, person.MaxTotalMinutes,
                person.MaxConsecutiveShifts, person.MinConsecutiveShifts, person.MinConsecutiveDaysOff, person.MaxWeekends, off));
        }

        WeightedRequest Request(ShiftRequestSpec r) => new(staffIndex[r.Staff], r.Day, shiftIndex[r.Shift], r.Weight);
        return new RosterInstance(
            days,
            shifts.Select(s => s.Id).ToList(),
            shifts.Select(s => s.LengthMinutes).ToList(),
            forbidden,
            staff,
            (problem.ShiftOnRequests ?? []).Select(Request).ToList(),
            (problem.ShiftOffRequests ?? []).Select(Request).ToList(),
            (problem.Cover ?? []).Select(c => new CoverTarget(c.Day, shiftIndex[c.Shift], c.Requirement,
                c.WeightUnder, c.WeightOver, c.Minimum, c.Maximum)).ToList());
    }
}

/// <summary>One person's contract in index form.</summary>
internal sealed record StaffContract(
    string Id,
    int[] MaxShifts,
    int? MinTotalMinutes,
    int? MaxTotalMinutes,
    int? MaxConsecutiveShifts,
    int? MinConsecutiveShifts,
    int? MinConsecutiveDaysOff,
    int? MaxWeekends,
    bool[] DayOff);

/// <summary>A shift-on or shift-off request in index form.</summary>
internal sealed record WeightedRequest(int Staff, int Day, int Shift, int Weight);

/// <summary>Cover of one (day, shift type) in index form.</summary>
internal sealed record CoverTarget(int Day, int Shift, int Requirement, int WeightUnder, int WeightOver, int? Minimum, int? Maximum);
