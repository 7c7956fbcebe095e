using OptService.Kinds;
using OptService.MpSolverHost;
using OptService.Problems.LinearProgramming;

namespace OptService.Problems.Transshipment;

/// <summary>Solves the transshipment LP/MIP with an MPSolver backend in the solver host process.</summary>
internal static class MpSolverBackend
{
    /// <summary>
    /// Columns are arcs (bounds minFlow..maxFlow, cost, integer when asked and the backend is a MIP
    /// solver); rows are nodes: Σ x(in) − Σ x(out) ≥ demand − supply.
    /// </summary>
    public static MpModelFile BuildModel(FlowNetwork network, bool integer)
    {
        int n = network.NodeCount, m = network.ArcCount;
        var rowLower = new double[n];
        var rowUpper = new double[n];
        for (var v = 0; v < n; v++)
        {
            rowLower[v] = network.Demand[v] - network.Supply[v];
            rowUpper[v] = double.PositiveInfinity;
        }
        var start = new int[m + 1];
        var row = new int[2 * m];
        var value = new double[2 * m];
        for (var a = 0; a < m; a++)
        {
            start[a + 1] = 2 * a + 2;
            (row[2 * a], value[2 * a]) = (network.Tail[a], -1.0);
            (row[2 * a + 1], value[2 * a + 1]) = (network.Head[a], 1.0);
        }
        var isInteger = new bool[m];
        if (integer) Array.Fill(isInteger, true);
        return new MpModelFile
        {
            ColumnLower = (double[])network.MinFlow.Clone(), ColumnUpper = (double[])network.MaxFlow.Clone(),
            Objective = (double[])network.Cost.Clone(), IsInteger = isInteger,
            RowLower = rowLower, RowUpper = rowUpper, ColumnStart = start, RowIndex = row, Value = value,
        };
    }

    public static async Task<FlowSolution> SolveAsync(
        FlowNetwork network, TransshipmentMethod method, double? timeLimitSeconds, ISolveContext context)
    {
        var integer = network.IntegerFlows && method is TransshipmentMethod.Scip or TransshipmentMethod.Cbc or TransshipmentMethod.Highs;
        var model = BuildModel(network, integer);
        var result = await MpSolverProcess.SolveAsync(model, SolverId(method), timeLimitSeconds, context.Info, context.Cancellation)
            .ConfigureAwait(false);
        var outcome = result.Status switch
        {
            MpSolveStatus.Optimal => SolveOutcome.Optimal,
            MpSolveStatus.Feasible => SolveOutcome.Feasible,
            MpSolveStatus.Infeasible => SolveOutcome.Infeasible,
            MpSolveStatus.Unbounded => SolveOutcome.Unbounded,
            MpSolveStatus.TimeLimit => SolveOutcome.TimeLimit,
            MpSolveStatus.Cancelled => SolveOutcome.NotSolved,
            _ => SolveOutcome.Abnormal,
        };
        var message = outcome == SolveOutcome.Infeasible
            ? "the demands and minimum flows cannot all be routed within the arc capacities (proved by the solver; no single node or total explains it)"
            : result.Detail;
        return new FlowSolution(outcome, result.Values, message);
    }

    private static string SolverId(TransshipmentMethod method) => method switch
    {
        TransshipmentMethod.Glop => "GLOP",
        TransshipmentMethod.Pdlp => "PDLP",
        TransshipmentMethod.Scip => "SCIP",
        TransshipmentMethod.Cbc => "CBC",
        TransshipmentMethod.Highs => "HIGHS",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not an MPSolver backend"),
    };
}
