namespace OptService.Kinds;

/// <summary>The solver's verdict, independent of the job's lifecycle status.</summary>
public enum SolveOutcome
{
    /// <summary>Proven optimal (within the requested gap).</summary>
    Optimal,
    /// <summary>A solution was found but not proven optimal (time limit with incumbent, cancelled, enumeration cut).</summary>
    Feasible,
    /// <summary>No solution exists; <see cref="SolveReport.Message"/> says why.</summary>
    Infeasible,
    /// <summary>The objective can be improved without limit.</summary>
    Unbounded,
    /// <summary>The time limit was reached before any solution was found.</summary>
    TimeLimit,
    /// <summary>The iteration limit was reached before convergence.</summary>
    IterationLimit,
    /// <summary>Stopped (cancelled) before any solution was found.</summary>
    NotSolved,
    /// <summary>The solver could not decide (numerical trouble, abnormal backend status).</summary>
    Abnormal,
}

/// <summary>
/// What a solve returns at the <see cref="IProblemKind"/> boundary, where the job machinery knows no kind: the
/// verdict, the objective if there is a solution, the kind's result object (serialized as the job result) and a
/// readable message (the reason for infeasible, say). A kind builds the typed <see cref="SolveReport{TResult}"/>;
/// <see cref="ProblemKind{TProblem, TResult}"/> converts it to this once.
/// </summary>
public sealed record SolveReport(SolveOutcome Outcome, double? Objective, object? Result, string? Message = null);

/// <summary>What a kind's solve returns: <see cref="SolveReport"/> with the kind's own result type.</summary>
/// <typeparam name="TResult">The kind's result record (its verdict is called <c>Outcome</c>).</typeparam>
public sealed record SolveReport<TResult>(SolveOutcome Outcome, double? Objective, TResult? Result, string? Message = null)
    where TResult : class
{
    /// <summary>The report as the job machinery takes it.</summary>
    public SolveReport Untyped() => new(Outcome, Objective, Result, Message);
}
