using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>Column generation over person rows: its bound against proven optima and the subgradient bound, its
/// validity when rules are priced instead of kept by the DP, and the restricted master's rosters against the
/// independent checker.</summary>
public class RosterColumnGenerationTests
{
    private static RosterInstance Load(string folder, string file)
    {
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read(folder, file), null);
        Assert.Empty(errors);
        return RosterInstance.FromLongForm(problem!);
    }

    private static Func<bool> AfterRounds(RosterColumnGeneration generation, int rounds) => () => generation.Rounds >= rounds;

    [Theory]
    [InlineData("Instance1.txt", 607)]
    [InlineData("Instance2.txt", 828)]
    [InlineData("Instance6.txt", 1950)]
    public void Bound_IsBelowTheProvenOptimum_AndAtLeastTheSubgradientBound(string file, long optimum)
    {
        var instance = Load("nrp", file);
        var subgradientCalls = 0;
        var subgradient = new RosterLagrangianBound(instance).Run(() => 2 * optimum, () => ++subgradientCalls >= 300);
        using var generation = new RosterColumnGeneration(instance);

        var result = generation.Run(null, () => 2 * optimum, AfterRounds(generation, 300));

        Assert.NotNull(result);
        Assert.NotNull(subgradient);
        Assert.True(generation.Converged, $"not converged after {generation.Rounds} rounds: LP {generation.LpValue}, bound {generation.BestBound}");
        Assert.InRange(result.Bound, subgradient.Bound - 1, optimum);
        // Converged: the bound is the LP's value, so the LP is no higher than the optimum either.
        Assert.InRange(generation.LpValue, result.Value - 1e-6, optimum + 1e-6);
    }

    [Fact]
    public void Bound_IsValid_WhenTheDpPricesRulesItDoesNotKeep()
    {
        // Two people, a week, up to two types, brute-forced. With a state budget of 0 the DP keeps neither minutes nor
        // weekends, so they are priced like the per-type maxima; instances where dropping the per-type maxima would
        // lower the optimum are the ones where pricing matters, and some must occur.
        var random = new Random(21);
        var checkedInstances = 0;
        var maximaBind = 0;
        for (var trial = 0; trial < 32; trial++)
        {
            var instance = RosterLagrangianBoundTests.RandomInstance(random, 2, 7, random.Next(1, 3));
            var optimum = BruteForce(instance);
            if (optimum == long.MaxValue) continue;
            var unlimited = instance with { Staff = instance.Staff.Select(p => p with { MaxShifts = p.MaxShifts.Select(m => m > 0 ? 7 : 0).ToArray() }).ToList() };
            if (BruteForce(unlimited) < optimum) maximaBind++;
            using var generation = new RosterColumnGeneration(instance, exactStateBudget: 0);

            var result = generation.Run(null, () => 2 * optimum + 10, AfterRounds(generation, 60));

            Assert.NotNull(result);
            Assert.False(result.MinutesExact || result.WeekendsExact);
            Assert.InRange(result.Bound, long.MinValue, optimum);
            checkedInstances++;
        }
        Assert.True(checkedInstances >= 8, $"only {checkedInstances} instances had a roster");
        Assert.True(maximaBind >= 2, $"only {maximaBind} instances where the per-type maxima bind");
    }

    [Fact]
    public void RestrictedMaster_ReturnsARosterThatKeepsEveryRule_WithItsPenaltyAsObjective()
    {
        var text = SharedFixtures.Read("nrp", "Instance2.txt");
        var (problem, errors) = NrpInstanceParser.Parse(text, null);
        Assert.Empty(errors);
        var instance = RosterInstance.FromLongForm(problem!);
        using var generation = new RosterColumnGeneration(instance);
        var bound = generation.Run(null, () => long.MaxValue, AfterRounds(generation, 300));
        Assert.NotNull(bound);
        var columns = Enumerable.Range(0, instance.StaffCount).Select(e => generation.Columns(e)).ToList();

        var result = RosterRestrictedMaster.Solve(instance, columns, null, 30, CancellationToken.None);

        Assert.NotNull(result);
        var verdict = NrpRosterChecker.Check(problem!, result.Roster.ToRoster(instance));
        Assert.Empty(verdict.Violations);
        var penalty = RosterPenalty.Evaluate(instance, result.Roster).Total;
        Assert.Equal(verdict.Objective, penalty);
        Assert.InRange(penalty, 828, result.Objective);
        if (result.Optimal) Assert.Equal(result.Objective, penalty);
        // Every column entered the pool only if it keeps its person's rules.
        for (var e = 0; e < instance.StaffCount; e++)
            Assert.All(generation.Columns(e), c => Assert.True(PersonRules.Hold(instance, e, c.Row)));
    }

    [Fact]
    public void RestrictedMaster_HintedWithARoster_NeverReturnsAWorseOne()
    {
        // A roster of the pool (the master's own after a short run) as the hint: what the master returns with it costs
        // no more than that roster, and never less than the optimum.
        var instance = Load("nrp", "Instance1.txt");
        using var generation = new RosterColumnGeneration(instance);
        generation.Run(null, () => long.MaxValue, AfterRounds(generation, 300));
        var columns = Enumerable.Range(0, instance.StaffCount).Select(e => generation.Columns(e)).ToList();
        var first = RosterRestrictedMaster.Solve(instance, columns, null, 2, CancellationToken.None);
        Assert.NotNull(first);

        var again = RosterRestrictedMaster.Solve(instance, columns, first.Roster, 10, CancellationToken.None);

        Assert.NotNull(again);
        Assert.InRange(RosterPenalty.Evaluate(instance, again.Roster).Total, 607, RosterPenalty.Evaluate(instance, first.Roster).Total);
    }

    private static long BruteForce(RosterInstance instance)
    {
        var days = instance.Days;
        var rows = Enumerable.Range(0, 2).Select(e => RosterLagrangianBoundTests.AllRows(days, instance.ShiftCount)
            .Where(row => PersonRules.Hold(instance, e, row)).ToList()).ToList();
        var optimum = long.MaxValue;
        foreach (var first in rows[0])
            foreach (var second in rows[1])
            {
                var grid = new RosterGrid(2, days);
                for (var d = 0; d < days; d++) (grid.Shift[0, d], grid.Shift[1, d]) = (first[d], second[d]);
                optimum = Math.Min(optimum, RosterPenalty.Evaluate(instance, grid).Total);
            }
        return optimum;
    }
}
