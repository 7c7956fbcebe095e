namespace OptService.Nlp;

/// <summary>How a run ended. These are verdicts, never exceptions.</summary>
public enum NlpStatus
{
    /// <summary>A point satisfying the first-order conditions within the tolerance.</summary>
    Optimal,
    /// <summary>The iterates converged to a (local) minimizer of the constraint violation that is not feasible.</summary>
    LocallyInfeasible,
    /// <summary>The objective decreases without bound over feasible points (or the iterates diverge).</summary>
    Unbounded,
    /// <summary>The iteration limit was reached.</summary>
    IterationLimit,
    /// <summary>The time limit was reached.</summary>
    TimeLimit,
    /// <summary>The callback or the cancellation token stopped the run.</summary>
    Stopped,
    /// <summary>Numerical failure (non-finite values, singular system that regularization could not fix).</summary>
    NumericalFailure,
}

/// <summary>One line of the iteration table (as Ipopt prints it).</summary>
/// <param name="Iteration">Iteration number; 0 is the starting point.</param>
/// <param name="Objective">Unscaled objective f(x).</param>
/// <param name="PrimalInfeasibility">‖g(x) projected on its bounds‖∞, unscaled.</param>
/// <param name="DualInfeasibility">Scaled ‖∇f + Jᵀλ − z‖∞.</param>
/// <param name="Barrier">Barrier parameter μ.</param>
/// <param name="StepNorm">‖Δx‖∞ of the step taken.</param>
/// <param name="Regularization">Hessian regularization δw added for inertia correction (0 if none).</param>
/// <param name="PrimalStep">Primal step size α_pr.</param>
/// <param name="DualStep">Dual step size α_du.</param>
/// <param name="LineSearchTrials">Trial points evaluated by the line search.</param>
/// <param name="Restoration">True if the iteration was a feasibility-restoration step.</param>
public sealed record IterationRecord(
    int Iteration,
    double Objective,
    double PrimalInfeasibility,
    double DualInfeasibility,
    double Barrier,
    double StepNorm,
    double Regularization,
    double PrimalStep,
    double DualStep,
    int LineSearchTrials,
    bool Restoration);

/// <summary>The outcome of a run: status, the last (best) point and its multipliers, counts and timings.</summary>
public sealed record NlpResult
{
    public required NlpStatus Status { get; init; }
    /// <summary>A readable explanation (e.g. the constraint violation at a local infeasibility).</summary>
    public required string Message { get; init; }
    public required double[] X { get; init; }
    /// <summary>Constraint multipliers λ (unscaled, sign convention ∇f + Jᵀλ − zL + zU = 0).</summary>
    public required double[] ConstraintMultipliers { get; init; }
    public required double Objective { get; init; }
    public required int Iterations { get; init; }
    /// <summary>Variables the algorithm iterated on (fixed variables excluded, as Ipopt counts them).</summary>
    public required int FreeVariableCount { get; init; }
    public required int EqualityConstraintCount { get; init; }
    public required int InequalityConstraintCount { get; init; }
    /// <summary>Final unscaled constraint violation ‖max(gL − g, g − gU, 0)‖∞ (bounds on x are always kept).</summary>
    public required double ConstraintViolation { get; init; }
    /// <summary>Final scaled dual infeasibility.</summary>
    public required double DualInfeasibility { get; init; }
    /// <summary>Final complementarity ‖Z(x − xL)‖∞ etc.</summary>
    public required double Complementarity { get; init; }
    public required int ObjectiveEvaluations { get; init; }
    public required int ConstraintEvaluations { get; init; }
    public required TimeSpan TotalTime { get; init; }
    /// <summary>Time spent in the problem's callbacks (f, g and derivatives).</summary>
    public required TimeSpan EvaluationTime { get; init; }
    /// <summary>Time spent ordering, assembling, factorizing and solving KKT systems.</summary>
    public required TimeSpan LinearAlgebraTime { get; init; }
    /// <summary>Stored entries of the LDLᵀ factor (envelope size), a measure of work per iteration.</summary>
    public required long FactorSize { get; init; }
}
