using System.Text.Json;
using Google.OrTools.Sat;
using Google.Protobuf;
using OptService.Kinds;
using OptService.Problems.CpSat;
using static OptService.Problems.Tests.CpSat.CpSatTestModels;

namespace OptService.Problems.Tests.CpSat;

public class CpSatSolveTests
{
    [Fact]
    public async Task Solve_Knapsack_ReachesTheKnownOptimum15_WithValuesByIndexAndName()
    {
        var context = new RecordingSolveContext();
        var (report, result) = await SolveAsync(Request(Knapsack()), context);

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(15, report.Objective);
        Assert.Equal(15, result.Objective);
        Assert.Equal(15, result.Bound);
        Assert.Equal(0, result.Gap);
        Assert.Equal([0L, 1, 1, 1, 1], result.Values!);
        Assert.Equal(0, result.ValuesByName!["take_0"]);
        Assert.Equal(1, result.ValuesByName["take_4"]);
        Assert.Null(result.SolutionCount);
        Assert.Equal("optimal", result.Statistics.SolverStatus);
        Assert.Equal(5, result.Statistics.Variables);
        Assert.True(context.Artifacts.ContainsKey("solution.csv"));
        Assert.Contains("4,take_4,1", System.Text.Encoding.UTF8.GetString(context.Artifacts["solution.csv"].Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_Example_FindsTheLightestLoadOf8()
    {
        var kind = new CpSatKind(new CpSatLimits());
        var example = JsonSerializer.Serialize(kind.Example, kind.ProblemType, JobJson.Options);
        var (report, result) = await SolveAsync(example, new RecordingSolveContext());
        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(8, result.Objective);
        Assert.Equal([0L, 1, 1, 1, 1], result.Values!);
    }

    [Fact]
    public async Task Solve_ReturnsInfeasible_WhenTheConstraintsCannotHold()
    {
        var (report, result) = await SolveAsync(Request(Infeasible()), new RecordingSolveContext());
        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Null(result.Values);
        Assert.Equal("infeasible", result.Statistics.SolverStatus);
        Assert.Contains("cannot all hold", report.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6, 4)]
    [InlineData(8, 92)]
    public async Task Enumerate_Queens_CountsEverySolution(int n, int solutions)
    {
        var (report, result) = await SolveAsync(Request(Queens(n), options: new { enumerateAll = true, maxSolutions = 3 }), new RecordingSolveContext());
        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(solutions, result.SolutionCount);
        Assert.True(result.CountComplete);
        Assert.Equal(3, result.Solutions!.Count);
        foreach (var queens in result.Solutions)
        {
            Assert.Equal(n, queens.Distinct().Count());
            Assert.Equal(n, queens.Select((q, i) => q + i).Distinct().Count());
            Assert.Equal(n, queens.Select((q, i) => q - i).Distinct().Count());
        }
    }

    [Fact]
    public async Task Enumerate_NurseSeedModel_Counts5184_AndEveryReturnedSolutionSatisfiesTheModel()
    {
        var modelJson = SharedFixtures.Read("cp-sat", "nurses-seed.cpmodel.json");
        var model = JsonParser.Default.Parse<CpModelProto>(modelJson);
        var context = new RecordingSolveContext();
        var (report, result) = await SolveAsync(Request(modelJson, options: new { enumerateAll = true, maxSolutions = 20 }), context);

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(5184, result.SolutionCount);
        Assert.True(result.CountComplete);
        Assert.Equal(20, result.Solutions!.Count);
        Assert.Equal(20, result.Solutions.Select(s => string.Join(',', s)).Distinct().Count());
        Assert.All(result.Solutions, s => Assert.True(SatisfiesLinearConstraints(model, s)));
        Assert.Equal(result.Solutions[0], result.Values!);
        Assert.Equal(36, result.ValuesByName!.Count);
        // The enumeration defaults (no presolve, no linear relaxation) are in the parameters CP-SAT got.
        Assert.Contains(context.Lines, l => l.Message.Contains("enumerate_all_solutions:true", StringComparison.Ordinal)
                                            && l.Message.Contains("cp_model_presolve:false", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enumerate_StopsAtTheCap_AndSaysTheCountIsIncomplete()
    {
        var kind = new CpSatKind(new CpSatLimits { MaxEnumeratedSolutions = 50 });
        var parsed = kind.Parse(System.Text.Encoding.UTF8.GetBytes(Request(Queens(8), options: new { enumerateAll = true })));
        var report = await kind.SolveAsync(parsed.Utf8Json!, new RecordingSolveContext());
        var result = Assert.IsType<CpSatResult>(report.Result);
        Assert.Equal(SolveOutcome.Feasible, report.Outcome);
        Assert.Equal(50, result.SolutionCount);
        Assert.False(result.CountComplete);
    }

    [Fact]
    public async Task Optimize_LogsEveryImprovingSolution_AndPublishesEachAsTheIncumbent()
    {
        var context = new RecordingSolveContext();
        var (report, result) = await SolveAsync(Request(Golomb(8), options: new { workers = 1, timeLimitSeconds = 60 }), context);

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(34, result.Objective); // the optimal 8-mark Golomb ruler
        var incumbents = context.Incumbents.Select(i => Assert.IsType<CpSatResult>(i.Result)).ToList();
        Assert.NotEmpty(incumbents);
        Assert.Equal(incumbents.Count, context.Lines.Count(l => l.Message.StartsWith("solution ", StringComparison.Ordinal)));
        var objectives = incumbents.Select(i => i.Objective!.Value).ToList();
        Assert.Equal(objectives.OrderByDescending(o => o).Distinct(), objectives); // strictly improving (minimizing)
        Assert.Equal(34, objectives[^1]);
        Assert.All(incumbents, i => Assert.Equal(i.Objective, i.Values![7]));
        Assert.Contains(context.Lines, l => l.Level == JobLogLevel.Debug && l.Message.StartsWith("cp-sat: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancel_KeepsTheBestSolutionFound()
    {
        using var cancel = new CancellationTokenSource();
        var context = new CancelOnIncumbentContext(cancel, afterIncumbents: 1);
        var (report, result) = await SolveAsync(Request(Golomb(11), options: new { workers = 2, timeLimitSeconds = 120 }), context);

        Assert.True(cancel.IsCancellationRequested);
        Assert.Equal(SolveOutcome.Feasible, report.Outcome);
        Assert.NotNull(result.Values);
        Assert.True(result.Objective >= 72); // the optimal 11-mark ruler is 72 long
        Assert.Equal(result.Objective, result.Values![10]);
        Assert.True(result.Statistics.WallTimeSeconds < 60, $"stopped after {result.Statistics.WallTimeSeconds} s");
        Assert.Contains("cancelled", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimeLimit_IsHonoured_AndTheBestSolutionKept()
    {
        var (report, result) = await SolveAsync(Request(Golomb(11), options: new { workers = 2, timeLimitSeconds = 1 }), new RecordingSolveContext());
        Assert.Equal(SolveOutcome.Feasible, report.Outcome);
        Assert.True(result.Objective >= 72);
        Assert.True(result.Bound < result.Objective);
        Assert.True(result.Gap > 0);
        Assert.True(result.Statistics.WallTimeSeconds < 3, $"CP-SAT ran {result.Statistics.WallTimeSeconds} s with a 1 s limit");
    }

    [Fact]
    public async Task Parameters_AsTextAndAsJson_ReachCpSat()
    {
        var text = new RecordingSolveContext();
        await SolveAsync(Request(Knapsack(), parameters: "random_seed:7 # a comment\nsubsolvers:\"core\" linearization_level: 2"), text);
        Assert.Contains(text.Lines, l => l.Message.StartsWith("CP-SAT parameters: ", StringComparison.Ordinal)
                                         && l.Message.Contains("random_seed:7", StringComparison.Ordinal)
                                         && l.Message.Contains("linearization_level:2", StringComparison.Ordinal)
                                         && l.Message.Contains("subsolvers:\"core\"", StringComparison.Ordinal));
        var json = new RecordingSolveContext();
        var (_, result) = await SolveAsync(Request(Knapsack(), parameters: new { randomSeed = 7, search_branching = "FIXED_SEARCH" }), json);
        Assert.Equal(15, result.Objective);
        Assert.Contains(json.Lines, l => l.Message.Contains("search_branching:FIXED_SEARCH", StringComparison.Ordinal));
    }

    /// <summary>Cancels the solve once it has published a number of incumbents (a user pressing cancel while watching).</summary>
    private sealed class CancelOnIncumbentContext(CancellationTokenSource cancel, int afterIncumbents) : ISolveContext
    {
        private int _incumbents;
        public Guid JobId { get; } = Guid.NewGuid();
        public CancellationToken Cancellation => cancel.Token;
        public WarmStart? WarmStart => null;
        public void Log(JobLogLevel level, string message) { }
        public void AddArtifact(string name, string contentType, byte[] content) { }

        public void ReportIncumbent(object partialResult, double? objective)
        {
            if (Interlocked.Increment(ref _incumbents) >= afterIncumbents) cancel.Cancel();
        }
    }
}
