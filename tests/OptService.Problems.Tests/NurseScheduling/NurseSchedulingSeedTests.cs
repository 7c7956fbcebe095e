using System.Text;
using OptService.Kinds;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

public class NurseSchedulingSeedTests
{
    [Fact]
    public async Task Enumerate_Counts5184Rosters_AndEveryReturnedRosterSatisfiesEachRule()
    {
        var kind = new NurseSchedulingKind(new NurseSchedulingLimits());
        var parsed = kind.Parse(Encoding.UTF8.GetBytes(SharedFixtures.Read("seed", "nurses-seed.json")));
        Assert.True(parsed.IsValid);

        var context = new RecordingSolveContext();
        var report = await kind.SolveAsync(parsed.Utf8Json!, context);

        var result = Assert.IsType<NurseSchedulingResult>(report.Result);
        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(5184, result.SolutionCount);
        Assert.True(result.CountComplete);
        Assert.Equal(5, result.Rosters!.Count);
        Assert.Equal(5, result.Rosters.Select(Signature).Distinct().Count());
        foreach (var roster in result.Rosters)
            AssertSeedRules(roster, nurses: 4, days: 3, shifts: 3);
        Assert.True(context.Artifacts.ContainsKey("roster.csv"));
    }

    [Fact]
    public async Task Optimize_ReturnsOneRosterSatisfyingEachRule()
    {
        var problem = new NurseSchedulingProblem { NurseCount = 4, DayCount = 3, ShiftsPerDay = 3, Mode = NurseSchedulingMode.Optimize };
        var result = await NurseSchedulingTestData.Solve(problem, new RecordingSolveContext());
        Assert.Equal(SolveOutcome.Optimal, result.Outcome);
        Assert.Equal(0, result.Objective);
        AssertSeedRules(result.Roster!, nurses: 4, days: 3, shifts: 3);
    }

    [Fact]
    public async Task Enumerate_CountsLargerReference_WhenNurseCountDividesEvenly()
    {
        // 3 nurses, 2 days, 3 shifts: each day is a permutation (3! = 6), each nurse works exactly 2 shifts,
        // which one shift a day per nurse already implies: 6 × 6 = 36 rosters.
        var problem = new NurseSchedulingProblem { NurseCount = 3, DayCount = 2, ShiftsPerDay = 3, Mode = NurseSchedulingMode.Enumerate, MaxSolutions = 36 };
        var result = await NurseSchedulingTestData.Solve(problem, new RecordingSolveContext());
        Assert.Equal(36, result.SolutionCount);
        Assert.Equal(36, result.Rosters!.Select(Signature).Distinct().Count());
    }

    [Theory]
    [InlineData(5, 1, 3)] // 5 nurses, one day: 5·4·3 = 60 rosters, two nurses always idle
    [InlineData(4, 2, 3)] // one to two shifts each
    [InlineData(3, 3, 2)] // two each, some nurse idle on each day
    [InlineData(2, 2, 2)]
    public async Task Enumerate_CountsAsManyRostersAsBruteForce_AndReturnsThemAllDistinctAndValid(int nurses, int days, int shifts)
    {
        // CP-SAT enumerates one roster per renaming of the (interchangeable) nurses and counts each class's size;
        // the count must equal every (day, shift) → nurse assignment that keeps the rules, counted here by brute force.
        var expected = BruteForceCount(nurses, days, shifts);
        var problem = new NurseSchedulingProblem { NurseCount = nurses, DayCount = days, ShiftsPerDay = shifts, Mode = NurseSchedulingMode.Enumerate, MaxSolutions = 100 };
        var result = await NurseSchedulingTestData.Solve(problem, new RecordingSolveContext());
        Assert.Equal(expected, result.SolutionCount);
        Assert.True(result.CountComplete);
        Assert.Equal(Math.Min(100, expected), result.Rosters!.Count);
        Assert.Equal(result.Rosters.Count, result.Rosters.Select(Signature).Distinct().Count());
        foreach (var roster in result.Rosters)
            AssertSeedRules(roster, nurses, days, shifts);
    }

    private static long BruteForceCount(int nurses, int days, int shifts)
    {
        var cells = days * shifts;
        var min = cells / nurses;
        var max = min + (cells % nurses == 0 ? 0 : 1);
        var who = new int[cells];
        long count = 0;
        Assign(0);
        return count;

        void Assign(int cell)
        {
            if (cell == cells)
            {
                var ok = Enumerable.Range(0, nurses).All(n => who.Count(w => w == n) is var c && c >= min && c <= max);
                if (ok) count++;
                return;
            }
            var dayStart = cell / shifts * shifts;
            for (var n = 0; n < nurses; n++)
            {
                // A nurse works at most one shift a day.
                if (who.AsSpan(dayStart, cell - dayStart).Contains(n)) continue;
                who[cell] = n;
                Assign(cell + 1);
            }
        }
    }

    [Fact]
    public async Task Enumerate_MarksCountIncomplete_WhenCapIsReached()
    {
        var kind = new NurseSchedulingKind(new NurseSchedulingLimits { MaxEnumeratedSolutions = 100 });
        var parsed = kind.Accept(new NurseSchedulingProblem { NurseCount = 4, DayCount = 3, ShiftsPerDay = 3, Mode = NurseSchedulingMode.Enumerate, MaxSolutions = 2 });

        var report = await kind.SolveAsync(parsed.Utf8Json!, new RecordingSolveContext());

        var result = Assert.IsType<NurseSchedulingResult>(report.Result);
        Assert.Equal(SolveOutcome.Feasible, report.Outcome);
        Assert.Equal(100, result.SolutionCount);
        Assert.False(result.CountComplete);
        Assert.Equal(2, result.Rosters!.Count);
    }

    [Fact]
    public async Task Solve_ReturnsInfeasible_WhenFewerNursesThanShiftsPerDay()
    {
        var kind = new NurseSchedulingKind(new NurseSchedulingLimits());
        var parsed = kind.Accept(new NurseSchedulingProblem { NurseCount = 2, DayCount = 3, ShiftsPerDay = 3, Mode = NurseSchedulingMode.Enumerate });
        var report = await kind.SolveAsync(parsed.Utf8Json!, new RecordingSolveContext());
        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Contains("day 0", report.Message, StringComparison.Ordinal);
        Assert.Equal(0, Assert.IsType<NurseSchedulingResult>(report.Result).SolutionCount);
    }

    private static string Signature(Roster roster) =>
        string.Join(';', roster.Assignments.OrderBy(a => a.Day).ThenBy(a => a.Shift, StringComparer.Ordinal).Select(a => $"{a.Day}{a.Shift}{a.Nurse}"));

    /// <summary>The reference rules, one by one.</summary>
    private static void AssertSeedRules(Roster roster, int nurses, int days, int shifts)
    {
        var nurseIds = Enumerable.Range(0, nurses).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // Every shift of every day is worked by exactly one nurse.
        for (var d = 0; d < days; d++)
            for (var s = 0; s < shifts; s++)
                Assert.Single(roster.Assignments, a => a.Day == d && a.Shift == s.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(days * shifts, roster.Assignments.Count);
        // No nurse works more than one shift a day; the off list names exactly the others.
        for (var d = 0; d < days; d++)
        {
            var working = roster.Assignments.Where(a => a.Day == d).Select(a => a.Nurse).ToList();
            Assert.Equal(working.Count, working.Distinct().Count());
            var off = Assert.Single(roster.Off, o => o.Day == d).Nurses;
            Assert.Equal(nurseIds.Except(working).Order(), off.Order());
        }
        // Shifts are spread evenly: floor(9/4) = 2 to 3 per nurse.
        var min = days * shifts / nurses;
        var max = min + (days * shifts % nurses == 0 ? 0 : 1);
        foreach (var nurse in nurseIds)
            Assert.InRange(roster.Assignments.Count(a => a.Nurse == nurse), min, max);
    }
}
