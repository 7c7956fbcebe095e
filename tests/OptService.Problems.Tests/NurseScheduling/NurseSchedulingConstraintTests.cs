using OptService.Kinds;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>Each constraint family alone, on one person whose cover or requests push against the rule.</summary>
public class NurseSchedulingConstraintTests
{
    private static readonly ShiftTypeSpec Day = new() { Id = "D", LengthMinutes = 480 };

    /// <summary>One person, one shift type; cover wants the person every day (under-cover costs 100 a day).</summary>
    private static NurseSchedulingProblem WantsEveryDay(StaffSpec person, int days = 7) => new()
    {
        HorizonDays = days,
        ShiftTypes = [Day],
        Staff = [person],
        Cover = Enumerable.Range(0, days).Select(d => new CoverSpec { Day = d, Shift = "D", Requirement = 1, WeightUnder = 100, WeightOver = 1 }).ToList(),
        Options = new NurseSolveOptions { TimeLimitSeconds = 10, Workers = 1 },
    };

    /// <summary>One person, one shift type; working costs 1 a day (over-cover) unless requested.</summary>
    private static NurseSchedulingProblem WantsNoDay(StaffSpec person, int days = 7) =>
        WantsEveryDay(person, days) with { Cover = Enumerable.Range(0, days).Select(d => new CoverSpec { Day = d, Shift = "D", Requirement = 0, WeightUnder = 100, WeightOver = 1 }).ToList() };

    private static async Task<(NurseSchedulingResult Result, string Pattern)> SolveAndCheck(NurseSchedulingProblem problem, long expectedObjective)
    {
        var result = await NurseSchedulingTestData.Solve(problem, new RecordingSolveContext());
        Assert.Equal(SolveOutcome.Optimal, result.Outcome);
        Assert.Equal(expectedObjective, result.Objective);
        var verdict = NrpRosterChecker.Check(problem, result.Roster!);
        Assert.Empty(verdict.Violations);
        Assert.Equal(expectedObjective, verdict.Objective);
        var person = problem.Staff![0].Id;
        var pattern = new string(Enumerable.Range(0, problem.HorizonDays!.Value)
            .Select(d => result.Roster!.Assignments.FirstOrDefault(a => a.Day == d && a.Nurse == person)?.Shift[0] ?? '-').ToArray());
        return (result, pattern);
    }

    [Fact]
    public async Task MaxConsecutiveShifts_LeavesADayOffInEveryLongerWindow()
    {
        var (_, pattern) = await SolveAndCheck(WantsEveryDay(new StaffSpec { Id = "A", MaxConsecutiveShifts = 3 }), 100);
        Assert.Equal("DDD-DDD", pattern);
    }

    [Fact]
    public async Task DaysOff_AreNeverWorked()
    {
        var (_, pattern) = await SolveAndCheck(WantsEveryDay(new StaffSpec { Id = "A", DaysOff = [2, 5] }), 200);
        Assert.Equal("DD-DD-D", pattern);
    }

    [Fact]
    public async Task MaxShiftsPerType_CapsTheCount()
    {
        var person = new StaffSpec { Id = "A", MaxShifts = new Dictionary<string, int> { ["D"] = 4 } };
        var (_, pattern) = await SolveAndCheck(WantsEveryDay(person), 300);
        Assert.Equal(4, pattern.Count(c => c == 'D'));
    }

    [Fact]
    public async Task MaxTotalMinutes_CapsWorkedTime()
    {
        var (_, pattern) = await SolveAndCheck(WantsEveryDay(new StaffSpec { Id = "A", MaxTotalMinutes = 1500 }), 400);
        Assert.Equal(3, pattern.Count(c => c == 'D'));
    }

    [Fact]
    public async Task MinTotalMinutes_ForcesWorkEvenWhenItCostsOverCover()
    {
        var (_, pattern) = await SolveAndCheck(WantsNoDay(new StaffSpec { Id = "A", MinTotalMinutes = 900 }), 2);
        Assert.Equal(2, pattern.Count(c => c == 'D'));
    }

    [Fact]
    public async Task ShiftRotation_ForbidsDayShiftAfterNight()
    {
        var problem = WantsEveryDay(new StaffSpec { Id = "A" }, days: 7) with
        {
            ShiftTypes = [Day, new ShiftTypeSpec { Id = "N", LengthMinutes = 480, ForbiddenNext = ["D"] }],
            Cover =
            [
                new CoverSpec { Day = 0, Shift = "N", Requirement = 1, WeightUnder = 100, WeightOver = 1 },
                new CoverSpec { Day = 1, Shift = "D", Requirement = 1, WeightUnder = 100, WeightOver = 1 },
            ],
        };
        await SolveAndCheck(problem, 100);
    }

    [Fact]
    public async Task MinConsecutiveShifts_ExtendsAnInnerRun()
    {
        var problem = WantsNoDay(new StaffSpec { Id = "A", MinConsecutiveShifts = 3 }) with
        {
            ShiftOnRequests = [new ShiftRequestSpec { Staff = "A", Day = 3, Shift = "D", Weight = 10 }],
        };
        var (_, pattern) = await SolveAndCheck(problem, 3);
        Assert.Equal(3, pattern.Count(c => c == 'D'));
        Assert.Equal('D', pattern[3]);
    }

    [Fact]
    public async Task MinConsecutiveShifts_ExemptsRunsTouchingTheHorizonStart()
    {
        var problem = WantsNoDay(new StaffSpec { Id = "A", MinConsecutiveShifts = 3 }) with
        {
            ShiftOnRequests = [new ShiftRequestSpec { Staff = "A", Day = 0, Shift = "D", Weight = 10 }],
        };
        var (_, pattern) = await SolveAndCheck(problem, 1);
        Assert.Equal("D------", pattern);
    }

    [Fact]
    public async Task MinConsecutiveDaysOff_ExtendsAnInnerRestPeriod()
    {
        var (_, pattern) = await SolveAndCheck(WantsEveryDay(new StaffSpec { Id = "A", DaysOff = [3], MinConsecutiveDaysOff = 2 }), 200);
        Assert.Contains("--", pattern, StringComparison.Ordinal);
        Assert.Equal(2, pattern.Count(c => c == '-'));
    }

    [Fact]
    public async Task MaxWeekends_KeepsWholeWeekendsFree()
    {
        var (_, pattern) = await SolveAndCheck(WantsEveryDay(new StaffSpec { Id = "A", MaxWeekends = 1 }, days: 14), 200);
        Assert.True(pattern[5..7] == "--" || pattern[12..14] == "--", pattern);
    }

    [Fact]
    public async Task Requests_AreChargedTheirWeight_WhenUnmet()
    {
        var problem = WantsNoDay(new StaffSpec { Id = "A", DaysOff = [1] }) with
        {
            ShiftOnRequests = [new ShiftRequestSpec { Staff = "A", Day = 1, Shift = "D", Weight = 3 }],
            ShiftOffRequests = [new ShiftRequestSpec { Staff = "A", Day = 2, Shift = "D", Weight = 2 }],
        };
        var (result, _) = await SolveAndCheck(problem, 3);
        Assert.Equal(new PenaltyByKind(3, 0, 0, 0), result.Penalty!.ByKind);
        Assert.Equal(3, Assert.Single(result.Penalty.ByPerson).ShiftOnRequests);
    }
}
