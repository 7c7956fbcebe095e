using Google.OrTools.Sat;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>The neighbourhood models of the large-instance search: freeing people over a window of days keeps every
/// rule at the window's edges, and the per-person rule check agrees with the independent checker.</summary>
public class RosterNeighbourhoodTests
{
    /// <summary>Any roster of the instance that keeps every hard rule (the full model's first solution, no objective).</summary>
    private static RosterGrid FirstRoster(RosterInstance instance)
    {
        var model = NurseSchedulingModel.ForHardRules(instance);
        var solver = new CpSolver { StringParameters = "max_time_in_seconds:20 num_workers:2 stop_after_first_solution:true" };
        var status = solver.Solve(model.Model);
        Assert.True(status is CpSolverStatus.Feasible or CpSolverStatus.Optimal, status.ToString());
        return RosterGrid.Read(model, solver.BooleanValue);
    }

    [Theory]
    [InlineData(0, 7, false)]
    [InlineData(5, 12, false)]
    [InlineData(20, 28, false)]
    [InlineData(9, 23, true)]
    public void WindowNeighbourhood_ImprovesWithoutBreakingRulesAtItsEdges(int from, int to, bool halfTheStaff)
    {
        // Instance6: 28 days, 18 staff, 3 types; every sequence rule (runs, days off, weekends, successions, totals)
        // crosses the window's edges for some person.
        var problem = NurseSchedulingTestData.Instance("Instance6.txt");
        var instance = RosterInstance.FromLongForm(problem);
        var start = FirstRoster(instance);
        var startPenalty = RosterPenalty.Evaluate(instance, start).Total;
        var staff = Enumerable.Range(0, instance.StaffCount).Where(e => !halfTheStaff || e % 2 == 0).ToList();

        var model = NurseSchedulingModel.ForNeighbourhood(instance, start, staff, from, to);
        var solver = new CpSolver { StringParameters = "max_time_in_seconds:20 num_workers:2" };
        var status = solver.Solve(model.Model);

        Assert.True(status is CpSolverStatus.Feasible or CpSolverStatus.Optimal, status.ToString());
        var roster = RosterGrid.Read(model, solver.BooleanValue, start);
        var verdict = NrpRosterChecker.Check(problem, roster.ToRoster(instance));
        Assert.Empty(verdict.Violations);
        Assert.Equal(RosterPenalty.Evaluate(instance, roster).Total, verdict.Objective);
        Assert.True(verdict.Objective <= startPenalty, $"{verdict.Objective} > {startPenalty}");
        // Outside the window and for people not freed nothing moved.
        for (var e = 0; e < instance.StaffCount; e++)
            for (var d = 0; d < instance.Days; d++)
                if (d < from || d >= to || !staff.Contains(e))
                    Assert.Equal(start.Shift[e, d], roster.Shift[e, d]);
    }

    [Theory]
    [InlineData("nrp", "Instance6.txt")]
    [InlineData("nrp-large", "Instance16.txt")]
    [InlineData("nrp-large", "Instance13.txt")]
    public void PersonRules_AgreeWithTheIndependentChecker_OnGreedyRows(string folder, string file)
    {
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read(folder, file), null);
        Assert.Empty(errors);
        var instance = RosterInstance.FromLongForm(problem!);
        var grid = new RosterGrid(instance.StaffCount, instance.Days);
        var rows = Enumerable.Range(0, instance.StaffCount).Select(e => PersonGreedyRoster.Build(instance, e)).ToList();
        for (var e = 0; e < instance.StaffCount; e++)
            for (var d = 0; d < instance.Days; d++) grid.Shift[e, d] = rows[e][d];

        var violations = NrpRosterChecker.Check(problem!, grid.ToRoster(instance)).Violations;

        for (var e = 0; e < instance.StaffCount; e++)
        {
            var id = instance.Staff[e].Id;
            var checkerSays = !violations.Any(v => v.StartsWith(id + ":", StringComparison.Ordinal));
            Assert.True(checkerSays == PersonRules.Hold(instance, e, rows[e]), $"{id}: checker {checkerSays}");
        }
    }
}
