using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>The person DP with a bound (only rows cheaper than it are wanted, states pruned by a lower bound of their
/// cost to go) against the same DP without one: the same minimum whenever the minimum is below the bound.</summary>
public class RosterPersonDpBoundTests
{
    [Theory]
    [InlineData(21, true, true)]
    [InlineData(22, true, false)]
    [InlineData(23, false, true)]
    [InlineData(24, false, false)]
    [InlineData(25, true, true)]
    [InlineData(26, true, true)]
    public void BoundedSolve_FindsTheSameMinimum_WhenItIsBelowTheBound(int seed, bool exactMinutes, bool exactWeekends)
    {
        var random = new Random(seed);
        int exact = 0, pruned = 0;
        for (var trial = 0; trial < 60; trial++)
        {
            var days = random.Next(1, 4) * 7 + random.Next(0, 3);
            var shifts = random.Next(1, 4);
            var instance = RosterLagrangianBoundTests.RandomInstance(random, 1, days, shifts);
            var counted = random.Next(3) == 0 ? random.Next(shifts) : -1;
            var (workCost, offCost, weekendCost) = RosterLagrangianBoundTests.RandomCosts(random, instance, 0);

            var plain = new RosterPersonDp(instance, 0, exactMinutes, exactWeekends, countedType: counted);
            var row = new int[days];
            var minimum = plain.Solve(workCost, offCost, weekendCost, row);
            var bounded = new RosterPersonDp(instance, 0, exactMinutes, exactWeekends, countedType: counted);
            var boundedRow = new int[days];

            // Above the minimum: the same minimum, and a row that costs it.
            var above = double.IsPositiveInfinity(minimum) ? 1e6 : minimum + random.Next(0, 3) + 0.001;
            var found = bounded.Solve(workCost, offCost, weekendCost, boundedRow, above);
            if (double.IsPositiveInfinity(minimum))
            {
                Assert.True(double.IsPositiveInfinity(found), $"trial {trial}: no row without the bound, {found} with it");
                continue;
            }
            Assert.Equal(minimum, found, 9);
            var cost = RosterLagrangianBoundTests.RowCost(instance, boundedRow, workCost, offCost, weekendCost);
            Assert.Equal(minimum, cost, 9);
            exact++;

            // At or below the minimum: no row costs less, so nothing or a row costing at least the bound.
            var atOrBelow = minimum - random.Next(0, 3);
            found = bounded.Solve(workCost, offCost, weekendCost, boundedRow, atOrBelow);
            Assert.True(found >= atOrBelow - 1e-6, $"trial {trial}: {found} below the bound {atOrBelow} and the minimum {minimum}");
            if (double.IsPositiveInfinity(found)) pruned++;
        }
        Assert.True(exact >= 20, $"only {exact} trials had a feasible row");
        Assert.True(pruned >= 10, $"the bound ended only {pruned} solves");
    }
}
