namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Lower bounds of the cost to go of <see cref="RosterWindowDp"/>, for a solve that only wants windows cheaper than the
/// person's current one, as in <see cref="RosterPersonDp"/>: the larger of two relaxations solved backwards over the
/// window's days. One keeps the sequence state and drops the resources (<see cref="RosterSequenceToGo"/>, ending where
/// the window may end given the fixed run after it); the other keeps the minutes used, the weekends added and whether
/// the day was worked, and drops the sequence rules and the counted types, ending where the minutes reach the minimum.
/// Each is a minimum over a superset of the DP's windows from a state, so the larger is a lower bound too.
/// </summary>
/// <remarks>
/// Cost: the sequence pass is days × sequence states × types, the resource pass days × (minutes × weekends) × 2 ×
/// shift lengths, against days × sequence states × resource states × types for the DP; with the bound the DP reaches
/// few of its states, so the passes must stay this cheap (with the counts in the resource pass it cost more than the
/// DP on Instance23). The
/// resource pass is what makes the bound bite on the long horizons: there the minutes the window may add are a couple
/// of shifts wide, so a window that takes on a cheap extra shift must drop one later, which the sequence pass ignores.
/// </remarks>
internal sealed partial class RosterWindowDp
{
    private bool _prune;   // the running solve prunes against _limit
    private double _limit;
    private bool _bounded; // the tables hold this window's bounds (Bound ran)
    private double _root;  // and the bound at the start of the window

    /// <summary>True when the last solve ended without a full DP: no state could beat the bound.</summary>
    public bool EndedByBound { get; private set; }

    /// <summary>
    /// A lower bound of the cost of any window of the DP for these costs (+∞ when none fits); fills the workspace's
    /// cost-to-go tables, which a following <see cref="Solve"/> or <see cref="SolveLayer"/> with a bound uses.
    /// </summary>
    /// <remarks><paramref name="partner"/>: for a window of a pair, per resource combination r of this window, a lower
    /// bound of what the other window costs when this one uses r (+∞: no combination of the other fits). The bound and
    /// the cost to go then include the other window's cost, so a solve prunes against the pair's bound itself.</remarks>
    public double Bound(double[] workCost, double[] offCost, double[]? partner = null)
    {
        if (!_feasible) return double.PositiveInfinity;
        _root = FillCostToGo(workCost, offCost, partner);
        _bounded = true;
        return _root;
    }

    /// <summary>Sets up the running solve's pruning; false when the bound at the start already reaches
    /// <paramref name="below"/> (nothing to solve).</summary>
    private bool StartBound(double[] workCost, double[] offCost, double below)
    {
        EndedByBound = false;
        _prune = !double.IsPositiveInfinity(below);
        if (!_prune) return true;
        // A margin for the floating-point error of two different sums of the same costs.
        _limit = below + (1e-7 * (1 + Math.Abs(below)));
        if (!_bounded) Bound(workCost, offCost);
        EndedByBound = _root >= _limit;
        return !EndedByBound;
    }

    /// <summary>Table rows: the days from max(0, from − 1) to to − 1, so that the state entering the window has one.</summary>
    private int FirstRowDay => Math.Max(0, _from - 1);

    /// <summary>The lower bound of the cost to go from state (sequence state q, resources r) at the end of window day i.</summary>
    private double CostToGo(int i, int q, int r)
    {
        var ws = _workspace;
        var row = _from + i - FirstRowDay;
        var queue = _shifts * _runSlots + _offCap;
        var worked = q < _shifts * _runSlots ? 1 : 0;
        return Math.Max(ws.SequenceToGo[(row * queue) + q], ws.ResourceToGo[(((row * _boundWidth) + (r / _countWidth)) * 2) + worked]);
    }

    private double FillCostToGo(double[] workCost, double[] offCost, double[]? partner)
    {
        var first = FirstRowDay;
        var last = _to - 1;
        var rows = _to - first;
        var workStates = _shifts * _runSlots;
        var queue = workStates + _offCap;
        var width = _boundWidth;
        var ws = _workspace;
        if (ws.SequenceToGo.Length < rows * queue) ws.SequenceToGo = new double[rows * queue];
        if (ws.ResourceToGo.Length < rows * width * 2) ws.ResourceToGo = new double[rows * width * 2];
        var seq = ws.SequenceToGo;
        var res = ws.ResourceToGo;

        // The window's last day: it may end in a sequence state that fits the fixed run after it, and (alone, not in
        // a pair) with resources that reach the minimum minutes; in a pair, what the other window costs at least.
        var lastRow = rows - 1;
        var leastPartner = partner is null ? 0 : partner.Min();
        for (var q = 0; q < queue; q++) seq[(lastRow * queue) + q] = FitsAfter(q) ? leastPartner : double.PositiveInfinity;
        RosterSequenceToGo.Fill(new RunLimits(_hasMaxRun, _minRun, _maxRun, _runSlots, _minOff, _offCap), _shifts, _forbidden,
            0, workCost, offCost, 0, first, last, seq);
        var leastPartnerBy = partner is null ? null : LeastByBoundResources(partner);
        for (var r = 0; r < width; r++)
        {
            var end = leastPartnerBy?[r] ?? (_paired || _boundFinal[r] ? 0 : double.PositiveInfinity);
            res[(((lastRow * width) + r) * 2)] = end;
            res[(((lastRow * width) + r) * 2) + 1] = end;
        }

        // Types that change the resources alike are one move of the resource pass.
        var groups = ResourceGroups();
        Span<double> groupCost = stackalloc double[groups.Length];
        for (var d = last; d > first; d--)
        {
            var i = d - _from;
            var costRow = d * _shifts;
            var off = offCost[d];
            groupCost.Fill(double.PositiveInfinity);
            for (var t = 0; t < _shifts; t++) groupCost[_groupOf![t]] = Math.Min(groupCost[_groupOf[t]], workCost[costRow + t]);
            var to = (d - first) * width;
            var at = to - width;
            for (var r = 0; r < width; r++)
                for (var worked = 0; worked < 2; worked++)
                {
                    var best = off + res[(to + r) * 2];
                    var rw = (worked == 1 ? _newWeekendIfWork[i] : _newWeekendAfterOff[i]) ? _boundAfterWeekend[r] : r;
                    if (_maxRun >= 1 && rw >= 0)
                        for (var g = 0; g < groups.Length; g++)
                        {
                            var c = groupCost[g];
                            var r2 = _boundAfterWork[(groups[g] * width) + rw];
                            if (double.IsPositiveInfinity(c) || r2 < 0) continue;
                            best = Math.Min(best, c + res[((to + r2) * 2) + 1]);
                        }
                    res[((at + r) * 2) + worked] = best;
                }
        }

        // The start: the state entering the window, or (from day 0 of the horizon) day 0's states, as in the forward DP.
        var (entryQ, entryBroken) = Entry();
        if (entryBroken) return double.PositiveInfinity;
        if (entryQ >= 0) return Math.Max(seq[entryQ], res[entryQ < workStates ? 1 : 0]);
        var root = offCost[0] + Math.Max(seq[Off(1)], res[0]);
        for (var t = 0; t < _shifts && _maxRun >= 1; t++)
        {
            var c = workCost[t];
            var r2 = _afterWork[t * _width];
            if (double.IsPositiveInfinity(c) || r2 < 0) continue;
            if (_newWeekendAfterOff[0] && (r2 = _afterWeekend[r2]) < 0) continue;
            root = Math.Min(root, c + Math.Max(seq[Work(t, 1)], res[((r2 / _countWidth) * 2) + 1]));
        }
        return root;
    }

    /// <summary>
    /// Per resource combination r, a lower bound of the cost of any window of the DP that ends with r (+∞: none): the
    /// resource relaxation run forwards from the state entering the window. For the other window of a pair
    /// (<see cref="RosterWindowPairDp"/>): what this one costs at least given the minutes it leaves to the other.
    /// </summary>
    public double[] LeastEndingWith(double[] workCost, double[] offCost)
    {
        var width = _boundWidth;
        var cur = new double[width * 2];
        var next = new double[width * 2];
        Array.Fill(cur, double.PositiveInfinity);
        var (entryQ, entryBroken) = Entry();
        if (!entryBroken) cur[entryQ >= 0 && entryQ < _shifts * _runSlots ? 1 : 0] = 0; // from day 0: as after a day off
        var groups = ResourceGroups();
        Span<double> groupCost = stackalloc double[groups.Length];
        for (var d = _from; d < _to; d++)
        {
            var i = d - _from;
            var costRow = d * _shifts;
            var off = offCost[d];
            groupCost.Fill(double.PositiveInfinity);
            for (var t = 0; t < _shifts; t++) groupCost[_groupOf![t]] = Math.Min(groupCost[_groupOf[t]], workCost[costRow + t]);
            Array.Fill(next, double.PositiveInfinity);
            for (var r = 0; r < width; r++)
                for (var worked = 0; worked < 2; worked++)
                {
                    var v = cur[(r * 2) + worked];
                    if (double.IsPositiveInfinity(v)) continue;
                    next[r * 2] = Math.Min(next[r * 2], v + off);
                    var rw = (worked == 1 ? _newWeekendIfWork[i] : _newWeekendAfterOff[i]) ? _boundAfterWeekend[r] : r;
                    if (_maxRun < 1 || rw < 0) continue;
                    for (var g = 0; g < groups.Length; g++)
                    {
                        var r2 = _boundAfterWork[(groups[g] * width) + rw];
                        if (r2 >= 0) next[(r2 * 2) + 1] = Math.Min(next[(r2 * 2) + 1], v + groupCost[g]);
                    }
                }
            (cur, next) = (next, cur);
        }
        var result = new double[_width];
        for (var r = 0; r < _width; r++) result[r] = Math.Min(cur[(r / _countWidth) * 2], cur[((r / _countWidth) * 2) + 1]);
        return result;
    }

    /// <summary>Per resource state of the bound (minutes and weekends), the least of <paramref name="perCombination"/>
    /// over the counts.</summary>
    private double[] LeastByBoundResources(double[] perCombination)
    {
        var least = new double[_boundWidth];
        Array.Fill(least, double.PositiveInfinity);
        for (var r = 0; r < _width; r++) least[r / _countWidth] = Math.Min(least[r / _countWidth], perCombination[r]);
        return least;
    }

    private int[]? _groupType; // one type per group of types whose moves in the bound's resources are the same
    private int[]? _groupOf;   // per type: its group

    /// <summary>Groups of shift types that change the bound's resources alike: the same length.</summary>
    private int[] ResourceGroups()
    {
        if (_groupType is not null) return _groupType;
        var lengths = _instance.ShiftLengths;
        _groupType = Enumerable.Range(0, _shifts).DistinctBy(t => lengths[t]).ToArray();
        _groupOf = Enumerable.Range(0, _shifts).Select(t => Array.FindIndex(_groupType, g => lengths[g] == lengths[t])).ToArray();
        return _groupType;
    }
}
