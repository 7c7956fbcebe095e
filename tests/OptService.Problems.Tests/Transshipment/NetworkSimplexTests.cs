using OptService.Kinds;
using OptService.Problems.Transshipment;
using static OptService.Problems.Tests.Transshipment.TransshipmentTestKit;

namespace OptService.Problems.Tests.Transshipment;

public class NetworkSimplexTests
{
    /// <summary>Our network simplex against OR-Tools' min-cost-flow on networks of every shape.</summary>
    [Theory]
    [InlineData(2, 2, 1, false)]
    [InlineData(10, 30, 2, false)]
    [InlineData(50, 400, 3, false)]
    [InlineData(300, 3000, 4, false)]
    [InlineData(2000, 20000, 5, false)]
    [InlineData(50, 400, 6, true)]
    [InlineData(300, 3000, 7, true)]
    [InlineData(1000, 1500, 8, false)]
    [InlineData(5000, 50000, 9, false)]
    [InlineData(3000, 30000, 10, true)]
    [InlineData(20000, 60000, 11, true)]
    public async Task NetworkSimplex_MatchesOrToolsMinCostFlow_OnGeneratedNetworks(int nodes, int arcs, int seed, bool negativeCosts)
    {
        var problem = TransshipmentGenerator.Generate(nodes, arcs, seed);
        if (negativeCosts) // on capacitated arcs only, so that negative cycles stay bounded
            problem = problem with { Arcs = problem.Arcs.Select(a => a.MaxFlow is null ? a : a with { Cost = a.Cost - 60 }).ToList() };
        await AssertSameOptimumAsync(problem);
        var (_, result, _) = await SolveAsync(problem);
        AssertFeasible(problem, result);
    }

    /// <summary>Our network simplex and OR-Tools' min-cost-flow both optimal with the same cost, and our flow without defects.</summary>
    private static async Task AssertSameOptimumAsync(TransshipmentProblem problem)
    {
        var network = FlowNetwork.From(problem);
        Assert.True(MinCostFlowBackend.Fits(network, out var scale, out _));
        var ours = await MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.NetworkSimplex, null, default);
        var theirs = await MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.OrTools, null, default);
        Assert.Equal(SolveOutcome.Optimal, ours.Outcome);
        Assert.Equal(SolveOutcome.Optimal, theirs.Outcome);
        Assert.Equal(network.CostOf(theirs.Flow!), network.CostOf(ours.Flow!), 6);
        var defects = FlowCheck.Find(network, ours.Flow!);
        Assert.True(defects.None, defects.Describe());
    }

    /// <summary>
    /// Solves reuse the arrays of the one before (the kept workspace, longer than a smaller network needs, with the
    /// earlier solve's values in them): large, small, infeasible, large again and several at once, each against
    /// OR-Tools on the same network.
    /// </summary>
    [Fact]
    public async Task NetworkSimplex_MatchesOrTools_WhenSolvesOfOtherSizesReuseItsArrays()
    {
        var sizes = new (int Nodes, int Arcs, int Seed)[] { (3000, 30000, 21), (40, 200, 22), (2000, 9000, 23), (3000, 30000, 24), (10, 30, 25) };
        foreach (var (nodes, arcs, seed) in sizes) await AssertSameOptimumAsync(TransshipmentGenerator.Generate(nodes, arcs, seed));

        // An infeasible network in between leaves flow on artificial arcs: the next solve must not see it.
        var infeasible = TransshipmentGenerator.Generate(500, 3000, 26);
        infeasible = infeasible with { Arcs = infeasible.Arcs.Select(a => a with { MaxFlow = 0 }).ToList() };
        var network = FlowNetwork.From(infeasible);
        Assert.True(MinCostFlowBackend.Fits(network, out var scale, out _));
        Assert.Equal(SolveOutcome.Infeasible, (await MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.NetworkSimplex, null, default)).Outcome);
        await AssertSameOptimumAsync(TransshipmentGenerator.Generate(400, 2500, 27));

        // Concurrent solves: one may take the kept workspace, the others get new arrays.
        await Task.WhenAll(Enumerable.Range(30, 4).Select(seed => Task.Run(() => AssertSameOptimumAsync(TransshipmentGenerator.Generate(1500, 12000, seed)))));
    }

    /// <summary>Σ supply = Σ demand (no node keeps surplus): the balanced starting tree, against OR-Tools.</summary>
    [Theory]
    [InlineData(40, 200, 12, false)]
    [InlineData(3000, 30000, 13, false)]
    [InlineData(3000, 30000, 14, true)]
    public async Task NetworkSimplex_MatchesOrToolsMinCostFlow_OnBalancedNetworks(int nodes, int arcs, int seed, bool negativeCosts)
    {
        var generated = TransshipmentGenerator.Generate(nodes, arcs, seed);
        if (negativeCosts)
            generated = generated with { Arcs = generated.Arcs.Select(a => a.MaxFlow is null ? a : a with { Cost = a.Cost - 60 }).ToList() };
        // Supplies and demands = the net outflows of an optimal flow, so that every unit must be placed.
        var first = FlowNetwork.From(generated);
        Assert.True(MinCostFlowBackend.Fits(first, out var firstScale, out _));
        var planted = await MinCostFlowBackend.SolveAsync(first, firstScale, MinCostFlowBackend.Engine.OrTools, null, default);
        var net = new double[nodes];
        for (var a = 0; a < first.ArcCount; a++)
        {
            net[first.Tail[a]] += planted.Flow![a];
            net[first.Head[a]] -= planted.Flow![a];
        }
        Assert.Contains(net, x => x != 0);
        var problem = generated with
        {
            Nodes = generated.Nodes.Select((n, v) => n with { Supply = Math.Max(net[v], 0), Demand = Math.Max(-net[v], 0) }).ToList(),
        };
        var network = FlowNetwork.From(problem);
        Assert.True(MinCostFlowBackend.Fits(network, out var scale, out _));

        var ours = await MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.NetworkSimplex, null, default);
        var theirs = await MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.OrTools, null, default);

        Assert.Equal(SolveOutcome.Optimal, ours.Outcome);
        Assert.Equal(SolveOutcome.Optimal, theirs.Outcome);
        Assert.Equal(network.CostOf(theirs.Flow!), network.CostOf(ours.Flow!), 6);
        var (_, result, _) = await SolveAsync(problem);
        AssertFeasible(problem, result);
        var outflow = new double[nodes]; // balanced: every node exactly at its supply − demand
        for (var a = 0; a < network.ArcCount; a++)
        {
            outflow[network.Tail[a]] += ours.Flow![a];
            outflow[network.Head[a]] -= ours.Flow![a];
        }
        for (var v = 0; v < nodes; v++) Assert.Equal(net[v], outflow[v], 6);
    }

    [Fact]
    public async Task NetworkSimplex_FindsTheAmericanSteelOptimum_AndInfeasibility()
    {
        var network = FlowNetwork.From(Seed());
        Assert.True(MinCostFlowBackend.Fits(network, out var scale, out _));
        var solution = await MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.NetworkSimplex, null, default);
        Assert.Equal(15005, network.CostOf(solution.Flow!), 6);

        // Only 10 units can pass the bottleneck to the two cities that need 20.
        var bottleneck = FlowNetwork.From(new TransshipmentProblem
        {
            Nodes = [Node("mill", supply: 100), Node("hub"), Node("a", demand: 10), Node("b", demand: 10)],
            Arcs = [Arc("mill", "hub", 1, max: 10), Arc("hub", "a", 1), Arc("hub", "b", 1)],
        });
        var infeasible = await MinCostFlowBackend.SolveAsync(bottleneck, 1, MinCostFlowBackend.Engine.NetworkSimplex, null, default);
        Assert.Equal(SolveOutcome.Infeasible, infeasible.Outcome);
    }
}
