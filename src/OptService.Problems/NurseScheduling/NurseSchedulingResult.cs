using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>The answer to a nurse-scheduling job (also published as the incumbent while solving).</summary>
public sealed record NurseSchedulingResult
{
    public required SolveOutcome Outcome { get; init; }
    public required NurseSchedulingMode Mode { get; init; }

    /// <summary>Weighted penalty of the roster (0 for the short form).</summary>
    public long? Objective { get; init; }

    /// <summary>Best proven lower bound on the objective.</summary>
    public long? Bound { get; init; }

    /// <summary>(objective − bound) / max(1, objective).</summary>
    public double? Gap { get; init; }

    /// <summary>The best roster (optimize mode).</summary>
    public Roster? Roster { get; init; }

    /// <summary>Enumerate mode: the first <c>maxSolutions</c> rosters, in the order CP-SAT found them.</summary>
    public IReadOnlyList<Roster>? Rosters { get; init; }

    /// <summary>Enumerate mode: number of rosters found.</summary>
    public long? SolutionCount { get; init; }

    /// <summary>Enumerate mode: true when <see cref="SolutionCount"/> is every roster there is (not cut by a limit).</summary>
    public bool? CountComplete { get; init; }

    /// <summary>The objective split by constraint kind and by person.</summary>
    public PenaltyBreakdown? Penalty { get; init; }

    public required SolverStatistics Statistics { get; init; }
}

/// <summary>Who works what: every assignment and, per day, who is off. Ids are the instance's own.</summary>
public sealed record Roster(IReadOnlyList<Assignment> Assignments, IReadOnlyList<DayOff> Off);

/// <summary>One person working one shift on one day.</summary>
public sealed record Assignment(int Day, string Shift, string Nurse);

/// <summary>The people not working on a day.</summary>
public sealed record DayOff(int Day, IReadOnlyList<string> Nurses);

/// <summary>The objective split by soft-constraint kind and by person.</summary>
public sealed record PenaltyBreakdown(long Total, PenaltyByKind ByKind, IReadOnlyList<PersonPenalty> ByPerson, IReadOnlyList<SoftViolation> Violations);

/// <summary>
/// One violated soft constraint: <c>rule</c> is shiftOnRequest, shiftOffRequest, underCover or overCover; <c>nurse</c>
/// is the person for a request (null for cover); <c>penalty</c> is what it adds to the total; <c>detail</c> says it
/// in words. The penalties of all entries sum to the total.
/// </summary>
public sealed record SoftViolation(string Rule, string? Nurse, int Day, string Shift, long Penalty, string Detail);

/// <summary>Penalty per soft-constraint kind.</summary>
public sealed record PenaltyByKind(long ShiftOnRequests, long ShiftOffRequests, long UnderCover, long OverCover);

/// <summary>Penalty caused by one person's requests (cover penalties belong to no one and are not split).</summary>
public sealed record PersonPenalty(string Nurse, long ShiftOnRequests, long ShiftOffRequests, long Total);

/// <summary>CP-SAT's figures for the run (status as a plain string, never an OR-Tools type).</summary>
public sealed record SolverStatistics(
    string SolverStatus,
    long Conflicts,
    long Branches,
    double WallTimeSeconds,
    int ImprovingSolutions,
    int Variables,
    int Constraints);
