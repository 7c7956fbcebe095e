namespace OptService.Problems.Transshipment;

/// <summary>
/// The residual graph of a flow, which gives every backend the same optimality check and node
/// marginal costs. Nodes are the network's plus a source S of the unused supply: an edge S → u
/// carries what u keeps unused, u → S (free, unbounded) lets u keep more. Arc a gives a forward edge
/// (cost c, capacity maxFlow − x) and a backward edge (cost −c, capacity x − minFlow).
/// <para>
/// With integer flows the problem is the same as the integral network with balances
/// ⌊supply − demand⌋ and bounds ⌈minFlow⌉..⌊maxFlow⌋ (flows are whole, so a node can use only the
/// whole part of its net supply), so capacities are rounded down to whole units: an edge exists only
/// where at least one more unit can pass. That network is totally unimodular, so one more unit of
/// demand is served along one cheapest path. With continuous flows capacities are kept as they are,
/// and one more unit may have to be split over several paths (two sources with 0.5 spare each).
/// </para>
/// </summary>
internal sealed class ResidualGraph
{
    /// <summary>Compressed adjacency: the edges leaving node u are <c>Edge[Start[u]..Start[u+1]]</c>.</summary>
    public sealed record Csr(int[] Start, int[] Edge);

    public static Csr Adjacency(int nodeCount, int[] edges, Func<int, int> source)
    {
        var start = new int[nodeCount + 1];
        foreach (var e in edges) start[source(e) + 1]++;
        for (var u = 0; u < nodeCount; u++) start[u + 1] += start[u];
        var next = (int[])start.Clone();
        var edge = new int[edges.Length];
        foreach (var e in edges) edge[next[source(e)]++] = e;
        return new Csr(start, edge);
    }

    /// <summary>Capacities and slacks at most this × max(1, magnitude) count as zero (continuous flows).</summary>
    private const double CapacityTolerance = 1e-9;

    /// <summary>A distance must improve by more than this (relative) to count: float noise is no negative cycle.</summary>
    private const double CostTolerance = 1e-9;

    private readonly int _nodes, _arcs, _source;
    private readonly int[] _from, _to;
    private readonly double[] _cost, _capacity;
    private readonly Csr _out;
    private readonly bool _wholeUnits;
    private long _budget;

    private ResidualGraph(int nodes, int arcs, int[] from, int[] to, double[] cost, double[] capacity, bool wholeUnits)
    {
        (_nodes, _arcs, _source, _from, _to, _cost, _capacity, _wholeUnits) = (nodes, arcs, nodes, from, to, cost, capacity, wholeUnits);
        // With whole units the capacities never change (one path per unit), so edges without room are
        // left out of the searches; with continuous flows OneUnitTo opens them as it moves flow.
        // Built as Adjacency builds it, in two passes over the edges without a list of the live ones or a call per
        // edge: at 500,000 arcs this graph is built after every solve (AnswerCheck), on the job's path.
        var start = new int[nodes + 2];
        for (var e = 0; e < from.Length; e++)
            if (!wholeUnits || capacity[e] > 0) start[from[e] + 1]++;
        for (var u = 0; u <= nodes; u++) start[u + 1] += start[u];
        var next = start[..^1];
        var edge = new int[start[nodes + 1]];
        for (var e = 0; e < from.Length; e++)
            if (!wholeUnits || capacity[e] > 0) edge[next[from[e]]++] = e;
        _out = new Csr(start, edge);
        // Searches are queue-based Bellman–Ford: bounded work, so a pathological input ends in a
        // warning instead of a job that never finishes.
        _budget = 100_000_000L + 64L * (from.Length + nodes);
    }

    /// <summary>Edges 0..m−1 forward arcs, m..2m−1 backward arcs, 2m..2m+n−1 S → v, 2m+n..2m+2n−1 v → S.</summary>
    public static ResidualGraph Of(FlowNetwork network, double[] flow)
    {
        int n = network.NodeCount, m = network.ArcCount;
        var whole = network.IntegerFlows;
        var from = new int[2 * m + 2 * n];
        var to = new int[from.Length];
        var cost = new double[from.Length];
        var capacity = new double[from.Length];
        var unused = new double[n];
        var scale = new double[n];
        for (var v = 0; v < n; v++)
        {
            unused[v] = network.Supply[v] - network.Demand[v];
            scale[v] = network.Supply[v] + network.Demand[v];
        }
        for (var a = 0; a < m; a++)
        {
            int u = network.Tail[a], v = network.Head[a];
            var x = flow[a];
            unused[u] -= x;
            unused[v] += x;
            scale[u] += Math.Abs(x);
            scale[v] += Math.Abs(x);
            (from[a], to[a], cost[a]) = (u, v, network.Cost[a]);
            (from[m + a], to[m + a], cost[m + a]) = (v, u, -network.Cost[a]);
            var max = network.MaxFlow[a];
            capacity[a] = double.IsPositiveInfinity(max) ? double.PositiveInfinity : Slack(max - x, Math.Abs(max), whole);
            capacity[m + a] = Slack(x - network.MinFlow[a], Math.Abs(network.MinFlow[a]), whole);
        }
        for (var v = 0; v < n; v++)
        {
            (from[2 * m + v], to[2 * m + v], capacity[2 * m + v]) = (n, v, Slack(unused[v], scale[v], whole));
            (from[2 * m + n + v], to[2 * m + n + v], capacity[2 * m + n + v]) = (v, n, double.PositiveInfinity);
        }
        return new ResidualGraph(n, m, from, to, cost, capacity, whole);
    }

    /// <summary>Whole units that fit in the slack (integer flows), or the slack with float noise counted as zero.</summary>
    private static double Slack(double slack, double magnitude, bool wholeUnits)
    {
        var noise = CapacityTolerance * Math.Max(1, magnitude);
        if (wholeUnits) return Math.Max(0, Math.Floor(slack + noise));
        return slack > noise ? slack : 0;
    }

    /// <summary>
    /// Whether the flow is optimal: a min-cost flow is optimal exactly when its residual graph has no
    /// negative cycle. Null when the search ran out of budget (not decided).
    /// </summary>
    public bool? IsOptimal()
    {
        var distance = new double[_nodes + 1];
        return Search(distance, new int[_nodes + 1], fromEveryNode: true) switch
        {
            SearchEnd.Done => true,
            SearchEnd.NegativeCycle => false,
            _ => null,
        };
    }

    /// <summary>
    /// Marginal cost of one more unit of demand at each node: the cost of the cheapest way to bring one
    /// whole unit from the unused supply to it (null = it cannot be delivered). Null for all when the
    /// search exceeds its work budget or finds a negative cycle (the flow is not optimal).
    /// </summary>
    public double?[]? MarginalCosts()
    {
        var distance = new double[_nodes + 1];
        var pred = new int[_nodes + 1];
        if (Search(distance, pred, fromEveryNode: false) != SearchEnd.Done) return null;
        var result = new double?[_nodes];
        // The cheapest path costs distance[v] per unit; when some cheapest path can carry a whole unit
        // (always, with whole-unit capacities) that is the answer. Otherwise the unit needs several paths.
        var width = _wholeUnits ? null : WidestCheapestPaths(distance);
        for (var v = 0; v < _nodes; v++)
        {
            if (double.IsPositiveInfinity(distance[v])) continue;
            if (width is null || width[v] >= 1 - CapacityTolerance) result[v] = distance[v] + 0.0;
            else
            {
                var (cost, exhausted) = OneUnitTo(v);
                if (exhausted) return null;
                result[v] = cost;
            }
        }
        return result;
    }

    /// <summary>The most one path of cheapest cost can carry from S to each node (widest path over tight edges).</summary>
    private double[] WidestCheapestPaths(double[] distance)
    {
        var width = new double[_nodes + 1];
        width[_source] = double.PositiveInfinity;
        var queue = new PriorityQueue<int, double>();
        queue.Enqueue(_source, double.NegativeInfinity);
        while (queue.TryDequeue(out var u, out var priority))
        {
            if (-priority < width[u]) continue; // a wider path to u was found after this entry was queued
            for (var k = _out.Start[u]; k < _out.Start[u + 1]; k++)
            {
                var e = _out.Edge[k];
                var v = _to[e];
                if (_capacity[e] <= 0 || double.IsPositiveInfinity(distance[v])) continue;
                if (Math.Abs(distance[u] + _cost[e] - distance[v]) > 10 * CostTolerance * Math.Max(1, Math.Abs(distance[v]))) continue;
                var w = Math.Min(width[u], _capacity[e]);
                if (w <= width[v]) continue;
                width[v] = w;
                queue.Enqueue(v, -w);
            }
        }
        return width;
    }

    /// <summary>
    /// Successive cheapest paths from S to <paramref name="target"/> until one whole unit has moved, on
    /// the residual graph itself; every change is undone before returning.
    /// </summary>
    private (double? Cost, bool Exhausted) OneUnitTo(int target)
    {
        var distance = new double[_nodes + 1];
        var pred = new int[_nodes + 1];
        var saved = new List<(int Edge, double Capacity)>();
        try
        {
            double remaining = 1, total = 0;
            while (remaining > CapacityTolerance)
            {
                if (Search(distance, pred, fromEveryNode: false) != SearchEnd.Done) return (null, true);
                if (double.IsPositiveInfinity(distance[target])) return (null, false);
                var bottleneck = remaining;
                var pathCost = 0.0;
                for (var v = target; v != _source; v = _from[pred[v]])
                {
                    bottleneck = Math.Min(bottleneck, _capacity[pred[v]]);
                    pathCost += _cost[pred[v]];
                }
                for (var v = target; v != _source; v = _from[pred[v]])
                {
                    var e = pred[v];
                    saved.Add((e, _capacity[e]));
                    _capacity[e] -= bottleneck;
                    if (Pair(e) is { } back)
                    {
                        saved.Add((back, _capacity[back]));
                        _capacity[back] += bottleneck;
                    }
                }
                total += bottleneck * pathCost;
                remaining -= bottleneck;
            }
            return (total + 0.0, false);
        }
        finally
        {
            for (var i = saved.Count - 1; i >= 0; i--) _capacity[saved[i].Edge] = saved[i].Capacity;
        }
    }

    /// <summary>The edge that gains capacity when flow crosses edge e.</summary>
    private int? Pair(int e)
    {
        if (e < _arcs) return e + _arcs;
        if (e < 2 * _arcs) return e - _arcs;
        if (e < 2 * _arcs + _nodes) return e + _nodes; // S → v gives back v → S, unbounded already
        return null;
    }

    private enum SearchEnd { Done, NegativeCycle, OutOfBudget }

    /// <summary>
    /// Queue-based Bellman–Ford over edges with capacity, from S or (for the optimality check) from a
    /// virtual source joined to every node. A path longer than the node count proves a negative cycle.
    /// </summary>
    private SearchEnd Search(double[] distance, int[] pred, bool fromEveryNode)
    {
        var count = _nodes + 1;
        var length = new int[count];
        var inQueue = new bool[count];
        var queue = new Queue<int>();
        Array.Fill(pred, -1);
        Array.Fill(distance, fromEveryNode ? 0 : double.PositiveInfinity);
        for (var u = 0; u < count; u++)
        {
            if (!fromEveryNode && u != _source) continue;
            distance[u] = 0;
            queue.Enqueue(u);
            inQueue[u] = true;
        }
        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            inQueue[u] = false;
            for (var k = _out.Start[u]; k < _out.Start[u + 1]; k++)
            {
                if (--_budget < 0) return SearchEnd.OutOfBudget;
                var e = _out.Edge[k];
                if (_capacity[e] <= 0) continue;
                var v = _to[e];
                var candidate = distance[u] + _cost[e];
                if (candidate >= distance[v] - CostTolerance * Math.Max(1, Math.Abs(candidate))) continue;
                distance[v] = candidate;
                pred[v] = e;
                length[v] = length[u] + 1;
                if (length[v] > count) return SearchEnd.NegativeCycle;
                if (!inQueue[v]) { queue.Enqueue(v); inQueue[v] = true; }
            }
        }
        return SearchEnd.Done;
    }
}
