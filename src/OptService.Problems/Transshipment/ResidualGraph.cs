namespace OptService.Problems.Transshipment;

/// <summary>
/// Shortest paths in the residual graph of an optimal flow, which give every backend the same node
/// marginal costs: one more unit of demand at node v is served by taking one unit a node u now keeps
/// unused (the residual arc super-sink → u of its disposal) and moving it along the cheapest residual
/// path u → v. Its cost is the distance from the super-sink T to v; unreachable means no more can be
/// delivered. At an optimum the residual graph has no negative cycle, so Bellman–Ford terminates.
/// </summary>
internal static class ResidualGraph
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

    /// <summary>
    /// Marginal cost of one more unit of demand at each node (null = cannot be delivered), or null for
    /// all when the search exceeds its work budget (an approximate flow with tiny negative cycles).
    /// </summary>
    /// <param name="network">The network the flow belongs to.</param>
    /// <param name="flow">An optimal flow per arc.</param>
    /// <param name="relativeTolerance">How far from a bound a flow must be to leave residual capacity.</param>
    public static double?[]? MarginalCosts(FlowNetwork network, double[] flow, double relativeTolerance)
    {
        var n = network.NodeCount;
        var sink = n;
        var surplus = new double[n];
        for (var v = 0; v < n; v++) surplus[v] = network.Supply[v] - network.Demand[v];

        // Residual edges: 0..m-1 forward arcs, m..2m-1 backward arcs, 2m.. super-sink → node.
        var m = network.ArcCount;
        var from = new int[2 * m + n];
        var to = new int[2 * m + n];
        var cost = new double[2 * m + n];
        var count = 0;
        for (var a = 0; a < m; a++)
        {
            int u = network.Tail[a], v = network.Head[a];
            var x = flow[a];
            surplus[u] -= x;
            surplus[v] += x;
            if (x < network.MaxFlow[a] - Tolerance(network.MaxFlow[a], relativeTolerance))
                (from[count], to[count], cost[count++]) = (u, v, network.Cost[a]);
            if (x > network.MinFlow[a] + Tolerance(network.MinFlow[a], relativeTolerance))
                (from[count], to[count], cost[count++]) = (v, u, -network.Cost[a]);
        }
        for (var v = 0; v < n; v++)
            if (surplus[v] > Tolerance(network.Supply[v], relativeTolerance))
                (from[count], to[count], cost[count++]) = (sink, v, 0.0);

        var graph = Adjacency(n + 1, Enumerable.Range(0, count).ToArray(), e => from[e]);
        var distance = ShortestFrom(sink, n + 1, graph, to, cost);
        if (distance is null) return null;
        var result = new double?[n];
        for (var v = 0; v < n; v++)
            result[v] = double.IsPositiveInfinity(distance[v]) ? null : distance[v] + 0.0;
        return result;
    }

    /// <summary>Queue-based Bellman–Ford with a work budget; null when the budget runs out.</summary>
    private static double[]? ShortestFrom(int source, int nodeCount, Csr graph, int[] to, double[] cost)
    {
        var distance = new double[nodeCount];
        Array.Fill(distance, double.PositiveInfinity);
        distance[source] = 0;
        var inQueue = new bool[nodeCount];
        var queue = new Queue<int>();
        queue.Enqueue(source);
        inQueue[source] = true;
        long budget = 64L * (graph.Edge.Length + nodeCount) + 1024;
        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            inQueue[u] = false;
            for (var k = graph.Start[u]; k < graph.Start[u + 1]; k++)
            {
                if (--budget < 0) return null;
                var e = graph.Edge[k];
                var v = to[e];
                var candidate = distance[u] + cost[e];
                if (candidate >= distance[v] - 1e-9 * Math.Max(1, Math.Abs(candidate))) continue;
                distance[v] = candidate;
                if (!inQueue[v]) { queue.Enqueue(v); inQueue[v] = true; }
            }
        }
        return distance;
    }

    private static double Tolerance(double bound, double relative) =>
        double.IsFinite(bound) ? relative * Math.Max(1, Math.Abs(bound)) : 0;
}
