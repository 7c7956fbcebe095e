namespace OptService.Problems.NurseScheduling;

/// <summary>
/// A person's run rules as the DPs' states count them (<see cref="RosterPersonDp"/>, <see cref="RosterWindowDp"/>):
/// work runs of 1..<see cref="MaxRun"/> days (0: may not work; without a maximum, runs count up to the minimum and
/// stay there), <see cref="RunSlots"/> work states per shift type, and off runs counted up to <see cref="OffCap"/>.
/// </summary>
internal readonly record struct RunLimits(bool HasMaxRun, int MinRun, int MaxRun, int RunSlots, int MinOff, int OffCap)
{
    public static RunLimits Of(StaffContract person)
    {
        var hasMaxRun = person.MaxConsecutiveShifts is not null;
        var minRun = Math.Max(0, person.MinConsecutiveShifts ?? 0);
        var maxRun = hasMaxRun ? Math.Max(0, person.MaxConsecutiveShifts!.Value) : Math.Max(1, minRun);
        var minOff = Math.Max(0, person.MinConsecutiveDaysOff ?? 0);
        return new RunLimits(hasMaxRun, minRun, maxRun, Math.Max(1, maxRun), minOff, Math.Max(1, minOff));
    }
}
