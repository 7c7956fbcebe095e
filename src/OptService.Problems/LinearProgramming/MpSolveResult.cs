namespace OptService.Problems.LinearProgramming;

/// <summary>How an out-of-process MPSolver solve ended, in our terms (never an OR-Tools type).</summary>
public enum MpSolveStatus
{
    Optimal,
    /// <summary>A solution without a proof of optimality (time limit or interrupt with an incumbent).</summary>
    Feasible,
    Infeasible,
    Unbounded,
    /// <summary>The time limit passed and no solution came back.</summary>
    TimeLimit,
    /// <summary>Cancelled and no solution came back.</summary>
    Cancelled,
    /// <summary>The backend could not decide (numerical trouble, unknown status).</summary>
    Abnormal,
    /// <summary>The host process failed (solver unavailable, crash); see <see cref="MpSolveResult.Detail"/>.</summary>
    Failed,
}

/// <summary>
/// The verdict, the variable values when a solution came back, and a one-line explanation; row duals and
/// reduced costs when they were asked for and the model is continuous.
/// </summary>
public sealed record MpSolveResult(
    MpSolveStatus Status, double[]? Values, double? Objective, double? BestBound, string Detail,
    double[]? Duals = null, double[]? ReducedCosts = null);
