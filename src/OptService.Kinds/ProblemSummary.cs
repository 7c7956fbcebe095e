namespace OptService.Kinds;

/// <summary>
/// What a valid problem amounts to, answered by <c>?validateOnly=true</c> before anything runs: its sizes
/// and the method the solve would choose, with the reason (the same sentence the job log would give).
/// </summary>
/// <param name="Sizes">Counts that say how large the problem is, e.g. <c>nodes</c>, <c>arcs</c>; names are camelCase.</param>
/// <param name="Method">The method or solver the solve would run, e.g. <c>minCostFlow</c>, <c>SCIP</c>.</param>
/// <param name="Reason">Why that method, or null when there is no choice to explain.</param>
public sealed record ProblemSummary(IReadOnlyDictionary<string, long> Sizes, string Method, string? Reason = null);
