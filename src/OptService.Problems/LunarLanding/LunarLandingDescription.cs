using OptService.Kinds;

namespace OptService.Problems.LunarLanding;

/// <summary>What <c>?validateOnly=true</c> says about a valid lunar landing: the grid and the NLP method.</summary>
internal static class LunarLandingDescription
{
    public static ProblemSummary Of(LunarLandingProblem problem) => new(
        new Dictionary<string, long> { ["intervals"] = problem.Discretization.Intervals },
        "interior-point",
        $"the hand-written interior-point NLP solver on a {problem.Discretization.Method} transcription " +
        $"({problem.Formulation} formulation, {problem.MassModel} mass), starting from the {problem.Options.InitialGuess} guess");
}
