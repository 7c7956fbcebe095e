namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Weekend handovers. Where the maximum weekends bind (Instance20: worked whole, the allowed weekends give 1,260 weekend
/// shifts for a demand of 1,239; Instance23 4,850 for 4,617), the short cells are on weekends and the weekend shifts
/// missing are those of half weekends: a person who works one day of a weekend has spent that weekend on one shift.
/// Nobody fills such a cell alone: the people who may work it have no weekend left, and freeing one (dropping the day of
/// a half weekend) leaves that cell short. A handover makes the two changes together: person Q is forced onto the short
/// cell and off the day of one of their half weekends, where somebody else could take Q's place without spending a
/// weekend (they work the weekend's other day, or have a weekend to spare); then everybody due responds, and that
/// person can take it.
/// </summary>
/// <remarks>Q is a person on windows: Q changes only a week around each of the two weekends (one window when they are
/// at most two weeks apart, else a pair). People who respond over the whole horizon are the ejection chains' (forced
/// onto the cell, their best row already gives up the cheapest weekend); handovers for them, tried on Instance13, were
/// worse more often than better (a 60 s run, 2026-12-01: 63 ended worse, 18 better).</remarks>
internal sealed partial class RosterResponseWalk
{
    /// <summary>Handovers made, for the log.</summary>
    public int Handovers { get; private set; }

    /// <summary>False when no weekend cell is short, or none of ten drawn people on windows who may work it has a half
    /// weekend to hand over, or has a forced row that keeps the rules (nothing changes then).</summary>
    private bool Handover(Func<bool> stop)
    {
        if (_response.RandomShortWeekendCell(_random) is not var (day, shift)) return false;
        var roster = _response.Current.Shift;
        foreach (var q in _response.MayWork(day, shift).Where(q => roster[q, day] == RosterGrid.Off && _response.UsesWindows(q)).OrderBy(_ => _random.Next()).Take(10))
        {
            var halves = HalfWeekendsToHandOver(q, day / 7);
            if (halves.Count == 0) continue;
            var left = halves[_random.Next(halves.Count)];
            var (a, b) = HandoverWindows(day / 7, left / 7);
            if (!_response.ForceCells(q, [(day, shift), (left, RosterGrid.Off)], a, b)) continue;
            Handovers++;
            _response.Descend(_random, stop);
            _response.MarkDue(q);
            _response.Descend(_random, stop);
            return true;
        }
        return false;
    }

    /// <summary>The days person q works in a half weekend (other than weekend <paramref name="except"/>) on which somebody
    /// who may work q's shift type there is off and would spend no weekend on it: they work the weekend's other day, or
    /// have a weekend to spare.</summary>
    private List<int> HalfWeekendsToHandOver(int q, int except)
    {
        var roster = _response.Current.Shift;
        var days = new List<int>();
        for (var w = 0; w < _instance.WeekendCount; w++)
        {
            var saturday = RosterInstance.Saturday(w);
            if (w == except || (roster[q, saturday] == RosterGrid.Off) == (roster[q, saturday + 1] == RosterGrid.Off)) continue;
            var (worked, other) = roster[q, saturday] != RosterGrid.Off ? (saturday, saturday + 1) : (saturday + 1, saturday);
            var type = roster[q, worked];
            if (_response.MayWork(worked, type).Any(p => roster[p, worked] == RosterGrid.Off && (roster[p, other] != RosterGrid.Off || SpareWeekend(p)))) days.Add(worked);
        }
        return days;
    }

    /// <summary>True when person p works fewer weekends than their maximum (or has none).</summary>
    private bool SpareWeekend(int p)
    {
        return _instance.Staff[p].MaxWeekends is not { } most || _instance.WeekendsWorked(_response.Current.Row(p)) < most;
    }

    /// <summary>The days a person on windows may change in a handover between weekends v and w: one window from the
    /// Wednesday before the first to the Tuesday after the second when they are at most two weeks apart, else a week
    /// around each (then at least <see cref="RosterBestResponse.PairGap"/> days apart).</summary>
    private ((int From, int To) A, (int From, int To)? B) HandoverWindows(int v, int w)
    {
        var (first, last) = (Math.Min(v, w), Math.Max(v, w));
        (int, int) Around(int from, int to) => (Math.Max(0, (7 * from) + 2), Math.Min(_instance.Days, (7 * to) + 9));
        return last - first <= 2 ? (Around(first, last), null) : (Around(first, first), Around(last, last));
    }
}
