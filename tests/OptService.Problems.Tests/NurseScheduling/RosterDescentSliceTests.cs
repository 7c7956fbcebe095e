using Google.OrTools.Sat;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>The first descent cut into slices: it goes on where it stopped (also after adopting a roster found
/// elsewhere), tracks the penalty exactly, keeps every rule, and ends at a roster nobody improves alone.</summary>
public class RosterDescentSliceTests
{
    private static RosterGrid FirstRoster(RosterInstance instance, int seed)
    {
        var model = NurseSchedulingModel.ForHardRules(instance);
        var solver = new CpSolver { StringParameters = $"max_time_in_seconds:20 num_workers:2 stop_after_first_solution:true random_seed:{seed}" };
        var status = solver.Solve(model.Model);
        Assert.True(status is CpSolverStatus.Feasible or CpSolverStatus.Optimal, status.ToString());
        return RosterGrid.Read(model, solver.BooleanValue);
    }

    /// <summary>A stop that says yes from its <paramref name="after"/>-th call on: the descent is cut mid-pass.</summary>
    private static Func<bool> CutAfter(int after)
    {
        var calls = 0;
        return () => ++calls >= after;
    }

    private static void AssertLocalOptimum(RosterInstance instance, RosterGrid roster, long objective)
    {
        for (var e = 0; e < instance.StaffCount; e++)
        {
            var alone = new RosterBestResponse(instance);
            alone.Load(roster, objective);
            alone.Respond(e, 0, 0, 0);
            Assert.Equal(objective, alone.Objective);
        }
    }

    [Theory]
    [InlineData("Instance2.txt")]
    [InlineData("Instance6.txt")]
    public void SlicedDescent_WithAnAdoptedRoster_EndsAtALocalOptimum_AndTracksThePenalty(string file)
    {
        var problem = NurseSchedulingTestData.Instance(file);
        var instance = RosterInstance.FromLongForm(problem);
        var start = FirstRoster(instance, 1);
        var walk = new RosterResponseWalk(instance, new Random(3));
        walk.Start(start, RosterPenalty.Evaluate(instance, start).Total, CutAfter(3));
        Assert.True(walk.Descending, "the first slice was not cut");

        // Adopting the working roster itself forgets nobody who was due.
        walk.Adopt(walk.Current.Copy(), walk.Objective);
        Assert.True(walk.Descending);
        var slices = 0;
        while (walk.Descending && slices++ < 10_000)
        {
            walk.Resume(CutAfter(4));
            Assert.Equal(RosterPenalty.Evaluate(instance, walk.Current).Total, walk.Objective);
        }
        Assert.False(walk.Descending);
        AssertLocalOptimum(instance, walk.Current, walk.Objective);

        // Adopting another roster: the descent goes on from it, and everybody whose row changed is due.
        var other = FirstRoster(instance, 7);
        var otherObjective = RosterPenalty.Evaluate(instance, other).Total;
        walk.Adopt(other, otherObjective);
        Assert.Equal(otherObjective, walk.Objective);
        var sameRows = Enumerable.Range(0, instance.StaffCount).All(e => Enumerable.Range(0, instance.Days).All(d => other.Shift[e, d] == walk.Current.Shift[e, d]));
        Assert.True(sameRows, "the adopted roster is not the working one");
        walk.Resume(() => false);
        Assert.False(walk.Descending);
        Assert.True(walk.Objective <= otherObjective);
        var verdict = NrpRosterChecker.Check(problem, walk.Current.ToRoster(instance));
        Assert.Empty(verdict.Violations);
        Assert.Equal(walk.Objective, verdict.Objective);
    }
}
