namespace OptService.Problems.LunarLanding;

/// <summary>
/// The peak memory of a landing solve from its intervals: the collocation NLP has a handful of
/// variables and constraints per interval, and the interior-point method's banded KKT factorization,
/// iterates and trajectory records come to a few kilobytes per interval; 8 KB each plus 32 MB keeps
/// the largest allowed discretization (200,000 intervals) under 1.6 GB.
/// </summary>
internal static class LunarLandingMemory
{
    private const long BytesPerInterval = 8_192;
    private const long Fixed = 32L << 20;

    public static long Estimate(LunarLandingProblem problem) => Fixed + BytesPerInterval * Math.Max(problem.Discretization.Intervals, 0);
}
