namespace OptService.Problems.NurseScheduling;

/// <summary>
/// The cheapest row of one person for given day costs, by dynamic programming over the days: the Lagrangian bound's
/// subproblem (<see cref="RosterLagrangianBound"/>). Exact for the rules it keeps, which are the person's sequence
/// rules: one shift a day, fixed days off, types the person may never work, forbidden successions, maximum
/// consecutive working days, minimum consecutive working days and days off (runs touching the first or last day
/// exempt, as in the model), when <c>exactMinutes</c> the total-minutes window and when <c>exactWeekends</c> the
/// maximum of worked weekends. The rules it does not keep (per-type maxima, and the minutes and weekends when not
/// exact) the caller prices with multipliers.
/// </summary>
/// <remarks>
/// State on day d: the shift worked and the length of the working run (up to the maximum; without a maximum
/// capped at the minimum, where only "long enough" matters), or the length of the days-off run capped at its
/// minimum; with exact minutes also the minutes so far in units of the gcd of the shift lengths, with exact weekends
/// the weekends worked so far. A run that started
/// on day 0 is recognised by its length (it covers every day so far), so it needs no flag of its own.
/// </remarks>
internal sealed partial class RosterPersonDp
{
    private readonly int _days;
    private readonly int _shifts;
    private readonly bool[,] _forbidden;
    private readonly bool _hasMaxRun;
    private readonly int _maxRun;      // K: work-run lengths 1..K (0: the person may not work at all)
    private readonly int _runSlots;    // max(1, K): work states per shift type
    private readonly int _minRun;
    private readonly int _offCap;      // J: off-run lengths 1..J
    private readonly int _minOff;
    private readonly int[] _lengthUnits; // per shift type; 0 when minutes are not tracked
    private readonly int _minutesCap;  // C: minutes units 0..C
    private readonly bool _hasMaxMinutes;
    private readonly int _minUnits;
    private readonly int _weekends;
    private readonly int _weekendCap;  // worked weekends 0..cap, when a state
    private readonly long _resources;  // (minutes units + 1) × (weekend cap + 1) × (counted type's cap + 1)
    private readonly int _countedType; // a shift type whose count is a state (−1: none)
    private readonly int _typeWidth;   // its cap + 1, or 1
    private readonly RosterDpWorkspace _workspace;

    /// <remarks><paramref name="workspace"/>: the arrays the DP works in; people solved one after another can share
    /// one (the back-pointers of a year are megabytes per person). Null: the DP has its own.</remarks>
    /// <remarks><paramref name="countedType"/>: a shift type whose per-type maximum the DP keeps exactly, with the
    /// count as a state (−1: none; the caller prices the per-type maxima).</remarks>
    public RosterPersonDp(RosterInstance instance, int e, bool exactMinutes, bool exactWeekends = false, RosterDpWorkspace? workspace = null,
        int countedType = -1)
    {
        _workspace = workspace ?? new RosterDpWorkspace();
        var person = instance.Staff[e];
        _days = instance.Days;
        _shifts = instance.ShiftCount;
        _forbidden = instance.ForbiddenNext;
        (_hasMaxRun, _minRun, _maxRun, _runSlots, _minOff, _offCap) = RunLimits.Of(person);
        _weekends = instance.WeekendCount;
        _lengthUnits = new int[_shifts];
        ExactMinutes = exactMinutes && (person.MinTotalMinutes is > 0 || person.MaxTotalMinutes is not null);
        if (ExactMinutes)
        {
            var unit = 0;
            for (var s = 0; s < _shifts; s++) unit = Gcd(unit, instance.ShiftLengths[s]);
            unit = Math.Max(1, unit);
            for (var s = 0; s < _shifts; s++) _lengthUnits[s] = instance.ShiftLengths[s] / unit;
            _hasMaxMinutes = person.MaxTotalMinutes is not null;
            // m·unit ≥ Min ⇔ m ≥ ceil(Min / unit); m·unit ≤ Max ⇔ m ≤ floor(Max / unit).
            _minUnits = person.MinTotalMinutes is { } min ? (int)Math.Min(int.MaxValue / 2, (min + unit - 1L) / unit) : 0;
            _minutesCap = _hasMaxMinutes ? Math.Max(-1, person.MaxTotalMinutes!.Value / unit) : _minUnits;
        }
        // Worked weekends as a state only while they can bind (a maximum below the horizon's weekends).
        ExactWeekends = exactWeekends && person.MaxWeekends is { } maxWeekends && maxWeekends < _weekends;
        _weekendCap = ExactWeekends ? Math.Max(-1, person.MaxWeekends!.Value) : 0;
        _countedType = countedType;
        _typeWidth = countedType >= 0 ? Math.Max(0, person.MaxShifts[countedType]) + 1 : 1;
        _resources = (long)(_minutesCap + 1) * (_weekendCap + 1) * _typeWidth;
        WorkStates = _shifts * _runSlots;
        StateCount = (WorkStates + _offCap) * _resources;
    }

    /// <summary>The strongest DP for everybody that fits <paramref name="budget"/> (Σ over people of days × states):
    /// minutes and weekends as states, then minutes alone, then weekends alone, then neither.</summary>
    public static (bool Minutes, bool Weekends) StrongestWithin(RosterInstance instance, long budget)
    {
        (bool Minutes, bool Weekends)[] choices = [(true, true), (true, false), (false, true), (false, false)];
        return choices.FirstOrDefault(c => c == (false, false) || Enumerable.Range(0, instance.StaffCount)
            .Sum(e => new RosterPersonDp(instance, e, c.Minutes, c.Weekends).StateCount * instance.Days) <= budget);
    }

    /// <summary>True when the total-minutes window is a state of the DP (kept exactly).</summary>
    public bool ExactMinutes { get; }

    /// <summary>True when the maximum of worked weekends is a state of the DP (kept exactly).</summary>
    public bool ExactWeekends { get; }

    private int WorkStates { get; }

    /// <summary>States per day: the DP's work per day is about this times the shift types.</summary>
    public long StateCount { get; }

    /// <summary>
    /// The minimum over the person's rows that keep the rules above of Σ_d cost(d, row[d]) + <paramref name="weekendCost"/>
    /// × worked weekends, where cost(d, s) = <paramref name="workCost"/>[d·S + s] (positive infinity = may not work it)
    /// and cost(d, off) = <paramref name="offCost"/>[d]; the row is written to <paramref name="row"/> (−1 = off).
    /// Returns positive infinity when no row keeps the rules.
    /// </summary>
    /// <remarks><paramref name="below"/>: only rows cheaper than this are wanted (a response must beat the person's
    /// current row). A state whose cost so far plus a lower bound of its cost to go (<see cref="FillCostToGo"/>)
    /// reaches it is dropped, which drops only rows that cost at least as much: the minimum is still exact when it is
    /// below <paramref name="below"/>; otherwise the result is positive infinity or a row costing at least that.</remarks>
    public double Solve(double[] workCost, double[] offCost, double weekendCost, int[] row, double below = double.PositiveInfinity)
    {
        if (_minutesCap < 0 || _weekendCap < 0) return double.PositiveInfinity;
        var width = (int)_resources;            // resource index r = (m · (weekend cap + 1) + w) · type width + count
        var weekendWidth = _weekendCap + 1;
        var tw = _typeWidth;
        var n = (int)StateCount;
        var ws = _workspace;
        ws.Ensure(n, _days);
        // Pruning against the bound: a margin for the floating-point error of two different sums of the same costs.
        var prune = !double.IsPositiveInfinity(below);
        var limit = below + (1e-7 * (1 + Math.Abs(below)));
        if (prune && FillCostToGo(workCost, offCost, weekendCost) >= limit)
        {
            Pruned++;
            return double.PositiveInfinity;
        }
        var queue = WorkStates + _offCap;
        _prune = prune;
        _limit = limit;

        // Values are +∞ where no row reaches; a sequence state's block of resource states is scanned (and reset after
        // use) only when one of them was reached. Back-pointers are written whenever a value is, so they need no reset.
        var cur = ws.Current;
        Array.Fill(cur, double.PositiveInfinity, 0, n);
        Array.Fill(ws.Next, double.PositiveInfinity, 0, n);
        Array.Clear(ws.CurrentLive, 0, queue);
        Array.Clear(ws.NextLive, 0, queue);
        _toGoDay = 0;
        // Day 0 (a Monday, so no weekend).
        for (var s = 0; s < _shifts && _maxRun >= 1; s++)
        {
            var c = workCost[s];
            if (double.IsPositiveInfinity(c) || !AddMinutes(0, s, out var m) || !AddCount(0, s, out var count)) continue;
            Relax(cur, ws.CurrentLive, 0, Work(s, 1), (m * weekendWidth * tw) + count, c + (NewWeekend(0, false) ? weekendCost : 0), -1);
        }
        Relax(cur, ws.CurrentLive, 0, Off(1), 0, offCost[0], -1);

        for (var d = 1; d < _days; d++)
        {
            var next = ws.Next;
            var nextLive = ws.NextLive;
            var curLive = ws.CurrentLive;
            _reached = false;
            var costRow = d * _shifts;
            // Working on d starts a worked weekend on Saturday, or on Sunday after a Saturday off.
            var newAfterWork = NewWeekend(d, true) ? 1 : 0;
            var newAfterOff = NewWeekend(d, false) ? 1 : 0;
            var off = offCost[d];
            _toGoDay = d;
            for (var q = 0; q < queue; q++)
            {
                if (!curLive[q]) continue;
                var working = q < WorkStates;
                int s = -1, k;
                if (working) { s = q / _runSlots; k = q % _runSlots + 1; }
                else k = q - WorkStates + 1;
                for (var r = 0; r < width; r++)
                {
                    var from = q * width + r;
                    var v = cur[from];
                    if (double.IsPositiveInfinity(v)) continue;
                    var counted = r % tw;
                    var m = r / tw / weekendWidth;
                    var w = r / tw % weekendWidth;
                    if (working)
                    {
                        // Keep working: a longer run, never beyond the maximum.
                        var k2 = _hasMaxRun ? k + 1 : Math.Min(k + 1, _maxRun);
                        if (k2 <= _maxRun && AddWeekend(w, newAfterWork, out var w2))
                            for (var t = 0; t < _shifts; t++)
                            {
                                var c = workCost[costRow + t];
                                if (double.IsPositiveInfinity(c) || _forbidden[s, t] || !AddMinutes(m, t, out var m2) || !AddCount(counted, t, out var c2)) continue;
                                Relax(next, nextLive, d * n, Work(t, k2), ((m2 * weekendWidth + w2) * tw) + c2, v + c + newAfterWork * weekendCost, from);
                            }
                        // Rest: the run ends; it must be long enough unless it started on day 0 (it covers days 0..d-1).
                        if (k >= _minRun || k == d) Relax(next, nextLive, d * n, Off(1), r, v + off, from);
                    }
                    else
                    {
                        Relax(next, nextLive, d * n, Off(Math.Min(k + 1, _offCap)), r, v + off, from);
                        if ((k >= _minOff || k == d) && _maxRun >= 1 && AddWeekend(w, newAfterOff, out var w2))
                            for (var t = 0; t < _shifts; t++)
                            {
                                var c = workCost[costRow + t];
                                if (double.IsPositiveInfinity(c) || !AddMinutes(m, t, out var m2) || !AddCount(counted, t, out var c2)) continue;
                                Relax(next, nextLive, d * n, Work(t, 1), ((m2 * weekendWidth + w2) * tw) + c2, v + c + newAfterOff * weekendCost, from);
                            }
                    }
                }
                // This buffer holds the day after next: reset the block.
                Array.Fill(cur, double.PositiveInfinity, q * width, width);
                curLive[q] = false;
            }
            (ws.Current, ws.Next) = (next, cur);
            (ws.CurrentLive, ws.NextLive) = (nextLive, curLive);
            cur = ws.Current;
            if (!_reached)
            {
                if (prune) Pruned++;
                return double.PositiveInfinity;
            }
        }

        // Runs ending on the last day are exempt from the minimum-run rules; the minutes must reach the minimum.
        var best = double.PositiveInfinity;
        var bestState = -1;
        for (var q = 0; q < queue; q++)
            for (var r = (ExactMinutes ? _minUnits : 0) * weekendWidth * tw; r < width && ws.CurrentLive[q]; r++)
            {
                var v = cur[q * width + r];
                if (v < best) { best = v; bestState = q * width + r; }
            }
        if (bestState < 0) return double.PositiveInfinity;
        for (var d = _days - 1; d >= 0; d--)
        {
            var q = bestState / width;
            row[d] = q < WorkStates ? q / _runSlots : RosterGrid.Off;
            bestState = d > 0 ? ws.Pred[d * n + bestState] : -1;
        }
        return best;
    }

    // The bound of the running solve (Solve with a bound), and the day whose transitions are being relaxed.
    private bool _prune;
    private double _limit;
    private int _toGoDay;
    private bool _reached;

    /// <summary>Lowers the value of state (sequence state q, resource r) to <paramref name="value"/> when that is
    /// lower, unless the state's cost to go makes every row through it reach the bound.</summary>
    private void Relax(double[] values, bool[] live, int predOffset, int q, int r, double value, int from)
    {
        var width = (int)_resources;
        var to = q * width + r;
        if (value >= values[to]) return;
        if (_prune && value + CostToGo(_toGoDay, q, r) >= _limit) return;
        values[to] = value;
        live[q] = true;
        _reached = true;
        if (predOffset > 0) _workspace.Pred[predOffset + to] = from;
    }

    private int Work(int s, int k) => s * _runSlots + k - 1;

    private int Off(int j) => WorkStates + j - 1;

    /// <summary>Minutes after working shift <paramref name="s"/>: beyond the maximum is not allowed; without a maximum
    /// only "reached the minimum" matters, so the count stops there.</summary>
    private bool AddMinutes(int m, int s, out int result)
    {
        result = m + _lengthUnits[s];
        if (!ExactMinutes) { result = 0; return true; }
        if (_hasMaxMinutes) return result <= _minutesCap;
        result = Math.Min(result, _minutesCap);
        return true;
    }

    /// <summary>The counted type's count after working shift <paramref name="s"/>: never beyond its maximum.</summary>
    private bool AddCount(int count, int s, out int result)
    {
        result = count + (s == _countedType ? 1 : 0);
        return result < _typeWidth;
    }

    /// <summary>Worked weekends after working a day that starts <paramref name="added"/> (0 or 1) new ones; only
    /// counted when they are a state.</summary>
    private bool AddWeekend(int w, int added, out int result)
    {
        result = ExactWeekends ? w + added : 0;
        return result <= _weekendCap;
    }

    /// <summary>A weekend (of the horizon's whole weeks) is worked when Saturday or Sunday is: working on Saturday, or
    /// on Sunday after a Saturday off, makes it a worked one.</summary>
    private bool NewWeekend(int d, bool workedYesterday) =>
        d / 7 < _weekends && (d % 7 == 5 || (d % 7 == 6 && !workedYesterday));

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}

/// <summary>The working arrays of <see cref="RosterPersonDp.Solve"/>: two days of values and a back-pointer per day
/// and state. Not thread-safe: a workspace serves one solve at a time.</summary>
internal sealed class RosterDpWorkspace
{
    public double[] Current { get; set; } = [];
    public double[] Next { get; set; } = [];
    public int[] Pred { get; set; } = [];

    /// <summary>Per sequence state of the two days: whether any of its states was reached.</summary>
    public bool[] CurrentLive { get; set; } = [];
    public bool[] NextLive { get; set; } = [];

    /// <summary>Lower bounds of the cost to go (<see cref="RosterPersonDp.Solve"/> with a bound): per day and sequence
    /// state, and per day, resource state and "worked that day".</summary>
    public double[] SequenceToGo { get; set; } = [];
    public double[] ResourceToGo { get; set; } = [];

    /// <summary>Grows the buffers (never shrinks them) to hold <paramref name="states"/> states a day and a
    /// back-pointer per state and day for <paramref name="days"/> days.</summary>
    public void Ensure(int states, int days)
    {
        if (Current.Length < states)
        {
            Current = new double[states];
            Next = new double[states];
            CurrentLive = new bool[states];
            NextLive = new bool[states];
        }
        if (Pred.Length < (long)states * days) Pred = new int[states * days];
    }
}
