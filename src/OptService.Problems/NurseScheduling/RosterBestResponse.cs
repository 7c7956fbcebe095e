namespace OptService.Problems.NurseScheduling;

/// <summary>
/// The one-person best response: with everybody else's row fixed, the cheapest row for one person over the whole
/// horizon, found by <see cref="RosterPersonDp"/> in milliseconds where a CP-SAT neighbourhood takes seconds. Holds a
/// working roster with its cover counts kept up to date, so that many people can respond one after another.
/// </summary>
/// <remarks>
/// <para>Every hard rule of the benchmark is about one person and cover is soft, so with the others fixed the penalty
/// is a sum over the person's own cells: working type s on day d costs the person's request costs plus the marginal
/// cover cost, −(under weight) when the others leave (d, s) below its requirement and +(over weight) otherwise; not
/// working costs their requests on that day. That is exact, so the DP's cheapest row is the best response.</para>
/// <para>The DP keeps the sequence rules as states, and the minutes window and the maximum weekends when the states
/// fit <see cref="PersonStateBudget"/>. The others (per-type maxima, and minutes or weekends beyond the budget) are
/// priced: a few rounds of multipliers on the violated totals, each person's multipliers kept for their next
/// response. The best row found that keeps every rule (<see cref="PersonRules.Hold"/>) is the answer; a row that
/// breaks a rule is never taken, and the person's current row is always a candidate, so a response never makes the
/// roster worse. When no rule is priced (or no price binds) the response is the exact optimum.</para>
/// </remarks>
internal sealed partial class RosterBestResponse
{
    /// <summary>Days × DP states up to which minutes and weekends are kept as states of one person's DP (Instance13:
    /// 0.6 million with both; Instance20 with minutes only 0.7 million, with weekends too 9.6 million; Instance23 with
    /// weekends only 0.8 million, with minutes 28 million). The work of one solve is about this × shift types.</summary>
    public const long PersonStateBudget = 2_000_000;

    /// <summary>Most DP solves of one response when rules are priced.</summary>
    private const int PriceRounds = 8;

    private readonly RosterInstance _instance;
    private readonly int _days;
    private readonly int _shifts;
    private readonly RosterPersonDp[] _dp;
    private readonly RosterDpWorkspace _workspace;
    private readonly RosterDpWorkspace _pairWorkspace = new(); // the second window of a pair
    private readonly long _budget;
    private readonly Dictionary<(int Person, int Type), RosterPersonDp?> _counted = [];
    private readonly double[][] _baseWork; // requests only: [e][d·S + s], +∞ where e may not work s on d
    private readonly double[][] _baseOff;  // [e][d]
    private readonly int[] _requirement;   // per cell d·S + s; −1 without a cover target
    private readonly int[] _under;
    private readonly int[] _over;
    private readonly List<int>[] _mayWork; // per shift type: the people who may work it
    private readonly double _scale;        // the largest cover weight: the unit of the multipliers' steps
    private readonly double _meanLength;

    // The working roster.
    private readonly int[] _count;         // people per cell
    private readonly bool[] _dirty;        // the marginal costs the person sees changed since their last response
    private readonly int[] _dueDay;        // the day of the last cell change that made the person due; −1: none in particular
    private readonly double[] _typePrice;  // [e·S + s]
    private readonly double[] _minutePrice; // [e], signed: > 0 pushes minutes down
    private readonly double[] _weekendPrice;

    // Scratch.
    private readonly double[] _workCost;
    private readonly double[] _offCost;
    private readonly int[] _candidate;
    private readonly int[] _bestRow;
    private readonly int[] _typeUsed;
    private readonly int[] _fixedRow;
    private readonly double[] _dayGain;
    private readonly bool _windows;
    private (int Day, int Shift)[]? _forced; // during a forced response: the cells (a shift type, or Off) the row must have

    /// <remarks><paramref name="windows"/>: false to respond over the whole horizon only (as before windows).</remarks>
    public RosterBestResponse(RosterInstance instance, long personStateBudget = PersonStateBudget, bool windows = true)
    {
        _windows = windows;
        _instance = instance;
        _days = instance.Days;
        _shifts = instance.ShiftCount;
        var staff = instance.StaffCount;
        var workspace = _workspace = new RosterDpWorkspace();
        _budget = personStateBudget;
        // Per person, the strongest DP within the budget: minutes and weekends as states, then minutes alone, then weekends alone.
        (bool Minutes, bool Weekends)[] choices = [(true, true), (true, false), (false, true), (false, false)];
        _dp = Enumerable.Range(0, staff).Select(e => choices
            .Select(c => new RosterPersonDp(instance, e, c.Minutes, c.Weekends, workspace))
            .First(dp => dp.StateCount * _days <= personStateBudget || (!dp.ExactMinutes && !dp.ExactWeekends))).ToArray();

        // What each cell costs in requests alone (+∞ where the person may never work it).
        var requests = new PersonRowCosts(instance);
        (_baseWork, _baseOff) = (requests.Work, requests.Off);

        var cells = _days * _shifts;
        _requirement = new int[cells];
        Array.Fill(_requirement, -1);
        _under = new int[cells];
        _over = new int[cells];
        foreach (var c in instance.Cover) // at most one target per cell (validation)
        {
            var i = c.Day * _shifts + c.Shift;
            (_requirement[i], _under[i], _over[i]) = (c.Requirement, c.WeightUnder, c.WeightOver);
        }
        _mayWork = Enumerable.Range(0, _shifts).Select(s => Enumerable.Range(0, staff).Where(e => instance.Staff[e].MaxShifts[s] > 0).ToList()).ToArray();
        _scale = Math.Max(1, instance.Cover.Select(c => Math.Max(c.WeightUnder, c.WeightOver)).DefaultIfEmpty(1).Max());
        _meanLength = Math.Max(1, instance.ShiftLengths.DefaultIfEmpty(1).Average());

        Current = new RosterGrid(staff, _days);
        _count = new int[cells];
        _dirty = new bool[staff];
        _dueDay = new int[staff];
        _typePrice = new double[staff * _shifts];
        _minutePrice = new double[staff];
        _weekendPrice = new double[staff];
        _workCost = new double[cells];
        _offCost = new double[_days];
        _candidate = new int[_days];
        _bestRow = new int[_days];
        _typeUsed = new int[_shifts];
        _fixedRow = new int[_days];
        _dayGain = new double[_days];
    }

    /// <summary>The working roster (updated in place by the responses).</summary>
    public RosterGrid Current { get; private set; }

    /// <summary>The penalty of <see cref="Current"/>, kept up to date by the responses.</summary>
    public long Objective { get; private set; }

    /// <summary>DP solves so far, for the log.</summary>
    public long Solves { get; private set; }

    /// <summary>Responses that changed a row, for the log.</summary>
    public long Moves { get; private set; }

    /// <summary>Window responses (<see cref="RespondWindow"/>): solves, moves, rows the rule check rejected (never expected).</summary>
    public long WindowSolves { get; private set; }
    public long WindowMoves { get; private set; }
    public long WindowRejected { get; private set; }

    /// <summary>Pair responses (<see cref="RespondPair"/>): solves and moves.</summary>
    public long PairSolves { get; private set; }
    public long PairMoves { get; private set; }

    /// <summary>Wall time in window and pair solves (Stopwatch ticks), for the log: where the descent's time goes.</summary>
    private long _windowTicks;
    private long _pairTicks;

    /// <summary>Days of a window response (halved while its states do not fit).</summary>
    public const int WindowDays = 28;

    /// <summary>People whose DP keeps the minutes window / the maximum weekends exactly, for the log.</summary>
    public string Describe() => $"{_dp.Count(dp => dp.ExactMinutes)} of {_dp.Length} people with exact minutes, {_dp.Count(dp => dp.ExactWeekends)} with exact weekends, "
        + $"{Enumerable.Range(0, _dp.Length).Count(UsesWindows)} on windows ({WindowSolves} window solves, {WindowMoves} moves, {WindowRejected} rejected, {Seconds(_windowTicks):F1} s; {PairSolves} pair solves, {PairMoves} moves, {Seconds(_pairTicks):F1} s; lengths {_lengths.Describe()}); "
        + $"{Pruned} whole-horizon solves, {WindowsEndedByBound} window and {PairsEndedByBound} pair solves ended by the cost-to-go bound";

    /// <summary>Whole-horizon solves that the cost-to-go bound ended early (no row could beat the current one).</summary>
    public long Pruned => _dp.Sum(dp => dp.Pruned) + _counted.Values.Sum(dp => dp?.Pruned ?? 0);

    private static double Seconds(long ticks) => (double)ticks / System.Diagnostics.Stopwatch.Frequency;

    /// <summary>Makes a copy of <paramref name="roster"/> (which keeps every rule) the working roster; everybody is due a response.</summary>
    /// <remarks><paramref name="everybodyDue"/>: false when the roster is a local optimum of the responses (a state
    /// saved after a descent).</remarks>
    public void Load(RosterGrid roster, long objective, bool everybodyDue = true)
    {
        Current = roster.Copy();
        Objective = objective;
        Array.Clear(_count);
        for (var e = 0; e < _instance.StaffCount; e++)
            for (var d = 0; d < _days; d++)
                if (Current.Shift[e, d] != RosterGrid.Off) _count[d * _shifts + Current.Shift[e, d]]++;
        Array.Fill(_dirty, everybodyDue);
        Array.Fill(_dueDay, -1);
    }

    /// <summary>Everybody's best response, in random order, again and again until nobody's row improves (people whose
    /// marginal costs did not change since their last response are skipped: their answer would be the same).</summary>
    /// <returns>The penalty removed.</returns>
    public long Descend(Random random, Func<bool> stop)
    {
        var before = Objective;
        var order = Enumerable.Range(0, _instance.StaffCount).ToArray();
        while (_dirty.Any(x => x) && !stop())
        {
            random.Shuffle(order);
            foreach (var e in order)
            {
                if (!_dirty[e]) continue;
                if (stop()) break;
                _dirty[e] = false;
                if (UsesWindows(e)) RespondInWindow(e, random);
                else Respond(e, 0, 0, 0);
            }
        }
        return before - Objective;
    }

    /// <summary>A perturbation: each of <paramref name="people"/> in turn takes their best row when keeping any of their
    /// current days in [<paramref name="from"/>, <paramref name="to"/>) costs <paramref name="kick"/> more, whether or
    /// not that row is better. Rows still keep every rule.</summary>
    public void Kick(IReadOnlyList<int> people, int from, int to, double kick)
    {
        foreach (var e in people)
        {
            if (!UsesWindows(e)) { Respond(e, from, to, kick); continue; }
            // The response window: the kicked days and a week either side, shorter when its states do not fit.
            if (RespondWindow(e, Math.Max(0, from - 7), Math.Min(_days, to + 7), from, to, kick) is null)
                RespondWindow(e, from, to, from, to, kick);
        }
    }

    /// <summary>Makes person e due a response.</summary>
    public void MarkDue(int e) => _dirty[e] = true;

    /// <summary>The weight that makes a kick move a person: the largest cover weight.</summary>
    public double KickWeight => _scale;

    /// <summary>The person's best response to the others; taken when it is better than their row (or, with a kick, when
    /// it is the best under the kicked costs). Returns the penalty removed (negative for a kick that costs).</summary>
    public long Respond(int e, int kickFrom, int kickTo, double kick)
    {
        var row = Current.Shift;
        var person = _instance.Staff[e];

        // The true cost of a row given the others, and the kick's share, for the current row.
        for (var d = 0; d < _days; d++) _candidate[d] = row[e, d];
        var currentCost = TrueCost(e, _candidate);
        var currentKicked = currentCost + KickCost(e, _candidate, kickFrom, kickTo, kick);
        var bestKicked = double.PositiveInfinity;
        var bestCost = currentCost;
        var found = false;

        var dp = _dp[e];
        var priced = !dp.ExactMinutes && (person.MinTotalMinutes is > 0 || person.MaxTotalMinutes is not null);
        var pricedWeekends = !dp.ExactWeekends && person.MaxWeekends is { } mw && mw < _instance.WeekendCount;
        double tooLow = double.NegativeInfinity, tooHigh = double.PositiveInfinity; // minute prices seen too low / too high
        var mostBroken = -1; // the per-type maximum broken by the most, in the last round that broke one
        for (var round = 0; round <= PriceRounds; round++)
        {
            // After the priced rounds, when a per-type maximum was broken: once more with that type's count a state
            // of the DP, so that it holds exactly (the prices of one binding total can leave a gap).
            var counted = round == PriceRounds ? CountedDp(e, mostBroken) : null;
            if (round == PriceRounds && counted is null) break;
            var exceptType = counted is null ? -1 : mostBroken;
            FillCosts(e, priced, kickFrom, kickTo, kick, exceptType);
            Solves++;
            // Only a row that keeps every rule and beats both the current row and the best found so far can be taken.
            // Weights are integers, so it beats them by 1 at least (half of that is the margin for rounding), and under
            // the prices it costs at most that plus what the prices can add to a row within its limits.
            var below = Math.Min(currentKicked, bestKicked) - 0.5 + PriceAllowance(e, priced, pricedWeekends, exceptType);
            var value = (counted ?? dp).Solve(_workCost, _offCost, pricedWeekends ? _weekendPrice[e] : 0, _candidate, below);
            if (double.IsPositiveInfinity(value)) break;

            // Which priced totals the row breaks, and by how much.
            Array.Clear(_typeUsed);
            long minutes = 0;
            for (var d = 0; d < _days; d++)
                if (_candidate[d] != RosterGrid.Off)
                {
                    _typeUsed[_candidate[d]]++;
                    minutes += _instance.ShiftLengths[_candidate[d]];
                }
            var broken = false;
            var step = _scale * (1 << Math.Min(round, PriceRounds - 1)) / 8.0;
            var worst = 0;
            for (var s = 0; s < _shifts; s++)
                if (_typeUsed[s] > person.MaxShifts[s])
                {
                    _typePrice[e * _shifts + s] += step * (_typeUsed[s] - person.MaxShifts[s]);
                    broken = true;
                    if (_typeUsed[s] - person.MaxShifts[s] > worst && counted is null)
                    {
                        worst = _typeUsed[s] - person.MaxShifts[s];
                        mostBroken = s;
                    }
                }
            if (priced)
            {
                var excess = minutes > (person.MaxTotalMinutes ?? long.MaxValue) ? minutes - person.MaxTotalMinutes!.Value
                    : minutes < (person.MinTotalMinutes ?? 0) ? minutes - person.MinTotalMinutes!.Value : 0;
                if (excess != 0)
                {
                    // Bisection once the price is bracketed (a window of a few shifts is narrow: steps overshoot it).
                    if (excess > 0) tooLow = _minutePrice[e]; else tooHigh = _minutePrice[e];
                    _minutePrice[e] = double.IsFinite(tooLow) && double.IsFinite(tooHigh)
                        ? (tooLow + tooHigh) / 2
                        : _minutePrice[e] + (step * excess / (_meanLength * _meanLength));
                    broken = true;
                }
            }
            if (pricedWeekends)
            {
                var weekends = _instance.WeekendsWorked(_candidate);
                if (weekends > person.MaxWeekends!.Value)
                {
                    _weekendPrice[e] += step * (weekends - person.MaxWeekends.Value);
                    broken = true;
                }
            }
            if (!broken && !PersonRules.Hold(_instance, e, _candidate)) break; // never: the DP keeps the other rules
            if (!broken)
            {
                var cost = TrueCost(e, _candidate);
                var kicked = cost + KickCost(e, _candidate, kickFrom, kickTo, kick);
                if (kicked < bestKicked)
                {
                    bestKicked = kicked;
                    bestCost = cost;
                    Array.Copy(_candidate, _bestRow, _days);
                    found = true;
                }
                // Feasible: prices that did not bind are eased, so that they do not keep the person from a better row
                // next time; when none is left the row is the exact best response.
                if (counted is null && !Ease(e, _candidate, minutes, priced, pricedWeekends) && mostBroken < 0) break;
                if (counted is null && round < PriceRounds - 1 && mostBroken >= 0) round = PriceRounds - 1; // on to the counted DP
            }
        }

        var take = found && (kick > 0 || _forced is not null ? bestKicked < currentKicked : bestCost < currentCost);
        if (!take) return 0;
        Apply(e, _bestRow);
        // The response is the best one against the others as they are now, unless it was kicked.
        _dirty[e] = kick > 0;
        var gain = (long)Math.Round(currentCost - bestCost);
        Objective -= gain;
        Moves++;
        return gain;
    }

    /// <summary>True when person e responds on windows (<see cref="RosterWindowDp"/>) instead of the whole horizon: their
    /// whole-horizon DP prices the minutes (a year's window is a few shifts wide and a priced row rarely lands in it) or
    /// the weekends. Not where the whole-horizon DP is exact but slow (Instance13, ~20,000 states a day): there windows
    /// of two weeks (a four-week one does not fit) descended far less deep (20,350 against 7,324 at 60 s).</summary>
    public bool UsesWindows(int e)
    {
        var dp = _dp[e];
        var person = _instance.Staff[e];
        var pricedMinutes = !dp.ExactMinutes && (person.MinTotalMinutes is > 0 || person.MaxTotalMinutes is not null);
        var pricedWeekends = !dp.ExactWeekends && person.MaxWeekends is { } mw && mw < _instance.WeekendCount;
        return _windows && (pricedMinutes || pricedWeekends);
    }

    /// <summary>A window response for person e where their cover gain is: a day drawn ∝ how much cheaper its best
    /// cell is than the person's current cell (given the others), a window of one, two or four weeks around it
    /// (<see cref="RosterWindowLengths"/>; halved while its states do not fit), and when that window gains nothing, the
    /// same window with a second one (<see cref="RespondInPair"/>). Nothing when no day can gain: then the row is the
    /// cheapest there is.</summary>
    private long RespondInWindow(int e, Random random)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var choice = _lengths.Draw(random);
        var gain = RespondInWindow(e, RosterWindowLengths.Lengths[choice], random);
        _lengths.Report(choice, gain, System.Diagnostics.Stopwatch.GetTimestamp() - started);
        return gain;
    }

    private readonly RosterWindowLengths _lengths = new();

    private long RespondInWindow(int e, int days, Random random)
    {
        FillCosts(e, false, 0, 0, 0, -1, typePrices: false);
        double total = 0;
        for (var d = 0; d < _days; d++) total += _dayGain[d] = DayGain(e, d);
        if (total <= 1e-9) return 0;
        // Where a change made the person due, when it can gain there: after a kick that is where the new chances are.
        // A draw over a year seldom lands there (Instance23 keeps ~250 short cells that gain alike), and most windows
        // elsewhere end where the last response already ended; centring took Instance23 at 60 s from a median 33,927
        // to 29,927 (docs/nurse-scheduling.md, round 8).
        var day = _dueDay[e];
        _dueDay[e] = -1;
        if (day < 0 || _dayGain[day] <= 1e-9)
        {
            var pick = random.NextDouble() * total;
            for (day = 0; day < _days - 1 && pick >= _dayGain[day]; day++) pick -= _dayGain[day];
        }
        for (var length = Math.Min(_days, days); length >= 7 || length == _days; length /= 2)
        {
            var from = Math.Clamp(day - random.Next(length), 0, _days - length);
            if (RespondWindow(e, from, from + length, 0, 0, 0) is not { } gain) continue;
            // Nothing to gain inside the window: the minutes may have to come from elsewhere in the horizon.
            return gain > 0 ? gain : RespondInPair(e, from, length, random);
        }
        return 0;
    }

    /// <summary>Days kept fixed between the two windows of a pair: longer than any run the rules of the benchmark look
    /// at, so that the two windows' boundaries are independent (<see cref="RosterWindowPairDp"/>).</summary>
    public const int PairGap = 14;

    /// <summary>After window [from, from + length) found nothing: the same window together with a second one of the same
    /// length around a day drawn ∝ what dropping the person's shift that day saves (an over-covered cell, an off request)
    /// at least <see cref="PairGap"/> days away, so that minutes can move between them.</summary>
    private long RespondInPair(int e, int from, int length, Random random)
    {
        var person = _instance.Staff[e];
        if (person.MinTotalMinutes is not > 0 && person.MaxTotalMinutes is null) return 0;
        double total = 0;
        for (var d = 0; d < _days; d++)
        {
            var far = d + length + PairGap <= from || d >= from + length + PairGap - 1 + length;
            total += _dayGain[d] = far ? DropGain(e, d) + 1e-3 : 0;
        }
        if (total <= 0) return 0;
        var pick = random.NextDouble() * total;
        var day = 0;
        for (; day < _days - 1 && pick >= _dayGain[day]; day++) pick -= _dayGain[day];
        var other = Math.Clamp(day - random.Next(length), 0, _days - length);
        // Clamping may bring the windows closer than the gap.
        if (other + length + PairGap > from && from + length + PairGap > other) return 0;
        return RespondPair(e, from, from + length, other, other + length) ?? 0;
    }

    /// <summary>How much cheaper a day off is than person e's current shift on day d (costs filled): where dropping a
    /// shift pays, e.g. an over-covered cell.</summary>
    private double DropGain(int e, int d)
    {
        var current = Current.Shift[e, d];
        return current == RosterGrid.Off ? 0 : Math.Max(0, _workCost[d * _shifts + current] - _offCost[d]);
    }

    /// <summary>Person e's best rows on two windows of days at once, the rest of the row fixed, by
    /// <see cref="RosterWindowPairDp"/>: taken when better and <see cref="PersonRules.Hold"/>. Returns the penalty
    /// removed, or null when the windows' states do not fit. The windows must be <see cref="PairGap"/> days apart.</summary>
    public long? RespondPair(int e, int fromA, int toA, int fromB, int toB)
    {
        for (var d = 0; d < _days; d++) _fixedRow[d] = Current.Shift[e, d];
        FillCosts(e, false, 0, 0, 0, -1, typePrices: false);
        Solves++;
        PairSolves++;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // Only pairs that beat the current row by 1 at least (integer weights; half of it is the rounding margin).
        var below = RowCost(_fixedRow, fromA, toA) + RowCost(_fixedRow, fromB, toB) - 0.5;
        var value = RosterWindowPairDp.Solve(_instance, e, _fixedRow, (fromA, toA), (fromB, toB), _workCost, _offCost, _workspace, _pairWorkspace, _bestRow,
            out var endedByBound, below);
        if (endedByBound) PairsEndedByBound++;
        _pairTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
        if (value is null) return null;
        if (double.IsPositiveInfinity(value.Value)) return 0;
        if (!PersonRules.Hold(_instance, e, _bestRow)) { WindowRejected++; return 0; } // the rule check is the judge
        var currentCost = TrueCost(e, _fixedRow);
        var cost = TrueCost(e, _bestRow);
        if (_forced is null && cost >= currentCost - 1e-9) return 0; // a forced pair is taken whatever it costs
        Apply(e, _bestRow);
        _dirty[e] = _forced is null;
        var gain = (long)Math.Round(currentCost - cost);
        Objective -= gain;
        Moves++;
        PairMoves++;
        return gain;
    }

    /// <summary>How much cheaper the best cell of day d is than person e's current one (costs filled).</summary>
    private double DayGain(int e, int d)
    {
        var current = Current.Shift[e, d];
        var now = current == RosterGrid.Off ? _offCost[d] : _workCost[d * _shifts + current];
        var best = _offCost[d];
        for (var s = 0; s < _shifts; s++) best = Math.Min(best, _workCost[d * _shifts + s]);
        return Math.Max(0, now - best);
    }

    /// <summary>Person e's best row on days [from, to), the rest of the row fixed, by <see cref="RosterWindowDp"/>:
    /// exact for every rule, nothing priced. Taken when better (with a kick: best under the kicked costs) and
    /// <see cref="PersonRules.Hold"/>. Returns the penalty removed, or null when the window's states do not fit.</summary>
    public long? RespondWindow(int e, int from, int to, int kickFrom, int kickTo, double kick)
    {
        for (var d = 0; d < _days; d++) _fixedRow[d] = Current.Shift[e, d];
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var window = new RosterWindowDp(_instance, e, _fixedRow, from, to, _workspace);
        if (!window.Usable) return null;
        var currentCost = TrueCost(e, _fixedRow);
        var currentKicked = currentCost + KickCost(e, _fixedRow, kickFrom, kickTo, kick);
        FillCosts(e, false, kickFrom, kickTo, kick, -1, typePrices: false);
        Solves++;
        WindowSolves++;
        // Only windows that beat the current one (kicked) by 1 at least: integer weights, half of it the rounding margin.
        var value = window.Solve(_workCost, _offCost, _bestRow, RowCost(_fixedRow, from, to) - 0.5);
        if (window.EndedByBound) WindowsEndedByBound++;
        _windowTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
        if (double.IsPositiveInfinity(value)) return 0;
        if (!PersonRules.Hold(_instance, e, _bestRow)) { WindowRejected++; return 0; } // never: the DP keeps every rule
        var cost = TrueCost(e, _bestRow);
        var kicked = cost + KickCost(e, _bestRow, kickFrom, kickTo, kick);
        var take = kick > 0 || _forced is not null ? kicked < currentKicked - 1e-9 : cost < currentCost - 1e-9;
        if (!take) return 0;
        Apply(e, _bestRow);
        // Another window may still gain (a window's optimum is not the horizon's), unless forced (the caller makes the
        // person due when the others have responded); a kicked row is not an optimum at all.
        _dirty[e] = _forced is null;
        var gain = (long)Math.Round(currentCost - cost);
        Objective -= gain;
        Moves++;
        WindowMoves++;
        return gain;
    }

    /// <summary>Day costs of person e for the DP: requests, marginal cover, the prices of the priced totals (except
    /// the type <paramref name="exceptType"/>, kept by the DP) and the kick.</summary>
    private void FillCosts(int e, bool priced, int kickFrom, int kickTo, double kick, int exceptType, bool typePrices = true)
    {
        var row = Current.Shift;
        var baseWork = _baseWork[e];
        var baseOff = _baseOff[e];
        var perMinute = priced ? _minutePrice[e] : 0;
        for (var d = 0; d < _days; d++)
        {
            var current = row[e, d];
            var kicked = d >= kickFrom && d < kickTo ? kick : 0;
            _offCost[d] = baseOff[d] + (current == RosterGrid.Off ? kicked : 0);
            for (var s = 0; s < _shifts; s++)
            {
                var i = d * _shifts + s;
                var cost = baseWork[i];
                if (double.IsPositiveInfinity(cost)) { _workCost[i] = cost; continue; }
                cost += Marginal(i, current == s) + (s == exceptType || !typePrices ? 0 : _typePrice[e * _shifts + s]) + perMinute * _instance.ShiftLengths[s];
                if (current == s) cost += kicked;
                _workCost[i] = cost;
            }
        }
        if (_forced is not null)
            foreach (var (day, shift) in _forced)
            {
                if (shift != RosterGrid.Off) _offCost[day] = double.PositiveInfinity;
                for (var s = 0; s < _shifts; s++)
                    if (s != shift) _workCost[day * _shifts + s] = double.PositiveInfinity;
            }
    }

    /// <summary>The most the prices in the costs (<see cref="FillCosts"/>) add to a row that keeps the priced totals: a
    /// type's price times its maximum, the minutes' price times the end of the window it pushes towards, the weekends'
    /// price times their maximum. Positive infinity when a price pushes towards a total without a limit.</summary>
    private double PriceAllowance(int e, bool priced, bool pricedWeekends, int exceptType)
    {
        var person = _instance.Staff[e];
        double allowance = 0;
        for (var s = 0; s < _shifts; s++)
            if (s != exceptType && _typePrice[e * _shifts + s] > 0) allowance += _typePrice[e * _shifts + s] * person.MaxShifts[s];
        if (priced && _minutePrice[e] != 0)
        {
            var price = _minutePrice[e];
            if (price > 0 && person.MaxTotalMinutes is null) return double.PositiveInfinity;
            allowance += price * (price > 0 ? person.MaxTotalMinutes!.Value : person.MinTotalMinutes ?? 0);
        }
        if (pricedWeekends && _weekendPrice[e] > 0) allowance += _weekendPrice[e] * person.MaxWeekends!.Value;
        return allowance;
    }

    /// <summary>Person e's DP with the count of type s as a state (cached), or null when s is −1 or the states would
    /// exceed four times the budget.</summary>
    private RosterPersonDp? CountedDp(int e, int s)
    {
        if (s < 0) return null;
        if (_counted.TryGetValue((e, s), out var dp)) return dp;
        var plain = _dp[e];
        dp = (plain.StateCount * (_instance.Staff[e].MaxShifts[s] + 1) * _days) <= 4 * _budget
            ? new RosterPersonDp(_instance, e, plain.ExactMinutes, plain.ExactWeekends, _workspace, s)
            : null;
        _counted[(e, s)] = dp;
        return dp;
    }

    /// <summary>Halves the prices of totals the row keeps with room to spare; false when there were none.</summary>
    private bool Ease(int e, int[] row, long minutes, bool priced, bool pricedWeekends)
    {
        var person = _instance.Staff[e];
        var eased = false;
        for (var s = 0; s < _shifts; s++)
            if (_typePrice[e * _shifts + s] > 0 && _typeUsed[s] < person.MaxShifts[s])
            {
                _typePrice[e * _shifts + s] /= 2;
                eased = true;
            }
        if (priced && _minutePrice[e] != 0)
        {
            var slack = _minutePrice[e] > 0 ? (person.MaxTotalMinutes ?? long.MaxValue) - minutes : minutes - (person.MinTotalMinutes ?? 0);
            if (slack >= _meanLength)
            {
                _minutePrice[e] /= 2;
                eased = true;
            }
        }
        if (pricedWeekends && _weekendPrice[e] > 0 && _instance.WeekendsWorked(row) < person.MaxWeekends!.Value)
        {
            _weekendPrice[e] /= 2;
            eased = true;
        }
        return eased;
    }

    /// <summary>The cover cost of one more person on cell i given the others (the person themselves excluded).</summary>
    private double Marginal(int i, bool worksItNow)
    {
        var requirement = _requirement[i];
        if (requirement < 0) return 0;
        var others = _count[i] - (worksItNow ? 1 : 0);
        return others < requirement ? -_under[i] : _over[i];
    }

    /// <summary>Requests plus marginal cover costs of <paramref name="candidate"/> as person e's row, the others fixed.</summary>
    private double TrueCost(int e, int[] candidate)
    {
        double cost = 0;
        for (var d = 0; d < _days; d++)
        {
            var s = candidate[d];
            if (s == RosterGrid.Off) { cost += _baseOff[e][d]; continue; }
            var i = d * _shifts + s;
            cost += _baseWork[e][i] + Marginal(i, Current.Shift[e, d] == s);
        }
        return cost;
    }

    private double KickCost(int e, int[] candidate, int from, int to, double kick)
    {
        if (_forced is not null)
            foreach (var (day, shift) in _forced)
                if (candidate[day] != shift) return double.PositiveInfinity;
        if (kick <= 0) return 0;
        double cost = 0;
        for (var d = from; d < to; d++)
            if (candidate[d] == Current.Shift[e, d]) cost += kick;
        return cost;
    }

    /// <summary>Writes the row and updates the cover counts; people whose marginal cost changes on a changed cell are
    /// due a new response.</summary>
    private void Apply(int e, int[] newRow)
    {
        for (var d = 0; d < _days; d++)
        {
            var old = Current.Shift[e, d];
            if (old == newRow[d]) continue;
            Current.Shift[e, d] = newRow[d];
            if (old != RosterGrid.Off) Changed(d, old, -1);
            if (newRow[d] != RosterGrid.Off) Changed(d, newRow[d], +1);
        }
        _dueDay[e] = -1; // their own change is no reason to look there again
    }

    private void Changed(int d, int s, int delta)
    {
        var i = d * _shifts + s;
        var before = _count[i];
        _count[i] += delta;
        if (_requirement[i] != before || _under[i] + _over[i] == 0) return;
        // A person's best response can only change when a cost of a row other than theirs falls relative to theirs:
        // the cell falling below its requirement makes it cheaper for those off it (they see the count: r → r − 1),
        // and the cell going over makes it dearer for those on it (they see count − 1: r − 1 → r). The other flips
        // (r − 1 → r, r + 1 → r) only make rows other than theirs dearer or their own cheaper.
        var falling = delta < 0;
        foreach (var p in _mayWork[s])
            if (!_instance.Staff[p].DayOff[d] && (Current.Shift[p, d] == s) != falling)
            {
                _dirty[p] = true;
                _dueDay[p] = d;
            }
    }

    /// <summary>A random cell (day, shift type) below its requirement, or null when there is none.</summary>
    public (int Day, int Shift)? RandomShortCell(Random random)
    {
        var cells = _count.Length;
        var start = random.Next(cells);
        for (var k = 0; k < cells; k++)
        {
            var i = (start + k) % cells;
            if (_count[i] < _requirement[i] && _under[i] > 0) return (i / _shifts, i % _shifts);
        }
        return null;
    }

    /// <summary>True when cell (day, shift type) is below its requirement (and being below costs).</summary>
    public bool IsShort(int d, int s)
    {
        var i = d * _shifts + s;
        return _count[i] < _requirement[i] && _under[i] > 0;
    }

    /// <summary>The people who may work shift type <paramref name="s"/> on day <paramref name="d"/>.</summary>
    public IEnumerable<int> MayWork(int d, int s) => _mayWork[s].Where(p => !_instance.Staff[p].DayOff[d]);
}
