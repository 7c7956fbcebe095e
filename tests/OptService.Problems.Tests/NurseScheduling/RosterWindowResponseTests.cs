using Google.OrTools.Sat;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>The windowed best response (one person re-optimised on days [from, to), the rest of their row and
/// everybody else fixed) equals CP-SAT's optimum of the same neighbourhood, keeps the person's rules and changes nothing
/// outside the window.</summary>
public class RosterWindowResponseTests
{
    private static RosterGrid FirstRoster(RosterInstance instance)
    {
        var model = NurseSchedulingModel.ForHardRules(instance);
        var solver = new CpSolver { StringParameters = "max_time_in_seconds:20 num_workers:2 stop_after_first_solution:true random_seed:1" };
        var status = solver.Solve(model.Model);
        Assert.True(status is CpSolverStatus.Feasible or CpSolverStatus.Optimal, status.ToString());
        return RosterGrid.Read(model, solver.BooleanValue);
    }

    private static long CpSatWindowResponse(RosterInstance instance, RosterGrid roster, int e, int from, int to)
    {
        var model = NurseSchedulingModel.ForNeighbourhood(instance, roster, [e], from, to);
        var solver = new CpSolver { StringParameters = "max_time_in_seconds:30 num_workers:2" };
        var status = solver.Solve(model.Model);
        Assert.Equal(CpSolverStatus.Optimal, status);
        return RosterPenalty.Evaluate(instance, RosterGrid.Read(model, solver.BooleanValue, roster)).Total;
    }

    private static void AssertWindowResponseIsOptimal(RosterInstance instance, RosterGrid start, (int E, int From, int To)[] cases)
    {
        var moved = 0;
        foreach (var (e, from, to) in cases)
        {
            var response = new RosterBestResponse(instance);
            var before = RosterPenalty.Evaluate(instance, start).Total;
            response.Load(start, before);
            var gain = response.RespondWindow(e, from, to, 0, 0, 0);

            Assert.NotNull(gain);
            var expected = CpSatWindowResponse(instance, start, e, from, to);
            Assert.Equal(expected, response.Objective);
            Assert.Equal(expected, RosterPenalty.Evaluate(instance, response.Current).Total);
            Assert.Equal(before - expected, gain);
            if (gain > 0) moved++;
            var row = Enumerable.Range(0, instance.Days).Select(d => response.Current.Shift[e, d]).ToArray();
            Assert.True(PersonRules.Hold(instance, e, row), PersonRules.Broken(instance, e, row)?.What);
            for (var p = 0; p < instance.StaffCount; p++)
                for (var d = 0; d < instance.Days; d++)
                    if (p != e || d < from || d >= to) Assert.Equal(start.Shift[p, d], response.Current.Shift[p, d]);
        }
        Assert.True(moved > 0, "no window response moved: the comparison would not test the DP's choices");
    }

    [Fact]
    public void WindowResponse_EqualsCpSat_Instance2()
    {
        var instance = RosterInstance.FromLongForm(NurseSchedulingTestData.Instance("Instance2.txt"));
        AssertWindowResponseIsOptimal(instance, FirstRoster(instance),
            [(1, 0, 7), (6, 3, 10), (13, 7, 14), (4, 5, 12), (9, 1, 13)]);
    }

    [Fact]
    public void WindowResponse_EqualsCpSat_Instance6()
    {
        var instance = RosterInstance.FromLongForm(NurseSchedulingTestData.Instance("Instance6.txt"));
        AssertWindowResponseIsOptimal(instance, FirstRoster(instance),
            [(0, 0, 14), (5, 7, 21), (11, 14, 28), (17, 3, 17), (8, 12, 26)]);
    }

    [Fact]
    public void WindowResponse_EqualsCpSat_Instance16ShortWindows()
    {
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read("nrp-large", "Instance16.txt"), null);
        Assert.Empty(errors);
        var instance = RosterInstance.FromLongForm(problem!);
        AssertWindowResponseIsOptimal(instance, FirstRoster(instance),
            [(0, 10, 24), (7, 20, 34), (13, 42, 56), (19, 5, 19)]);
    }

    [Fact]
    public void Descent_OnWindows_KeepsEveryRule_AndTracksThePenalty()
    {
        // Instance16 with a small state budget: nobody's whole-horizon DP keeps the minutes, so everybody responds on windows.
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read("nrp-large", "Instance16.txt"), null);
        Assert.Empty(errors);
        var instance = RosterInstance.FromLongForm(problem!);
        var start = FirstRoster(instance);
        var before = RosterPenalty.Evaluate(instance, start).Total;
        var response = new RosterBestResponse(instance, personStateBudget: 1);
        Assert.All(Enumerable.Range(0, instance.StaffCount), e => Assert.True(response.UsesWindows(e) || instance.Staff[e].MaxTotalMinutes is null));
        response.Load(start, before);

        var gain = response.Descend(new Random(5), () => false);
        response.Kick([0, 1, 2], 14, 28, response.KickWeight);
        response.Descend(new Random(6), () => false);

        Assert.True(gain > 0);
        Assert.True(response.WindowMoves > 0);
        Assert.Equal(0, response.WindowRejected);
        var verdict = NrpRosterChecker.Check(problem!, response.Current.ToRoster(instance));
        Assert.Empty(verdict.Violations);
        Assert.Equal(response.Objective, verdict.Objective);
    }
}
