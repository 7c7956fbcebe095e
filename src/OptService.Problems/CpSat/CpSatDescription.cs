using System.Text.Json;
using OptService.Kinds;

namespace OptService.Problems.CpSat;

/// <summary>What <c>?validateOnly=true</c> says about a valid CP-SAT model: its size and how it would be solved.</summary>
internal static class CpSatDescription
{
    public static ProblemSummary Of(CpSatProblem problem)
    {
        var enumerate = problem.Options?.EnumerateAll == true;
        return new ProblemSummary(
            new Dictionary<string, long> { ["variables"] = Count(problem.Model, "variables"), ["constraints"] = Count(problem.Model, "constraints") },
            "cp-sat",
            enumerate ? "enumerate every solution (CP-SAT with one worker, presolve off)"
                : problem.Model.TryGetProperty("objective", out _) || problem.Model.TryGetProperty("floatingPointObjective", out _)
                    ? "optimize the model's objective" : "find a feasible assignment (the model has no objective)");
    }

    private static long Count(JsonElement model, string array) =>
        model.ValueKind == JsonValueKind.Object && model.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array ? items.GetArrayLength() : 0;
}
