namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Forced responses: a person's best row among those that have given cells (a shift type on one day, a day off on
/// another), taken whether or not it is better. The moves of the walk that need two people (an ejection chain, a
/// weekend handover) start with one of these: the first person's change alone gains nothing, the second's completes it.
/// </summary>
internal sealed partial class RosterBestResponse
{
    /// <summary>An ejection move: person e takes their best row among those that work shift <paramref name="shift"/> on
    /// <paramref name="day"/> (a cell below its requirement), whether or not it is better; the row keeps every rule.
    /// The person is not due again: the people whose cells they left respond first (the chain), the caller makes them
    /// due afterwards (<see cref="MarkDue"/>). False when the person responds on windows, already works the cell, may
    /// not work it, or no row that works it keeps the rules.</summary>
    public bool Force(int e, int day, int shift)
    {
        if (UsesWindows(e) || Current.Shift[e, day] == shift || double.IsPositiveInfinity(_baseWork[e][day * _shifts + shift])) return false;
        return ForceCells(e, [(day, shift)], (0, _days), null);
    }

    /// <summary>Person e's best row that has <paramref name="cells"/> (shift type or <see cref="RosterGrid.Off"/> per
    /// day), taken whether or not it is better when it keeps every rule. People on windows change only the days of window
    /// <paramref name="a"/>, or of <paramref name="a"/> and <paramref name="b"/> (at least <see cref="PairGap"/> days
    /// apart), which must hold the cells; the others respond over the whole horizon. The person is not due again: the
    /// caller makes them due (<see cref="MarkDue"/>) when the people their change affects have responded. False when
    /// no such row keeps the rules, or the windows' states do not fit.</summary>
    public bool ForceCells(int e, (int Day, int Shift)[] cells, (int From, int To) a, (int From, int To)? b)
    {
        var moves = Moves;
        _forced = cells;
        try
        {
            if (!UsesWindows(e)) Respond(e, 0, 0, 0);
            else if (b is not { } second) RespondWindow(e, a.From, a.To, 0, 0, 0);
            else RespondPair(e, a.From, a.To, second.From, second.To);
        }
        finally { _forced = null; }
        return Moves > moves;
    }

    /// <summary>A random cell below its requirement on a Saturday or Sunday, or null when there is none.</summary>
    public (int Day, int Shift)? RandomShortWeekendCell(Random random)
    {
        var cells = _count.Length;
        var start = random.Next(cells);
        for (var k = 0; k < cells; k++)
        {
            var i = (start + k) % cells;
            var day = i / _shifts;
            if (day % 7 >= 5 && day / 7 < _instance.WeekendCount && _count[i] < _requirement[i] && _under[i] > 0) return (day, i % _shifts);
        }
        return null;
    }
}
