using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>What <c>?validateOnly=true</c> says about a valid transshipment problem: its size and the method <see cref="MethodChoice"/> would pick.</summary>
internal static class TransshipmentDescription
{
    public static ProblemSummary Of(TransshipmentProblem problem)
    {
        var network = FlowNetwork.From(problem);
        var choice = MethodChoice.Choose(network, problem.Options?.Solver ?? TransshipmentMethod.Auto);
        return new ProblemSummary(
            new Dictionary<string, long> { ["nodes"] = problem.Nodes.Count, ["arcs"] = problem.Arcs.Count },
            System.Text.Json.JsonSerializer.Serialize(choice.Method, JobJson.Options).Trim('"'), choice.Reason);
    }
}
