using Google.OrTools.Sat;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>The pair response (one person re-optimised on two windows of days at once, the days between them, the rest
/// of their row and everybody else fixed) equals CP-SAT's optimum of the same neighbourhood, keeps the person's rules and
/// changes nothing outside the two windows.</summary>
public class RosterWindowPairTests
{
    private static RosterGrid FirstRoster(RosterInstance instance)
    {
        var model = NurseSchedulingModel.ForHardRules(instance);
        var solver = new CpSolver { StringParameters = "max_time_in_seconds:20 num_workers:2 stop_after_first_solution:true random_seed:1" };
        var status = solver.Solve(model.Model);
        Assert.True(status is CpSolverStatus.Feasible or CpSolverStatus.Optimal, status.ToString());
        return RosterGrid.Read(model, solver.BooleanValue);
    }

    /// <summary>The CP-SAT neighbourhood with person e free on [a.From, b.To) except the days between the windows, fixed
    /// as they are.</summary>
    internal static NurseSchedulingModel PairNeighbourhood(RosterInstance instance, RosterGrid roster, int e, (int From, int To) a, (int From, int To) b)
    {
        var model = NurseSchedulingModel.ForNeighbourhood(instance, roster, [e], a.From, b.To);
        for (var d = a.To; d < b.From; d++)
            for (var s = 0; s < instance.ShiftCount; s++)
                if (model.X[e, d, s] is { } x) model.Model.Add(x == (roster.Shift[e, d] == s ? 1 : 0));
        return model;
    }

    /// <summary>CP-SAT's optimum of <see cref="PairNeighbourhood"/>.</summary>
    private static long CpSatPairResponse(RosterInstance instance, RosterGrid roster, int e, (int From, int To) a, (int From, int To) b)
    {
        var model = PairNeighbourhood(instance, roster, e, a, b);
        var solver = new CpSolver { StringParameters = "max_time_in_seconds:60 num_workers:2" };
        var status = solver.Solve(model.Model);
        Assert.Equal(CpSolverStatus.Optimal, status);
        return RosterPenalty.Evaluate(instance, RosterGrid.Read(model, solver.BooleanValue, roster)).Total;
    }

    private static void AssertPairResponseIsOptimal(RosterInstance instance, RosterGrid start, (int E, int From, int To, int OtherFrom, int OtherTo)[] cases)
    {
        var moved = 0;
        foreach (var (e, from, to, otherFrom, otherTo) in cases)
        {
            var response = new RosterBestResponse(instance);
            var before = RosterPenalty.Evaluate(instance, start).Total;
            response.Load(start, before);
            var gain = response.RespondPair(e, from, to, otherFrom, otherTo);

            Assert.NotNull(gain);
            var expected = CpSatPairResponse(instance, start, e, (from, to), (otherFrom, otherTo));
            Assert.Equal(expected, response.Objective);
            Assert.Equal(expected, RosterPenalty.Evaluate(instance, response.Current).Total);
            Assert.Equal(before - expected, gain);
            Assert.Equal(0, response.WindowRejected);
            if (gain > 0) moved++;
            var row = Enumerable.Range(0, instance.Days).Select(d => response.Current.Shift[e, d]).ToArray();
            Assert.True(PersonRules.Hold(instance, e, row), PersonRules.Broken(instance, e, row)?.What);
            for (var p = 0; p < instance.StaffCount; p++)
                for (var d = 0; d < instance.Days; d++)
                    if (p != e || (d < from || d >= to) && (d < otherFrom || d >= otherTo))
                        Assert.Equal(start.Shift[p, d], response.Current.Shift[p, d]);
        }
        Assert.True(moved > 0, "no pair response moved: the comparison would not test the DP's choices");
    }

    [Fact]
    public void PairResponse_EqualsCpSat_Instance6()
    {
        var instance = RosterInstance.FromLongForm(NurseSchedulingTestData.Instance("Instance6.txt"));
        AssertPairResponseIsOptimal(instance, FirstRoster(instance),
            [(0, 0, 7, 21, 28), (5, 0, 7, 21, 28), (11, 2, 8, 22, 28), (17, 0, 6, 20, 26), (8, 1, 7, 21, 27)]);
    }

    [Fact]
    public void PairResponse_EqualsCpSat_Instance16()
    {
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read("nrp-large", "Instance16.txt"), null);
        Assert.Empty(errors);
        var instance = RosterInstance.FromLongForm(problem!);
        AssertPairResponseIsOptimal(instance, FirstRoster(instance),
            [(0, 0, 14, 28, 42), (7, 7, 21, 35, 49), (13, 14, 28, 42, 56), (19, 3, 17, 31, 45)]);
    }

    [Fact]
    public void PairResponse_Gains_WhereNoSingleWindowDoes()
    {
        // Instance16: first every one-week window of every person until none gains, then pairs of weeks.
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read("nrp-large", "Instance16.txt"), null);
        Assert.Empty(errors);
        var instance = RosterInstance.FromLongForm(problem!);
        var start = FirstRoster(instance);
        var response = new RosterBestResponse(instance);
        response.Load(start, RosterPenalty.Evaluate(instance, start).Total);
        var weeks = instance.Days / 7;
        for (var moved = true; moved;)
        {
            moved = false;
            for (var e = 0; e < instance.StaffCount; e++)
                for (var w = 0; w < weeks; w++)
                    moved |= response.RespondWindow(e, 7 * w, 7 * (w + 1), 0, 0, 0) > 0;
        }
        var singleOptimum = response.Objective;

        long pairGain = 0;
        for (var e = 0; e < instance.StaffCount; e++)
            for (var a = 0; a < weeks; a++)
                for (var b = a + 3; b < weeks; b++) // two weeks between them: RosterBestResponse.PairGap
                    pairGain += response.RespondPair(e, 7 * a, 7 * (a + 1), 7 * b, 7 * (b + 1)) ?? 0;

        Assert.True(pairGain > 0, "no pair of weeks gained where no single week did: the test would not show the move");
        Assert.Equal(singleOptimum - pairGain, response.Objective);
        Assert.Equal(0, response.WindowRejected);
        var verdict = NrpRosterChecker.Check(problem!, response.Current.ToRoster(instance));
        Assert.Empty(verdict.Violations);
        Assert.Equal(response.Objective, verdict.Objective);
    }
}
