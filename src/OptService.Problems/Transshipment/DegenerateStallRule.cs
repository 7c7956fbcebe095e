namespace OptService.Problems.Transshipment;

/// <summary>
/// When <c>auto</c> stops trusting the network simplex alone and starts OR-Tools' cost-scaling
/// <c>MinCostFlow</c> beside it: after at least <see cref="PivotsPerNode"/> × n pivots of which at
/// least <see cref="DegenerateShare"/> moved no flow. Measured (docs/transshipment.md): the simplex
/// finishes NETGEN-like networks in ≈ 3.5 n pivots at 27–80% degenerate, grids and road maps in ≈ 2.3 n
/// (95–99% degenerate, but done), transportation in ≈ 1.2 n, while GOTO-like grids on a torus take
/// 10 n (100,000 arcs) to 16 n (500,000 arcs) pivots at 96–98% degenerate, where cost scaling is faster.
/// Both parts are needed: the pivot count alone would also flag NETGEN's last pivots, the degenerate
/// share alone grids and road maps that are nearly done.
/// </summary>
internal sealed class DegenerateStallRule(int nodeCount)
{
    public const int PivotsPerNode = 3;
    public const double DegenerateShare = 0.9;

    /// <summary>Pivots and degenerate pivots when the rule fired (0 until then).</summary>
    public long FiredAtPivots { get; private set; }
    public long FiredAtDegenerate { get; private set; }

    /// <summary>The simplex's <see cref="NetworkSimplex.KeepGoing"/>: false once the rule fires.</summary>
    public bool KeepGoing(long pivots, long degenerate)
    {
        if (pivots < (long)PivotsPerNode * nodeCount || degenerate < DegenerateShare * pivots) return true;
        (FiredAtPivots, FiredAtDegenerate) = (pivots, degenerate);
        return false;
    }

    public string Describe() => FormattableString.Invariant(
        $"after {FiredAtPivots:N0} pivots on {nodeCount:N0} nodes, {100.0 * FiredAtDegenerate / FiredAtPivots:0.#}% degenerate (rule: ≥ {PivotsPerNode} pivots per node, ≥ {100 * DegenerateShare:0}% degenerate)");
}
