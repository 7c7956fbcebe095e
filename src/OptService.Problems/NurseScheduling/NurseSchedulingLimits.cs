namespace OptService.Problems.NurseScheduling;

/// <summary>Size limits and solver defaults, read from configuration section <c>Kinds:nurse-scheduling</c> (<see cref="KindLimits"/>).</summary>
public sealed record NurseSchedulingLimits
{
    public int MaxStaff { get; init; } = 200;
    public int MaxDays { get; init; } = 400;
    public int MaxShiftTypes { get; init; } = 40;

    /// <summary>Most entries in <c>shiftOnRequests</c> and in <c>shiftOffRequests</c> (the largest benchmark, Instance24, has 9540).</summary>
    public int MaxRequests { get; init; } = 100_000;

    /// <summary>Longest shift or staff id in characters: ids are echoed in results, rosters and logs.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Most rosters an enumerate request may ask to have returned.</summary>
    public int MaxSolutionsReturned { get; init; } = 100;

    /// <summary>Enumeration stops (count marked incomplete) after this many rosters.</summary>
    public long MaxEnumeratedSolutions { get; init; } = 1_000_000;

    public double DefaultTimeLimitSeconds { get; init; } = 60;
    public double MaxTimeLimitSeconds { get; init; } = 3600;
    public int DefaultWorkers { get; init; } = 2;
    public int MaxWorkers { get; init; } = 16;

    /// <summary>CP-SAT parameters in text format appended to every solve (operations tuning), e.g. <c>linearization_level:2</c>.</summary>
    public string ExtraSolverParameters { get; init; } = "";
}
