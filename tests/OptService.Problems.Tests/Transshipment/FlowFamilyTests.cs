using OptService.Kinds;
using OptService.Problems.FlowFamilies;
using OptService.Problems.Transshipment;
using static OptService.Problems.Tests.Transshipment.TransshipmentTestKit;

namespace OptService.Problems.Tests.Transshipment;

/// <summary>
/// Our network simplex against OR-Tools' min-cost-flow on small instances of every benchmark family
/// (NETGEN, GRIDGEN-like, GOTO-like, road-like, transportation with minimum flows): exactly the same
/// optimal cost, computed in integers, and a feasible flow through the kind.
/// </summary>
public class FlowFamilyTests
{
    public static TheoryData<string, int, int> Instances()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var family in FlowFamily.Names)
            foreach (var (arcs, seed) in new[] { (1_000, 1), (3_000, 2), (10_000, 3) })
                data.Add(family, arcs, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public async Task NetworkSimplex_HasOrToolsOptimum_OnEveryFamily(string family, int arcs, int seed)
    {
        var problem = FlowFamily.Generate(family, arcs, seed);
        var network = FlowNetwork.From(problem);
        Assert.True(MinCostFlowBackend.Fits(network, out var scale, out _));

        var ours = await MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.NetworkSimplex, null, default);
        var theirs = await MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.OrTools, null, default);

        Assert.Equal(SolveOutcome.Optimal, theirs.Outcome);
        Assert.Equal(SolveOutcome.Optimal, ours.Outcome);
        Assert.Equal(ExactCost(network, theirs.Flow!), ExactCost(network, ours.Flow!));
        var (report, result, _) = await SolveAsync(problem);
        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        AssertFeasible(problem, result);
        Assert.Equal((double)ExactCost(network, theirs.Flow!), report.Objective);
    }

    /// <summary>The generators are deterministic and produce the requested shape.</summary>
    [Theory]
    [InlineData("netgen", 5_000)]
    [InlineData("netgen-minflow", 5_000)]
    [InlineData("goto", 5_000)]
    [InlineData("transportation", 5_000)]
    public void Generate_IsDeterministic_WithTheRequestedArcCount(string family, int arcs)
    {
        var first = FlowFamily.Generate(family, arcs, seed: 7);
        var again = FlowFamily.Generate(family, arcs, seed: 7);
        Assert.Equal(arcs, first.Arcs.Count);
        Assert.Equal(first.Arcs, again.Arcs);
        Assert.Equal(first.Nodes, again.Nodes);
        Assert.NotEqual(first.Arcs, FlowFamily.Generate(family, arcs, seed: 8).Arcs);
    }

    /// <summary>NETGEN balances supply and demand exactly; its minimum-flow variant adds what the forced flows need.</summary>
    [Fact]
    public void Netgen_BalancesSupplyAndDemand()
    {
        var plain = FlowFamily.Generate("netgen", 20_000, seed: 3);
        Assert.Equal(plain.Nodes.Sum(n => n.Supply), plain.Nodes.Sum(n => n.Demand));
        Assert.Equal(20, plain.Nodes.Count(n => n.Supply > 0)); // 1% of 2,000 nodes are sources
        var forced = FlowFamily.Generate("netgen-minflow", 20_000, seed: 3);
        var minFlows = forced.Arcs.Where(a => a.MinFlow > 0).ToList();
        Assert.InRange(minFlows.Count, 700, 1300); // 5% of 20,000
        Assert.Equal(forced.Nodes.Sum(n => n.Demand) + minFlows.Sum(a => a.MinFlow), forced.Nodes.Sum(n => n.Supply));
    }

    private static Int128 ExactCost(FlowNetwork network, double[] flow)
    {
        Int128 total = 0;
        for (var a = 0; a < flow.Length; a++) total += (Int128)(long)network.Cost[a] * (long)flow[a];
        return total;
    }
}
