namespace OptService.Problems.NurseScheduling;

/// <summary>
/// The cheapest row of one person on the days [from, to) of a window, the rest of their row fixed: exact for every
/// hard rule of the person, so no rule is priced. With the days outside the window fixed, what they use of the
/// minutes, the worked weekends and each type's maximum is a constant, and the window's resource states only span what
/// the window itself can add: the year's minutes as states (Instance23: 28 million states × days) shrink to the minutes of
/// a few weeks.
/// </summary>
/// <remarks>
/// <para>State on day d: as in <see cref="RosterPersonDp"/> (shift and working-run length, or days-off-run length),
/// times the resources: minutes used in the window (units of the gcd of the shift lengths), weekends the window adds,
/// and the count of each shift type whose remaining maximum is below the window's days (the others cannot bind).</para>
/// <para>Boundaries: the state entering the window is the run the fixed days before it end with (its real length, so
/// that a run from day 0 is still recognised, capped as in the DP); the window's last run must fit the fixed run after
/// it: forbidden successions, the maximum run, and the minimum run or days off of whichever run the boundary closes or
/// joins (runs touching the first or last day exempt). Weekends that a fixed day already makes worked are not counted
/// again.</para>
/// </remarks>
internal sealed partial class RosterWindowDp
{
    private readonly RosterInstance _instance;
    private readonly int _e;
    private readonly int[] _row;
    private readonly int _from;
    private readonly int _to;
    private readonly int _shifts;
    private readonly bool[,] _forbidden;
    private readonly bool _hasMaxRun;
    private readonly int _maxRun;
    private readonly int _runSlots;
    private readonly int _minRun;
    private readonly int _offCap;
    private readonly int _minOff;
    private readonly int _width;          // resource combinations
    private readonly int[] _afterWork;    // [t · width + r]: resources after working t, −1 when over a limit
    private readonly int[] _afterWeekend; // [r]: resources after one more worked weekend, −1 when over the maximum
    private readonly bool[] _final;       // [r]: the minimum minutes reached
    // The same for the cost-to-go bound's resources: minutes and weekends only, the counts dropped (index r / count width).
    private readonly int _boundWidth;
    private readonly int[] _boundAfterWork;
    private readonly int[] _boundAfterWeekend;
    private readonly bool[] _boundFinal;
    private readonly bool[] _newWeekendIfWork;    // per window day: working it makes a weekend worked (yesterday worked)
    private readonly bool[] _newWeekendAfterOff;  // per window day: same, yesterday off
    private readonly bool _feasible;
    private readonly RosterDpWorkspace _workspace;
    private readonly int _minuteWidth;
    private readonly int _weekendWidth;
    private readonly int _countWidth;
    private readonly List<(int Type, int Cap)> _counted = [];
    private readonly bool _paired;           // solved jointly with another window (SolveLayer)
    private readonly double[] _layer = [];  // SolveLayer: the cheapest final cost per resource combination
    private readonly int[] _layerState = []; // and the final state reaching it

    /// <remarks><c>row</c>: the person's whole row (the days outside [from, to) are kept as they are);
    /// <c>workspace</c>: arrays shared with other solves run one after another (null: own ones);
    /// <c>otherFrom</c>, <c>otherTo</c>: a second window of the same person solved jointly with this one
    /// (<see cref="RosterWindowPairDp"/>): its days count as fixed for the run boundaries but not for the totals, and
    /// the minimum minutes is left to the pair (<see cref="SolveLayer"/>). Empty by default.</remarks>
    public RosterWindowDp(RosterInstance instance, int e, int[] row, int from, int to, RosterDpWorkspace? workspace = null,
        int otherFrom = 0, int otherTo = 0)
    {
        _workspace = workspace ?? new RosterDpWorkspace();
        _instance = instance;
        _e = e;
        _row = row;
        _from = from;
        _to = to;
        var person = instance.Staff[e];
        var days = instance.Days;
        _shifts = instance.ShiftCount;
        _forbidden = instance.ForbiddenNext;
        (_hasMaxRun, _minRun, _maxRun, _runSlots, _minOff, _offCap) = RunLimits.Of(person);
        var length = to - from;

        // What the fixed days use (outside this window and the other one).
        bool Fixed(int d) => (d < from || d >= to) && (d < otherFrom || d >= otherTo);
        long fixedMinutes = 0;
        var fixedCount = new int[_shifts];
        for (var d = 0; d < days; d++)
            if (Fixed(d) && row[d] != RosterGrid.Off)
            {
                fixedMinutes += instance.ShiftLengths[row[d]];
                fixedCount[row[d]]++;
            }
        var unit = 0;
        for (var s = 0; s < _shifts; s++) unit = Gcd(unit, instance.ShiftLengths[s]);
        unit = Math.Max(1, unit);
        MinuteUnit = unit;
        FixedMinutes = fixedMinutes;
        var longest = instance.ShiftLengths.DefaultIfEmpty(0).Max() / unit;
        // Minutes the window may add, in units: [minUnits, maxUnits]; the state counts up to maxUnits (or, without a
        // maximum, up to minUnits: beyond it only "reached" matters).
        var minUnits = person.MinTotalMinutes is { } min ? (int)Math.Max(0, (min - fixedMinutes + unit - 1) / unit) : 0;
        var hasMax = person.MaxTotalMinutes is not null;
        var maxUnits = hasMax ? (int)Math.Min((long)length * longest, Math.Max(-1, (person.MaxTotalMinutes!.Value - fixedMinutes) / unit)) : minUnits;
        var tracksMinutes = person.MinTotalMinutes is > 0 || hasMax;
        if (!tracksMinutes) (minUnits, maxUnits) = (0, 0);

        // Weekends: those a fixed day already makes worked are counted; the window may add up to the rest.
        var fixedWeekends = 0;
        for (var w = 0; w < instance.WeekendCount; w++)
        {
            var sat = RosterInstance.Saturday(w);
            if ((Fixed(sat) && row[sat] != RosterGrid.Off) || (Fixed(sat + 1) && row[sat + 1] != RosterGrid.Off))
                fixedWeekends++;
        }
        // Weekends the window (or the pair) can still make worked: when the maximum leaves room for all of them, the
        // limit cannot bind and is no state (Instance23: up to 6 times fewer states).
        var open = 0;
        for (var w = 0; w < instance.WeekendCount; w++)
        {
            var sat = RosterInstance.Saturday(w);
            var fixedWorked = (Fixed(sat) && row[sat] != RosterGrid.Off) || (Fixed(sat + 1) && row[sat + 1] != RosterGrid.Off);
            if (!fixedWorked && (!Fixed(sat) || !Fixed(sat + 1))) open++;
        }
        var tracksWeekends = person.MaxWeekends is { } mw && mw < instance.WeekendCount && (mw - fixedWeekends < open || mw < fixedWeekends);
        var weekendCap = tracksWeekends ? Math.Min(length / 7 + 1, person.MaxWeekends!.Value - fixedWeekends) : 0;

        // Shift types whose remaining maximum can bind in the window (in both windows of a pair: then the pair checks
        // their sum, so both must count the same types).
        var paired = _paired = otherTo > otherFrom;
        var reach = length + (paired ? otherTo - otherFrom : 0);
        FixedWeekends = fixedWeekends;
        var counted = _counted;
        var negative = false;
        for (var s = 0; s < _shifts; s++)
        {
            var remaining = person.MaxShifts[s] - fixedCount[s];
            if (person.MaxShifts[s] <= 0) continue; // never allowed: the costs say so
            if (remaining < 0) negative = true;
            else if (remaining < reach) counted.Add((s, remaining));
        }
        // One window of a pair need not reach the minimum minutes alone.
        _feasible = !negative && maxUnits >= 0 && weekendCap >= 0 && (paired || !hasMax || maxUnits >= minUnits || !tracksMinutes);

        // Resource index r = ((minutes · (weekendCap + 1)) + weekends) · Π(count widths) + counts (mixed radix).
        var minuteWidth = _minuteWidth = Math.Max(0, maxUnits) + 1;
        var weekendWidth = _weekendWidth = Math.Max(0, weekendCap) + 1;
        long width = (long)minuteWidth * weekendWidth;
        foreach (var (_, cap) in counted) width *= cap + 1;
        StateCount = width * (_shifts * _runSlots + _offCap);
        if (!_feasible || StateCount * length > MaxStateDays)
        {
            _feasible = false;
            _width = 0;
            _afterWork = _afterWeekend = _boundAfterWork = _boundAfterWeekend = [];
            _final = _boundFinal = [];
            _newWeekendIfWork = _newWeekendAfterOff = [];
            return;
        }
        _width = (int)width;
        var countWidth = _countWidth = _width / (minuteWidth * weekendWidth);
        if (otherTo > otherFrom)
        {
            _layer = new double[_width];
            _layerState = new int[_width];
        }
        _afterWork = new int[_shifts * _width];
        _afterWeekend = new int[_width];
        _final = new bool[_width];
        _boundWidth = minuteWidth * weekendWidth;
        _boundAfterWork = new int[_shifts * _boundWidth];
        _boundAfterWeekend = new int[_boundWidth];
        _boundFinal = new bool[_boundWidth];
        var lengthUnits = instance.ShiftLengths.Select(l => l / unit).ToArray();
        for (var r = 0; r < _width; r++)
        {
            var w = r / countWidth % weekendWidth;
            var m = r / countWidth / weekendWidth;
            _final[r] = !tracksMinutes || m >= minUnits;
            _afterWeekend[r] = w + 1 < weekendWidth ? r + countWidth : tracksWeekends ? -1 : r;
        }
        for (var rb = 0; rb < _boundWidth; rb++)
        {
            _boundFinal[rb] = _final[rb * countWidth];
            _boundAfterWeekend[rb] = _afterWeekend[rb * countWidth] < 0 ? -1 : _afterWeekend[rb * countWidth] / countWidth;
        }
        // The moves of working type t, one type at a time with the counts innermost (this table is built for every
        // solve: a year's windows have hundreds of combinations × 16 types, and divisions per entry cost more than
        // the pruned DP). Only t's count grows, never beyond its cap; a type the person may never work has no move.
        var grows = new bool[countWidth];
        for (var t = 0; t < _shifts; t++)
        {
            var k = counted.FindIndex(c => c.Type == t);
            var radix = 1;
            for (var j = 0; j < k; j++) radix *= counted[j].Cap + 1;
            for (var c = 0; c < countWidth; c++) grows[c] = k < 0 || c / radix % (counted[k].Cap + 1) < counted[k].Cap;
            var never = person.MaxShifts[t] <= 0;
            if (never) Array.Fill(_afterWork, -1, t * _width, _width);
            for (var m = 0; m < minuteWidth; m++)
            {
                var m2 = tracksMinutes ? m + lengthUnits[t] : 0;
                if (tracksMinutes && !hasMax) m2 = Math.Min(m2, minUnits);
                for (var w = 0; w < weekendWidth; w++)
                {
                    var rb = (m * weekendWidth) + w;
                    var fits = m2 < minuteWidth;
                    _boundAfterWork[(t * _boundWidth) + rb] = fits ? (m2 * weekendWidth) + w : -1;
                    if (never) continue;
                    var at = (t * _width) + (rb * countWidth);
                    var target = (((m2 * weekendWidth) + w) * countWidth) + (k < 0 ? 0 : radix);
                    for (var c = 0; c < countWidth; c++) _afterWork[at + c] = fits && grows[c] ? target + c : -1;
                }
            }
        }

        _newWeekendIfWork = new bool[length];
        _newWeekendAfterOff = new bool[length];
        for (var i = 0; i < length; i++)
        {
            var d = from + i;
            if (d / 7 >= instance.WeekendCount || !tracksWeekends) continue;
            if (d % 7 == 5)
            {
                // Saturday: new unless Sunday is a fixed worked day (that weekend is counted already).
                var sundayFixedWorked = d + 1 >= to && d + 1 < days && row[d + 1] != RosterGrid.Off;
                _newWeekendIfWork[i] = _newWeekendAfterOff[i] = !sundayFixedWorked;
            }
            else if (d % 7 == 6)
            {
                // Sunday: new only after a Saturday off (a fixed Saturday off is the entering state).
                _newWeekendAfterOff[i] = true;
            }
        }
    }

    /// <summary>Most days × states of one window solve (beyond it the caller takes a shorter window).</summary>
    public const long MaxStateDays = 3_000_000;

    /// <summary>False when no row fits (or the states exceed <see cref="MaxStateDays"/>).</summary>
    public bool Usable => _feasible;

    public long StateCount { get; }

    /// <summary>
    /// The cheapest window for the costs (indexed over the whole horizon: workCost[d·S + s], +∞ = may not, offCost[d]);
    /// writes the whole row (the fixed days copied) to <paramref name="result"/> and returns the window's cost, or
    /// +∞ when no window fits.
    /// </summary>
    /// <remarks><paramref name="below"/>: only windows cheaper than this are wanted (a response must beat the person's
    /// current row); states that cannot beat it are pruned (<see cref="Bound"/>). The result is still the exact minimum
    /// when that is below <paramref name="below"/>; otherwise +∞ or a window costing at least that.</remarks>
    public double Solve(double[] workCost, double[] offCost, int[] result, double below = double.PositiveInfinity)
    {
        if (!_feasible || !StartBound(workCost, offCost, below) || Forward(workCost, offCost) is not { } cur) return double.PositiveInfinity;
        // The last state must fit the fixed days after the window, and the minutes reach the minimum.
        var best = double.PositiveInfinity;
        var bestState = -1;
        var workStates = _shifts * _runSlots;
        var live = _workspace.CurrentLive;
        for (var q = 0; q < workStates + _offCap; q++)
        {
            if (!live[q] || !FitsAfter(q)) continue;
            for (var r = 0; r < _width; r++)
            {
                var v = cur[q * _width + r];
                if (v < best && _final[r]) { best = v; bestState = q * _width + r; }
            }
        }
        if (bestState < 0) return double.PositiveInfinity;
        Trace(bestState, result);
        return best;
    }

    /// <summary>
    /// For a window solved jointly with another (<c>otherTo</c> &gt; <c>otherFrom</c>): the cheapest window for each
    /// combination of resources it uses (index r: <see cref="MinuteUnits"/>, <see cref="WeekendsOf"/>,
    /// <see cref="CountOf"/>), +∞ where none fits; the pair chooses one combination per window and
    /// <see cref="TraceLayer"/> writes it. The array is this object's (valid until the next solve).
    /// </summary>
    /// <remarks><paramref name="below"/>: as in <see cref="Solve"/>, for this window's share of the pair (the pair
    /// takes off what the other window costs at least): combinations whose every window costs at least this may be +∞.</remarks>
    public double[] SolveLayer(double[] workCost, double[] offCost, double below = double.PositiveInfinity)
    {
        Array.Fill(_layer, double.PositiveInfinity);
        if (!_feasible || !StartBound(workCost, offCost, below) || Forward(workCost, offCost) is not { } cur) return _layer;
        var workStates = _shifts * _runSlots;
        var live = _workspace.CurrentLive;
        for (var q = 0; q < workStates + _offCap; q++)
        {
            if (!live[q] || !FitsAfter(q)) continue;
            for (var r = 0; r < _width; r++)
            {
                var v = cur[q * _width + r];
                if (v < _layer[r]) { _layer[r] = v; _layerState[r] = q * _width + r; }
            }
        }
        return _layer;
    }

    /// <summary>Writes the whole row with the window's cheapest days for resource combination r (after
    /// <see cref="SolveLayer"/>, before any other solve on the same workspace).</summary>
    public void TraceLayer(int r, int[] result) => Trace(_layerState[r], result);

    /// <summary>The gcd of the shift lengths, the unit of the minutes in the states.</summary>
    public int MinuteUnit { get; }

    /// <summary>Minutes, worked weekends of the fixed days (outside this window and the other one).</summary>
    public long FixedMinutes { get; }
    public int FixedWeekends { get; }

    /// <summary>Resource combinations (the length of <see cref="SolveLayer"/>'s array).</summary>
    public int Width => _width;

    /// <summary>Minutes the window uses in combination r, in <see cref="MinuteUnit"/>s (without a maximum minutes,
    /// capped at what the minimum still needs).</summary>
    public int MinuteUnits(int r) => r / _countWidth / _weekendWidth;

    /// <summary>The number of minute values of the combinations (<see cref="MinuteUnits"/> is below it).</summary>
    public int MinuteCount => _minuteWidth;

    /// <summary>Weekends the window adds in combination r (0 when the weekends are not limited).</summary>
    public int WeekendsOf(int r) => r / _countWidth % _weekendWidth;

    /// <summary>The shift types whose count is a state, with their remaining maximum.</summary>
    public IReadOnlyList<(int Type, int Cap)> Counted => _counted;

    /// <summary>The window's count of the k-th counted type in combination r.</summary>
    public int CountOf(int r, int k)
    {
        var counts = r % _countWidth;
        for (var j = 0; j < k; j++) counts /= _counted[j].Cap + 1;
        return counts % (_counted[k].Cap + 1);
    }

    private void Trace(int state, int[] result)
    {
        var length = _to - _from;
        var n = (_shifts * _runSlots + _offCap) * _width;
        var pred = _workspace.Pred;
        var workStates = _shifts * _runSlots;
        Array.Copy(_row, result, _instance.Days);
        for (var i = length - 1; i >= 0; i--)
        {
            var q = state / _width;
            result[_from + i] = q < workStates ? q / _runSlots : RosterGrid.Off;
            state = pred[i * n + state];
        }
    }

    /// <summary>The forward pass; returns the last day's values (null when the entering run already breaks a rule, or
    /// when the bound pruned every state of a day). Which sequence states were reached: the workspace's CurrentLive.</summary>
    private double[]? Forward(double[] workCost, double[] offCost)
    {
        var length = _to - _from;
        var workStates = _shifts * _runSlots;
        var queue = workStates + _offCap;
        var n = queue * _width;
        var ws = _workspace;
        ws.Ensure(n, length);
        var (entryQ, entryBroken) = Entry();
        if (entryBroken) return null;

        // Values are +∞ where no row reaches; a sequence state's block of resource states is scanned (and reset after
        // use) only when one of them was reached. Back-pointers are written whenever a value is, so they need no reset.
        var cur = ws.Current;
        var next = ws.Next;
        var curLive = ws.CurrentLive;
        var nextLive = ws.NextLive;
        Array.Fill(cur, double.PositiveInfinity, 0, n);
        Array.Fill(next, double.PositiveInfinity, 0, n);
        Array.Clear(curLive, 0, queue);
        Array.Clear(nextLive, 0, queue);
        var pred = ws.Pred;
        for (var i = 0; i < length; i++)
        {
            var d = _from + i;
            var costRow = d * _shifts;
            var off = offCost[d];
            _day = i;
            _reached = false;
            if (i == 0 && entryQ < 0)
            {
                // Day 0 of the horizon.
                for (var t = 0; t < _shifts && _maxRun >= 1; t++)
                {
                    var c = workCost[costRow + t];
                    var r2 = _afterWork[t * _width];
                    if (double.IsPositiveInfinity(c) || r2 < 0) continue;
                    if (_newWeekendAfterOff[0] && (r2 = _afterWeekend[r2]) < 0) continue;
                    Relax(next, nextLive, pred, 0, Work(t, 1), r2, c, -1);
                }
                Relax(next, nextLive, pred, 0, Off(1), 0, off, -1);
            }
            else if (i == 0)
                Step(d, 0, entryQ, 0, 0, n, next, nextLive, pred, workCost, costRow, off, -1);
            else
                for (var q = 0; q < queue; q++)
                {
                    if (!curLive[q]) continue;
                    for (var r = 0; r < _width; r++)
                    {
                        var v = cur[q * _width + r];
                        if (!double.IsPositiveInfinity(v)) Step(d, i, q, r, v, n, next, nextLive, pred, workCost, costRow, off, q * _width + r);
                    }
                    // This buffer holds the day after next: reset the block.
                    Array.Fill(cur, double.PositiveInfinity, q * _width, _width);
                    curLive[q] = false;
                }
            (cur, next) = (next, cur);
            (curLive, nextLive) = (nextLive, curLive);
            if (!_reached) return null;
        }
        (ws.Current, ws.Next, ws.CurrentLive, ws.NextLive) = (cur, next, curLive, nextLive);
        return cur;
    }

    /// <summary>The state entering the window (before day from): the fixed run that ends on from − 1 (−1: from = 0),
    /// and whether that run already breaks the maximum run.</summary>
    private (int Q, bool Broken) Entry()
    {
        if (_from == 0) return (-1, false);
        var last = _row[_from - 1];
        var k = 1;
        while (_from - 1 - k >= 0 && (_row[_from - 1 - k] != RosterGrid.Off) == (last != RosterGrid.Off)) k++;
        if (last == RosterGrid.Off) return (Off(Math.Min(k, _offCap)), false);
        return (Work(last, _hasMaxRun ? k : Math.Min(k, _maxRun)), _hasMaxRun && k > _maxRun);
    }

    /// <summary>The moves from state (q, r) on day d − 1 to day d (window index i).</summary>
    private void Step(int d, int i, int q, int r, double v, int n, double[] next, bool[] live, int[] pred, double[] workCost, int costRow, double off, int from)
    {
        var workStates = _shifts * _runSlots;
        var working = q < workStates;
        int s = -1, k;
        if (working) { s = q / _runSlots; k = q % _runSlots + 1; }
        else k = q - workStates + 1;
        if (working)
        {
            var k2 = _hasMaxRun ? k + 1 : Math.Min(k + 1, _maxRun);
            var rw = _newWeekendIfWork[i] ? _afterWeekend[r] : r;
            if (k2 <= _maxRun && rw >= 0)
                for (var t = 0; t < _shifts; t++)
                {
                    var c = workCost[costRow + t];
                    var r2 = _afterWork[t * _width + rw];
                    if (double.IsPositiveInfinity(c) || _forbidden[s, t] || r2 < 0) continue;
                    Relax(next, live, pred, i * n, Work(t, k2), r2, v + c, from);
                }
            // A run ends on d − 1: long enough unless it started on day 0 (it covers days 0..d−1).
            if (k >= _minRun || k == d) Relax(next, live, pred, i * n, Off(1), r, v + off, from);
        }
        else
        {
            Relax(next, live, pred, i * n, Off(Math.Min(k + 1, _offCap)), r, v + off, from);
            var rw = _newWeekendAfterOff[i] ? _afterWeekend[r] : r;
            if ((k >= _minOff || k == d) && _maxRun >= 1 && rw >= 0)
                for (var t = 0; t < _shifts; t++)
                {
                    var c = workCost[costRow + t];
                    var r2 = _afterWork[t * _width + rw];
                    if (double.IsPositiveInfinity(c) || r2 < 0) continue;
                    Relax(next, live, pred, i * n, Work(t, 1), r2, v + c, from);
                }
        }
    }

    /// <summary>Whether the window may end (day to − 1) in state q given the fixed days from <c>to</c> on.</summary>
    private bool FitsAfter(int q)
    {
        var days = _instance.Days;
        if (_to >= days) return true; // runs ending on the last day are exempt
        var workStates = _shifts * _runSlots;
        var working = q < workStates;
        int s = -1, k;
        if (working) { s = q / _runSlots; k = q % _runSlots + 1; }
        else k = q - workStates + 1;
        // The fixed run starting at to: its kind, length and whether it reaches the last day.
        var next = _row[_to];
        var nextWorks = next != RosterGrid.Off;
        var length = 1;
        while (_to + length < days && (_row[_to + length] != RosterGrid.Off) == nextWorks) length++;
        var touchesEnd = _to + length == days;
        var fromStart = k == _to; // the window's last run covers days 0..to−1 (capped lengths below the cap are real)
        if (working && nextWorks)
        {
            if (_forbidden[s, next]) return false;
            if (_hasMaxRun && k + length > _maxRun) return false;
            // Joined run: at least the minimum unless it touches the first or last day (k may be capped at the minimum).
            return fromStart || touchesEnd || k + length >= _minRun;
        }
        if (working) // the window's run ends at to − 1; the fixed days off start at to
            return (k >= _minRun || fromStart) && (touchesEnd || length >= _minOff);
        if (nextWorks) // days off end at to − 1; a fixed working run starts at to
            return (k >= _minOff || fromStart) && (touchesEnd || length >= _minRun);
        return fromStart || touchesEnd || k + length >= _minOff;
    }

    // The window day whose states are being relaxed, and whether one of them was (none: the bound pruned them all).
    private int _day;
    private bool _reached;

    /// <summary>Lowers the value of state (sequence state q, resources r) to <paramref name="value"/> when that is
    /// lower, unless the state's cost to go makes every window through it reach the bound.</summary>
    private void Relax(double[] values, bool[] live, int[] pred, int offset, int q, int r, double value, int from)
    {
        var to = q * _width + r;
        if (value >= values[to]) return;
        if (_prune && value + CostToGo(_day, q, r) >= _limit) return;
        values[to] = value;
        live[q] = true;
        _reached = true;
        pred[offset + to] = from;
    }

    private int Work(int s, int k) => s * _runSlots + k - 1;

    private int Off(int j) => _shifts * _runSlots + j - 1;

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
