namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Two people exchanging their shift types on one day: the cover counts stay as they are, so the penalty changes by
/// the two people's requests alone, and what moves is minutes from one person to the other (a 720-minute shift for a
/// 480-minute one). Best responses cannot do this: each half alone leaves a cell short.
/// </summary>
internal sealed partial class RosterBestResponse
{
    /// <summary>What exchanging the types of people e and f on day d changes in requests (both work that day).</summary>
    public long SwapCost(int e, int f, int d)
    {
        var (i, j) = (d * _shifts + Current.Shift[e, d], d * _shifts + Current.Shift[f, d]);
        return (long)Math.Round(_baseWork[e][j] - _baseWork[e][i] + _baseWork[f][i] - _baseWork[f][j]);
    }

    /// <summary>People e and f exchange their shift types on day d (both work that day, each may work the other's
    /// type there). The caller checks the rows' rules. Both are due a response: their own costs changed.</summary>
    public void Swap(int e, int f, int d)
    {
        Objective += SwapCost(e, f, d);
        (Current.Shift[e, d], Current.Shift[f, d]) = (Current.Shift[f, d], Current.Shift[e, d]);
        _dirty[e] = _dirty[f] = true;
        _dueDay[e] = _dueDay[f] = -1;
    }
}
