namespace OptService.Problems.LinearProgram;

/// <summary>
/// Which OR-Tools MPSolver backend runs a model, and why. <c>auto</c>: GLOP (primal/dual simplex:
/// exact vertex solutions with duals) for a continuous model; SCIP (branch and cut; its improving
/// solutions show in its log, and an interrupt keeps its best solution) when any variable is integer.
/// </summary>
internal sealed record SolverChoice(LinearProgramSolver Solver, string SolverId, string Reason)
{
    public string Name => Solver.ToString().ToLowerInvariant();

    /// <summary>Whether the backend hands back duals and reduced costs that hold (OR-Tools 9.15's HiGHS interface returns row activities as duals).</summary>
    public bool GivesDuals => Solver is LinearProgramSolver.Glop or LinearProgramSolver.Pdlp or LinearProgramSolver.Cbc;

    /// <summary>Whether the backend gets MPSolver's <c>SetHint</c> (a warm start): OR-Tools' SCIP interface turns it into a start
    /// solution; GLOP and PDLP are LP solvers and the CBC interface takes none. HiGHS was not checked and gets none.</summary>
    public bool TakesHint => Solver is LinearProgramSolver.Scip;

    /// <summary>Whether <c>SetNumThreads</c> takes effect (GLOP and CLP are single-threaded; CBC through OR-Tools ignores it).</summary>
    public bool TakesThreads => Solver is LinearProgramSolver.Pdlp or LinearProgramSolver.Scip or LinearProgramSolver.Highs;

    public static SolverChoice Choose(LinearProgramSolver requested, bool hasIntegers) => requested switch
    {
        LinearProgramSolver.Auto when hasIntegers =>
            new(LinearProgramSolver.Scip, "SCIP", "the model has integer variables: SCIP (branch and cut; reports each improving solution, keeps the best when stopped)"),
        LinearProgramSolver.Auto =>
            new(LinearProgramSolver.Glop, "GLOP", "the model is continuous: GLOP (simplex; an exact vertex with duals and reduced costs)"),
        LinearProgramSolver.Glop => new(requested, "GLOP", "requested"),
        LinearProgramSolver.Pdlp => new(requested, "PDLP", "requested (first-order method: optimal only within its tolerance)"),
        LinearProgramSolver.Highs => new(requested, hasIntegers ? "HIGHS" : "HIGHS_LP", "requested"),
        LinearProgramSolver.Scip => new(requested, "SCIP", "requested"),
        // CBC's LP engine is CLP: a continuous model goes to CLP directly, which also returns duals.
        LinearProgramSolver.Cbc => new(requested, hasIntegers ? "CBC" : "CLP", hasIntegers ? "requested" : "requested; the model is continuous, so CBC's LP solver CLP runs it"),
        _ => throw new ArgumentOutOfRangeException(nameof(requested), requested, "unknown solver"),
    };

    /// <summary>Whether the backend solves only continuous models.</summary>
    public static bool IsLpOnly(LinearProgramSolver solver) => solver is LinearProgramSolver.Glop or LinearProgramSolver.Pdlp;

    /// <summary>Whether OR-Tools hands the backend a parameter text at all (it passes none to HiGHS or CBC).</summary>
    public static bool TakesParameterText(LinearProgramSolver solver) =>
        solver is LinearProgramSolver.Glop or LinearProgramSolver.Pdlp or LinearProgramSolver.Scip;
}
