using OptService.Kinds;
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

    /// <summary>
    /// The example: 2.5 units at a, 1.5 needed at b. With whole units b gets 2 and a keeps 0.5,
    /// so one more unit at either node cannot be delivered. With continuous flows and demand 2 at b, a
    /// keeps only 0.5: again no whole unit more for b (nor for a).
    /// </summary>
    [Theory]
    [InlineData(true, 1.5)]
    [InlineData(false, 2)]
    public async Task MarginalCost_IsNull_WhenOnlyAFractionOfAUnitIsSpare(bool integerFlows, double demand)
    {
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("a", supply: 2.5), Node("b", demand: demand)],
            Arcs = [Arc("a", "b", 1.25)],
            IntegerFlows = integerFlows,
        };
        var (report, result, _) = await SolveAsync(problem);

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(2.5, report.Objective!.Value, 9);
        Assert.Null(result.Nodes[0].MarginalCost);
        Assert.Null(result.Nodes[1].MarginalCost);
    }

    /// <summary>One whole unit more may have to come from two places that each keep half a unit.</summary>
    [Fact]
    public async Task MarginalCost_AddsUpSeveralPaths_WhenNoSinglePathCarriesAWholeUnit()
    {
        // near sends 1.5 to the city and keeps 0.5; far keeps its 1.
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("near", supply: 2), Node("far", supply: 1), Node("city", demand: 1.5)],
            Arcs = [Arc("near", "city", 1), Arc("far", "city", 3)],
            IntegerFlows = false,
        };
        var (report, result, _) = await SolveAsync(problem);

        Assert.Equal(1.5, report.Objective!.Value, 9);
        Assert.Equal(0.5 * 1 + 0.5 * 3, result.Nodes[2].MarginalCost!.Value, 9); // half from near, half from far
        Assert.Equal(0.5 * 0 + 0.5 * (3 - 1), result.Nodes[0].MarginalCost!.Value, 9); // near keeps half; far takes over half of its delivery
        Assert.Equal(0, result.Nodes[1].MarginalCost!.Value, 9);
    }

    /// <summary>
    /// On random small networks with fractional supplies, demands, bounds and costs, for whole and for
    /// continuous flows: re-solving with one more unit of demand at a node changes the optimum by the
    /// reported marginal cost, and is infeasible exactly where it is null.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task MarginalCost_EqualsTheCostOfOneMoreUnitOfDemand_OnRandomFractionalNetworks(bool integerFlows)
    {
        var checkedNodes = 0;
        var nulls = 0;
        for (var seed = 1; seed <= 4; seed++)
        {
            var problem = FractionalNetwork(nodes: 6, arcs: 11, seed) with { IntegerFlows = integerFlows };
            var (baseline, result, _) = await SolveAsync(problem);
            Assert.Equal(SolveOutcome.Optimal, baseline.Outcome);
            for (var v = 0; v < problem.Nodes.Count; v++)
            {
                var nodes = problem.Nodes.Select((node, i) => i == v ? node with { Demand = node.Demand + 1 } : node).ToList();
                var (more, _, _) = await SolveAsync(problem with { Nodes = nodes });
                var marginal = result.Nodes[v].MarginalCost;
                if (marginal is { } cost)
                {
                    Assert.True(more.Outcome == SolveOutcome.Optimal, $"seed {seed} node {v}: marginal {cost} but the re-solve is {more.Outcome}");
                    Assert.Equal(more.Objective!.Value - baseline.Objective!.Value, cost, 6);
                }
                else
                {
                    Assert.True(more.Outcome == SolveOutcome.Infeasible, $"seed {seed} node {v}: marginal null but the re-solve is {more.Outcome} ({more.Objective})");
                    nulls++;
                }
                checkedNodes++;
            }
        }
        Assert.Equal(24, checkedNodes);
        Assert.InRange(nulls, 1, 23); // both kinds of answer occur
    }

    /// <summary>
    /// A random network with quarter-unit supplies, demands, bounds and costs around a planted whole flow
    /// (so it is feasible for whole and continuous flows alike): supplies rounded up, demands and minimum
    /// flows rounded down, capacities rounded up from it.
    /// </summary>
    private static TransshipmentProblem FractionalNetwork(int nodes, int arcs, int seed)
    {
        var random = new Random(seed);
        double Quarter(int max) => random.Next(0, 4 * max + 1) / 4.0;
        var net = new double[nodes];
        var arcList = new List<TransshipmentArc>();
        for (var a = 0; a < arcs; a++)
        {
            var from = a < nodes ? a : random.Next(nodes);
            var to = a < nodes ? (a + 1) % nodes : random.Next(nodes);
            if (to == from) to = (from + 1) % nodes;
            var flow = random.Next(0, 3);
            net[from] += flow;
            net[to] -= flow;
            arcList.Add(Arc($"n{from}", $"n{to}", cost: 0.25 + Quarter(5),
                min: random.Next(4) == 0 ? Math.Max(0, flow - Quarter(1)) : 0,
                max: random.Next(5) == 0 ? null : flow + Quarter(1)));
        }
        var nodeList = Enumerable.Range(0, nodes).Select(v => Node($"n{v}",
            supply: Math.Max(net[v], 0) + Quarter(1),
            demand: Math.Max(Math.Max(-net[v], 0) - Quarter(1), 0))).ToList();
        return new TransshipmentProblem { Name = $"fractional {seed}", Nodes = nodeList, Arcs = arcList };
    }
}
