using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>
/// The independent check of a backend's answer, run after every solve: the flow keeps every bound and
/// node balance (within <see cref="FlowCheck.Tolerance"/>), is whole where whole units were asked for,
/// and, when the backend calls it optimal, its residual graph has no negative cycle. Only an answer
/// that passes is reported as a solution.
/// </summary>
internal sealed record AnswerCheck(FlowDefects Defects, bool? Optimal, ResidualGraph Residual)
{
    public bool Passes => Defects.None && Optimal == true;

    public static AnswerCheck Of(FlowNetwork network, double[] flow, SolveOutcome outcome, TransshipmentMethod method)
    {
        FlowCheck.SnapToIntegers(network, flow);
        var defects = FlowCheck.Find(network, flow);
        var residual = ResidualGraph.Of(network, flow);
        // Optimality is taken on trust only from the exact integer network algorithm, whose stopping
        // rule is that very condition, and is not claimed for a "feasible" answer.
        bool? optimal = true;
        if (defects.None && outcome == SolveOutcome.Optimal && method != TransshipmentMethod.MinCostFlow)
            optimal = residual.IsOptimal();
        return new AnswerCheck(defects, optimal, residual);
    }

    public string Describe() =>
        !Defects.None ? Defects.Describe()
        : Optimal == false ? "it is not optimal: its residual graph has a negative-cost cycle"
        : Optimal is null ? "its optimality could not be checked within the work budget"
        : "no defect";
}
