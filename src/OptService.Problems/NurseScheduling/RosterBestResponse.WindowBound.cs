namespace OptService.Problems.NurseScheduling;

/// <summary>The bound of the window and pair responses: what the current row costs on the window's days, which a
/// response must beat (<see cref="RosterWindowDp.Solve"/> and <see cref="RosterWindowPairDp.Solve"/> prune every state
/// that cannot).</summary>
internal sealed partial class RosterBestResponse
{
    /// <summary>Window and pair solves that the cost-to-go bound ended before the last day (no window could beat the
    /// current row), for the log.</summary>
    public long WindowsEndedByBound { get; private set; }
    public long PairsEndedByBound { get; private set; }

    /// <summary>The cost of <paramref name="row"/> on days [from, to) under the filled costs (<see cref="FillCosts"/>).</summary>
    private double RowCost(int[] row, int from, int to)
    {
        double cost = 0;
        for (var d = from; d < to; d++)
            cost += row[d] == RosterGrid.Off ? _offCost[d] : _workCost[(d * _shifts) + row[d]];
        return cost;
    }
}
