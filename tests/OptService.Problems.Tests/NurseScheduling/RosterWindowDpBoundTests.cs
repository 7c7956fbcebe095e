using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>The windowed DPs with a bound (only windows cheaper than it are wanted, states pruned by a lower bound of
/// their cost to go) against the same DPs without one: the same minimum whenever the minimum is below the bound, and
/// otherwise nothing below the bound. On random people and on the contracts of the long benchmark instances.</summary>
public class RosterWindowDpBoundTests
{
    /// <summary>What a row costs on the days [from, to) (the windowed DPs' objective: cells only).</summary>
    private static double WindowCost(RosterInstance instance, int[] row, double[] workCost, double[] offCost, int from, int to)
    {
        double cost = 0;
        for (var d = from; d < to; d++) cost += row[d] < 0 ? offCost[d] : workCost[d * instance.ShiftCount + row[d]];
        return cost;
    }

    /// <summary>Checks one window or pair: without a bound, with one just above the minimum (the same minimum, and a
    /// row that costs it), with the current row's cost as the responses use it, and at or below the minimum (nothing
    /// cheaper than the bound). Returns (whether the minimum was finite, whether a bound ended a solve).</summary>
    private static (bool Exact, bool Pruned) Compare(Random random, int days, Func<double, int[], double?> solve, Func<int[], double> cost, double current)
    {
        var row = new int[days];
        var minimumOrNull = solve(double.PositiveInfinity, row);
        if (minimumOrNull is not { } minimum) return (false, false);
        var bounded = new int[row.Length];
        if (double.IsPositiveInfinity(minimum))
        {
            Assert.True(double.IsPositiveInfinity(solve(1e9, bounded)!.Value), "a row with the bound, none without");
            return (false, false);
        }
        Assert.True(minimum <= current + 1e-6, $"the minimum {minimum} is above the current row's {current}");

        var above = minimum + random.Next(0, 3) + 0.001;
        var found = solve(above, bounded)!.Value;
        Assert.Equal(minimum, found, 9);
        Assert.Equal(minimum, cost(bounded), 9);

        // As the responses call it: the current row's cost less the rounding margin.
        var respond = current - 0.5;
        found = solve(respond, bounded)!.Value;
        if (minimum < respond) Assert.Equal(minimum, found, 9);
        else Assert.True(found >= respond - 1e-6, $"{found} below the bound {respond} and the minimum {minimum}");

        var atOrBelow = minimum - random.Next(0, 3);
        found = solve(atOrBelow, bounded)!.Value;
        Assert.True(found >= atOrBelow - 1e-6, $"{found} below the bound {atOrBelow} and the minimum {minimum}");
        return (true, double.IsPositiveInfinity(found));
    }

    /// <summary>A row of person e that keeps every rule, or null: the greedy roster when it does, else the person DP's
    /// exact row for random costs when that keeps the per-type maxima too.</summary>
    private static int[]? ValidRow(Random random, RosterInstance instance, int e)
    {
        var greedy = PersonGreedyRoster.Build(instance, e);
        if (PersonRules.Hold(instance, e, greedy)) return greedy;
        var (workCost, offCost, _) = RosterLagrangianBoundTests.RandomCosts(random, instance, e);
        var row = new int[instance.Days];
        var value = new RosterPersonDp(instance, e, exactMinutes: true, exactWeekends: true).Solve(workCost, offCost, 0, row);
        return !double.IsPositiveInfinity(value) && PersonRules.Hold(instance, e, row) ? row : null;
    }

    private static (int Exact, int Pruned) CompareWindows(Random random, RosterInstance instance, int e, int[] current, int[] lengths, int trials)
    {
        int exact = 0, pruned = 0;
        var workspace = new RosterDpWorkspace();
        for (var trial = 0; trial < trials; trial++)
        {
            var (workCost, offCost, _) = RosterLagrangianBoundTests.RandomCosts(random, instance, e);
            var length = Math.Min(instance.Days, lengths[random.Next(lengths.Length)]);
            var from = random.Next(0, instance.Days - length + 1);
            var to = from + length;
            var (ok, cut) = Compare(random, instance.Days, (below, row) =>
            {
                var window = new RosterWindowDp(instance, e, current, from, to, random.Next(2) == 0 ? workspace : null);
                if (!window.Usable) return null;
                var result = new int[instance.Days];
                var value = window.Solve(workCost, offCost, result, below);
                if (!double.IsPositiveInfinity(value))
                {
                    Assert.True(PersonRules.Hold(instance, e, result), PersonRules.Broken(instance, e, result)?.What);
                    Assert.Equal(current[..from], result[..from]);
                    Assert.Equal(current[to..], result[to..]);
                }
                result.CopyTo(row, 0);
                return value;
            }, row => WindowCost(instance, row, workCost, offCost, from, to), WindowCost(instance, current, workCost, offCost, from, to));
            exact += ok ? 1 : 0;
            pruned += cut ? 1 : 0;
        }
        return (exact, pruned);
    }

    private static (int Exact, int Pruned) ComparePairs(Random random, RosterInstance instance, int e, int[] current, int[] lengths, int trials)
    {
        int exact = 0, pruned = 0;
        var (workspaceA, workspaceB) = (new RosterDpWorkspace(), new RosterDpWorkspace());
        for (var trial = 0; trial < trials; trial++)
        {
            var (workCost, offCost, _) = RosterLagrangianBoundTests.RandomCosts(random, instance, e);
            var length = lengths[random.Next(lengths.Length)];
            var gap = RosterBestResponse.PairGap + random.Next(0, 8);
            if (2 * length + gap > instance.Days) continue;
            var fromA = random.Next(0, instance.Days - (2 * length) - gap + 1);
            var fromB = random.Next(fromA + length + gap, instance.Days - length + 1);
            var (a, b) = ((fromA, fromA + length), (fromB, fromB + length));
            double PairCost(int[] row) => WindowCost(instance, row, workCost, offCost, a.Item1, a.Item2) + WindowCost(instance, row, workCost, offCost, b.Item1, b.Item2);
            var (ok, cut) = Compare(random, instance.Days, (below, row) =>
            {
                var result = new int[instance.Days];
                var value = RosterWindowPairDp.Solve(instance, e, current, a, b, workCost, offCost, workspaceA, workspaceB, result, out _, below);
                if (value is { } v && !double.IsPositiveInfinity(v))
                    Assert.True(PersonRules.Hold(instance, e, result), PersonRules.Broken(instance, e, result)?.What);
                result.CopyTo(row, 0);
                return value;
            }, PairCost, PairCost(current));
            exact += ok ? 1 : 0;
            pruned += cut ? 1 : 0;
        }
        return (exact, pruned);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(34)]
    public void BoundedWindow_FindsTheSameMinimum_OnRandomPeople(int seed)
    {
        var random = new Random(seed);
        int exact = 0, pruned = 0, pairsExact = 0;
        for (var person = 0; person < 40; person++)
        {
            var days = random.Next(3, 8) * 7 + random.Next(0, 3);
            var instance = RosterLagrangianBoundTests.RandomInstance(random, 1, days, random.Next(1, 4));
            if (ValidRow(random, instance, 0) is not { } current) continue;
            var (x, p) = CompareWindows(random, instance, 0, current, [1, 3, 7, 14, days], 6);
            var (px, pp) = ComparePairs(random, instance, 0, current, [3, 7], 4);
            (exact, pruned, pairsExact) = (exact + x, pruned + p + pp, pairsExact + px);
        }
        Assert.True(exact >= 40, $"only {exact} windows had a row");
        Assert.True(pairsExact >= 10, $"only {pairsExact} pairs had a row");
        Assert.True(pruned >= 10, $"the bound ended only {pruned} solves");
    }

    [Theory]
    [InlineData("Instance20.txt", 41)]
    [InlineData("Instance23.txt", 42)]
    public void BoundedWindow_FindsTheSameMinimum_OnLongInstances(string file, int seed)
    {
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read("nrp-large", file), null);
        Assert.Empty(errors);
        var instance = RosterInstance.FromLongForm(problem!);
        var random = new Random(seed);
        int exact = 0, pairsExact = 0, people = 0;
        for (var e = 0; e < instance.StaffCount && people < 6; e++)
        {
            var current = PersonGreedyRoster.Build(instance, e);
            if (!PersonRules.Hold(instance, e, current)) continue;
            people++;
            exact += CompareWindows(random, instance, e, current, [7, 14, 28], 4).Exact;
            pairsExact += ComparePairs(random, instance, e, current, [7, 14], 2).Exact;
        }
        Assert.True(people >= 3, $"only {people} greedy rows keep the rules");
        Assert.True(exact >= 10 && pairsExact >= 4, $"only {exact} windows and {pairsExact} pairs had a row");
    }
}
