using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OptService.Problems.Transshipment;

/// <summary>
/// Primal network simplex for a min-cost flow where nodes may keep surplus (outflow − inflow ≤ supply,
/// Σ supply ≥ 0, flows 0..capacity, integer data), after LEMON's NetworkSimplex (Kovács; block-search
/// pivoting, thread/successor tree encoding, LEMON's EQ and LEQ starting trees). An artificial root
/// gives the first feasible tree: with Σ supply &gt; 0 it is the sink of the surplus, supply nodes hang
/// from it by their real zero-cost disposal arcs and demand nodes by expensive artificial arcs (starting
/// from an explicit super-sink instead made the solve ~10× slower: the pivots then move the surplus to
/// that sink and re-root huge subtrees). A problem is infeasible when flow remains on an artificial arc
/// at the optimum.
/// </summary>
internal sealed partial class NetworkSimplex
{
    private const long Infinite = long.MaxValue;
    private const sbyte StateUpper = -1, StateTree = 0, StateLower = 1;
    private const sbyte Up = 1, Down = -1;

    private readonly int _nodeCount, _arcCount, _root;
    private readonly int[] _source, _target, _position;
    private readonly long[] _cap, _cost, _flow, _pi, _supply;
    private readonly sbyte[] _state, _predDir;
    private readonly int[] _parent, _pred, _thread, _revThread, _succNum, _lastSucc;
    private readonly List<int> _dirtyRevs = [];
    private readonly Workspace _workspace;
    private int _searchArcs, _allArcs, _inArc, _join, _uIn, _vIn, _uOut, _nextArc, _blockSize;
    private long _delta;
    private bool _mayShiftRest, _started;

    /// <summary>Pivots done so far (each entering arc found is one pivot).</summary>
    public long Pivots { get; private set; }

    /// <summary>Pivots that moved no flow (the leaving arc's residual was zero).</summary>
    public long DegeneratePivots { get; private set; }

    /// <summary>
    /// Asked every <see cref="CheckEvery"/> pivots with (pivots, degenerate pivots); false stops the
    /// solve with <see cref="Result.Stopped"/>, and a later <see cref="Run"/> continues from there.
    /// Null: run to the end.
    /// </summary>
    public Func<long, long, bool>? KeepGoing { get; set; }

    /// <summary>How often (in pivots) cancellation and <see cref="KeepGoing"/> are checked.</summary>
    public int CheckEvery { get; init; } = 1024;

    /// <summary>How a solve ended.</summary>
    public enum Result { Optimal, Infeasible, Stopped, Cancelled }

    /// <param name="nodeCount">Nodes 0..nodeCount−1.</param>
    /// <param name="tail">Arc tails.</param>
    /// <param name="head">Arc heads.</param>
    /// <param name="capacity">Arc capacities (≥ 0).</param>
    /// <param name="cost">Arc unit costs.</param>
    /// <param name="supply">Node supplies (negative = demand) with Σ ≥ 0: every node satisfies
    /// outflow − inflow ≤ supply, i.e. a node may keep surplus (equality throughout when Σ = 0).</param>
    public NetworkSimplex(int nodeCount, int[] tail, int[] head, long[] capacity, long[] cost, long[] supply)
    {
        _nodeCount = nodeCount;
        _arcCount = tail.Length;
        _root = nodeCount;
        // Original arcs, then one arc per node to or from the root, then (surplus form) the artificial
        // arcs of the demand nodes.
        var all = _arcCount + 2 * nodeCount;
        var nodes = nodeCount + 1;
        // The arrays may be longer than asked (a workspace kept from an earlier solve, see Workspace): every loop runs
        // to the counts, never to an array's length.
        _workspace = Workspace.Take(all, _arcCount, nodes);
        (_source, _target, _cap, _cost, _flow, _state, _position) =
            (_workspace.Source, _workspace.Target, _workspace.Cap, _workspace.Cost, _workspace.Flow, _workspace.State, _workspace.Position);
        // Arc mixing (LEMON's default): internal arc k is input arc _position⁻¹[k], taken with a stride of
        // max(m/n, 3), so that a search block holds arcs of many different tails. Generators and users
        // list arcs grouped by tail; blocks of one tail's arcs made poor entering-arc choices.
        var stride = Math.Max(_arcCount / Math.Max(nodeCount, 1), 3);
        var k = 0;
        for (var start = 0; start < stride; start++)
            for (var a = start; a < _arcCount; a += stride)
            {
                _position[a] = k;
                (_source[k], _target[k], _cap[k], _cost[k]) = (tail[a], head[a], capacity[a], cost[a]);
                k++;
            }
        _supply = supply;
        (_pi, _predDir, _parent, _pred, _thread, _revThread, _succNum, _lastSucc) =
            (_workspace.Pi, _workspace.PredDir, _workspace.Parent, _workspace.Pred, _workspace.Thread, _workspace.RevThread, _workspace.SuccNum, _workspace.LastSucc);
    }

    /// <summary>The flow on input arc <paramref name="arc"/>.</summary>
    public long Flow(int arc) => _flow[_position[arc]];

    /// <summary>Runs to optimality, to infeasibility (the supplies cannot be routed, or Σ supply &lt; 0), to
    /// cancellation (checked every <see cref="CheckEvery"/> pivots), or until <see cref="KeepGoing"/>
    /// says stop. After <see cref="Result.Stopped"/> or <see cref="Result.Cancelled"/> another call
    /// continues from the same tree.</summary>
    public Result Run(CancellationToken cancellation = default)
    {
        if (!_started)
        {
            if (!Start()) return Result.Infeasible;
            _started = true;
        }
        var check = CheckEvery;
        while (FindEnteringArc())
        {
            var change = FindJoinAndLeavingArc();
            if (_delta >= Infinite) throw new InvalidOperationException("unbounded: a negative cycle of uncapacitated arcs");
            Pivots++;
            if (_delta == 0) DegeneratePivots++;
            ChangeFlow(change);
            if (change)
            {
                UpdateTreeStructure();
                UpdatePotential();
            }
            if (--check == 0)
            {
                check = CheckEvery;
                if (cancellation.IsCancellationRequested) return Result.Cancelled;
                if (KeepGoing is { } keepGoing && !keepGoing(Pivots, DegeneratePivots)) return Result.Stopped;
            }
        }
        for (var e = _searchArcs; e < _allArcs; e++)
            if (_flow[e] != 0) return Result.Infeasible;
        return Result.Optimal;
    }

    /// <summary>The starting tree; false when Σ supply &lt; 0.</summary>
    private bool Start()
    {
        long maxCost = 0, sumSupply = 0;
        for (var e = 0; e < _arcCount; e++)
        {
            _state[e] = StateLower;
            maxCost = Math.Max(maxCost, Math.Abs(_cost[e]));
        }
        for (var u = 0; u < _nodeCount; u++) sumSupply += _supply[u];
        if (sumSupply < 0) return false;
        var artificialCost = checked((maxCost + 1) * (_nodeCount + 1));
        _mayShiftRest = artificialCost <= 1L << 59;

        _parent[_root] = -1;
        _pred[_root] = -1;
        _thread[_root] = 0;
        _revThread[0] = _root;
        _succNum[_root] = _nodeCount + 1;
        _lastSucc[_root] = _root - 1;
        _pi[_root] = 0;
        int searchArcs, allArcs;
        if (sumSupply == 0)
        {
            // Balanced: a star of artificial arcs, free towards the root and expensive from it.
            searchArcs = _arcCount;
            allArcs = _arcCount + _nodeCount;
            for (int u = 0, e = _arcCount; u != _nodeCount; u++, e++)
            {
                InitStarNode(u, e);
                _cap[e] = Infinite;
                _state[e] = StateTree;
                if (_supply[u] >= 0)
                {
                    _predDir[u] = Up;
                    _pi[u] = 0;
                    (_source[e], _target[e], _flow[e], _cost[e]) = (u, _root, _supply[u], 0);
                }
                else
                {
                    _predDir[u] = Down;
                    _pi[u] = artificialCost;
                    (_source[e], _target[e], _flow[e], _cost[e]) = (_root, u, -_supply[u], artificialCost);
                }
            }
        }
        else
        {
            // Surplus allowed (LEMON's LEQ form): the root is the sink of the surplus. Every node gets a
            // real zero-cost disposal arc to it, which starts in the tree carrying the supply of a
            // supply node; demand nodes hang from the root by an expensive artificial arc instead.
            searchArcs = _arcCount + _nodeCount;
            var f = searchArcs;
            for (int u = 0, e = _arcCount; u != _nodeCount; u++, e++)
            {
                InitStarNode(u, e);
                (_source[e], _target[e], _cap[e], _cost[e]) = (u, _root, Infinite, 0);
                if (_supply[u] >= 0)
                {
                    _predDir[u] = Up;
                    _pi[u] = 0;
                    _flow[e] = _supply[u];
                    _state[e] = StateTree;
                }
                else
                {
                    _predDir[u] = Down;
                    _pi[u] = artificialCost;
                    _pred[u] = f;
                    (_source[f], _target[f], _cap[f], _cost[f], _flow[f], _state[f]) = (_root, u, Infinite, artificialCost, -_supply[u], StateTree);
                    _flow[e] = 0;
                    _state[e] = StateLower;
                    f++;
                }
            }
            allArcs = f;
        }
        _searchArcs = searchArcs;
        _blockSize = Math.Max((int)Math.Sqrt(searchArcs), 10);
        _allArcs = allArcs;
        return true;
    }

    private void InitStarNode(int u, int e)
    {
        _parent[u] = _root;
        _pred[u] = e;
        _thread[u] = u + 1;
        _revThread[u + 1] = u;
        _succNum[u] = 1;
        _lastSucc[u] = u;
    }

    /// <summary>Block search: scan blocks of √m arcs from where the last search stopped; take the most
    /// negative reduced cost of the first block that has one. The hot loop of the whole solve.</summary>
    private bool FindEnteringArc()
    {
        long min = 0;
        var count = _blockSize;
        var arcs = _searchArcs;
        ref var state = ref MemoryMarshal.GetArrayDataReference(_state);
        ref var cost = ref MemoryMarshal.GetArrayDataReference(_cost);
        ref var source = ref MemoryMarshal.GetArrayDataReference(_source);
        ref var target = ref MemoryMarshal.GetArrayDataReference(_target);
        ref var pi = ref MemoryMarshal.GetArrayDataReference(_pi);
        var e = _nextArc;
        for (var scanned = 0; scanned < arcs; scanned++)
        {
            // Indices stay below the arrays' lengths: e < arcs ≤ state.Length, and nodes < pi.Length.
            var c = Unsafe.Add(ref state, e) * (Unsafe.Add(ref cost, e)
                + Unsafe.Add(ref pi, Unsafe.Add(ref source, e)) - Unsafe.Add(ref pi, Unsafe.Add(ref target, e)));
            if (c < min) { min = c; _inArc = e; }
            if (--count == 0)
            {
                if (min < 0)
                {
                    _nextArc = e;
                    return true;
                }
                count = _blockSize;
            }
            if (++e == arcs) e = 0;
        }
        return min < 0;
    }

    /// <summary>
    /// One walk up both sides of the entering arc's cycle to the join node (the side with fewer
    /// successors climbs first), taking the leaving arc on the way: the last blocking arc in the cycle's
    /// direction, as in LEMON (the first side keeps its first minimum, the second side its last and wins
    /// ties), which keeps the tree strongly feasible. Two walks before (join node, then residuals): the
    /// parent chase is the cost, and this does it once.
    /// </summary>
    private bool FindJoinAndLeavingArc()
    {
        int first, second;
        if (_state[_inArc] == StateLower) (first, second) = (_source[_inArc], _target[_inArc]);
        else (first, second) = (_target[_inArc], _source[_inArc]);
        long best1 = _cap[_inArc], best2 = Infinite;
        int out1 = -1, out2 = -1;
        int u = first, v = second;
        while (u != v)
        {
            if (_succNum[u] < _succNum[v])
            {
                var e = _pred[u];
                var d = _flow[e];
                if (_predDir[u] == Down) d = _cap[e] >= Infinite ? Infinite : _cap[e] - d;
                if (d < best1) { best1 = d; out1 = u; }
                u = _parent[u];
            }
            else
            {
                var e = _pred[v];
                var d = _flow[e];
                if (_predDir[v] == Up) d = _cap[e] >= Infinite ? Infinite : _cap[e] - d;
                if (d <= best2) { best2 = d; out2 = v; }
                v = _parent[v];
            }
        }
        _join = u;
        if (out2 >= 0 && best2 <= best1)
        {
            (_delta, _uOut, _uIn, _vIn) = (best2, out2, second, first);
            return true;
        }
        _delta = best1;
        if (out1 < 0)
        {
            (_uIn, _vIn) = (second, first);
            return false;
        }
        (_uOut, _uIn, _vIn) = (out1, first, second);
        return true;
    }

    private void ChangeFlow(bool change)
    {
        if (_delta > 0)
        {
            var value = _state[_inArc] * _delta;
            _flow[_inArc] += value;
            for (var u = _source[_inArc]; u != _join; u = _parent[u]) _flow[_pred[u]] -= _predDir[u] * value;
            for (var u = _target[_inArc]; u != _join; u = _parent[u]) _flow[_pred[u]] += _predDir[u] * value;
        }
        if (change)
        {
            _state[_inArc] = StateTree;
            _state[_pred[_uOut]] = _flow[_pred[_uOut]] == 0 ? StateLower : StateUpper;
        }
        else
        {
            _state[_inArc] = (sbyte)-_state[_inArc];
        }
    }

    private void UpdateTreeStructure()
    {
        var oldRevThread = _revThread[_uOut];
        var oldSuccNum = _succNum[_uOut];
        var oldLastSucc = _lastSucc[_uOut];
        var vOut = _parent[_uOut];

        if (_uIn == _uOut)
        {
            _parent[_uIn] = _vIn;
            _pred[_uIn] = _inArc;
            _predDir[_uIn] = _uIn == _source[_inArc] ? Up : Down;
            if (_thread[_vIn] != _uOut)
            {
                var after = _thread[oldLastSucc];
                _thread[oldRevThread] = after;
                _revThread[after] = oldRevThread;
                after = _thread[_vIn];
                _thread[_vIn] = _uOut;
                _revThread[_uOut] = _vIn;
                _thread[oldLastSucc] = after;
                _revThread[after] = oldLastSucc;
            }
        }
        else
        {
            var threadContinue = oldRevThread == _vIn ? _thread[oldLastSucc] : _thread[_vIn];
            var stem = _uIn;
            var parStem = _vIn;
            var last = _lastSucc[_uIn];
            var after = _thread[last];
            _thread[_vIn] = _uIn;
            _dirtyRevs.Clear();
            _dirtyRevs.Add(_vIn);
            while (stem != _uOut)
            {
                var nextStem = _parent[stem];
                _thread[last] = nextStem;
                _dirtyRevs.Add(last);
                var before = _revThread[stem];
                _thread[before] = after;
                _revThread[after] = before;
                _parent[stem] = parStem;
                parStem = stem;
                stem = nextStem;
                last = _lastSucc[stem] == _lastSucc[parStem] ? _revThread[parStem] : _lastSucc[stem];
                after = _thread[last];
            }
            _parent[_uOut] = parStem;
            _thread[last] = threadContinue;
            _revThread[threadContinue] = last;
            _lastSucc[_uOut] = last;
            if (oldRevThread != _vIn)
            {
                _thread[oldRevThread] = after;
                _revThread[after] = oldRevThread;
            }
            foreach (var u in _dirtyRevs) _revThread[_thread[u]] = u;

            int tmpSc = 0, tmpLs = _lastSucc[_uOut];
            for (int u = _uOut, p = _parent[u]; u != _uIn; u = p, p = _parent[u])
            {
                _pred[u] = _pred[p];
                _predDir[u] = (sbyte)-_predDir[p];
                tmpSc += _succNum[u] - _succNum[p];
                _succNum[u] = tmpSc;
                _lastSucc[p] = tmpLs;
            }
            _pred[_uIn] = _inArc;
            _predDir[_uIn] = _uIn == _source[_inArc] ? Up : Down;
            _succNum[_uIn] = oldSuccNum;
        }

        var upLimitOut = _lastSucc[_join] == _vIn ? _join : -1;
        var lastSuccOut = _lastSucc[_uOut];
        for (var u = _vIn; u != -1 && _lastSucc[u] == _vIn; u = _parent[u]) _lastSucc[u] = lastSuccOut;

        if (_join != oldRevThread && _vIn != oldRevThread)
        {
            for (var u = vOut; u != upLimitOut && _lastSucc[u] == oldLastSucc; u = _parent[u]) _lastSucc[u] = oldRevThread;
        }
        else if (lastSuccOut != oldLastSucc)
        {
            for (var u = vOut; u != upLimitOut && _lastSucc[u] == oldLastSucc; u = _parent[u]) _lastSucc[u] = lastSuccOut;
        }

        for (var u = _vIn; u != _join; u = _parent[u]) _succNum[u] += oldSuccNum;
        for (var u = vOut; u != _join; u = _parent[u]) _succNum[u] -= oldSuccNum;
    }

    /// <summary>
    /// The subtree now hanging from the entering arc moves by σ relative to the rest of the tree. Only
    /// differences of potentials matter (reduced costs), so when that subtree holds more than half the
    /// nodes the others (root included) move by −σ instead: the walk is over the smaller side.
    /// </summary>
    private void UpdatePotential()
    {
        var sigma = _pi[_vIn] - _pi[_uIn] - _predDir[_uIn] * _cost[_inArc];
        var after = _thread[_lastSucc[_uIn]];
        if (!_mayShiftRest || 2 * _succNum[_uIn] <= _nodeCount + 1)
        {
            for (var u = _uIn; u != after; u = _thread[u]) _pi[u] += sigma;
            return;
        }
        for (var u = after; u != _uIn; u = _thread[u]) _pi[u] -= sigma;
        // The root drifts from 0 by these shifts. Potentials stay within 2·artificial cost (≤ 2^60) of the
        // root's and one shift is at most twice that, so bringing everything back past 2^61 keeps
        // every sum below 2^63.
        if (Math.Abs(_pi[_root]) > 1L << 61)
        {
            var shift = _pi[_root];
            for (var u = 0; u <= _nodeCount; u++) _pi[u] -= shift;
        }
    }
}
