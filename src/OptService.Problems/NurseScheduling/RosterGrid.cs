namespace OptService.Problems.NurseScheduling;

/// <summary>A solution as plain data: <c>Shift[e, d]</c> is the shift index person e works on day d, or −1 when off.</summary>
internal sealed class RosterGrid
{
    public const int Off = -1;

    public RosterGrid(int staff, int days)
    {
        Shift = new int[staff, days];
        for (var e = 0; e < staff; e++)
            for (var d = 0; d < days; d++)
                Shift[e, d] = Off;
    }

    public int[,] Shift { get; }

    /// <summary>Person e's row as a span over the grid (a 2-D array is stored row by row), without a copy.</summary>
    public ReadOnlySpan<int> Row(int e) => System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref Shift[e, 0], Shift.GetLength(1));

    /// <summary>Reads the grid from the model's x variables through a value lookup (solver or callback); people
    /// without variables (outside a neighbourhood) keep their shifts in <paramref name="others"/>.</summary>
    public static RosterGrid Read(NurseSchedulingModel model, Func<Google.OrTools.Sat.BoolVar, bool> value, RosterGrid? others = null)
    {
        var instance = model.Instance;
        var grid = others?.Copy() ?? new RosterGrid(instance.StaffCount, instance.Days);
        foreach (var e in model.FreeStaff)
            for (var d = model.From; d < model.To; d++)
            {
                grid.Shift[e, d] = Off;
                for (var s = 0; s < instance.ShiftCount; s++)
                    if (model.X[e, d, s] is { } x && value(x))
                        grid.Shift[e, d] = s;
            }
        return grid;
    }

    public RosterGrid Copy()
    {
        var copy = new RosterGrid(Shift.GetLength(0), Shift.GetLength(1));
        Array.Copy(Shift, copy.Shift, Shift.Length);
        return copy;
    }

    /// <summary>The roster with the instance's own ids.</summary>
    public Roster ToRoster(RosterInstance instance)
    {
        var assignments = new List<Assignment>();
        var off = new List<DayOff>();
        for (var d = 0; d < instance.Days; d++)
        {
            var resting = new List<string>();
            for (var s = 0; s < instance.ShiftCount; s++)
                for (var e = 0; e < instance.StaffCount; e++)
                    if (Shift[e, d] == s)
                        assignments.Add(new Assignment(d, instance.ShiftIds[s], instance.Staff[e].Id));
            for (var e = 0; e < instance.StaffCount; e++)
                if (Shift[e, d] == Off)
                    resting.Add(instance.Staff[e].Id);
            off.Add(new DayOff(d, resting));
        }
        return new Roster(assignments, off);
    }
}
