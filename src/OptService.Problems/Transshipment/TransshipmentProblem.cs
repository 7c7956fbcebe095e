using System.Text.Json.Serialization;

namespace OptService.Problems.Transshipment;

/// <summary>
/// A transshipment network: goods move from supply nodes through intermediate nodes to demand nodes
/// along arcs with a unit cost and optional flow bounds. At every node
/// <c>supply + inflow ≥ demand + outflow</c> (a node may keep unused supply); total cost is minimized.
/// </summary>
public sealed record TransshipmentProblem
{
    /// <summary>Optional label, echoed in logs and model files.</summary>
    public string? Name { get; init; }

    public required IReadOnlyList<TransshipmentNode> Nodes { get; init; }

    public required IReadOnlyList<TransshipmentArc> Arcs { get; init; }

    /// <summary>Whether every arc flow must be a whole number (default true).</summary>
    public bool IntegerFlows { get; init; } = true;

    public TransshipmentOptions? Options { get; init; }
}

/// <summary>A place in the network with what it can ship (<c>supply</c>) and what it must receive (<c>demand</c>).</summary>
public sealed record TransshipmentNode
{
    public required string Id { get; init; }
    public double Supply { get; init; }
    public double Demand { get; init; }
}

/// <summary>A directed route with a cost per unit and flow bounds (<c>maxFlow</c> absent = unbounded).</summary>
public sealed record TransshipmentArc
{
    public required string From { get; init; }
    public required string To { get; init; }
    public required double Cost { get; init; }
    public double MinFlow { get; init; }
    public double? MaxFlow { get; init; }
}

/// <summary>How to solve: which method and for how long at most.</summary>
public sealed record TransshipmentOptions
{
    public TransshipmentMethod Solver { get; init; } = TransshipmentMethod.Auto;

    /// <summary>Wall-clock limit of the solve; absent = none.</summary>
    public double? TimeLimitSeconds { get; init; }
}

/// <summary>The solving methods on offer. <c>auto</c> picks the fastest correct one for the data.</summary>
public enum TransshipmentMethod
{
    Auto,
    Scip,
    Cbc,
    Highs,
    Glop,
    Pdlp,
    [JsonStringEnumMemberName("min-cost-flow")]
    MinCostFlow,
}
