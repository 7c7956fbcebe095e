namespace OptService.Problems.Transshipment;

/// <summary>
/// The peak memory of a transshipment solve, from its sizes. Measured (GC heap and working set, in-process
/// network simplex, 10,000 / 100,000 and 50,000 / 500,000 NETGEN-like networks): the problem records,
/// the network arrays, the solver's spanning tree, the residual graph of the answer check and the result
/// records come to about 1 KB per arc and 0.5 KB per node; the figure doubles that for the garbage
/// collector's headroom.
/// </summary>
internal static class TransshipmentMemory
{
    private const long BytesPerArc = 2_000;
    private const long BytesPerNode = 1_000;
    private const long Fixed = 16L << 20;

    public static long Estimate(TransshipmentProblem problem) =>
        Fixed + BytesPerArc * problem.Arcs.Count + BytesPerNode * problem.Nodes.Count;
}
