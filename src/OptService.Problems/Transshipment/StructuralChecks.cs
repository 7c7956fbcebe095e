using System.Globalization;
using System.Text;

namespace OptService.Problems.Transshipment;

/// <summary>
/// Cheap proofs of infeasibility and unboundedness that explain themselves, run before any solver so
/// that a planner reads "Houston needs 7000 but its incoming arcs carry at most 4000" rather than
/// "the solver says infeasible".
/// </summary>
internal static class StructuralChecks
{
    private const int MaxReasons = 5;

    /// <summary>Reasons the network cannot be feasible, or an empty list when none of the cheap checks fires.</summary>
    public static List<string> FindInfeasibility(FlowNetwork network)
    {
        var reasons = new List<string>();
        CheckTotals(network, reasons);
        CheckNodeCapacities(network, reasons);
        return reasons;
    }

    /// <summary>
    /// Total demand must not exceed total supply: minimum flows only move goods, and a node may keep
    /// surplus but never create it.
    /// </summary>
    private static void CheckTotals(FlowNetwork network, List<string> reasons)
    {
        double supply = 0, demand = 0;
        for (var n = 0; n < network.NodeCount; n++)
        {
            supply += network.Supply[n];
            demand += network.Demand[n];
        }
        if (demand > supply + Tolerance(supply))
            reasons.Add(Invariant($"total demand {demand} exceeds total supply {supply} by {demand - supply}"));
    }

    /// <summary>
    /// What must leave or stay at a node (its demand plus the minimum flows of its outgoing arcs) must
    /// not exceed what can be there (its supply plus the capacity of its incoming arcs). Forced inflow
    /// alone is never a problem: under "≥" a node may keep the surplus.
    /// </summary>
    private static void CheckNodeCapacities(FlowNetwork network, List<string> reasons)
    {
        var n = network.NodeCount;
        var inCapacity = new double[n];
        var forcedOut = new double[n];
        for (var a = 0; a < network.ArcCount; a++)
        {
            inCapacity[network.Head[a]] += network.MaxFlow[a];
            forcedOut[network.Tail[a]] += network.MinFlow[a];
        }
        var found = 0;
        for (var v = 0; v < n; v++)
        {
            var available = network.Supply[v] + inCapacity[v];
            var needed = network.Demand[v] + forcedOut[v];
            if (needed <= available + Tolerance(available)) continue;
            if (++found > MaxReasons) continue;
            var id = network.NodeIds[v];
            reasons.Add(forcedOut[v] == 0
                ? Invariant($"node '{id}' needs {needed} but its supply plus the capacity of its incoming arcs is only {available}")
                : Invariant($"node '{id}' must receive its demand {network.Demand[v]} and send the minimum flows {forcedOut[v]} of its outgoing arcs, {needed} in all, but its supply plus the capacity of its incoming arcs is only {available}"));
        }
        if (found > MaxReasons) reasons.Add(Invariant($"... and {found - MaxReasons} more nodes like these"));
    }

    /// <summary>
    /// A directed cycle of uncapacitated arcs with negative total cost lets flow circulate for ever at a
    /// profit: the problem is unbounded whenever it is feasible. Bellman–Ford (queue-based) over the
    /// uncapacitated arcs from a virtual source; a node relaxed n times lies on or behind a negative cycle.
    /// Returns the cycle's node ids in order, or null.
    /// </summary>
    public static List<string>? FindNegativeUncapacitatedCycle(FlowNetwork network)
    {
        var hasNegative = false;
        for (var a = 0; a < network.ArcCount && !hasNegative; a++)
            hasNegative = network.Cost[a] < 0 && double.IsPositiveInfinity(network.MaxFlow[a]);
        if (!hasNegative) return null;

        var arcs = Enumerable.Range(0, network.ArcCount).Where(a => double.IsPositiveInfinity(network.MaxFlow[a])).ToArray();
        var graph = ResidualGraph.Adjacency(network.NodeCount, arcs, a => network.Tail[a]);
        var n = network.NodeCount;
        var distance = new double[n];
        var parentArc = new int[n];
        Array.Fill(parentArc, -1);
        var count = new int[n];
        var inQueue = new bool[n];
        var queue = new Queue<int>(n);
        for (var v = 0; v < n; v++) { queue.Enqueue(v); inQueue[v] = true; }
        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            inQueue[u] = false;
            for (var k = graph.Start[u]; k < graph.Start[u + 1]; k++)
            {
                var a = graph.Edge[k];
                var v = network.Head[a];
                var candidate = distance[u] + network.Cost[a];
                if (candidate >= distance[v] - 1e-12) continue;
                distance[v] = candidate;
                parentArc[v] = a;
                if (++count[v] >= n) return TraceCycle(network, parentArc, v);
                if (!inQueue[v]) { queue.Enqueue(v); inQueue[v] = true; }
            }
        }
        return null;
    }

    private static List<string> TraceCycle(FlowNetwork network, int[] parentArc, int start)
    {
        // Walking n parent steps lands on the cycle; then follow it round once.
        var v = start;
        for (var i = 0; i < network.NodeCount; i++) v = network.Tail[parentArc[v]];
        var cycle = new List<string>();
        var u = v;
        do
        {
            cycle.Add(network.NodeIds[u]);
            u = network.Tail[parentArc[u]];
        } while (u != v && cycle.Count <= network.NodeCount);
        cycle.Reverse();
        cycle.Add(cycle[0]);
        return cycle;
    }

    public static string DescribeCycle(List<string> cycle)
    {
        var text = new StringBuilder("unbounded: the uncapacitated arcs ");
        text.AppendJoin(" → ", cycle.Take(20).Select(id => $"'{id}'"));
        if (cycle.Count > 20) text.Append(" → ...");
        text.Append(" form a cycle of negative total cost, so sending more flow round it lowers the cost without limit; give one of these arcs a maxFlow or fix its cost");
        return text.ToString();
    }

    private static double Tolerance(double scale) => 1e-9 * Math.Max(1, Math.Abs(scale));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
