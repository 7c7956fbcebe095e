using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>Checks a request before anything is queued; returns every problem at once with its JSON path.</summary>
internal static class NurseSchedulingValidation
{
    public static IEnumerable<FieldError> Validate(NurseSchedulingProblem problem, NurseSchedulingLimits limits)
    {
        var errors = new List<FieldError>();
        var isShort = IsShortForm(problem);
        var isLong = problem.HorizonDays is not null || problem.ShiftTypes is not null || problem.Staff is not null
            || problem.ShiftOnRequests is not null || problem.ShiftOffRequests is not null || problem.Cover is not null;
        if (isShort && isLong)
            errors.Add(new("$", "mixes the short form (nurseCount, dayCount, shiftsPerDay, maxSolutions) with the long form (horizonDays, shiftTypes, staff, requests, cover); use one"));
        else if (isShort)
            ValidateShortForm(problem, limits, errors);
        else if (isLong)
            ValidateLongForm(problem, limits, errors);
        else
            errors.Add(new("$", "give either the short form (nurseCount, dayCount, shiftsPerDay) or the long form (horizonDays, shiftTypes, staff, cover)"));
        ValidateOptions(problem.Options, limits, errors);
        return errors;
    }

    public static bool IsShortForm(NurseSchedulingProblem problem) =>
        problem.NurseCount is not null || problem.DayCount is not null || problem.ShiftsPerDay is not null || problem.MaxSolutions is not null;

    private static void ValidateShortForm(NurseSchedulingProblem p, NurseSchedulingLimits limits, List<FieldError> errors)
    {
        RequireRange(errors, "$.nurseCount", p.NurseCount, 1, limits.MaxStaff, nameof(limits.MaxStaff));
        RequireRange(errors, "$.dayCount", p.DayCount, 1, limits.MaxDays, nameof(limits.MaxDays));
        RequireRange(errors, "$.shiftsPerDay", p.ShiftsPerDay, 1, limits.MaxShiftTypes, nameof(limits.MaxShiftTypes));
        if (p.MaxSolutions is { } max)
        {
            if (p.Mode != NurseSchedulingMode.Enumerate)
                errors.Add(new("$.maxSolutions", "applies to mode \"enumerate\" only"));
            else if (max < 0 || max > limits.MaxSolutionsReturned)
                errors.Add(new("$.maxSolutions", $"must be between 0 and {limits.MaxSolutionsReturned}, got {max}"));
        }
    }

    private static void ValidateLongForm(NurseSchedulingProblem p, NurseSchedulingLimits limits, List<FieldError> errors)
    {
        if (p.Mode == NurseSchedulingMode.Enumerate)
            errors.Add(new("$.mode", "\"enumerate\" is available for the short form only; the long form is optimized"));
        RequireRange(errors, "$.horizonDays", p.HorizonDays, 1, limits.MaxDays, nameof(limits.MaxDays));
        int? days = p.HorizonDays is { } h && h > 0 && h <= limits.MaxDays ? h : null;

        var shiftIds = new HashSet<string>(StringComparer.Ordinal);
        if (p.ShiftTypes is null || p.ShiftTypes.Count == 0)
            errors.Add(new("$.shiftTypes", "at least one shift type is required"));
        else
        {
            if (p.ShiftTypes.Count > limits.MaxShiftTypes)
                errors.Add(new("$.shiftTypes", $"at most {limits.MaxShiftTypes} shift types are allowed, got {p.ShiftTypes.Count} ({Limit(nameof(limits.MaxShiftTypes))})"));
            for (var i = 0; i < p.ShiftTypes.Count && errors.Count <= FieldError.MaxReported; i++)
            {
                var shift = p.ShiftTypes[i];
                if (shift is null) { errors.Add(new($"$.shiftTypes[{i}]", "must be an object")); continue; }
                if (string.IsNullOrWhiteSpace(shift.Id)) errors.Add(new($"$.shiftTypes[{i}].id", "must not be empty"));
                else if (shift.Id.Length > NurseSchedulingLimits.MaxIdLength) errors.Add(new($"$.shiftTypes[{i}].id", TooLong(shift.Id)));
                else if (!shiftIds.Add(shift.Id)) errors.Add(new($"$.shiftTypes[{i}].id", $"duplicate shift id \"{shift.Id}\""));
                if (shift.LengthMinutes <= 0) errors.Add(new($"$.shiftTypes[{i}].lengthMinutes", $"must be positive, got {shift.LengthMinutes}"));
            }
            for (var i = 0; i < p.ShiftTypes.Count && errors.Count <= FieldError.MaxReported; i++)
            {
                var next = p.ShiftTypes[i]?.ForbiddenNext ?? [];
                if (next.Count > p.ShiftTypes.Count)
                    errors.Add(new($"$.shiftTypes[{i}].forbiddenNext", $"at most one entry per shift type ({p.ShiftTypes.Count}), got {next.Count}"));
                else
                    for (var j = 0; j < next.Count; j++)
                        RequireShift(errors, $"$.shiftTypes[{i}].forbiddenNext[{j}]", next[j], shiftIds);
            }
        }

        var staffIds = new HashSet<string>(StringComparer.Ordinal);
        if (p.Staff is null || p.Staff.Count == 0)
            errors.Add(new("$.staff", "at least one person is required"));
        else
        {
            if (p.Staff.Count > limits.MaxStaff)
                errors.Add(new("$.staff", $"at most {limits.MaxStaff} people are allowed, got {p.Staff.Count} ({Limit(nameof(limits.MaxStaff))})"));
            for (var i = 0; i < p.Staff.Count && errors.Count <= FieldError.MaxReported; i++)
            {
                if (p.Staff[i] is { } person) ValidatePerson(person, $"$.staff[{i}]", days, shiftIds, staffIds, errors);
                else errors.Add(new($"$.staff[{i}]", "must be an object"));
            }
        }

        ValidateRequests(p.ShiftOnRequests, "$.shiftOnRequests", days, shiftIds, staffIds, limits, errors);
        ValidateRequests(p.ShiftOffRequests, "$.shiftOffRequests", days, shiftIds, staffIds, limits, errors);
        ValidateCover(p.Cover, days, shiftIds, limits, errors);
    }

    private static void ValidatePerson(StaffSpec person, string path, int? days, HashSet<string> shiftIds, HashSet<string> staffIds, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(person.Id)) errors.Add(new($"{path}.id", "must not be empty"));
        else if (person.Id.Length > NurseSchedulingLimits.MaxIdLength) errors.Add(new($"{path}.id", TooLong(person.Id)));
        else if (!staffIds.Add(person.Id)) errors.Add(new($"{path}.id", $"duplicate staff id \"{person.Id}\""));
        if (person.MaxShifts is { } maxShifts && maxShifts.Count > Math.Max(shiftIds.Count, 1))
            errors.Add(new($"{path}.maxShifts", $"at most one entry per shift type ({shiftIds.Count}), got {maxShifts.Count}"));
        else if (person.MaxShifts is not null)
        {
            foreach (var (shift, max) in person.MaxShifts)
            {
                if (!shiftIds.Contains(shift)) errors.Add(new($"{path}.maxShifts.{Clip(shift)}", $"unknown shift id \"{Clip(shift)}\""));
                if (max < 0) errors.Add(new($"{path}.maxShifts.{Clip(shift)}", $"must not be negative, got {max}"));
            }
            if (!person.MaxShifts.Any(entry => entry.Value > 0 && shiftIds.Contains(entry.Key)))
                errors.Add(new($"{path}.maxShifts", $"\"{Clip(person.Id)}\" has no allowed shift (every maximum is 0 or the type is not listed)"));
        }
        RequireNonNegative(errors, $"{path}.minTotalMinutes", person.MinTotalMinutes);
        RequireNonNegative(errors, $"{path}.maxTotalMinutes", person.MaxTotalMinutes);
        if (person.MinTotalMinutes > person.MaxTotalMinutes)
            errors.Add(new($"{path}.minTotalMinutes", $"exceeds maxTotalMinutes ({person.MinTotalMinutes} > {person.MaxTotalMinutes})"));
        if (person.MaxConsecutiveShifts is < 1)
            errors.Add(new($"{path}.maxConsecutiveShifts", $"must be at least 1, got {person.MaxConsecutiveShifts}"));
        RequireNonNegative(errors, $"{path}.minConsecutiveShifts", person.MinConsecutiveShifts);
        RequireNonNegative(errors, $"{path}.minConsecutiveDaysOff", person.MinConsecutiveDaysOff);
        RequireNonNegative(errors, $"{path}.maxWeekends", person.MaxWeekends);
        var daysOff = person.DaysOff ?? [];
        if (days is { } horizon && daysOff.Count > horizon)
            errors.Add(new($"{path}.daysOff", $"at most one entry per day of the horizon ({horizon}), got {daysOff.Count}"));
        else
            for (var j = 0; j < daysOff.Count && errors.Count <= FieldError.MaxReported; j++)
                RequireDay(errors, $"{path}.daysOff[{j}]", daysOff[j], days);
    }

    private static void ValidateRequests(
        IReadOnlyList<ShiftRequestSpec>? requests, string path, int? days, HashSet<string> shiftIds, HashSet<string> staffIds, NurseSchedulingLimits limits, List<FieldError> errors)
    {
        if (requests is null) return;
        if (requests.Count > limits.MaxRequests)
        {
            errors.Add(new(path, $"at most {limits.MaxRequests} requests are allowed, got {requests.Count} ({Limit(nameof(limits.MaxRequests))})"));
            return;
        }
        for (var i = 0; i < requests.Count && errors.Count <= FieldError.MaxReported; i++)
        {
            var r = requests[i];
            if (r is null) { errors.Add(new($"{path}[{i}]", "must be an object")); continue; }
            if (!staffIds.Contains(r.Staff)) errors.Add(new($"{path}[{i}].staff", $"unknown staff id \"{Clip(r.Staff)}\""));
            RequireDay(errors, $"{path}[{i}].day", r.Day, days);
            RequireShift(errors, $"{path}[{i}].shift", r.Shift, shiftIds);
            RequireNonNegative(errors, $"{path}[{i}].weight", r.Weight);
        }
    }

    private static void ValidateCover(IReadOnlyList<CoverSpec>? cover, int? days, HashSet<string> shiftIds, NurseSchedulingLimits limits, List<FieldError> errors)
    {
        if (cover is null) return;
        var most = (long)(days ?? limits.MaxDays) * Math.Max(shiftIds.Count, 1);
        if (cover.Count > most)
        {
            errors.Add(new("$.cover", $"at most one entry per day and shift type ({most}), got {cover.Count}"));
            return;
        }
        var seen = new HashSet<(int, string)>();
        for (var i = 0; i < cover.Count && errors.Count <= FieldError.MaxReported; i++)
        {
            var c = cover[i];
            if (c is null) { errors.Add(new($"$.cover[{i}]", "must be an object")); continue; }
            var path = $"$.cover[{i}]";
            RequireDay(errors, $"{path}.day", c.Day, days);
            RequireShift(errors, $"{path}.shift", c.Shift, shiftIds);
            RequireNonNegative(errors, $"{path}.requirement", c.Requirement);
            RequireNonNegative(errors, $"{path}.weightUnder", c.WeightUnder);
            RequireNonNegative(errors, $"{path}.weightOver", c.WeightOver);
            RequireNonNegative(errors, $"{path}.minimum", c.Minimum);
            RequireNonNegative(errors, $"{path}.maximum", c.Maximum);
            if (c.Minimum > c.Maximum)
                errors.Add(new($"{path}.minimum", $"exceeds maximum ({c.Minimum} > {c.Maximum})"));
            if (!seen.Add((c.Day, c.Shift)))
                errors.Add(new(path, $"duplicate cover for day {c.Day} and shift \"{Clip(c.Shift)}\""));
        }
    }

    private static void ValidateOptions(NurseSolveOptions? options, NurseSchedulingLimits limits, List<FieldError> errors)
    {
        if (options is null) return;
        if (options.TimeLimitSeconds is { } t && (!double.IsFinite(t) || t <= 0 || t > limits.MaxTimeLimitSeconds))
            errors.Add(new("$.options.timeLimitSeconds", $"must be in (0, {limits.MaxTimeLimitSeconds}], got {t}"));
        if (options.Workers is { } w && (w < 1 || w > limits.MaxWorkers))
            errors.Add(new("$.options.workers", $"must be between 1 and {limits.MaxWorkers}, got {w}"));
        if (options.RandomSeed is < 0)
            errors.Add(new("$.options.randomSeed", $"must not be negative, got {options.RandomSeed}"));
        if (options.RelativeGap is { } g && (!double.IsFinite(g) || g < 0 || g > 1))
            errors.Add(new("$.options.relativeGap", $"must be between 0 and 1, got {g}"));
    }

    /// <summary>A required count within [min, max]; <c>limit</c> is the <see cref="NurseSchedulingLimits"/> property that sets the maximum, named in the message.</summary>
    private static void RequireRange(List<FieldError> errors, string path, int? value, int min, int max, string limit)
    {
        if (value is null) errors.Add(new(path, "is required"));
        else if (value < min || value > max) errors.Add(new(path, $"must be between {min} and {max}, got {value} ({Limit(limit)})"));
    }

    /// <summary>The configuration key of a limit, as a message names it: <c>Kinds:nurse-scheduling:MaxStaff</c>.</summary>
    private static string Limit(string name) => KindLimits.Key(NurseSchedulingKind.KindName, name);

    private static void RequireNonNegative(List<FieldError> errors, string path, int? value)
    {
        if (value is < 0) errors.Add(new(path, $"must not be negative, got {value}"));
    }

    private static void RequireDay(List<FieldError> errors, string path, int day, int? days)
    {
        if (day < 0 || (days is { } h && day >= h))
            errors.Add(new(path, days is { } horizon ? $"day {day} is outside the horizon 0..{horizon - 1}" : $"day {day} must not be negative"));
    }

    private static void RequireShift(List<FieldError> errors, string path, string shift, HashSet<string> shiftIds)
    {
        if (!shiftIds.Contains(shift)) errors.Add(new(path, $"unknown shift id \"{Clip(shift)}\""));
    }

    private static string TooLong(string id) => $"must be at most {NurseSchedulingLimits.MaxIdLength} characters, got {id.Length:N0}";

    /// <summary>An id as quoted in a message: unknown ids may be of any length, the message may not.</summary>
    private static string Clip(string? id) => id is null ? "" : id.Length <= 40 ? id : id[..40] + $"… ({id.Length:N0} characters)";
}
