namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Minutes transfers. Where the staff's maximum minutes add up to about the demand (Instance13: 939,000 for 941,160),
/// the cover left short is what the minutes fail to pack: people keep 120–360 minutes unused, too little for a shift,
/// while a short cell waits for somebody who has the minutes. A transfer gives a person who may work the short cell
/// the minutes it needs: on other days they exchange a longer shift type for a shorter one with people who have
/// minutes to spare (the cover stays as it is), and then they are forced onto the cell (<see cref="RosterBestResponse.Force"/>)
/// and everybody due responds.
/// </summary>
internal sealed partial class RosterResponseWalk
{
    /// <summary>Transfers made, for the log.</summary>
    public int Transfers { get; private set; }

    /// <summary>False when there is no short cell, or none of a few drawn people who may work it can be given its minutes
    /// by exchanges that keep every rule, or the forced row breaks one (the exchanges are then undone).</summary>
    private bool Transfer(Func<bool> stop)
    {
        if (_response.RandomShortCell(_random) is not var (day, shift)) return false;
        var roster = _response.Current.Shift;
        var takers = _response.MayWork(day, shift)
            .Where(p => roster[p, day] == RosterGrid.Off && !_response.UsesWindows(p) && _instance.Staff[p].MaxTotalMinutes is not null)
            .OrderBy(_ => _random.Next()).Take(3);
        foreach (var taker in takers)
        {
            var need = Minutes(taker) + _instance.ShiftLengths[shift] - _instance.Staff[taker].MaxTotalMinutes!.Value;
            if (need <= 0) continue; // the minutes are not what keeps this person off the cell
            if (Exchanges(taker, day, need) is not { } exchanges) continue;
            foreach (var (giver, d) in exchanges) _response.Swap(taker, giver, d);
            if (_response.Force(taker, day, shift))
            {
                Transfers++;
                _response.MarkDue(taker);
                _response.Descend(_random, stop);
                return true;
            }
            for (var k = exchanges.Count - 1; k >= 0; k--) _response.Swap(taker, exchanges[k].Person, exchanges[k].Day);
            return false;
        }
        return false;
    }

    private long Minutes(int e)
    {
        long minutes = 0;
        for (var d = 0; d < _instance.Days; d++)
            if (_response.Current.Shift[e, d] is var s and not RosterGrid.Off) minutes += _instance.ShiftLengths[s];
        return minutes;
    }

    /// <summary>Exchanges on days other than <paramref name="day"/> that take at least <paramref name="need"/> minutes
    /// off the taker, each with a person who works a shorter type that day, has the minutes to spare, and whose row keeps
    /// every rule after it; cheapest in requests first (ties at random). Null when they do not add up to the need.</summary>
    private List<(int Person, int Day)>? Exchanges(int taker, int day, long need)
    {
        var roster = _response.Current.Shift;
        var days = _instance.Days;
        var lengths = _instance.ShiftLengths;
        var takerRow = Enumerable.Range(0, days).Select(d => roster[taker, d]).ToArray();
        var options = new List<(int Person, int Day, long Cost, int Tie)>();
        for (var d = 0; d < days; d++)
        {
            var longer = takerRow[d];
            if (d == day || longer == RosterGrid.Off) continue;
            for (var p = 0; p < _instance.StaffCount; p++)
            {
                var shorter = roster[p, d];
                if (p == taker || shorter == RosterGrid.Off || lengths[shorter] >= lengths[longer]) continue;
                if (_instance.Staff[p].MaxShifts[longer] <= 0 || _instance.Staff[taker].MaxShifts[shorter] <= 0) continue;
                options.Add((p, d, _response.SwapCost(taker, p, d), _random.Next()));
            }
        }
        var chosen = new List<(int Person, int Day)>();
        var rows = new Dictionary<int, int[]>();
        long freed = 0;
        foreach (var (p, d, _, _) in options.OrderBy(o => o.Cost).ThenBy(o => o.Tie))
        {
            if (freed >= need) break;
            if (chosen.Any(c => c.Day == d)) continue; // the taker's type that day has been exchanged already
            var row = rows.TryGetValue(p, out var r) ? r : rows[p] = Enumerable.Range(0, days).Select(k => roster[p, k]).ToArray();
            var (shorter, longer) = (row[d], takerRow[d]);
            row[d] = longer;
            takerRow[d] = shorter;
            // The giver's row keeps every rule; the taker's only its successions and type maxima here (its minutes are
            // below its need until it is forced onto the cell, and that row is checked whole).
            if (PersonRules.Hold(_instance, p, row) && TakerKeeps(taker, takerRow, d))
            {
                chosen.Add((p, d));
                freed += lengths[longer] - lengths[shorter];
            }
            else
            {
                row[d] = shorter;
                takerRow[d] = longer;
            }
        }
        return freed >= need ? chosen : null;
    }

    private bool TakerKeeps(int taker, int[] row, int d)
    {
        var forbidden = _instance.ForbiddenNext;
        if (d > 0 && row[d - 1] != RosterGrid.Off && forbidden[row[d - 1], row[d]]) return false;
        if (d + 1 < row.Length && row[d + 1] != RosterGrid.Off && forbidden[row[d], row[d + 1]]) return false;
        return row.Count(s => s == row[d]) <= _instance.Staff[taker].MaxShifts[row[d]];
    }
}
