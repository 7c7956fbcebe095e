using OptService.Kinds;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>The shared benchmark instances: objective = independent recomputation, no hard violation,
/// never below the proven optimum, and the optimum reached where a short limit allows.</summary>
public class NrpInstanceSolveTests
{
    [Theory]
    [InlineData("Instance1.txt", 607, 20)]
    [InlineData("Instance2.txt", 828, 60)]
    public async Task Solve_ReachesPublishedOptimum_WithinShortLimit(string file, long optimum, double seconds)
    {
        var problem = NurseSchedulingTestData.Instance(file, new NurseSolveOptions { TimeLimitSeconds = seconds, Workers = 2 });
        var context = new RecordingSolveContext();

        var result = await NurseSchedulingTestData.Solve(problem, context);

        Assert.Equal(SolveOutcome.Optimal, result.Outcome);
        Assert.Equal(optimum, result.Objective);
        Assert.Equal(optimum, result.Bound);
        AssertRosterAgreesWithChecker(problem, result);
        Assert.Contains("solution 1: objective", context.LogText, StringComparison.Ordinal);
        Assert.Contains(context.Lines, line => line.Message.StartsWith("cp-sat:", StringComparison.Ordinal));
        Assert.NotEmpty(context.Incumbents);
        var incumbents = context.Incumbents.Select(i => i.Objective!.Value).ToList();
        Assert.Equal(incumbents.OrderByDescending(o => o).Distinct(), incumbents);
        Assert.Equal(optimum, incumbents[^1]);

        var csv = System.Text.Encoding.UTF8.GetString(context.Artifacts["roster.csv"].Content).TrimEnd('\n').Split('\n');
        Assert.Equal(problem.Staff!.Count + 1, csv.Length);
        Assert.Equal("nurse," + string.Join(',', Enumerable.Range(0, problem.HorizonDays!.Value).Select(d => $"day{d}")), csv[0]);
        Assert.Equal(result.Roster!.Assignments.Count, csv.Skip(1).Sum(row => row.Split(',').Skip(1).Count(cell => cell.Length > 0)));
        Assert.Equal("text/html", context.Artifacts["roster.html"].ContentType);
        Assert.Contains("<table>", System.Text.Encoding.UTF8.GetString(context.Artifacts["roster.html"].Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_ReturnsNotSolved_WhenCancelledBeforeStart()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var result = await NurseSchedulingTestData.Solve(NurseSchedulingTestData.Instance("Instance1.txt"), new RecordingSolveContext(cancel.Token));

        Assert.Equal(SolveOutcome.NotSolved, result.Outcome);
        Assert.Null(result.Roster);
    }

    [Theory]
    [InlineData("Instance3.txt", 1001, 15)]
    [InlineData("Instance6.txt", 1950, 20)]
    public async Task Solve_ReturnsValidRosterNeverBelowOptimum_WithinShortLimit(string file, long optimum, double seconds)
    {
        var problem = NurseSchedulingTestData.Instance(file, new NurseSolveOptions { TimeLimitSeconds = seconds, Workers = 2 });

        var result = await NurseSchedulingTestData.Solve(problem, new RecordingSolveContext());

        Assert.Contains(result.Outcome, new[] { SolveOutcome.Optimal, SolveOutcome.Feasible });
        Assert.InRange(result.Objective!.Value, optimum, long.MaxValue);
        Assert.InRange(result.Bound!.Value, 0, optimum);
        if (result.Outcome == SolveOutcome.Optimal) Assert.Equal(optimum, result.Objective);
        AssertRosterAgreesWithChecker(problem, result);
    }

    [Fact]
    public async Task Solve_LargeInstanceByNeighbourhoodSearch_ReturnsValidRosterWithinLimit()
    {
        // Instance16 (56 days, 20 staff, 3 types: 3360 cells) goes through construction and neighbourhood search.
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read("nrp-large", "Instance16.txt"),
            new NurseSolveOptions { TimeLimitSeconds = 20, Workers = 2 });
        Assert.Empty(errors);
        var context = new RecordingSolveContext();
        var started = DateTime.UtcNow;

        var result = await NurseSchedulingTestData.Solve(problem!, context);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(35));
        Assert.Equal(SolveOutcome.Feasible, result.Outcome);
        Assert.InRange(result.Objective!.Value, 3225, long.MaxValue);
        // The bound is at least the counting bound (3,160: weekends and minimum workloads), which every improving roster
        // reports while the search runs, with its gap.
        Assert.InRange(result.Bound!.Value, 3160, 3225);
        var incumbents = context.Incumbents.Select(i => (NurseSchedulingResult)i.Result).ToList();
        Assert.NotEmpty(incumbents);
        Assert.All(incumbents, i => Assert.Equal(3160, i.Bound));
        Assert.All(incumbents, i => Assert.Equal((i.Objective!.Value - 3160) / (double)i.Objective.Value, i.Gap!.Value, 9));
        AssertRosterAgreesWithChecker(problem!, result);
        // Every neighbourhood roster passed the per-person rule check (a failing one is logged as a warning and dropped).
        Assert.DoesNotContain(context.Lines, line => line.Level == JobLogLevel.Warning);
        Assert.Contains(context.Lines, line => line.Message.StartsWith("solution 2:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Solve_KeepsBestRoster_WhenCancelled()
    {
        var problem = NurseSchedulingTestData.Instance("Instance6.txt", new NurseSolveOptions { TimeLimitSeconds = 120, Workers = 2 });
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var started = DateTime.UtcNow;

        var result = await NurseSchedulingTestData.Solve(problem, new RecordingSolveContext(cancel.Token));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
        Assert.Equal(SolveOutcome.Feasible, result.Outcome);
        Assert.InRange(result.Objective!.Value, 1950, long.MaxValue);
        AssertRosterAgreesWithChecker(problem, result);
    }

    [Fact]
    public async Task Solve_ReturnsInfeasible_WhenFixedDaysOffLeaveTooFewMinutes()
    {
        var problem = NurseSchedulingTestData.Instance("Instance1.txt");
        var staff = problem.Staff!.ToList();
        staff[0] = staff[0] with { DaysOff = Enumerable.Range(0, 10).ToList() };

        var kind = new NurseSchedulingKind(new NurseSchedulingLimits());
        var report = await kind.SolveAsync(kind.Accept(problem with { Staff = staff }).Utf8Json!, new RecordingSolveContext());

        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Contains("staff \"A\" must work at least 3360 minutes but can work at most 1920", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_ReturnsInfeasible_WhenHardCoverExceedsStaff()
    {
        var problem = NurseSchedulingTestData.Instance("Instance1.txt");
        var cover = problem.Cover!.Select(c => c.Day == 3 ? c with { Minimum = 9 } : c).ToList();

        var kind = new NurseSchedulingKind(new NurseSchedulingLimits());
        var report = await kind.SolveAsync(kind.Accept(problem with { Cover = cover }).Utf8Json!, new RecordingSolveContext());

        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Contains("cover demands 9 people on shift \"D\" of day 3 but only 8 can work it", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_ReportsPenaltyByKindAndPerson_ThatSumToObjective()
    {
        var problem = NurseSchedulingTestData.Instance("Instance1.txt", new NurseSolveOptions { TimeLimitSeconds = 20 });

        var context = new RecordingSolveContext();
        var result = await NurseSchedulingTestData.Solve(problem, context);

        var penalty = result.Penalty!;
        var k = penalty.ByKind;
        // Each violated soft constraint is listed once, and the list accounts for the whole penalty.
        Assert.NotEmpty(penalty.Violations);
        Assert.Equal(penalty.Total, penalty.Violations.Sum(v => v.Penalty));
        Assert.Equal(k.UnderCover, penalty.Violations.Where(v => v.Rule == "underCover").Sum(v => v.Penalty));
        var worked = result.Roster!.Assignments.Select(a => (a.Day, a.Shift, a.Nurse)).ToHashSet();
        foreach (var v in penalty.Violations.Where(v => v.Rule == "shiftOnRequest"))
            Assert.DoesNotContain((v.Day, v.Shift, v.Nurse!), worked);
        foreach (var v in penalty.Violations.Where(v => v.Rule == "shiftOffRequest"))
            Assert.Contains((v.Day, v.Shift, v.Nurse!), worked);
        var csvLines = System.Text.Encoding.UTF8.GetString(context.Artifacts["penalties.csv"].Content).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(penalty.Violations.Count + 1, csvLines.Length);
        Assert.Contains("bad\"", System.Text.Encoding.UTF8.GetString(context.Artifacts["roster.html"].Content), StringComparison.Ordinal);
        Assert.Equal(result.Objective, penalty.Total);
        Assert.Equal(penalty.Total, k.ShiftOnRequests + k.ShiftOffRequests + k.UnderCover + k.OverCover);
        Assert.Equal(k.ShiftOnRequests + k.ShiftOffRequests, penalty.ByPerson.Sum(p => p.Total));
        Assert.Equal(8, penalty.ByPerson.Count);
        Assert.True(result.Statistics.WallTimeSeconds > 0);
        Assert.True(result.Statistics.Branches > 0);
    }

    private static void AssertRosterAgreesWithChecker(NurseSchedulingProblem problem, NurseSchedulingResult result)
    {
        var verdict = NrpRosterChecker.Check(problem, result.Roster!);
        Assert.Empty(verdict.Violations);
        Assert.Equal(result.Objective, verdict.Objective);
        Assert.Equal(result.Objective, result.Penalty!.Total);
    }
}
