using OptService.Kinds;
using OptService.Problems.Transshipment;
using static OptService.Problems.Tests.Transshipment.TransshipmentTestKit;

namespace OptService.Problems.Tests.Transshipment;

public class FlowCheckTests
{
    private static readonly TransshipmentProblem Line = new()
    {
        Nodes = [Node("mill", supply: 10), Node("hub"), Node("city", demand: 4)],
        Arcs = [Arc("mill", "hub", 1, max: 6), Arc("hub", "city", 1), Arc("mill", "city", 5)],
    };

    [Fact]
    public void Find_ReportsNoDefect_ForAFeasibleWholeFlow()
    {
        var defects = FlowCheck.Find(FlowNetwork.From(Line), [4, 4, 0]);

        Assert.True(defects.None, defects.Describe());
    }

    [Fact]
    public void Find_ReportsTheNodesShortOfTheirBalance_TheArcsOutOfBounds_AndFractionalFlows()
    {
        // hub receives 6.0015 and sends 6.003 (short by 0.0015); the first arc exceeds its 6; the city gets
        // 6.003 ≥ 4 but in fractions.
        var defects = FlowCheck.Find(FlowNetwork.From(Line), [6.0015, 6.003, 0]);

        Assert.Equal(1, defects.NodesShort);
        Assert.Equal(0.0015, defects.WorstShortfall, 9);
        Assert.Equal(1, defects.ArcsOutOfBounds);
        Assert.Equal(0.0015, defects.WorstBoundExcess, 9);
        Assert.Equal(2, defects.FractionalFlows);
        Assert.Contains("1 node short of its balance", defects.Describe(), StringComparison.Ordinal);
        Assert.Contains("2 fractional flows", defects.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_AcceptsFractionalFlows_WhenContinuousFlowsWereAsked_ButNotAMissedBalanceOf1e6()
    {
        var network = FlowNetwork.From(Line with { IntegerFlows = false });

        Assert.True(FlowCheck.Find(network, [2.5, 2.5, 1.5]).None);
        Assert.Equal(1, FlowCheck.Find(network, [2.5, 2.500001, 1.5]).NodesShort);
    }

    [Fact]
    public void ResidualGraph_CallsAFeasibleButCostlierFlowNotOptimal()
    {
        var network = FlowNetwork.From(Line);

        Assert.True(ResidualGraph.Of(network, [4, 4, 0]).IsOptimal());
        Assert.False(ResidualGraph.Of(network, [3, 3, 1]).IsOptimal()); // 1 unit on the direct arc at 5 instead of 2
    }

    /// <summary>
    /// PDLP's flow on a generated network is fractional and misses node balances by about 1e-3; the
    /// answer is the exact optimum (re-solved by the network simplex), never PDLP's flow called optimal.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Solve_WithPdlp_ReturnsAnExactFlow_RepairingPdlpsApproximateOne(bool integerFlows)
    {
        var problem = TransshipmentGenerator.Generate(1000, 10000, seed: 3) with { IntegerFlows = integerFlows };
        var (exact, _, _) = await SolveAsync(problem);
        var (report, result, context) = await SolveAsync(problem.WithSolver(TransshipmentMethod.Pdlp));

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(exact.Objective!.Value, report.Objective!.Value, 9);
        Assert.Equal(exact.Objective.Value, Cost(problem, result), 6);
        AssertFeasible(problem, result, tolerance: 1e-9);
        if (integerFlows) Assert.All(result.Flows, flow => Assert.Equal(Math.Round(flow.Flow), flow.Flow));
        Assert.Equal("min-cost-flow", result.Solver);
        Assert.Contains("pdlp's approximate flow (objective ", result.Message, StringComparison.Ordinal);
        Assert.Contains("repaired by re-solving exactly with min-cost-flow", context.LogText, StringComparison.Ordinal);
        Assert.Contains(context.Lines, line => line.Level == JobLogLevel.Warning && line.Message.Contains("fails the check", StringComparison.Ordinal));
    }
}
