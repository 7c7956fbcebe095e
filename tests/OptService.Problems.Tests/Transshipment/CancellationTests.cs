using Xunit.Abstractions;
using System.Diagnostics;
using OptService.Kinds;
using OptService.Problems.Transshipment;
using static OptService.Problems.Tests.Transshipment.TransshipmentTestKit;

namespace OptService.Problems.Tests.Transshipment;

public class CancellationTests(ITestOutputHelper output)
{
    /// <summary>A MIP that keeps a solver busy for far longer than the test: fractional bounds, integer flows.</summary>
    private static TransshipmentProblem HardMip(TransshipmentMethod method, double? timeLimit = null)
    {
        var problem = TransshipmentGenerator.Generate(6000, 60000, seed: 11);
        return problem with
        {
            Nodes = problem.Nodes.Select(n => n with { Supply = n.Supply * 1.5, Demand = n.Demand * 1.5 }).ToList(),
            Arcs = problem.Arcs.Select(a => a with { MinFlow = a.MinFlow * 1.5, MaxFlow = a.MaxFlow * 1.5 + 0.25 }).ToList(),
            Options = new TransshipmentOptions { Solver = method, TimeLimitSeconds = timeLimit },
        };
    }

    [Theory]
    [InlineData(TransshipmentMethod.Scip)] // honours InterruptSolve
    [InlineData(TransshipmentMethod.Cbc)]  // ignores it: its process is killed
    public async Task Solve_ReturnsPromptly_WhenCancelled(TransshipmentMethod method)
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(3.5)); // mid-solve: the host needs ~1 s to build the model
        var clock = Stopwatch.StartNew();

        var (report, result, context) = await SolveAsync(HardMip(method), cancellation.Token);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.00} s\n{context.LogText}");

        // Cancelled at 3.5 s; the MIP itself runs far longer. The slack covers a loaded CI machine
        // (test classes run in parallel on 2 cores); the API tests time cancellation end to end.
        Assert.InRange(clock.Elapsed.TotalSeconds, 3.4, 8.0);
        Assert.Contains(report.Outcome, new[] { SolveOutcome.NotSolved, SolveOutcome.Feasible });
        Assert.Contains("cancelled", context.LogText, StringComparison.Ordinal);
        if (report.Outcome == SolveOutcome.Feasible) AssertFeasible(HardMip(method), result, 1e-6);
    }

    [Fact]
    public async Task Solve_StopsAtTheTimeLimit_EvenWhenTheBackendLosesItsIncumbent()
    {
        var clock = Stopwatch.StartNew();

        var (report, _, context) = await SolveAsync(HardMip(TransshipmentMethod.Highs, timeLimit: 0.3));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.00} s\n{context.LogText}");

        // Parsing and model building (~2 s in Debug under load) + 0.3 s limit + 1 s watchdog slack + 0.8 s
        // interrupt grace, with room for a loaded machine; unstopped, this MIP runs far longer.
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.3, 12.0);
        Assert.True(report.Outcome is SolveOutcome.TimeLimit or SolveOutcome.Feasible, $"{report.Outcome}: {report.Message}");
    }

    [Theory]
    [InlineData(TransshipmentMethod.Auto)]
    [InlineData(TransshipmentMethod.Glop)]
    public async Task Solve_ReturnsNotSolved_WhenCancelledBeforeItStarts(TransshipmentMethod method)
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var (report, result, _) = await SolveAsync(Seed().WithSolver(method), cancellation.Token);

        Assert.Equal(SolveOutcome.NotSolved, report.Outcome);
        Assert.Empty(result.Flows);
    }

    [Fact]
    public async Task Solve_StopsWaitingForMinCostFlow_WhenCancelled()
    {
        // Min-cost-flow cannot be interrupted: the backend abandons it and returns at once. The network
        // simplex solves this network in well under a second, so cancel as soon as it has started (a
        // timer would race it) and check that the answer comes back long before the solve could end.
        var network = FlowNetwork.From(TransshipmentGenerator.Generate(30_000, 300_000, seed: 5));
        Assert.True(MinCostFlowBackend.Fits(network, out var scale, out _));
        using var cancellation = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var solving = MinCostFlowBackend.SolveAsync(network, scale, MinCostFlowBackend.Engine.NetworkSimplex, null, cancellation.Token);
        await cancellation.CancelAsync();

        var solution = await solving;

        output.WriteLine($"{clock.Elapsed.TotalMilliseconds:0} ms: {solution.Message}");
        Assert.Equal(SolveOutcome.NotSolved, solution.Outcome);
        Assert.Contains("cancelled before the min-cost-flow algorithm finished", solution.Message, StringComparison.Ordinal);
    }
}
