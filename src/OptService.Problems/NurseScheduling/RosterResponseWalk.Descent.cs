namespace OptService.Problems.NurseScheduling;

/// <summary>
/// The first descent in slices: on a year it removed ~580 per second when a fixed third of the time cut it, and the
/// kicks that followed reloaded saved rosters and forgot who was still due. Each slice goes on with whoever is due;
/// a better roster found meanwhile (CP-SAT) is adopted without forgetting them.
/// </summary>
internal sealed partial class RosterResponseWalk
{
    /// <summary>True until the first descent has reached a local optimum of the responses.</summary>
    public bool Descending => _response.AnyDue;

    /// <summary>Goes on with the descent until nobody is due or <paramref name="stop"/>; the working roster is saved.</summary>
    public RosterGrid Resume(Func<bool> stop)
    {
        _response.Descend(_random, stop);
        Save();
        return _response.Current;
    }

    /// <summary>Moves the unfinished descent onto a better roster found elsewhere; whoever was due stays due, and so
    /// does everybody whose row changed.</summary>
    public void Adopt(RosterGrid roster, long objective)
    {
        _response.Adopt(roster, objective);
        Save();
    }
}
