using Google.OrTools.Sat;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>The one-person best response equals CP-SAT's optimum for that person over the whole horizon with everybody
/// else fixed, its rows keep the person's rules, and its running penalty is the roster's.</summary>
public class RosterBestResponseTests
{
    /// <summary>Any roster of the instance that keeps every hard rule (the full model's first solution, no objective).</summary>
    internal static RosterGrid FirstRoster(RosterInstance instance)
    {
        var model = NurseSchedulingModel.ForHardRules(instance);
        var solver = new CpSolver { StringParameters = "max_time_in_seconds:20 num_workers:2 stop_after_first_solution:true random_seed:1" };
        var status = solver.Solve(model.Model);
        Assert.True(status is CpSolverStatus.Feasible or CpSolverStatus.Optimal, status.ToString());
        return RosterGrid.Read(model, solver.BooleanValue);
    }

    /// <summary>A walk from <see cref="FirstRoster"/> of <paramref name="steps"/> steps; after every step the independent
    /// checker finds no broken rule and the walk's penalty, and every better roster it returns is what it says.</summary>
    internal static RosterResponseWalk WalkChecked(NurseSchedulingProblem problem, RosterInstance instance, int steps, int seed,
        long personStateBudget = RosterBestResponse.PersonStateBudget)
    {
        var start = FirstRoster(instance);
        var walk = new RosterResponseWalk(instance, new Random(seed), personStateBudget);
        walk.Start(start, RosterPenalty.Evaluate(instance, start).Total, () => false);
        var best = walk.Objective;
        for (var step = 0; step < steps; step++)
        {
            if (walk.Step(best, () => false) is { } better)
            {
                best = walk.Objective;
                Assert.Equal(best, NrpRosterChecker.Check(problem, better.ToRoster(instance)).Objective);
            }
            var verdict = NrpRosterChecker.Check(problem, walk.Current.ToRoster(instance));
            Assert.Empty(verdict.Violations);
            Assert.Equal(walk.Objective, verdict.Objective);
        }
        return walk;
    }

    /// <summary>CP-SAT's optimum of the roster with person e free over the whole horizon and everybody else fixed.</summary>
    private static long CpSatBestResponse(RosterInstance instance, RosterGrid roster, int e)
    {
        var model = NurseSchedulingModel.ForNeighbourhood(instance, roster, [e], 0, instance.Days);
        var solver = new CpSolver { StringParameters = "max_time_in_seconds:30 num_workers:2" };
        var status = solver.Solve(model.Model);
        Assert.Equal(CpSolverStatus.Optimal, status);
        return RosterPenalty.Evaluate(instance, RosterGrid.Read(model, solver.BooleanValue, roster)).Total;
    }

    private static void AssertResponseIsOptimal(RosterInstance instance, RosterGrid start, IEnumerable<int> people)
    {
        foreach (var e in people)
        {
            var response = new RosterBestResponse(instance);
            response.Load(start, RosterPenalty.Evaluate(instance, start).Total);
            response.Respond(e, 0, 0, 0);

            var expected = CpSatBestResponse(instance, start, e);
            Assert.Equal(expected, response.Objective);
            Assert.Equal(expected, RosterPenalty.Evaluate(instance, response.Current).Total);
            var row = Enumerable.Range(0, instance.Days).Select(d => response.Current.Shift[e, d]).ToArray();
            Assert.True(PersonRules.Hold(instance, e, row), PersonRules.Broken(instance, e, row)?.What);
            // Only person e moved.
            for (var p = 0; p < instance.StaffCount; p++)
                for (var d = 0; d < instance.Days && p != e; d++)
                    Assert.Equal(start.Shift[p, d], response.Current.Shift[p, d]);
        }
    }

    [Theory]
    [InlineData("Instance1.txt", new[] { 0, 3, 7 })]
    [InlineData("Instance2.txt", new[] { 1, 6, 13 })]
    [InlineData("Instance6.txt", new[] { 0, 5, 11, 17 })]
    public void Response_EqualsCpSatFreeingThePersonOverTheHorizon(string file, int[] people)
    {
        var instance = RosterInstance.FromLongForm(NurseSchedulingTestData.Instance(file));
        AssertResponseIsOptimal(instance, FirstRoster(instance), people);
    }

    [Fact]
    public void Response_EqualsCpSat_WhenPerTypeMaximaBind()
    {
        // Instance6 where each person's best response works some shift type more often than the first roster does,
        // with the maximum of that type cut to the first roster's count: the per-type maxima, which the DP prices
        // instead of keeping, bind for exactly the people tested.
        var original = RosterInstance.FromLongForm(NurseSchedulingTestData.Instance("Instance6.txt"));
        var start = FirstRoster(original);
        var penalty = RosterPenalty.Evaluate(original, start).Total;
        var caps = original.Staff.Select(person => person.MaxShifts.ToArray()).ToArray();
        var people = new List<int>();
        for (var e = 0; e < original.StaffCount; e++)
        {
            var free = new RosterBestResponse(original);
            free.Load(start, penalty);
            free.Respond(e, 0, 0, 0);
            int Count(RosterGrid grid, int s) => Enumerable.Range(0, original.Days).Count(d => grid.Shift[e, d] == s);
            var more = Enumerable.Range(0, original.ShiftCount).FirstOrDefault(s => Count(free.Current, s) > Count(start, s), -1);
            if (more < 0) continue;
            caps[e][more] = Count(start, more);
            people.Add(e);
        }
        Assert.True(people.Count >= 3, $"only {people.Count} people work a type more in their best response");
        var instance = original with { Staff = original.Staff.Select((person, e) => person with { MaxShifts = caps[e] }).ToList() };
        // The caps bind: without them the best response is cheaper for some of these people.
        Assert.Contains(people, e => CpSatBestResponse(original, start, e) < CpSatBestResponse(instance, start, e));
        AssertResponseIsOptimal(instance, start, people);
    }

    [Fact]
    public void Descent_KeepsEveryRule_AndTracksThePenalty()
    {
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read("nrp-large", "Instance16.txt"), null);
        Assert.Empty(errors);
        var instance = RosterInstance.FromLongForm(problem!);
        var start = FirstRoster(instance);
        var before = RosterPenalty.Evaluate(instance, start).Total;
        var response = new RosterBestResponse(instance);
        response.Load(start, before);

        var gain = response.Descend(new Random(3), () => false);

        Assert.True(gain > 0, "the first roster is not a local optimum of the best responses");
        var verdict = NrpRosterChecker.Check(problem!, response.Current.ToRoster(instance));
        Assert.Empty(verdict.Violations);
        Assert.Equal(before - gain, verdict.Objective);
        Assert.Equal(response.Objective, verdict.Objective);
        // A local optimum: nobody improves alone.
        for (var e = 0; e < instance.StaffCount; e++) Assert.Equal(0, response.Respond(e, 0, 0, 0));
    }
    [Theory]
    [InlineData("Instance1.txt", new[] { 0, 3, 7 })]
    [InlineData("Instance2.txt", new[] { 1, 6, 13 })]
    [InlineData("Instance6.txt", new[] { 0, 5, 11, 17 })]
    public void Force_EqualsCpSatFreeingThePersonWithTheCellWorked(string file, int[] people)
    {
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read("nrp", file), null);
        Assert.Empty(errors);
        var instance = RosterInstance.FromLongForm(problem!);
        var start = FirstRoster(instance);
        var forcedSome = 0;
        foreach (var e in people)
        {
            // A cell the person may work and does not: the first day off that is not a fixed one, a type they may work.
            var day = Enumerable.Range(0, instance.Days).First(d => start.Shift[e, d] == RosterGrid.Off && !instance.Staff[e].DayOff[d]);
            var shift = Enumerable.Range(0, instance.ShiftCount).First(s => instance.Staff[e].MaxShifts[s] > 0);
            var response = new RosterBestResponse(instance);
            response.Load(start, RosterPenalty.Evaluate(instance, start).Total);
            var moved = response.Force(e, day, shift);

            var model = NurseSchedulingModel.ForNeighbourhood(instance, start, [e], 0, instance.Days);
            model.Model.AddBoolOr([model.X[e, day, shift]!]);
            var solver = new CpSolver { StringParameters = "max_time_in_seconds:30 num_workers:2" };
            var status = solver.Solve(model.Model);
            if (!moved)
            {
                Assert.Equal(CpSolverStatus.Infeasible, status);
                continue;
            }
            Assert.Equal(CpSolverStatus.Optimal, status);
            var expected = RosterPenalty.Evaluate(instance, RosterGrid.Read(model, solver.BooleanValue, start)).Total;
            Assert.Equal(expected, response.Objective);
            Assert.Equal(expected, RosterPenalty.Evaluate(instance, response.Current).Total);
            Assert.Equal(shift, response.Current.Shift[e, day]);
            var row = Enumerable.Range(0, instance.Days).Select(d => response.Current.Shift[e, d]).ToArray();
            Assert.True(PersonRules.Hold(instance, e, row), PersonRules.Broken(instance, e, row)?.What);
            forcedSome++;
        }
        Assert.True(forcedSome > 0, "no person could be forced onto a cell");
    }
    [Fact]
    public void Walk_WithEjectionChains_KeepsEveryRule_AndTracksThePenalty()
    {
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read("nrp-large", "Instance16.txt"), null);
        Assert.Empty(errors);
        var instance = RosterInstance.FromLongForm(problem!);
        var walk = WalkChecked(problem!, instance, steps: 60, seed: 5);
        Assert.True(walk.Ejections > 0, "no ejection chain in 60 steps");
    }
}
