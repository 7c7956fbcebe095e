namespace OptService.Problems.LinearProgram;

/// <summary>
/// A linear or mixed-integer program, as the user wrote it: variables with bounds, constraints
/// <c>lower ≤ Σ coefficient·variable ≤ upper</c>, and a linear objective. The MPS and LP text routes
/// convert to this and store it.
/// </summary>
/// <remarks>The service reads the JSON with <see cref="LinearProgramJsonReader"/>, in one pass.</remarks>
public sealed record LinearProgramProblem
{
    /// <summary>The model's name (MPS <c>NAME</c>); only echoed in logs and files.</summary>
    public string? Name { get; init; }

    /// <summary>The columns, in this order in the result and in the files.</summary>
    public required IReadOnlyList<LpVariable> Variables { get; init; }

    /// <summary>The rows; none is fine.</summary>
    public IReadOnlyList<LpConstraint> Constraints { get; init; } = [];

    /// <summary>Absent: minimize 0 (a feasibility problem).</summary>
    public LpObjective? Objective { get; init; }

    public LinearProgramOptions? Options { get; init; }

    /// <summary>The store of every expression's terms when the model was read from JSON (not serialized).</summary>
    internal TermStore? Store { get; init; }
}

/// <summary>A variable <c>lower ≤ x ≤ upper</c>; an absent bound is infinite (so absent both = free).</summary>
public sealed record LpVariable
{
    public required string Name { get; init; }
    public double? Lower { get; init; }
    public double? Upper { get; init; }

    /// <summary>The variable takes whole values (default false).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "the JSON field is `integer`, as in every modelling tool")]
    public bool Integer { get; init; }
}

/// <summary>
/// A constraint <c>lower ≤ Σ terms[v]·v ≤ upper</c>; an absent side is infinite. Equal sides make an
/// equation.
/// </summary>
public sealed record LpConstraint
{
    public required string Name { get; init; }

    /// <summary>Variable name → coefficient, e.g. <c>{"x": 2, "y": -1.5}</c>.</summary>
    public required LinearTerms Terms { get; init; }

    public double? Lower { get; init; }
    public double? Upper { get; init; }
}

/// <summary>Minimize or maximize <c>Σ terms[v]·v + offset</c>.</summary>
public sealed record LpObjective
{
    public ObjectiveSense Sense { get; init; } = ObjectiveSense.Minimize;
    public LinearTerms Terms { get; init; } = LinearTerms.Empty;
    public double Offset { get; init; }
}

public enum ObjectiveSense
{
    Minimize,
    Maximize,
}

/// <summary>How to solve; every member is optional.</summary>
public sealed record LinearProgramOptions
{
    /// <summary><c>auto</c> (default): GLOP for a continuous model, SCIP when any variable is integer.</summary>
    public LinearProgramSolver Solver { get; init; } = LinearProgramSolver.Auto;

    /// <summary>Wall-clock limit of the solve (default from configuration).</summary>
    public double? TimeLimitSeconds { get; init; }

    /// <summary>MIP: stop when |objective − bound| ≤ relativeGap·|objective| (default: the backend's, SCIP 1e-4).</summary>
    public double? RelativeGap { get; init; }

    /// <summary>MIP: stop when |objective − bound| ≤ absoluteGap (passed as the backend's own parameter).</summary>
    public double? AbsoluteGap { get; init; }

    public int? Threads { get; init; }

    /// <summary>Presolve on or off (default: the backend's default, on).</summary>
    public bool? Presolve { get; init; }

    /// <summary>
    /// The backend's own parameter text, passed through: protobuf text of GlopParameters or PDLP's
    /// parameters, SCIP's <c>name = value</c> lines, HiGHS options. A backend that refuses it fails the job.
    /// </summary>
    public string? SolverParameters { get; init; }
}

public enum LinearProgramSolver
{
    Auto,
    Glop,
    Pdlp,
    Highs,
    Scip,
    Cbc,
}
