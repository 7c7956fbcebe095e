using Google.OrTools.Sat;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>The counting bound on weekends, minimum workloads and maximum minutes (<see cref="RosterWeekendBound"/>):
/// never above an optimum (CP-SAT's on small random instances, the published ones on the benchmark's), exact where only
/// the weekend limit or only the minutes stand between the roster and its cover, and where the weekend limits bind far
/// above the bound of cells nobody may work.</summary>
public class RosterWeekendBoundTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Bound_IsNeverAboveTheOptimum_OfSmallRandomInstances(int seed)
    {
        // Three people over two weeks, one or two types, every rule drawn (RandomInstance), maxima of 0 or 1 weekends
        // for some: CP-SAT proves the optimum of the full model in well under a second.
        var random = new Random(seed);
        var (checkedInstances, binding) = (0, 0);
        for (var trial = 0; trial < 40; trial++)
        {
            var instance = RosterLagrangianBoundTests.RandomInstance(random, 3, 14, random.Next(1, 3));
            if (Optimum(instance) is not { } optimum) continue;

            var bound = RosterWeekendBound.Compute(instance);

            Assert.True(bound <= optimum, $"trial {trial}: bound {bound} above the optimum {optimum}");
            checkedInstances++;
            if (bound > RosterLowerBound.Compute(instance)) binding++;
        }
        Assert.True(checkedInstances >= 4, $"only {checkedInstances} instances had a roster");
        Assert.True(binding >= 1, "the counting bound never exceeded the bound of cells nobody may work");
    }

    [Fact]
    public void Bound_IsExact_WhenOnlyTheWeekendLimitLeavesCoverShort()
    {
        // One week, one type, three people who may each work one weekend at most, one of them none: Saturday needs 3
        // (under weight 10, the heaviest), Sunday 2 (under weight 4). Two people on the weekend cover two of Saturday's
        // units and both of Sunday's: one Saturday unit short, 10. Weekdays need nobody and no minimum work is set,
        // so working them costs nothing (over weight 0 on weekdays).
        var person = new StaffContract("A", [7], null, null, null, null, null, 1, new bool[7]);
        List<StaffContract> staff = [person, person with { Id = "B" }, person with { Id = "C", MaxWeekends = 0 }];
        var cover = Enumerable.Range(0, 5).Select(d => new CoverTarget(d, 0, 0, 1, 0, null, null)).ToList();
        cover.Add(new CoverTarget(5, 0, 3, 10, 1, null, null));
        cover.Add(new CoverTarget(6, 0, 2, 4, 1, null, null));
        var instance = new RosterInstance(7, ["D"], [480], new bool[1, 1], staff, [], [], cover);

        Assert.Equal(0, RosterLowerBound.Compute(instance));
        Assert.Equal(10, RosterWeekendBound.Compute(instance));
        Assert.Equal(10, Optimum(instance));
    }

    [Fact]
    public void Bound_CountsTheOverCoverOfMinimumWorkloads()
    {
        // One week, one type, every cell needs 1 (under 100, over 1); two people must each work 5 shifts (2,400 minutes
        // of 480) and may work no weekend: both weekend days are short (2 × 100), and 10 shifts on 5 weekdays that need 5
        // are 5 over: 205 at least, and that is the optimum.
        var person = new StaffContract("A", [7], 2400, null, null, null, null, 0, new bool[7]);
        var cover = Enumerable.Range(0, 7).Select(d => new CoverTarget(d, 0, 1, 100, 1, null, null)).ToList();
        var instance = new RosterInstance(7, ["D"], [480], new bool[1, 1], [person, person with { Id = "B" }], [], [], cover);

        Assert.Equal(205, RosterWeekendBound.Compute(instance));
        Assert.Equal(205, Optimum(instance));
    }

    [Fact]
    public void Bound_CountsTheCoverThatTheStaffsMinutesCannotReach()
    {
        // One week, one type of 480 minutes, two people with at most 960 minutes each (two shifts) and no weekend limit:
        // the weekdays need one person each (2,400 minutes, under 100), so 480 minutes, one shift, stay short: 100, and
        // that is the optimum. Neither the cells nobody may work nor the weekends say so.
        var person = new StaffContract("A", [7], null, 960, null, null, null, null, new bool[7]);
        var cover = Enumerable.Range(0, 7).Select(d => new CoverTarget(d, 0, d < 5 ? 1 : 0, 100, 1, null, null)).ToList();
        var instance = new RosterInstance(7, ["D"], [480], new bool[1, 1], [person, person with { Id = "B" }], [], [], cover);

        Assert.Equal(0, RosterLowerBound.Compute(instance));
        Assert.Equal(100, RosterWeekendBound.Compute(instance));
        Assert.Equal(100, Optimum(instance));
    }

    [Fact]
    public void Bound_OfInstance13_CountsItsMinutes()
    {
        // A demand of 941,160 minutes for at most 939,000 (everybody's maximum): 2,160 minutes short, the cheapest as
        // three 720-minute shifts at 100. The weekends alone give 100.
        var instance = Read("nrp-large", "Instance13.txt");

        Assert.Equal(300, RosterWeekendBound.Compute(instance));
    }

    [Theory]
    [InlineData("nrp", "Instance1.txt", 607)]
    [InlineData("nrp", "Instance2.txt", 828)]
    [InlineData("nrp", "Instance3.txt", 1001)]
    [InlineData("nrp", "Instance6.txt", 1950)]
    [InlineData("nrp-large", "Instance13.txt", 1348)]
    [InlineData("nrp-large", "Instance16.txt", 3225)]
    [InlineData("nrp-large", "Instance20.txt", 4769)]
    [InlineData("nrp-large", "Instance23.txt", 17285)]
    public void Bound_StaysBelowTheBestKnown_OfTheBenchmark(string folder, string file, long bestKnown)
    {
        // Proven optima for 1, 2, 3, 6, 13, 16 and 20; the best known roster for 23 (any roster's penalty is an upper bound).
        var instance = Read(folder, file);

        Assert.InRange(RosterWeekendBound.Compute(instance), 0, bestKnown);
    }

    [Fact]
    public void Bound_OfInstance20_CountsItsWeekends()
    {
        // 630 person-weekends for Σ max(Saturday, Sunday demand) = 663: 33 weekend shifts short (100 each, plus the over
        // weight 1 each), and 5,155 shifts at least for a demand of 4,468 (over weight 1): 33 × 101 + 687 = 4,020.
        var instance = Read("nrp-large", "Instance20.txt");

        Assert.Equal(4020, RosterWeekendBound.Compute(instance));
        Assert.True(RosterLowerBound.Compute(instance) < 1000);
    }

    private static RosterInstance Read(string folder, string file)
    {
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read(folder, file), null);
        Assert.Empty(errors);
        return RosterInstance.FromLongForm(problem!);
    }

    /// <summary>CP-SAT's proven optimum of the full model, or null when no roster exists.</summary>
    private static long? Optimum(RosterInstance instance)
    {
        var model = NurseSchedulingModel.ForOptimizing(instance);
        var solver = new CpSolver { StringParameters = "num_workers:2 max_time_in_seconds:30 random_seed:1" };
        var status = solver.Solve(model.Model);
        if (status == CpSolverStatus.Infeasible) return null;
        Assert.Equal(CpSolverStatus.Optimal, status);
        return RosterPenalty.Evaluate(instance, RosterGrid.Read(model, solver.BooleanValue)).Total;
    }
}
