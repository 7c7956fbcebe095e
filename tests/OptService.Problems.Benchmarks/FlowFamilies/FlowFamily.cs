using OptService.Problems.Transshipment;

namespace OptService.Problems.FlowFamilies;

/// <summary>
/// The benchmark families of the min-cost-flow literature, each sized by its arc count (nodes follow
/// each family's usual density). Used by the benchmark (<c>flows</c>) and the tests (small sizes).
/// </summary>
public static class FlowFamily
{
    public static IReadOnlyList<string> Names { get; } = ["netgen", "netgen-minflow", "gridgen", "goto", "road", "transportation"];

    public static TransshipmentProblem Generate(string family, int arcs, long seed) => family switch
    {
        // DIMACS NETGEN at density 10, 1% sources and 1% sinks (at most 500 each), 30% high-cost and
        // 50% capacitated skeleton arcs; "-minflow" is the issue's family: 5% of arcs with minimum flows.
        "netgen" => Netgen.Generate(NetgenShape(arcs), seed),
        "netgen-minflow" => Netgen.Generate(NetgenShape(arcs) with { MinFlowPercent = 5 }, seed),
        "gridgen" => GridNetworks.Gridgen(arcs / 5, arcs, Math.Max(2, arcs / 500), seed),
        "goto" => GridNetworks.Goto(arcs / 8, arcs, seed),
        "road" => SparseNetworks.Road((int)(arcs / 3.2), Math.Max(2, arcs / 1000), seed),
        "transportation" => SparseNetworks.Transportation(arcs / 10, arcs, Math.Max(2, arcs / 50), seed),
        _ => throw new ArgumentException($"unknown family '{family}' (known: {string.Join(", ", Names)})", nameof(family)),
    };

    private static NetgenParameters NetgenShape(int arcs)
    {
        var nodes = Math.Max(20, arcs / 10);
        var terminals = Math.Clamp(nodes / 100, 2, 500);
        return new NetgenParameters(nodes, terminals, terminals, arcs, Supply: 1000L * nodes);
    }
}
