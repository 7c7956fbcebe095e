namespace OptService.Problems.NurseScheduling;

/// <summary>
/// A nurse-scheduling request in one of two forms, never both.
/// <para><b>Short form</b> (the reference roster): <c>nurseCount</c>, <c>dayCount</c>, <c>shiftsPerDay</c>,
/// optional <c>mode</c> and <c>maxSolutions</c>. Every shift of every day is worked by exactly one nurse, no
/// nurse works twice a day, and every nurse works between floor and ceil of (days × shifts / nurses) shifts.</para>
/// <para><b>Long form</b> (real rostering rules, the Curtois &amp; Qu benchmark model): <c>horizonDays</c>,
/// <c>shiftTypes</c>, <c>staff</c>, <c>shiftOnRequests</c>, <c>shiftOffRequests</c>, <c>cover</c>. Day 0 is
/// a Monday; the objective is the weighted sum of unmet requests and cover deviations.</para>
/// <c>options</c> (time limit, workers, seed, gap) applies to both forms.
/// </summary>
public sealed record NurseSchedulingProblem
{
    // ---- short form ----
    /// <summary>Short form: number of nurses.</summary>
    public int? NurseCount { get; init; }

    /// <summary>Short form: number of days.</summary>
    public int? DayCount { get; init; }

    /// <summary>Short form: number of shifts per day, each worked by exactly one nurse.</summary>
    public int? ShiftsPerDay { get; init; }

    /// <summary>Short form: <c>enumerate</c> counts every roster, <c>optimize</c> (default) returns one.</summary>
    public NurseSchedulingMode? Mode { get; init; }

    /// <summary>Short form, enumerate mode: how many of the enumerated rosters to return (default 5).</summary>
    public int? MaxSolutions { get; init; }

    // ---- long form ----
    /// <summary>Long form: number of days in the planning horizon (day 0 is a Monday).</summary>
    public int? HorizonDays { get; init; }

    /// <summary>Long form: the shift types.</summary>
    public IReadOnlyList<ShiftTypeSpec>? ShiftTypes { get; init; }

    /// <summary>Long form: the staff and their contracts.</summary>
    public IReadOnlyList<StaffSpec>? Staff { get; init; }

    /// <summary>Long form: a person wants to work exactly this shift on this day (penalty = weight if not).</summary>
    public IReadOnlyList<ShiftRequestSpec>? ShiftOnRequests { get; init; }

    /// <summary>Long form: a person does not want this shift on this day (penalty = weight if given).</summary>
    public IReadOnlyList<ShiftRequestSpec>? ShiftOffRequests { get; init; }

    /// <summary>Long form: preferred number of people per day and shift type, with soft weights and optional hard bounds.</summary>
    public IReadOnlyList<CoverSpec>? Cover { get; init; }

    /// <summary>Solver options (both forms).</summary>
    public NurseSolveOptions? Options { get; init; }
}

/// <summary>What to do with a short-form problem.</summary>
public enum NurseSchedulingMode
{
    /// <summary>Return one best roster.</summary>
    Optimize,
    /// <summary>Count every feasible roster and return the first few.</summary>
    Enumerate,
}

/// <summary>A shift type: id, length and the shift types that may not be worked the next day.</summary>
public sealed record ShiftTypeSpec
{
    public required string Id { get; init; }
    public required int LengthMinutes { get; init; }

    /// <summary>Shift ids that may NOT be worked on day d+1 by someone who worked this shift on day d.</summary>
    public IReadOnlyList<string>? ForbiddenNext { get; init; }
}

/// <summary>One person's contract. Absent limits are not enforced.</summary>
public sealed record StaffSpec
{
    public required string Id { get; init; }

    /// <summary>Maximum number of shifts of each type (0 = may not work it). When given, a type not listed may
    /// not be worked; when absent, every type may be worked without a per-type limit.</summary>
    public IReadOnlyDictionary<string, int>? MaxShifts { get; init; }

    public int? MinTotalMinutes { get; init; }
    public int? MaxTotalMinutes { get; init; }

    /// <summary>Maximum number of consecutive working days.</summary>
    public int? MaxConsecutiveShifts { get; init; }

    /// <summary>Minimum length of a run of working days (runs touching the horizon's ends are exempt).</summary>
    public int? MinConsecutiveShifts { get; init; }

    /// <summary>Minimum length of a run of days off (runs touching the horizon's ends are exempt).</summary>
    public int? MinConsecutiveDaysOff { get; init; }

    /// <summary>Maximum number of weekends (Saturday or Sunday worked) in the horizon.</summary>
    public int? MaxWeekends { get; init; }

    /// <summary>Days on which this person must not work.</summary>
    public IReadOnlyList<int>? DaysOff { get; init; }
}

/// <summary>A weighted shift-on or shift-off request.</summary>
public sealed record ShiftRequestSpec
{
    public required string Staff { get; init; }
    public required int Day { get; init; }
    public required string Shift { get; init; }
    public required int Weight { get; init; }
}

/// <summary>Cover for one day and shift type: soft target with under/over weights, optional hard bounds.</summary>
public sealed record CoverSpec
{
    public required int Day { get; init; }
    public required string Shift { get; init; }
    public required int Requirement { get; init; }
    public int WeightUnder { get; init; }
    public int WeightOver { get; init; }

    /// <summary>Hard lower bound on the number of people (optional).</summary>
    public int? Minimum { get; init; }

    /// <summary>Hard upper bound on the number of people (optional).</summary>
    public int? Maximum { get; init; }
}

/// <summary>Solver options; every member optional, defaults come from configuration.</summary>
public sealed record NurseSolveOptions
{
    public double? TimeLimitSeconds { get; init; }
    public int? Workers { get; init; }
    public int? RandomSeed { get; init; }

    /// <summary>Stop when (objective − bound) / objective ≤ this value (0 = prove optimality).</summary>
    public double? RelativeGap { get; init; }
}
