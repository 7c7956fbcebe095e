using OptService.Jobs.Kinds;

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
        RequireRange(errors, "$.nurseCount", p.NurseCount, 1, limits.MaxStaff);
        RequireRange(errors, "$.dayCount", p.DayCount, 1, limits.MaxDays);
        RequireRange(errors, "$.shiftsPerDay", p.ShiftsPerDay, 1, limits.MaxShiftTypes);
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
        RequireRange(errors, "$.horizonDays", p.HorizonDays, 1, limits.MaxDays);
        int? days = p.HorizonDays is { } h && h > 0 && h <= limits.MaxDays ? h : null;

        var shiftIds = new HashSet<string>(StringComparer.Ordinal);
        if (p.ShiftTypes is null || p.ShiftTypes.Count == 0)
            errors.Add(new("$.shiftTypes", "at least one shift type is required"));
        else
        {
            if (p.ShiftTypes.Count > limits.MaxShiftTypes)
                errors.Add(new("$.shiftTypes", $"at most {limits.MaxShiftTypes} shift types are allowed, got {p.ShiftTypes.Count}"));
            for (var i = 0; i < p.ShiftTypes.Count; i++)
            {
                var shift = p.ShiftTypes[i];
                if (string.IsNullOrWhiteSpace(shift.Id)) errors.Add(new($"$.shiftTypes[{i}].id", "must not be empty"));
                else if (!shiftIds.Add(shift.Id)) errors.Add(new($"$.shiftTypes[{i}].id", $"duplicate shift id \"{shift.Id}\""));
                if (shift.LengthMinutes <= 0) errors.Add(new($"$.shiftTypes[{i}].lengthMinutes", $"must be positive, got {shift.LengthMinutes}"));
            }
            for (var i = 0; i < p.ShiftTypes.Count; i++)
            {
                var next = p.ShiftTypes[i].ForbiddenNext ?? [];
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
                errors.Add(new("$.staff", $"at most {limits.MaxStaff} people are allowed, got {p.Staff.Count}"));
            for (var i = 0; i < p.Staff.Count; i++)
                ValidatePerson(p.Staff[i], $"$.staff[{i}]", days, shiftIds, staffIds, errors);
        }

        ValidateRequests(p.ShiftOnRequests, "$.shiftOnRequests", days, shiftIds, staffIds, errors);
        ValidateRequests(p.ShiftOffRequests, "$.shiftOffRequests", days, shiftIds, staffIds, errors);
        ValidateCover(p.Cover, days, shiftIds, errors);
    }

    private static void ValidatePerson(StaffSpec person, string path, int? days, HashSet<string> shiftIds, HashSet<string> staffIds, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(person.Id)) errors.Add(new($"{path}.id", "must not be empty"));
        else if (!staffIds.Add(person.Id)) errors.Add(new($"{path}.id", $"duplicate staff id \"{person.Id}\""));
        if (person.MaxShifts is not null)
        {
            foreach (var (shift, max) in person.MaxShifts)
            {
                if (!shiftIds.Contains(shift)) errors.Add(new($"{path}.maxShifts.{shift}", $"unknown shift id \"{shift}\""));
                if (max < 0) errors.Add(new($"{path}.maxShifts.{shift}", $"must not be negative, got {max}"));
            }
            if (!person.MaxShifts.Any(entry => entry.Value > 0 && shiftIds.Contains(entry.Key)))
                errors.Add(new($"{path}.maxShifts", $"\"{person.Id}\" has no allowed shift (every maximum is 0 or the type is not listed)"));
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
        for (var j = 0; j < daysOff.Count; j++)
            RequireDay(errors, $"{path}.daysOff[{j}]", daysOff[j], days);
    }

    private static void ValidateRequests(IReadOnlyList<ShiftRequestSpec>? requests, string path, int? days, HashSet<string> shiftIds, HashSet<string> staffIds, List<FieldError> errors)
    {
        if (requests is null) return;
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            if (!staffIds.Contains(r.Staff)) errors.Add(new($"{path}[{i}].staff", $"unknown staff id \"{r.Staff}\""));
            RequireDay(errors, $"{path}[{i}].day", r.Day, days);
            RequireShift(errors, $"{path}[{i}].shift", r.Shift, shiftIds);
            RequireNonNegative(errors, $"{path}[{i}].weight", r.Weight);
        }
    }

    private static void ValidateCover(IReadOnlyList<CoverSpec>? cover, int? days, HashSet<string> shiftIds, List<FieldError> errors)
    {
        if (cover is null) return;
        var seen = new HashSet<(int, string)>();
        for (var i = 0; i < cover.Count; i++)
        {
            var c = cover[i];
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
                errors.Add(new(path, $"duplicate cover for day {c.Day} and shift \"{c.Shift}\""));
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

    private static void RequireRange(List<FieldError> errors, string path, int? value, int min, int max)
    {
        if (value is null) errors.Add(new(path, "is required"));
        else if (value < min || value > max) errors.Add(new(path, $"must be between {min} and {max}, got {value}"));
    }

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
        if (!shiftIds.Contains(shift)) errors.Add(new(path, $"unknown shift id \"{shift}\""));
    }
}
