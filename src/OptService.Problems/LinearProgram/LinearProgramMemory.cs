namespace OptService.Problems.LinearProgram;

/// <summary>
/// The peak memory of an LP/MIP solve from its size: the problem records, the model proto sent to the
/// solver host and the solver's own copies of the matrix come to a few hundred bytes per nonzero and
/// per variable or row; 512 bytes each plus 64 MB. The solve itself runs in the child process
/// OptService.MpSolverHost, whose memory the worker's watch does not see; this estimate refuses models
/// that will not fit before one is started.
/// </summary>
internal static class LinearProgramMemory
{
    private const long BytesPerItem = 512;
    private const long Fixed = 64L << 20;

    public static long Estimate(LinearProgramProblem problem)
    {
        // "constraints" may be absent or null: a model without constraints is valid.
        var constraints = problem.Constraints ?? [];
        long nonzeros = problem.Objective?.Terms?.Count ?? 0;
        foreach (var constraint in constraints) nonzeros += constraint.Terms?.Count ?? 0;
        return Fixed + BytesPerItem * (nonzeros + problem.Variables.Count + constraints.Count);
    }
}
