using OptService.Jobs.Kinds;
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
    public async Task NetworkSimplex_MatchesOrToolsMinCostFlow_OnGeneratedNetworks(int nodes, int arcs, int seed, bool negativeCosts)
    {
        var problem = TransshipmentGenerator.Generate(nodes, arcs, seed);
        if (negativeCosts) // on capacitated arcs only, so that negative cycles stay bounded
            problem = problem with { Arcs = problem.Arcs.Select(a => a.MaxFlow is null ? a : a with { Cost = a.Cost - 60 }).ToList() };
        var network = FlowNetwork.From(problem);
        Assert.True(MinCostFlowBackend.Fits(network, out var scale, out _));

        var ours = await MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.NetworkSimplex, null, default);
        var theirs = await MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.OrTools, null, default);

        Assert.Equal(SolveOutcome.Optimal, ours.Outcome);
        Assert.Equal(SolveOutcome.Optimal, theirs.Outcome);
        Assert.Equal(network.CostOf(theirs.Flow!), network.CostOf(ours.Flow!), 6);
        var (_, result, _) = await SolveAsync(problem);
        AssertFeasible(problem, result);
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
