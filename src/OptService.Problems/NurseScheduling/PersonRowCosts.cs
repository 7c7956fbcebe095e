namespace OptService.Problems.NurseScheduling;

/// <summary>
/// What each cell of one person's row costs in requests alone: working shift s on day d (+∞ where the person may
/// never work it: a fixed day off or a type they may not work) and being off on day d. A row's request penalty is the
/// sum over its days, which is how columns of <see cref="RosterColumnGeneration"/> are priced.
/// </summary>
internal sealed class PersonRowCosts
{
    public PersonRowCosts(RosterInstance instance)
    {
        var days = instance.Days;
        var shifts = instance.ShiftCount;
        Work = new double[instance.StaffCount][];
        Off = new double[instance.StaffCount][];
        for (var e = 0; e < instance.StaffCount; e++)
        {
            var person = instance.Staff[e];
            var work = Work[e] = new double[days * shifts];
            Off[e] = new double[days];
            for (var d = 0; d < days; d++)
                for (var s = 0; s < shifts; s++)
                    work[d * shifts + s] = person.DayOff[d] || person.MaxShifts[s] <= 0 ? double.PositiveInfinity : 0;
        }
        // A shift-on request costs its weight unless that shift is worked: off, or any other shift.
        foreach (var r in instance.OnRequests)
        {
            Off[r.Staff][r.Day] += r.Weight;
            for (var s = 0; s < shifts; s++)
                if (s != r.Shift) Work[r.Staff][r.Day * shifts + s] += r.Weight;
        }
        foreach (var r in instance.OffRequests) Work[r.Staff][r.Day * shifts + r.Shift] += r.Weight;
        Shifts = shifts;
    }

    private int Shifts { get; }

    /// <summary>[e][d·S + s]: the requests' cost of e working s on d.</summary>
    public double[][] Work { get; }

    /// <summary>[e][d]: the requests' cost of e being off on d.</summary>
    public double[][] Off { get; }

    /// <summary>The request penalty of person <paramref name="e"/> working <paramref name="row"/> (an integer: the
    /// weights are).</summary>
    public long Of(int e, int[] row)
    {
        double total = 0;
        for (var d = 0; d < row.Length; d++) total += row[d] == RosterGrid.Off ? Off[e][d] : Work[e][d * Shifts + row[d]];
        return (long)Math.Round(total);
    }
}
