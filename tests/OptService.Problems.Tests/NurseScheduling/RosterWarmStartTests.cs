using System.Text.Json;
using OptService.Kinds;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>An earlier roster laid over an instance by staff id, day and shift id (<c>?warmStartFrom=</c>).</summary>
public class RosterWarmStartTests
{
    // Staff "0".."2", shift types "0" and "1", 4 days.
    private static readonly RosterInstance Instance = RosterInstance.FromShortForm(nurses: 3, days: 4, shiftsPerDay: 2);

    [Fact]
    public void Match_TakesWhatMatches_AndLeavesTheRestFree()
    {
        var earlier = new Roster(
        [
            new Assignment(0, "0", "0"),
            new Assignment(0, "1", "1"),
            new Assignment(1, "1", "0"),
            new Assignment(2, "0", "someone-who-left"), // not in this instance
            new Assignment(2, "night", "1"),            // a shift type this instance does not have
            new Assignment(9, "0", "2"),                // past the horizon
        ],
        [
            new DayOff(0, ["2"]),
            new DayOff(1, ["1", "2"]),
            new DayOff(2, ["1"]),                       // person 1 worked "night" that day: not off, not hinted
            new DayOff(7, ["0"]),
        ]);

        var match = RosterWarmStart.Match(Instance, earlier);

        const int Free = RosterWarmStart.Free, Off = RosterGrid.Off;
        int[,] expected =
        {
            { 0, 1, Free, Free },   // staff "0"
            { 1, Off, Free, Free }, // staff "1"
            { Off, Off, Free, Free }, // staff "2"
        };
        Assert.Equal(expected, match.Cells);
        Assert.Equal(6, match.Hinted);
        Assert.Equal(12, match.CellCount);
        Assert.Equal(["someone-who-left"], match.UnknownStaff);
        Assert.Equal(["night"], match.UnknownShifts);
        Assert.Equal(2, match.DaysBeyond);
    }

    [Theory]
    // Each (day, shift) has one nurse and each nurse works 2 or 3 of the 8 shifts: every rule holds.
    [InlineData("0 1 2 0|1 2 0 1", null)]
    // Nurse "0" works 4 shifts (at most 3 = ceil(8 / 3)).
    [InlineData("0 0 0 0|1 2 1 2", "the contract of staff \"0\"")]
    // Nobody works shift "1" on day 3 (hard cover: exactly one nurse).
    [InlineData("0 1 2 0|1 2 0 -1", "the cover bounds of day 3 shift \"1\"")]
    public void ValidRoster_ChecksEveryHardRuleWithoutAModel(string rows, string? broken)
    {
        // rows: the nurse on shift "0" each day, then the nurse on shift "1" (−1 = nobody).
        var byShift = rows.Split('|').Select(r => r.Split(' ').Select(int.Parse).ToArray()).ToArray();
        var assignments = new List<Assignment>();
        var off = new List<DayOff>();
        for (var d = 0; d < 4; d++)
        {
            var working = new HashSet<string>();
            for (var s = 0; s < 2; s++)
                if (byShift[s][d] >= 0)
                {
                    assignments.Add(new Assignment(d, s.ToString(System.Globalization.CultureInfo.InvariantCulture), byShift[s][d].ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    working.Add(byShift[s][d].ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            off.Add(new DayOff(d, Enumerable.Range(0, 3).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).Where(n => !working.Contains(n)).ToList()));
        }
        var context = new RecordingSolveContext();

        var valid = RosterWarmStart.Match(Instance, new Roster(assignments, off)).ValidRoster(Instance, context);

        if (broken is null)
        {
            Assert.NotNull(valid);
            Assert.Contains("keeps every hard rule", context.LogText, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(valid);
            Assert.Contains($"breaks a hard rule of this instance ({broken})", context.LogText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Solve_FromAnEarlierRoster_HintsEveryCell_AndReturnsAValidRoster()
    {
        var kind = new NurseSchedulingKind(new NurseSchedulingLimits());
        var problem = """{ "nurseCount": 4, "dayCount": 7, "shiftsPerDay": 3, "mode": "optimize", "options": { "timeLimitSeconds": 20 } }"""u8.ToArray();
        var first = await kind.SolveAsync(problem, new RecordingSolveContext());
        Assert.True(first.Outcome == SolveOutcome.Optimal, first.Message);
        var warmStart = new WarmStart(Guid.NewGuid(), JsonSerializer.Serialize(first.Result, first.Result!.GetType(), JobJson.Options));

        var context = new RecordingSolveContext { WarmStart = warmStart };
        var again = await kind.SolveAsync(problem, context);

        Assert.True(again.Outcome == SolveOutcome.Optimal, again.Message);
        var roster = Assert.IsType<NurseSchedulingResult>(again.Result).Roster!;
        // The short form's rule: each shift of each day is worked by exactly one nurse, nobody works twice a day.
        for (var d = 0; d < 7; d++)
        {
            var day = roster.Assignments.Where(a => a.Day == d).ToList();
            Assert.Equal(["0", "1", "2"], day.Select(a => a.Shift).Order());
            Assert.Equal(3, day.Select(a => a.Nurse).Distinct().Count());
        }
        Assert.Contains($"warm start: the roster of job {warmStart.JobId} hints 28 of 28 person-days", context.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_InEnumerateMode_SaysTheWarmStartIsNotUsed()
    {
        var kind = new NurseSchedulingKind(new NurseSchedulingLimits());
        var problem = """{ "nurseCount": 4, "dayCount": 3, "shiftsPerDay": 3, "mode": "enumerate", "maxSolutions": 1 }"""u8.ToArray();
        var context = new RecordingSolveContext { WarmStart = new WarmStart(Guid.NewGuid(), "{}") };
        var report = await kind.SolveAsync(problem, context);
        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Contains(context.Lines, line => line.Level == JobLogLevel.Warning && line.Message.StartsWith("warm start: enumerate mode does not use", StringComparison.Ordinal));
    }
}
