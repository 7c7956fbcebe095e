using OptService.Kinds;
using OptService.Problems.Transshipment;
using static OptService.Problems.Tests.Transshipment.TransshipmentTestKit;

namespace OptService.Problems.Tests.Transshipment;

public class TransshipmentSolveTests
{
    [Theory]
    [InlineData(TransshipmentMethod.Auto, "min-cost-flow")]
    [InlineData(TransshipmentMethod.MinCostFlow, "min-cost-flow")]
    [InlineData(TransshipmentMethod.Glop, "glop")]
    [InlineData(TransshipmentMethod.Scip, "scip")]
    [InlineData(TransshipmentMethod.Cbc, "cbc")]
    [InlineData(TransshipmentMethod.Highs, "highs")]
    public async Task Solve_FindsAmericanSteelOptimum_WithEachExactBackend(TransshipmentMethod method, string expectedSolver)
    {
        var problem = Seed().WithSolver(method);
        var (report, result, context) = await SolveAsync(problem);

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(15005, report.Objective!.Value, 6);
        Assert.Equal(15005, Cost(problem, result), 6);
        Assert.Equal(expectedSolver, result.Solver);
        AssertFeasible(problem, result);
        Assert.All(result.Flows, flow => Assert.Equal(Math.Round(flow.Flow), flow.Flow));
        Assert.Contains("method: " + expectedSolver, context.LogText, StringComparison.Ordinal);
        // model.lp, model.mps and flows.csv are written at their first download (TransshipmentFiles), not by the solve.
        Assert.Empty(context.Artifacts);
    }

    [Fact]
    public async Task Solve_FindsAmericanSteelOptimum_WithPdlpWithinTolerance()
    {
        var problem = Seed().WithSolver(TransshipmentMethod.Pdlp);
        var (report, result, _) = await SolveAsync(problem);

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.InRange(report.Objective!.Value, 15005 * (1 - 1e-4), 15005 * (1 + 1e-4));
        AssertFeasible(problem, result, tolerance: 1e-2);
    }

    [Fact]
    public async Task Solve_LogsTheSolversOwnOutput_FromTheHostProcess()
    {
        var (_, _, context) = await SolveAsync(Seed().WithSolver(TransshipmentMethod.Scip));

        Assert.Contains("SCIP Status", context.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_ReturnsInfeasible_WhenDemandExceedsSupply()
    {
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("mill", supply: 100), Node("city", demand: 150)],
            Arcs = [Arc("mill", "city", 1)],
        };
        var (report, result, _) = await SolveAsync(problem);

        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Equal("infeasible: total demand 150 exceeds total supply 100 by 50", report.Message);
        Assert.Equal(report.Message, result.Message);
        Assert.Null(report.Objective);
    }

    [Fact]
    public async Task Solve_ReturnsInfeasible_NamingANodeWhoseIncomingArcsAreTooSmall()
    {
        var seed = Seed();
        // Houston (demand 7000) is fed by Cincinnati (≤ 6000) and Kansas City (≤ 4000); cut both to 3000.
        var arcs = seed.Arcs.Select(arc => arc.To == "Houston" ? arc with { MaxFlow = 3000 } : arc).ToList();
        var (report, _, _) = await SolveAsync(seed with { Arcs = arcs });

        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Contains("node 'Houston' needs 7000 but its supply plus the capacity of its incoming arcs is only 6000", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_ReturnsInfeasible_WhenAMinimumFlowCannotBeRouted()
    {
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("mill", supply: 100), Node("hub"), Node("city", demand: 10)],
            Arcs = [Arc("mill", "hub", 1, max: 20), Arc("hub", "city", 1, min: 50)],
        };
        var (report, _, _) = await SolveAsync(problem);

        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Contains("node 'hub' must receive its demand 0 and send the minimum flows 50", report.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TransshipmentMethod.Auto)]
    [InlineData(TransshipmentMethod.Glop)]
    public async Task Solve_ReturnsInfeasible_WhenOnlyTheSolverCanProveIt(TransshipmentMethod method)
    {
        // Every node passes the local checks, but the two cities share one 10-unit bottleneck.
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("mill", supply: 100), Node("hub"), Node("a", demand: 10), Node("b", demand: 10)],
            Arcs = [Arc("mill", "hub", 1, max: 10), Arc("hub", "a", 1), Arc("hub", "b", 1)],
        }.WithSolver(method);
        var (report, _, _) = await SolveAsync(problem);

        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Contains("cannot all be routed", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_ReturnsUnbounded_NamingANegativeCycleOfUncapacitatedArcs()
    {
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("mill", supply: 10), Node("p"), Node("q"), Node("city", demand: 10)],
            Arcs = [Arc("mill", "city", 1), Arc("p", "q", -3), Arc("q", "p", 1), Arc("mill", "p", 2, max: 5)],
        };
        var (report, _, _) = await SolveAsync(problem);

        Assert.Equal(SolveOutcome.Unbounded, report.Outcome);
        Assert.Contains("'p' → 'q' → 'p'", report.Message!.Replace("'q' → 'p' → 'q'", "'p' → 'q' → 'p'", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_ReturnsInfeasibleNotUnbounded_WhenTheRestOfTheNetworkIsInfeasible()
    {
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("mill", supply: 100), Node("hub"), Node("a", demand: 10), Node("b", demand: 10), Node("p"), Node("q")],
            Arcs = [Arc("mill", "hub", 1, max: 10), Arc("hub", "a", 1), Arc("hub", "b", 1), Arc("p", "q", -3), Arc("q", "p", 1)],
        };
        var (report, _, _) = await SolveAsync(problem);

        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
    }

    [Fact]
    public async Task Solve_ReturnsZero_WithNoArcsAndNoDemand()
    {
        var problem = new TransshipmentProblem { Nodes = [Node("mill", supply: 5), Node("idle")], Arcs = [] };
        var (report, result, _) = await SolveAsync(problem);

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(0, report.Objective);
        Assert.Empty(result.Flows);
        Assert.Equal(5, result.Nodes[0].UnusedSupply);
    }

    [Fact]
    public async Task Solve_ReturnsInfeasible_WithNoArcsAndADemand()
    {
        var problem = new TransshipmentProblem { Nodes = [Node("mill", supply: 5), Node("city", demand: 1)], Arcs = [] };
        var (report, _, _) = await SolveAsync(problem);

        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Contains("node 'city' needs 1", report.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TransshipmentMethod.Auto)]
    [InlineData(TransshipmentMethod.Glop)]
    public async Task Solve_SendsTheMinimumFlow_EvenWhenItCostsMore(TransshipmentMethod method)
    {
        // The direct arc is cheaper, but 30 units must take the expensive detour; the hub keeps 20 of them.
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("mill", supply: 100), Node("hub"), Node("city", demand: 10)],
            Arcs = [Arc("mill", "city", 1), Arc("mill", "hub", 5, min: 30), Arc("hub", "city", 0, max: 10)],
        }.WithSolver(method);
        var (report, result, _) = await SolveAsync(problem);

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(30, result.Flows[1].Flow, 6);
        Assert.Equal(30 * 5, report.Objective!.Value, 6); // the demand is served from the paid-for hub units
        Assert.Equal(20, result.Nodes[1].UnusedSupply, 6);
        AssertFeasible(problem, result);
    }

    [Fact]
    public async Task Solve_UsesAMipForIntegerFlowsOverFractionalData_AndGlopForContinuousFlows()
    {
        // Two cities of demand 1.5 each: whole units mean 2 each, but the cheap arcs carry at most 1.5 (so 1).
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("mill", supply: 4), Node("a", demand: 1.5), Node("b", demand: 1.5)],
            Arcs = [Arc("mill", "a", 1, max: 1.5), Arc("mill", "b", 1, max: 1.5), Arc("mill", "a", 10), Arc("mill", "b", 10)],
        };
        var (mip, mipResult, mipContext) = await SolveAsync(problem);
        var (lp, lpResult, _) = await SolveAsync(problem with { IntegerFlows = false });

        Assert.Equal("scip", mipResult.Solver);
        Assert.Contains("MIP", mipContext.LogText, StringComparison.Ordinal);
        Assert.Equal(SolveOutcome.Optimal, mip.Outcome);
        Assert.Equal(2 * (1 * 1 + 1 * 10), mip.Objective!.Value, 6); // integer: 1 cheap + 1 expensive each
        Assert.All(mipResult.Flows, flow => Assert.Equal(Math.Round(flow.Flow), flow.Flow, 9));
        Assert.Equal("glop", lpResult.Solver);
        Assert.Equal(3, lp.Objective!.Value, 6); // continuous: 1.5 on each cheap arc
        AssertFeasible(problem, lpResult);
    }

    [Fact]
    public async Task Solve_SolvesAGeneratedNetwork_AndAllExactBackendsAgree()
    {
        var problem = TransshipmentGenerator.Generate(200, 1000, seed: 7);
        var (flow, flowResult, _) = await SolveAsync(problem);
        var (glop, glopResult, _) = await SolveAsync(problem.WithSolver(TransshipmentMethod.Glop));

        Assert.Equal(SolveOutcome.Optimal, flow.Outcome);
        Assert.Equal(SolveOutcome.Optimal, glop.Outcome);
        Assert.Equal(flow.Objective!.Value, glop.Objective!.Value, 6);
        AssertFeasible(problem, flowResult);
        AssertFeasible(problem, glopResult);
    }
}
