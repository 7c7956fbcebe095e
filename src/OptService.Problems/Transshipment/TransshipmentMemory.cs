namespace OptService.Problems.Transshipment;

/// <summary>
/// The peak memory of a transshipment solve, from its sizes: the problem records, the network arrays, the
/// network simplex's tree, the residual graph of the answer check, the result records and their JSON.
/// Measured with scripts/bigjobs_phases.py (30 Nov 2026, one job at a time, the process parsing and
/// solving): the whole service process peaked at 553 MB with 100,000 arcs and 1,396 MB with 500,000,
/// about 2 KB per added arc; 2,000 B per arc, 1,000 B per node and 16 MB is the job's share.
/// </summary>
internal static class TransshipmentMemory
{
    private const long BytesPerArc = 2_000;
    private const long BytesPerNode = 1_000;
    private const long Fixed = 16L << 20;

    public static long Estimate(TransshipmentProblem problem) =>
        Fixed + BytesPerArc * problem.Arcs.Count + BytesPerNode * problem.Nodes.Count;
}
