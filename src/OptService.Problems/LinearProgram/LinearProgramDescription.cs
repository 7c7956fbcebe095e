using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary>What <c>?validateOnly=true</c> says about a valid LP/MIP: its size and the backend <see cref="SolverChoice"/> would pick.</summary>
internal static class LinearProgramDescription
{
    public static ProblemSummary Of(LinearProgramProblem problem)
    {
        var integers = problem.Variables.Count(variable => variable.Integer);
        var choice = SolverChoice.Choose(problem.Options?.Solver ?? LinearProgramSolver.Auto, integers > 0);
        return new ProblemSummary(
            new Dictionary<string, long>
            {
                ["variables"] = problem.Variables.Count,
                ["integerVariables"] = integers,
                ["constraints"] = (problem.Constraints ?? []).Count,
                ["nonzeros"] = (problem.Constraints ?? []).Sum(constraint => (long)(constraint.Terms?.Count ?? 0)),
            },
            choice.Name, choice.Reason);
    }
}
