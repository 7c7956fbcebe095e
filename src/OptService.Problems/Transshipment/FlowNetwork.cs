namespace OptService.Problems.Transshipment;

/// <summary>
/// A validated problem as parallel arrays indexed by node and arc number (input order), built once
/// so that model building, solving and result extraction never look names up in hot loops.
/// <see cref="MaxFlow"/> holds +∞ for uncapacitated arcs.
/// </summary>
internal sealed class FlowNetwork
{
    public required string[] NodeIds { get; init; }
    public required double[] Supply { get; init; }
    public required double[] Demand { get; init; }
    public required int[] Tail { get; init; }
    public required int[] Head { get; init; }
    public required double[] Cost { get; init; }
    public required double[] MinFlow { get; init; }
    public required double[] MaxFlow { get; init; }
    public required bool IntegerFlows { get; init; }
    public string? Name { get; init; }

    public int NodeCount => NodeIds.Length;
    public int ArcCount => Tail.Length;

    /// <summary>
    /// The network <see cref="TransshipmentJsonReader"/> read and validated with the problem, while the problem's nodes
    /// and arcs are still its views (a copy <c>with</c> other nodes or arcs has none); else null.
    /// </summary>
    public static FlowNetwork? ReadWith(TransshipmentProblem problem) =>
        problem.Nodes is NetworkNodeList nodes && problem.Arcs is NetworkArcList arcs && ReferenceEquals(nodes.Network, arcs.Network)
            ? nodes.Network
            : null;

    public static FlowNetwork From(TransshipmentProblem problem)
    {
        // Read straight into arrays at submission: nothing to build (integerFlows and name may differ in a copy).
        if (ReadWith(problem) is { } read)
            return new FlowNetwork
            {
                NodeIds = read.NodeIds, Supply = read.Supply, Demand = read.Demand, Tail = read.Tail, Head = read.Head,
                Cost = read.Cost, MinFlow = read.MinFlow, MaxFlow = read.MaxFlow, IntegerFlows = problem.IntegerFlows, Name = problem.Name,
            };
        var nodes = problem.Nodes;
        var index = new Dictionary<string, int>(nodes.Count, StringComparer.Ordinal);
        var ids = new string[nodes.Count];
        var supply = new double[nodes.Count];
        var demand = new double[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            ids[i] = nodes[i].Id;
            supply[i] = nodes[i].Supply;
            demand[i] = nodes[i].Demand;
            index[nodes[i].Id] = i;
        }

        var arcs = problem.Arcs;
        var tail = new int[arcs.Count];
        var head = new int[arcs.Count];
        var cost = new double[arcs.Count];
        var min = new double[arcs.Count];
        var max = new double[arcs.Count];
        for (var a = 0; a < arcs.Count; a++)
        {
            var arc = arcs[a];
            tail[a] = index[arc.From];
            head[a] = index[arc.To];
            cost[a] = arc.Cost;
            min[a] = arc.MinFlow;
            max[a] = arc.MaxFlow ?? double.PositiveInfinity;
        }

        return new FlowNetwork
        {
            NodeIds = ids, Supply = supply, Demand = demand, Tail = tail, Head = head,
            Cost = cost, MinFlow = min, MaxFlow = max, IntegerFlows = problem.IntegerFlows, Name = problem.Name,
        };
    }

    /// <summary>Total cost of a flow vector.</summary>
    public double CostOf(double[] flow)
    {
        var total = 0.0;
        for (var a = 0; a < flow.Length; a++) total += Cost[a] * flow[a];
        return total;
    }
}
