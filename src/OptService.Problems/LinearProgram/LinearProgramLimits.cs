namespace OptService.Problems.LinearProgram;

/// <summary>Size limits and solver defaults, bound from configuration section <c>Kinds:linear-program</c> (<see cref="KindLimits"/>).</summary>
public sealed record LinearProgramLimits
{
    public int MaxVariables { get; init; } = 1_000_000;
    public int MaxConstraints { get; init; } = 1_000_000;

    /// <summary>Most nonzero coefficients in the constraints and the objective together.</summary>
    public int MaxNonzeros { get; init; } = 5_000_000;

    /// <summary>Longest variable or constraint name in characters (the service-wide 200; CPLEX allows 255).</summary>
    public int MaxNameLength { get; init; } = 200;

    /// <summary>Longest <c>solverParameters</c> text in characters.</summary>
    public int MaxSolverParametersLength { get; init; } = 65_536;

    public double DefaultTimeLimitSeconds { get; init; } = 60;
    public double MaxTimeLimitSeconds { get; init; } = 3600;
    public int MaxThreads { get; init; } = 16;

    /// <summary>
    /// Primal and dual feasibility tolerance (relative to the largest bound, right-hand side or cost) a
    /// first-order solution (PDLP) must meet to be called optimal.
    /// </summary>
    public double FirstOrderTolerance { get; init; } = 1e-6;
}
