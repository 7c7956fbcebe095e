using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>What a backend returns: verdict, flow per arc (when there is one) and an explanation.</summary>
internal sealed record FlowSolution(SolveOutcome Outcome, double[]? Flow, string Message)
{
    /// <summary>The backend cannot take these numbers (e.g. a cost range that overflows); try another.</summary>
    public bool TryAnotherMethod { get; init; }
}
