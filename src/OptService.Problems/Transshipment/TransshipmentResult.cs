using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>
/// The answer to a transshipment problem. <see cref="Flows"/> lists every arc in input order (zero
/// flows included) so that <c>flows[i]</c> belongs to <c>arcs[i]</c>; it is empty when there is no solution.
/// </summary>
public sealed record TransshipmentResult : ISelfSerializingResult
{
    /// <summary>The solver's verdict (not the job's lifecycle status).</summary>
    public required SolveOutcome Outcome { get; init; }
    public double? Objective { get; init; }

    /// <summary>The method that ran (<c>min-cost-flow</c>, <c>glop</c>, <c>scip</c>, ...).</summary>
    public required string Solver { get; init; }

    public double SolveSeconds { get; init; }

    /// <summary>
    /// Why there is no solution (infeasible, unbounded, stopped), in words a planner can act on; or, with
    /// a solution, what was done to the backend's answer (PDLP's approximate flow re-solved exactly, with
    /// both objectives) or why it is only <c>feasible</c>.
    /// </summary>
    public string? Message { get; init; }

    public IReadOnlyList<ArcFlow> Flows { get; init; } = [];
    public IReadOnlyList<NodeBalance> Nodes { get; init; } = [];

    /// <summary>The UTF-8 JSON System.Text.Json writes, written from the flow arrays (<see cref="TransshipmentResultJson"/>).</summary>
    byte[] ISelfSerializingResult.ToUtf8Json() => TransshipmentResultJson.Write(this);
}

/// <summary>The flow on one arc.</summary>
public sealed record ArcFlow(string From, string To, double Flow);

/// <summary>
/// What happens at one node: <c>supply + inflow = demand + outflow + unusedSupply</c>.
/// <see cref="MarginalCost"/> is what one more unit of demand at this node would add to the optimal
/// cost (null: it could not be delivered at all).
/// </summary>
public sealed record NodeBalance(
    string Id, double Supply, double Demand, double Inflow, double Outflow, double UnusedSupply, double? MarginalCost);
