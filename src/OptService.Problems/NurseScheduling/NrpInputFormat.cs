using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary><c>POST /api/v1/jobs/nurse-scheduling/nrp</c>: a benchmark instance file as text, options as query parameters.</summary>
public sealed class NrpInputFormat(NurseSchedulingLimits limits) : ITextProblemInputFormat
{
    public string Name => "nrp";
    public string ContentType => "text/plain";
    public string Summary => "Nurse rostering instance in the Curtois & Qu benchmark text format (Instance1..24), converted to the JSON long form.";

    /// <summary>The options as query parameters, with the ranges <see cref="NurseSchedulingValidation"/> enforces.</summary>
    public IReadOnlyList<QueryParameter> QueryParameters { get; } =
    [
        new("timeLimitSeconds", typeof(double), "Wall-clock limit for CP-SAT in seconds (default from configuration).")
            { Minimum = 0, MinimumExclusive = true, Maximum = limits.MaxTimeLimitSeconds },
        new("workers", typeof(int), "Number of CP-SAT search workers.") { Minimum = 1, Maximum = limits.MaxWorkers },
        new("randomSeed", typeof(int), "CP-SAT random seed (non-negative integer).") { Minimum = 0 },
        new("relativeGap", typeof(double), "Stop when (objective - bound) / objective is at most this (0..1).") { Minimum = 0, Maximum = 1 },
    ];

    public string ExampleBody => """
        SECTION_HORIZON
        # All instances start on a Monday
        # The horizon length in days:
        7

        SECTION_SHIFTS
        # ShiftID, Length in mins, Shifts which cannot follow this shift | separated
        D,480,

        SECTION_STAFF
        # ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends
        A,D=7,2400,960,5,1,1,1
        B,D=7,2400,960,5,1,1,1

        SECTION_DAYS_OFF
        # EmployeeID, DayIndexes (start at zero)
        A,0

        SECTION_SHIFT_ON_REQUESTS
        # EmployeeID, Day, ShiftID, Weight
        B,1,D,2

        SECTION_SHIFT_OFF_REQUESTS
        # EmployeeID, Day, ShiftID, Weight
        A,4,D,1

        SECTION_COVER
        # Day, ShiftID, Requirement, Weight for under, Weight for over
        0,D,1,100,1
        1,D,1,100,1
        2,D,1,100,1
        3,D,1,100,1
        4,D,1,100,1
        5,D,1,100,1
        6,D,1,100,1
        """;

    public InputConversion Convert(string body, IReadOnlyDictionary<string, string> query)
    {
        var errors = new List<FieldError>();
        var options = ReadOptions(query, errors);
        if (options is not null)
        {
            // Range errors name the query parameter, not the JSON path the options will be stored under.
            var probe = new NurseSchedulingProblem { Options = options };
            errors.AddRange(NurseSchedulingValidation.Validate(probe, limits)
                .Where(e => e.Path.StartsWith("$.options.", StringComparison.Ordinal))
                .Select(e => e with { Path = e.Path["$.options.".Length..] }));
        }
        var (problem, parseErrors) = NrpInstanceParser.Parse(body, options);
        errors.AddRange(parseErrors);
        return errors.Count > 0 || problem is null ? InputConversion.Fail(errors) : InputConversion.Ok(problem);
    }

    private NurseSolveOptions? ReadOptions(IReadOnlyDictionary<string, string> query, List<FieldError> errors)
    {
        QueryOptionReader.RejectUnknown(query, QueryParameters, errors);
        double? timeLimit = QueryOptionReader.ReadDouble(query, "timeLimitSeconds", errors);
        int? workers = QueryOptionReader.ReadInt(query, "workers", errors);
        int? seed = QueryOptionReader.ReadInt(query, "randomSeed", errors);
        double? gap = QueryOptionReader.ReadDouble(query, "relativeGap", errors);
        return timeLimit is null && workers is null && seed is null && gap is null
            ? null
            : new NurseSolveOptions { TimeLimitSeconds = timeLimit, Workers = workers, RandomSeed = seed, RelativeGap = gap };
    }
}
