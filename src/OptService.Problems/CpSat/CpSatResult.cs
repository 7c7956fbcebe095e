using OptService.Kinds;

namespace OptService.Problems.CpSat;

/// <summary>The answer to a cp-sat job (also published as the incumbent while solving).</summary>
public sealed record CpSatResult
{
    public required SolveOutcome Outcome { get; init; }

    /// <summary>True for an enumeration of all solutions.</summary>
    public required bool EnumerateAll { get; init; }

    /// <summary>Objective of the solution (with the model's offset and scaling); null for a model without objective.</summary>
    public double? Objective { get; init; }

    /// <summary>Best proven bound on the objective.</summary>
    public double? Bound { get; init; }

    /// <summary>|objective − bound| / max(1, |objective|).</summary>
    public double? Gap { get; init; }

    /// <summary>The solution: the value of every variable, by index (the model's <c>variables</c> order).</summary>
    public IReadOnlyList<long>? Values { get; init; }

    /// <summary>The same values by variable name, for the variables with a name of their own (a name used twice is only by index).</summary>
    public IReadOnlyDictionary<string, long>? ValuesByName { get; init; }

    /// <summary>Enumeration: number of solutions found.</summary>
    public long? SolutionCount { get; init; }

    /// <summary>Enumeration: true when <see cref="SolutionCount"/> is every solution there is (search exhausted, not cut by a limit).</summary>
    public bool? CountComplete { get; init; }

    /// <summary>Enumeration: the first <c>maxSolutions</c> solutions in the order CP-SAT found them, each by variable index.</summary>
    public IReadOnlyList<IReadOnlyList<long>>? Solutions { get; init; }

    /// <summary>Infeasible under the model's assumptions: indexes of literals among them that already make it infeasible.</summary>
    public IReadOnlyList<int>? SufficientAssumptionsForInfeasibility { get; init; }

    public required CpSatStatistics Statistics { get; init; }
}

/// <summary>CP-SAT's response statistics (the status as a plain string, never an OR-Tools type).</summary>
public sealed record CpSatStatistics
{
    public required string SolverStatus { get; init; }
    public long Conflicts { get; init; }
    public long Branches { get; init; }
    public long Propagations { get; init; }
    public long IntegerPropagations { get; init; }
    public long Restarts { get; init; }
    public long LpIterations { get; init; }
    public long Booleans { get; init; }
    public long Integers { get; init; }
    public double WallTimeSeconds { get; init; }
    public double UserTimeSeconds { get; init; }
    public double DeterministicTime { get; init; }
    public double GapIntegral { get; init; }
    /// <summary>Solutions reported by CP-SAT during the search (improving ones when optimizing).</summary>
    public long SolutionsReported { get; init; }
    public int Variables { get; init; }
    public int Constraints { get; init; }
    /// <summary>CP-SAT's <c>solution_info</c>: which worker found the solution, or why the model was rejected.</summary>
    public string? SolutionInfo { get; init; }
}
