using OptService.Jobs.Kinds;
using OptService.Problems.Transshipment;
using static OptService.Problems.Tests.Transshipment.TransshipmentTestKit;

namespace OptService.Problems.Tests.Transshipment;

public class MarginalCostTests
{
    /// <summary>The reported marginal cost is exactly what one more unit of demand adds to the optimum.</summary>
    [Theory]
    [InlineData(TransshipmentMethod.Auto)]
    [InlineData(TransshipmentMethod.Glop)]
    [InlineData(TransshipmentMethod.Scip)]
    public async Task MarginalCost_EqualsTheCostOfOneMoreUnitOfDemand_AtEveryAmericanSteelNode(TransshipmentMethod method)
    {
        var seed = Seed();
        var (baseline, result, _) = await SolveAsync(seed.WithSolver(method));
        Assert.Equal(15005, baseline.Objective!.Value, 6);

        for (var v = 0; v < seed.Nodes.Count; v++)
        {
            var nodes = seed.Nodes.Select((node, i) => i == v ? node with { Demand = node.Demand + 1 } : node).ToList();
            var (more, _, _) = await SolveAsync(seed with { Nodes = nodes });
            var marginal = result.Nodes[v].MarginalCost;
            if (marginal is { } cost)
            {
                Assert.Equal(SolveOutcome.Optimal, more.Outcome);
                Assert.Equal(more.Objective!.Value - baseline.Objective.Value, cost, 6);
            }
            else
            {
                Assert.Equal(SolveOutcome.Infeasible, more.Outcome);
            }
        }
    }

    [Fact]
    public async Task MarginalCost_IsNull_WhereNoMoreCanBeDelivered_AndZeroWhereSupplyIsUnused()
    {
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("mill", supply: 10), Node("city", demand: 4), Node("dead end", demand: 2)],
            Arcs = [Arc("mill", "city", 3), Arc("mill", "dead end", 1, max: 2)],
        };
        var (_, result, _) = await SolveAsync(problem);

        Assert.Equal(0, result.Nodes[0].MarginalCost);
        Assert.Equal(3, result.Nodes[1].MarginalCost);
        Assert.Null(result.Nodes[2].MarginalCost);
    }
}
