using OptService.Kinds;
using OptService.Problems.FlowFamilies;
using OptService.Problems.Transshipment;
using static OptService.Problems.Tests.Transshipment.TransshipmentTestKit;

namespace OptService.Problems.Tests.Transshipment;

/// <summary>
/// <c>auto</c> on networks where the network simplex stalls in degenerate pivots (GOTO-like grids on a
/// torus): OR-Tools' <c>MinCostFlow</c> takes over once ≥ 3 pivots per node were ≥ 90% degenerate, the
/// job log says so, and the answer is the exact optimum.
/// </summary>
public class DegenerateSwitchTests
{
    [Theory]
    [InlineData(10_000, 3)]
    [InlineData(20_000, 1)]
    public async Task Auto_StartsOrTools_WhenTheSimplexStalls_AndKeepsTheExactOptimum(int arcs, int seed)
    {
        // Spare supply at the source, so that one more unit of demand can be met and marginal costs exist.
        var generated = FlowFamily.Generate("goto", arcs, seed);
        var problem = generated with { Nodes = [.. generated.Nodes.Select(n => n.Supply > 0 ? n with { Supply = n.Supply + 50 } : n)] };
        var network = FlowNetwork.From(problem);
        Assert.True(MinCostFlowBackend.Fits(network, out var scale, out _));
        var theirs = await MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.OrTools, null, default);
        Assert.Equal(SolveOutcome.Optimal, theirs.Outcome);

        var (report, result, context) = await SolveAsync(problem);

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Matches(@"min-cost-flow: min-cost-flow optimal \(the network simplex stalled after [\d,]+ pivots on [\d,]+ nodes, \d+(\.\d)?% degenerate \(rule: ≥ 3 pivots per node, ≥ 90% degenerate\), so auto switched to OR-Tools MinCostFlow\)", context.LogText);
        AssertFeasible(problem, result);
        Assert.Equal((double)ExactCost(network, theirs.Flow!), report.Objective);
        // Marginal costs come from the residual graph of the reported flow: the same as from OR-Tools' flow.
        var expected = ResidualGraph.Of(network, theirs.Flow!).MarginalCosts();
        Assert.NotNull(expected);
        Assert.Contains(expected, value => value is > 0);
        Assert.Equal(expected, result.Nodes.Select(node => node.MarginalCost));
    }

    /// <summary>Networks the simplex finishes in few pivots per node never start the second engine.</summary>
    [Theory]
    [InlineData("netgen")]
    [InlineData("gridgen")]
    [InlineData("road")]
    [InlineData("transportation")]
    public async Task Auto_RunsTheSimplexAlone_OnOtherFamilies(string family)
    {
        var (report, _, context) = await SolveAsync(FlowFamily.Generate(family, 10_000, seed: 3));

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Contains("min-cost-flow: network simplex optimal (", context.LogText, StringComparison.Ordinal);
        Assert.DoesNotContain("stalled", context.LogText, StringComparison.Ordinal);
    }

    /// <summary>A stopped simplex continues from its tree to the same optimum; a cancelled one stops.</summary>
    [Fact]
    public async Task Simplex_StoppedAndContinued_ReachesTheSameOptimum_AndHonoursCancellation()
    {
        var network = FlowNetwork.From(FlowFamily.Generate("goto", 10_000, seed: 3));
        Assert.True(MinCostFlowBackend.Fits(network, out var scale, out _));
        var straight = await MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.NetworkSimplex, null, default);
        var simplex = Build(network, scale);

        var stops = 0;
        simplex.KeepGoing = (_, _) => ++stops % 3 != 0;
        var result = simplex.Run();
        while (result == NetworkSimplex.Result.Stopped) result = simplex.Run();
        Assert.Equal(NetworkSimplex.Result.Optimal, result);
        Assert.True(stops >= 3, $"{stops} checks");
        var flow = new double[network.ArcCount];
        for (var a = 0; a < flow.Length; a++) flow[a] = network.MinFlow[a] + simplex.Flow(a);
        Assert.Equal(ExactCost(network, straight.Flow!), ExactCost(network, flow));

        var again = Build(network, scale);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.Equal(NetworkSimplex.Result.Cancelled, again.Run(cancelled.Token));
        Assert.Equal(again.CheckEvery, again.Pivots);
    }

    private static NetworkSimplex Build(FlowNetwork network, long scale)
    {
        // The backend's mapping, for this family's data: no minimum flows, finite capacities.
        int n = network.NodeCount, m = network.ArcCount;
        var balance = new long[n];
        for (var v = 0; v < n; v++) balance[v] = (long)network.Supply[v] - (long)network.Demand[v];
        var tails = new int[m];
        var heads = new int[m];
        var capacities = new long[m];
        var costs = new long[m];
        for (var a = 0; a < m; a++)
        {
            Assert.Equal(0, network.MinFlow[a]);
            Assert.False(double.IsPositiveInfinity(network.MaxFlow[a]));
            (tails[a], heads[a], capacities[a], costs[a]) = (network.Tail[a], network.Head[a], (long)network.MaxFlow[a], (long)network.Cost[a] * scale);
        }
        return new NetworkSimplex(n, tails, heads, capacities, costs, balance);
    }

    private static Int128 ExactCost(FlowNetwork network, double[] flow)
    {
        Int128 total = 0;
        for (var a = 0; a < flow.Length; a++) total += (Int128)(long)network.Cost[a] * (long)flow[a];
        return total;
    }
}
