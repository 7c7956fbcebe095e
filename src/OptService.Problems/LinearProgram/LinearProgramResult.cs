using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// The answer to a linear program. <see cref="Variables"/> lists every variable in input order;
/// <see cref="Constraints"/> every constraint in input order (empty when there is no solution).
/// </summary>
public sealed record LinearProgramResult
{
    /// <summary>The solver's verdict: optimal, feasible, infeasible, unbounded, timeLimit, notSolved, abnormal.</summary>
    public required SolveOutcome Outcome { get; init; }

    /// <summary>Objective value of the returned solution, offset included.</summary>
    public double? Objective { get; init; }

    /// <summary>The best proven bound on the optimum (MIP: the solver's dual bound; LP: the objective when optimal).</summary>
    public double? BestBound { get; init; }

    /// <summary>|objective − bestBound| / max(|objective|, 1e-9); 0 when proven optimal.</summary>
    public double? Gap { get; init; }

    /// <summary>The backend that ran: glop, pdlp, highs, scip or cbc.</summary>
    public required string Solver { get; init; }

    public double SolveSeconds { get; init; }

    /// <summary>Why there is no (proven) solution, in words.</summary>
    public string? Message { get; init; }

    public IReadOnlyList<VariableValue> Variables { get; init; } = [];

    public IReadOnlyList<ConstraintValue> Constraints { get; init; } = [];

    /// <summary>For continuous models: how far the solution is from primal and dual feasibility (checked for every LP backend; decides PDLP's verdict).</summary>
    public FeasibilityCheck? Feasibility { get; init; }
}

/// <summary>
/// One variable's value (a whole number for integer variables) and, for a continuous model, its
/// reduced cost <c>c_j − Σ_i a_ij·dual_i</c>.
/// </summary>
public sealed record VariableValue(string Name, double Value, double? ReducedCost = null);

/// <summary>
/// One constraint's activity <c>Σ a_ij·x_j</c> and, for a continuous model, its dual value: the change of
/// the optimal objective per unit increase of the constraint's binding bound.
/// </summary>
public sealed record ConstraintValue(string Name, double Activity, double? Dual = null);

/// <summary>
/// Largest violations of the returned LP solution, relative to 1 + the largest magnitude involved:
/// primal (bounds and constraints), dual (sign of duals and reduced costs), and the relative gap between
/// primal and dual objective. Within <see cref="Tolerance"/> all three means optimal.
/// </summary>
public sealed record FeasibilityCheck(double PrimalViolation, double DualViolation, double ObjectiveGap, double Tolerance);
