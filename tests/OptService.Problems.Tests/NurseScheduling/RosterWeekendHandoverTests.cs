using Google.OrTools.Sat;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>A forced response (a shift on one day, a day off on another, the person's days changed only in one window
/// or a pair of them) equals CP-SAT's optimum of the same neighbourhood with those cells fixed, and is taken whatever it
/// costs; a walk with weekend handovers keeps every rule by the independent checker. Instance16 with a small state
/// budget, so that everybody responds on windows as on the half-year and the year.</summary>
/// <remarks>The walk runs on Instance16 with six weekends allowed instead of four: with four, everybody works all of
/// theirs, nearly all whole (5 half weekends after 100 steps), and a handover has seldom a half weekend to give up.</remarks>
public class RosterWeekendHandoverTests
{
    /// <remarks><paramref name="weekendsMore"/>: weekends everybody may work beyond what the file allows.</remarks>
    private static (NurseSchedulingProblem Problem, RosterInstance Instance) Instance16(int weekendsMore = 0)
    {
        var lines = SharedFixtures.Read("nrp-large", "Instance16.txt").Split('\n');
        var staff = Array.FindIndex(lines, l => l.StartsWith("SECTION_STAFF"));
        for (var i = staff + 1; i < lines.Length && !lines[i].StartsWith("SECTION_"); i++)
            if (lines[i].Length > 0 && !lines[i].StartsWith('#'))
            {
                var fields = lines[i].TrimEnd('\r').Split(',');
                fields[^1] = (int.Parse(fields[^1]) + weekendsMore).ToString();
                lines[i] = string.Join(',', fields);
            }
        var (problem, errors) = NrpInstanceParser.Parse(string.Join('\n', lines), null);
        Assert.Empty(errors);
        return (problem!, RosterInstance.FromLongForm(problem!));
    }

    /// <summary>CP-SAT with person e free on [a.From, (b ?? a).To) except the days between the windows, the cell
    /// (work, shift) worked and the day off taken.</summary>
    private static long? CpSatForced(RosterInstance instance, RosterGrid roster, int e, (int From, int To) a, (int From, int To)? b,
        (int Day, int Shift) work, int off)
    {
        var model = RosterWindowPairTests.PairNeighbourhood(instance, roster, e, a, b ?? a);
        model.Model.Add(model.X[e, work.Day, work.Shift]! == 1);
        for (var s = 0; s < instance.ShiftCount; s++)
            if (model.X[e, off, s] is { } x) model.Model.Add(x == 0);
        var solver = new CpSolver { StringParameters = "max_time_in_seconds:60 num_workers:2" };
        var status = solver.Solve(model.Model);
        if (status == CpSolverStatus.Infeasible) return null;
        Assert.Equal(CpSolverStatus.Optimal, status);
        return RosterPenalty.Evaluate(instance, RosterGrid.Read(model, solver.BooleanValue, roster)).Total;
    }

    [Fact]
    public void ForceCells_OnWindows_EqualsCpSatWithTheCellsFixed()
    {
        var (_, instance) = Instance16();
        var start = RosterBestResponseTests.FirstRoster(instance);
        var before = RosterPenalty.Evaluate(instance, start).Total;
        // One window of two weeks, and pairs of one week with two weeks between them (RosterBestResponse.PairGap).
        ((int, int) A, (int, int)? B)[] windows = [((7, 21), null), ((0, 7), (21, 28)), ((28, 35), (49, 56)), ((14, 28), null), ((7, 14), (35, 42))];
        var forced = 0;
        for (var e = 0; e < instance.StaffCount; e++)
        {
            var (a, b) = windows[e % windows.Length];
            var last = b ?? a;
            // A day off in the first window to work (a type the person may work), a worked day in the last to take off.
            var work = Enumerable.Range(a.Item1, a.Item2 - a.Item1).FirstOrDefault(d => start.Shift[e, d] == RosterGrid.Off && !instance.Staff[e].DayOff[d], -1);
            var off = Enumerable.Range(last.Item1, last.Item2 - last.Item1).LastOrDefault(d => start.Shift[e, d] != RosterGrid.Off && d != work, -1);
            if (work < 0 || off < 0) continue;
            var shift = Enumerable.Range(0, instance.ShiftCount).First(s => instance.Staff[e].MaxShifts[s] > 0);

            var response = new RosterBestResponse(instance, personStateBudget: 1);
            Assert.True(response.UsesWindows(e));
            response.Load(start, before);
            var moved = response.ForceCells(e, [(work, shift), (off, RosterGrid.Off)], a, b);

            var expected = CpSatForced(instance, start, e, a, b, (work, shift), off);
            Assert.Equal(expected is not null, moved);
            if (!moved) continue;
            forced++;
            Assert.Equal(expected, response.Objective);
            Assert.Equal(expected, RosterPenalty.Evaluate(instance, response.Current).Total);
            Assert.Equal(shift, response.Current.Shift[e, work]);
            Assert.Equal(RosterGrid.Off, response.Current.Shift[e, off]);
            var row = Enumerable.Range(0, instance.Days).Select(d => response.Current.Shift[e, d]).ToArray();
            Assert.True(PersonRules.Hold(instance, e, row), PersonRules.Broken(instance, e, row)?.What);
            for (var p = 0; p < instance.StaffCount; p++)
                for (var d = 0; d < instance.Days; d++)
                    if (p != e || (d < a.Item1 || d >= a.Item2) && (d < last.Item1 || d >= last.Item2))
                        Assert.Equal(start.Shift[p, d], response.Current.Shift[p, d]);
        }
        Assert.True(forced >= 3, $"only {forced} forced responses: the comparison would not test the DP's choices");
    }

    [Fact]
    public void Walk_OnWindows_WithWeekendHandovers_KeepsEveryRule_AndTracksThePenalty()
    {
        var (problem, instance) = Instance16(weekendsMore: 2);
        var walk = RosterBestResponseTests.WalkChecked(problem, instance, steps: 300, seed: 3, personStateBudget: 1);
        Assert.True(walk.Handovers > 0, "no weekend handover in 300 steps");
    }
}
