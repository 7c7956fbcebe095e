namespace OptService.Problems.NurseScheduling;

/// <summary>Who is still due a response: the first descent of a year is cut into slices and goes on where it stopped.</summary>
internal sealed partial class RosterBestResponse
{
    /// <summary>True while somebody is due a response (the descent has not reached a local optimum).</summary>
    public bool AnyDue => Array.IndexOf(_dirty, true) >= 0;

    /// <summary>Makes <paramref name="roster"/> (which keeps every rule, found elsewhere) the working roster without
    /// forgetting who was due: they stay due, and so does everybody whose row differs from the working one.</summary>
    public void Adopt(RosterGrid roster, long objective)
    {
        var due = (bool[])_dirty.Clone();
        for (var e = 0; e < _instance.StaffCount; e++)
            for (var d = 0; d < _days && !due[e]; d++)
                if (roster.Shift[e, d] != Current.Shift[e, d]) due[e] = true;
        Load(roster, objective, everybodyDue: false);
        Array.Copy(due, _dirty, due.Length);
    }
}
