using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

/// <summary>Exchanges of shift types on one day keep the cover and track the penalty; a walk with minutes transfers
/// keeps every rule by the independent checker. Instance6 with shift types of 480, 600 and 720 minutes, so that
/// exchanging them moves minutes between people.</summary>
public class RosterMinutesTransferTests
{
    private static (NurseSchedulingProblem Problem, RosterInstance Instance) MixedLengths()
    {
        var text = SharedFixtures.Read("nrp", "Instance6.txt").Replace("\nD,480,E", "\nD,600,E").Replace("\nL,480,E|D", "\nL,720,E|D");
        var (problem, errors) = NrpInstanceParser.Parse(text, null);
        Assert.Empty(errors);
        var instance = RosterInstance.FromLongForm(problem!);
        Assert.Equal([480, 600, 720], instance.ShiftLengths);
        return (problem!, instance);
    }

    [Fact]
    public void Swap_MovesMinutesBetweenTwoPeople_KeepsTheCover_AndTracksThePenalty()
    {
        var (problem, instance) = MixedLengths();
        var start = RosterBestResponseTests.FirstRoster(instance);
        var response = new RosterBestResponse(instance);
        response.Load(start, RosterPenalty.Evaluate(instance, start).Total);

        // On five days, two people working different types, each allowed the other's type, exchange them.
        var swaps = 0;
        for (var d = 0; d < instance.Days && swaps < 5; d++)
        {
            var grid = response.Current.Shift;
            var pair = (from e in Enumerable.Range(0, instance.StaffCount)
                        from f in Enumerable.Range(e + 1, instance.StaffCount - e - 1)
                        where grid[e, d] != RosterGrid.Off && grid[f, d] != RosterGrid.Off && grid[e, d] != grid[f, d]
                              && instance.Staff[e].MaxShifts[grid[f, d]] > 0 && instance.Staff[f].MaxShifts[grid[e, d]] > 0
                        select (e, f)).FirstOrDefault((-1, -1));
            if (pair.Item1 < 0) continue;
            var (se, sf) = (grid[pair.Item1, d], grid[pair.Item2, d]);
            response.Swap(pair.Item1, pair.Item2, d);
            Assert.Equal((sf, se), (grid[pair.Item1, d], grid[pair.Item2, d]));
            swaps++;
        }
        Assert.Equal(5, swaps);

        Assert.Equal(response.Objective, NrpRosterChecker.Check(problem, response.Current.ToRoster(instance)).Objective);
        Assert.Equal(Cover(instance, start), Cover(instance, response.Current));
        Assert.NotEqual(Minutes(instance, start), Minutes(instance, response.Current));
    }

    /// <summary>People per (day, shift type).</summary>
    private static int[] Cover(RosterInstance instance, RosterGrid grid)
    {
        var count = new int[instance.Days * instance.ShiftCount];
        for (var e = 0; e < instance.StaffCount; e++)
            for (var d = 0; d < instance.Days; d++)
                if (grid.Shift[e, d] != RosterGrid.Off) count[d * instance.ShiftCount + grid.Shift[e, d]]++;
        return count;
    }

    /// <summary>Minutes per person.</summary>
    private static int[] Minutes(RosterInstance instance, RosterGrid grid) => Enumerable.Range(0, instance.StaffCount)
        .Select(e => Enumerable.Range(0, instance.Days).Sum(d => grid.Shift[e, d] == RosterGrid.Off ? 0 : instance.ShiftLengths[grid.Shift[e, d]]))
        .ToArray();

    [Fact]
    public void Walk_WithMinutesTransfers_KeepsEveryRule_AndTracksThePenalty()
    {
        var (problem, instance) = MixedLengths();
        var walk = RosterBestResponseTests.WalkChecked(problem, instance, steps: 150, seed: 7);
        Assert.True(walk.Transfers > 0, "no minutes transfer in 150 steps");
    }
}
