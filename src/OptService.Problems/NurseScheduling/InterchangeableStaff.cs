using Google.OrTools.Sat;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Enumeration up to renaming the staff. When every person has the same contract, nobody is named in a request
/// and every (day, shift) is worked by exactly one person (the short form), renaming the people of a roster gives
/// another valid roster, and those renamings are all different rosters except where people who work nothing
/// swap. CP-SAT then enumerates one roster per class (value precedence: person e+1 works no earlier (day, shift)
/// than person e's first), and each stands for <see cref="ClassSize"/> rosters: the seed's 5184 are 216
/// classes of 24, and CP-SAT's time per solution, not the model, is what enumeration costs.
/// </summary>
internal static class InterchangeableStaff
{
    /// <summary>Up to 20 people a class size (20! ≈ 2.4·10^18) fits a long.</summary>
    private const int MaxStaff = 20;

    /// <summary>Whether the instance's people are interchangeable in the sense above.</summary>
    public static bool Applies(RosterInstance instance)
    {
        if (instance.StaffCount < 2 || instance.StaffCount > MaxStaff) return false;
        if (instance.OnRequests.Count > 0 || instance.OffRequests.Count > 0) return false;
        var first = instance.Staff[0];
        foreach (var person in instance.Staff)
            if (!SameContract(first, person)) return false;
        var exactlyOne = new bool[instance.Days, instance.ShiftCount];
        foreach (var c in instance.Cover)
        {
            if (c.Minimum != 1 || c.Maximum != 1) return false;
            exactlyOne[c.Day, c.Shift] = true;
        }
        foreach (var covered in exactlyOne)
            if (!covered) return false;
        return true;
    }

    private static bool SameContract(StaffContract a, StaffContract b) =>
        a.MaxShifts.AsSpan().SequenceEqual(b.MaxShifts) && a.DayOff.AsSpan().SequenceEqual(b.DayOff)
        && a.MinTotalMinutes == b.MinTotalMinutes && a.MaxTotalMinutes == b.MaxTotalMinutes
        && a.MaxConsecutiveShifts == b.MaxConsecutiveShifts && a.MinConsecutiveShifts == b.MinConsecutiveShifts
        && a.MinConsecutiveDaysOff == b.MinConsecutiveDaysOff && a.MaxWeekends == b.MaxWeekends;

    /// <summary>
    /// One roster per class: with the (day, shift) cells in order, a cell worked by person e (e ≥ 1) comes after
    /// some cell worked by person e − 1. So the people are numbered by their first cell, and the ones who work
    /// nothing are the last.
    /// </summary>
    public static void AddPrecedence(NurseSchedulingModel model)
    {
        var instance = model.Instance;
        var cells = new List<BoolVar?[]>();
        for (var e = 0; e < instance.StaffCount; e++)
        {
            var row = new BoolVar?[instance.Days * instance.ShiftCount];
            for (var d = 0; d < instance.Days; d++)
                for (var s = 0; s < instance.ShiftCount; s++)
                    row[(d * instance.ShiftCount) + s] = model.X[e, d, s];
            cells.Add(row);
        }
        for (var e = 1; e < instance.StaffCount; e++)
            for (var t = 0; t < cells[e].Length; t++)
            {
                if (cells[e][t] is not { } x) continue;
                var clause = new List<ILiteral> { x.Not() };
                for (var earlier = 0; earlier < t; earlier++)
                    if (cells[e - 1][earlier] is { } before) clause.Add(before);
                model.Model.AddBoolOr(clause);
            }
    }

    /// <summary>How many rosters the class of <paramref name="grid"/> holds: n!/z!, z people working nothing.</summary>
    public static long ClassSize(RosterGrid grid)
    {
        var (staff, idle) = (grid.Shift.GetLength(0), IdleCount(grid));
        long size = 1;
        for (var k = idle + 1; k <= staff; k++) size *= k;
        return size;
    }

    /// <summary>The rosters of <paramref name="grid"/>'s class, the given one first: its working people renamed to
    /// every ordered choice of distinct people (which idle person is idle does not make another roster).</summary>
    public static IEnumerable<RosterGrid> Class(RosterGrid grid)
    {
        var staff = grid.Shift.GetLength(0);
        var working = Enumerable.Range(0, staff).Where(e => !Idle(grid, e)).ToArray();
        var image = new int[working.Length];
        var used = new bool[staff];
        return Arrangements(0);

        IEnumerable<RosterGrid> Arrangements(int position)
        {
            if (position == working.Length)
            {
                yield return Renamed(grid, working, image);
                yield break;
            }
            for (var e = 0; e < staff; e++)
            {
                if (used[e]) continue;
                used[e] = true;
                image[position] = e;
                foreach (var roster in Arrangements(position + 1)) yield return roster;
                used[e] = false;
            }
        }
    }

    private static RosterGrid Renamed(RosterGrid grid, int[] working, int[] image)
    {
        var (staff, days) = (grid.Shift.GetLength(0), grid.Shift.GetLength(1));
        var renamed = new RosterGrid(staff, days);
        for (var i = 0; i < working.Length; i++)
            for (var d = 0; d < days; d++)
                renamed.Shift[image[i], d] = grid.Shift[working[i], d];
        return renamed;
    }

    private static int IdleCount(RosterGrid grid)
    {
        var idle = 0;
        for (var e = 0; e < grid.Shift.GetLength(0); e++)
            if (Idle(grid, e)) idle++;
        return idle;
    }

    private static bool Idle(RosterGrid grid, int e)
    {
        for (var d = 0; d < grid.Shift.GetLength(1); d++)
            if (grid.Shift[e, d] != RosterGrid.Off) return false;
        return true;
    }
}
