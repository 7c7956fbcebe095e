namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Lower bounds of the cost to go of <see cref="RosterPersonDp"/>, for a solve that only wants rows cheaper than a
/// given cost (a best response must beat the person's current row). Two relaxations of the DP, each solved backwards
/// over the days: one keeps the sequence state (shift and run length, or days-off run) and drops the resources
/// (<see cref="RosterSequenceToGo"/>, shared with the windowed DP); the
/// other keeps the resources (minutes, weekends, the counted type) and whether the day was worked, and drops the
/// sequence rules. Each is a minimum over a superset of the DP's rows from that state, so each is a lower bound of
/// the DP's cost to go, and so is the larger of the two.
/// </summary>
/// <remarks>
/// Cost: the sequence pass is days × sequence states × types, the resource pass days × resource states × 2 × types,
/// against days × sequence states × resource states × types for the DP (Instance13: about 92 × 220 states a day, so
/// both passes cost about a hundredth of a solve). A person whose bound at day 0 already reaches their current row's
/// cost needs no solve at all.
/// </remarks>
internal sealed partial class RosterPersonDp
{
    /// <summary>Solves with a bound that ended without a full DP (no state could beat the bound), for the log.</summary>
    public long Pruned { get; private set; }

    private int[]? _groupType; // one type per group of types that change the resources alike
    private int[]? _groupOf;   // per type: its group

    /// <summary>The lower bound of the cost to go from state (sequence state q, resource r) at the end of day d
    /// (tables filled by <see cref="FillCostToGo"/>).</summary>
    private double CostToGo(int d, int q, int r)
    {
        var ws = _workspace;
        var width = (int)_resources;
        return Math.Max(ws.SequenceToGo[(d * (WorkStates + _offCap)) + q], ws.ResourceToGo[(((d * width) + r) * 2) + (q < WorkStates ? 1 : 0)]);
    }

    /// <summary>Fills the workspace's cost-to-go tables for these costs; returns the bound at the start (the least
    /// cost of any row of the DP is at least this).</summary>
    private double FillCostToGo(double[] workCost, double[] offCost, double weekendCost)
    {
        var queue = WorkStates + _offCap;
        var width = (int)_resources;
        var weekendWidth = _weekendCap + 1;
        var tw = _typeWidth;
        var ws = _workspace;
        if (ws.SequenceToGo.Length < _days * queue) ws.SequenceToGo = new double[_days * queue];
        if (ws.ResourceToGo.Length < _days * width * 2) ws.ResourceToGo = new double[_days * width * 2];
        var seq = ws.SequenceToGo;
        var res = ws.ResourceToGo;
        // Types that change the resources alike (same minutes, counted or not) are one move of the resource pass.
        _groupType ??= Enumerable.Range(0, _shifts).DistinctBy(t => (_lengthUnits[t], t == _countedType)).ToArray();
        _groupOf ??= Enumerable.Range(0, _shifts).Select(t => Array.FindIndex(_groupType, g => _lengthUnits[g] == _lengthUnits[t] && (g == _countedType) == (t == _countedType))).ToArray();
        var groups = _groupType.Length;
        Span<double> groupCost = stackalloc double[groups];

        // The last day: every state may end the row (runs ending there are exempt), if the minutes reach the minimum.
        var last = _days - 1;
        Array.Fill(seq, 0, last * queue, queue);
        for (var r = 0; r < width; r++)
        {
            var end = !ExactMinutes || r / tw / weekendWidth >= _minUnits ? 0 : double.PositiveInfinity;
            res[((last * width) + r) * 2] = end;
            res[((last * width) + r) * 2 + 1] = end;
        }

        RosterSequenceToGo.Fill(new RunLimits(_hasMaxRun, _minRun, _maxRun, _runSlots, _minOff, _offCap), _shifts, _forbidden,
            _weekends, workCost, offCost, weekendCost, 0, last, seq);

        // Day d's transitions, from the state at the end of d − 1 (the same moves as the forward DP).
        for (var d = last; d >= 1; d--)
        {
            var costRow = d * _shifts;
            var off = offCost[d];
            var newAfterWork = NewWeekend(d, true) ? 1 : 0;
            var newAfterOff = NewWeekend(d, false) ? 1 : 0;
            groupCost.Fill(double.PositiveInfinity);
            for (var t = 0; t < _shifts; t++) groupCost[_groupOf[t]] = Math.Min(groupCost[_groupOf[t]], workCost[costRow + t]);
            var toRes = d * width;
            var atRes = (d - 1) * width;
            for (var r = 0; r < width; r++)
            {
                var counted = r % tw;
                var m = r / tw / weekendWidth;
                var w = r / tw % weekendWidth;
                for (var worked = 0; worked < 2; worked++)
                {
                    var best = off + res[(toRes + r) * 2];
                    var added = worked == 1 ? newAfterWork : newAfterOff;
                    if (_maxRun >= 1 && AddWeekend(w, added, out var w2))
                        for (var g = 0; g < groups; g++)
                        {
                            var c = groupCost[g];
                            var t = _groupType[g];
                            if (double.IsPositiveInfinity(c) || !AddMinutes(m, t, out var m2) || !AddCount(counted, t, out var c2)) continue;
                            best = Math.Min(best, c + (added * weekendCost) + res[((toRes + ((m2 * weekendWidth + w2) * tw) + c2) * 2) + 1]);
                        }
                    res[((atRes + r) * 2) + worked] = best;
                }
            }
        }

        // The start: day 0's states (a Monday, no weekend), as in the forward DP.
        var root = offCost[0] + Math.Max(seq[Off(1)], res[0]);
        for (var s = 0; s < _shifts && _maxRun >= 1; s++)
        {
            var c = workCost[s];
            if (double.IsPositiveInfinity(c) || !AddMinutes(0, s, out var m) || !AddCount(0, s, out var count)) continue;
            var r = (m * weekendWidth * tw) + count;
            root = Math.Min(root, c + Math.Max(seq[Work(s, 1)], res[(r * 2) + 1]));
        }
        return root;
    }
}
