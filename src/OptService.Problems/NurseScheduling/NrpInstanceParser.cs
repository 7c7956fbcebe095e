using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Reads an instance of the Curtois &amp; Qu employee-rostering benchmark (Instance1..24 text format) into the
/// long JSON form. Every malformed line is reported with its 1-based number and the reason.
/// </summary>
public static class NrpInstanceParser
{
    private static readonly string[] SectionOrder =
        ["HORIZON", "SHIFTS", "STAFF", "DAYS_OFF", "SHIFT_ON_REQUESTS", "SHIFT_OFF_REQUESTS", "COVER"];

    /// <summary>Longest data line read (comments may be longer). The longest benchmark line, a STAFF line with 32
    /// shift types, has about 300 characters.</summary>
    public const int MaxLineLength = 4096;

    /// <summary>Parses the text; on errors the problem is null.</summary>
    public static (NurseSchedulingProblem? Problem, IReadOnlyList<FieldError> Errors) Parse(string text, NurseSolveOptions? options = null)
    {
        var state = new ParseState();
        string? section = null;
        var number = 0;
        // Lines are read as spans (LF, CRLF or CR ends) and copied only when short: a 10 MB body is not split into
        // copies of itself.
        foreach (var span in text.AsSpan().EnumerateLines())
        {
            // Past the listed errors the rest of the file cannot change the answer (a 400); stop reading it.
            if (state.Errors.Count > FieldError.MaxReported) break;
            number++;
            var trimmed = span.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#') continue;
            var at = $"line {number}";
            if (trimmed.Length > MaxLineLength)
            {
                state.Error(at, $"the line is longer than {MaxLineLength} characters ({trimmed.Length:N0})");
                continue;
            }
            var line = trimmed.ToString();
            if (line.StartsWith("SECTION_", StringComparison.Ordinal))
            {
                section = line["SECTION_".Length..];
                if (!SectionOrder.Contains(section)) state.Error(at, $"unknown section \"{Clip(line)}\"");
                else if (!state.Seen.Add(section)) state.Error(at, $"section {line} appears twice");
                continue;
            }
            var fields = line.Split(',');
            switch (section)
            {
                case null: state.Error(at, "data before the first SECTION_ header"); break;
                case "HORIZON": ParseHorizon(state, at, fields); break;
                case "SHIFTS": ParseShift(state, at, fields); break;
                case "STAFF": ParseStaff(state, at, fields); break;
                case "DAYS_OFF": ParseDaysOff(state, at, fields); break;
                case "SHIFT_ON_REQUESTS": ParseRequest(state, at, fields, state.OnRequests); break;
                case "SHIFT_OFF_REQUESTS": ParseRequest(state, at, fields, state.OffRequests); break;
                case "COVER": ParseCover(state, at, fields); break;
                default: break; // unknown section already reported
            }
        }
        if (state.Errors.Count > FieldError.MaxReported) return (null, state.Errors);
        CheckForbiddenReferences(state);
        foreach (var required in new[] { "HORIZON", "SHIFTS", "STAFF" })
            if (!state.Seen.Contains(required)) state.Error("instance", $"section SECTION_{required} is missing");
        if (state.Errors.Count > 0) return (null, state.Errors);

        var staff = state.Staff.Select(s => s with { DaysOff = state.DaysOff.GetValueOrDefault(s.Id, []) }).ToList();
        var problem = new NurseSchedulingProblem
        {
            HorizonDays = state.Horizon,
            ShiftTypes = state.Shifts,
            Staff = staff,
            ShiftOnRequests = state.OnRequests,
            ShiftOffRequests = state.OffRequests,
            Cover = state.Cover,
            Options = options,
        };
        return (problem, []);
    }

    private static void ParseHorizon(ParseState state, string at, string[] f)
    {
        if (state.Horizon is not null) { state.Error(at, "the horizon is given twice"); return; }
        if (f.Length != 1 || !TryInt(f[0], out var h) || h <= 0)
            state.Error(at, $"expected the horizon as one positive integer, got \"{Clip(string.Join(',', f))}\"");
        else state.Horizon = h;
    }

    private static void ParseShift(ParseState state, string at, string[] f)
    {
        if (f.Length != 3) { state.Error(at, $"expected ShiftID,LengthMinutes,Forbidden (3 fields), got {f.Length}"); return; }
        if (f[0].Length == 0) state.Error(at, "empty shift id");
        else if (f[0].Length > NurseSchedulingLimits.MaxIdLength) state.Error(at, $"the shift id is longer than {NurseSchedulingLimits.MaxIdLength} characters");
        else if (state.ShiftLine.ContainsKey(f[0])) state.Error(at, $"duplicate shift id \"{f[0]}\"");
        if (!TryInt(f[1], out var length) || length <= 0) state.Error(at, $"shift length \"{Clip(f[1])}\" is not a positive integer");
        var forbidden = f[2].Length == 0 ? [] : f[2].Split('|');
        state.ShiftLine.TryAdd(f[0], at);
        state.Shifts.Add(new ShiftTypeSpec { Id = f[0], LengthMinutes = length, ForbiddenNext = forbidden });
        state.PendingForbidden.Add((at, forbidden));
    }

    private static void ParseStaff(ParseState state, string at, string[] f)
    {
        CheckForbiddenReferences(state);
        if (f.Length != 8) { state.Error(at, $"expected ID,MaxShifts,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends (8 fields), got {f.Length}"); return; }
        if (f[0].Length == 0) state.Error(at, "empty staff id");
        else if (f[0].Length > NurseSchedulingLimits.MaxIdLength) state.Error(at, $"the staff id is longer than {NurseSchedulingLimits.MaxIdLength} characters");
        else if (!state.StaffIds.Add(f[0])) state.Error(at, $"duplicate staff id \"{f[0]}\"");
        var maxShifts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in f[1].Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split('=');
            if (parts.Length != 2 || !TryInt(parts[1], out var n) || n < 0)
                state.Error(at, $"MaxShifts entry \"{Clip(entry)}\" is not ShiftID=count");
            else if (!state.ShiftLine.ContainsKey(parts[0])) state.Error(at, $"MaxShifts names unknown shift id \"{Clip(parts[0])}\"");
            else if (!maxShifts.TryAdd(parts[0], n)) state.Error(at, $"MaxShifts lists shift \"{Clip(parts[0])}\" twice");
        }
        var numbers = new int[6];
        string[] names = ["MaxTotalMinutes", "MinTotalMinutes", "MaxConsecutiveShifts", "MinConsecutiveShifts", "MinConsecutiveDaysOff", "MaxWeekends"];
        for (var k = 0; k < 6; k++)
            if (!TryInt(f[k + 2], out numbers[k]) || numbers[k] < 0)
                state.Error(at, $"{names[k]} \"{Clip(f[k + 2])}\" is not a non-negative integer");
        state.Staff.Add(new StaffSpec
        {
            Id = f[0],
            MaxShifts = maxShifts,
            MaxTotalMinutes = numbers[0],
            MinTotalMinutes = numbers[1],
            MaxConsecutiveShifts = numbers[2],
            MinConsecutiveShifts = numbers[3],
            MinConsecutiveDaysOff = numbers[4],
            MaxWeekends = numbers[5],
        });
    }

    private static void ParseDaysOff(ParseState state, string at, string[] f)
    {
        if (f.Length < 2) { state.Error(at, "expected EmployeeID,day,day,..."); return; }
        if (!state.StaffIds.Contains(f[0])) state.Error(at, $"unknown staff id \"{Clip(f[0])}\"");
        var days = new List<int>();
        foreach (var field in f.Skip(1))
            if (TryDay(state, at, field, out var d)) days.Add(d);
        if (!state.DaysOff.TryAdd(f[0], days)) state.Error(at, $"days off of \"{Clip(f[0])}\" are given twice");
    }

    private static void ParseRequest(ParseState state, string at, string[] f, List<ShiftRequestSpec> into)
    {
        if (f.Length != 4) { state.Error(at, $"expected EmployeeID,Day,ShiftID,Weight (4 fields), got {f.Length}"); return; }
        if (!state.StaffIds.Contains(f[0])) state.Error(at, $"unknown staff id \"{Clip(f[0])}\"");
        TryDay(state, at, f[1], out var day);
        if (!state.ShiftLine.ContainsKey(f[2])) state.Error(at, $"unknown shift id \"{Clip(f[2])}\"");
        if (!TryInt(f[3], out var weight) || weight < 0) state.Error(at, $"weight \"{Clip(f[3])}\" is not a non-negative integer");
        into.Add(new ShiftRequestSpec { Staff = f[0], Day = day, Shift = f[2], Weight = weight });
    }

    private static void ParseCover(ParseState state, string at, string[] f)
    {
        if (f.Length != 5) { state.Error(at, $"expected Day,ShiftID,Requirement,WeightUnder,WeightOver (5 fields), got {f.Length}"); return; }
        TryDay(state, at, f[0], out var day);
        if (!state.ShiftLine.ContainsKey(f[1])) state.Error(at, $"unknown shift id \"{Clip(f[1])}\"");
        var numbers = new int[3];
        string[] names = ["Requirement", "WeightUnder", "WeightOver"];
        for (var k = 0; k < 3; k++)
            if (!TryInt(f[k + 2], out numbers[k]) || numbers[k] < 0)
                state.Error(at, $"{names[k]} \"{Clip(f[k + 2])}\" is not a non-negative integer");
        if (!state.CoverSeen.Add((day, f[1]))) state.Error(at, $"cover for day {day} and shift \"{Clip(f[1])}\" is given twice");
        state.Cover.Add(new CoverSpec { Day = day, Shift = f[1], Requirement = numbers[0], WeightUnder = numbers[1], WeightOver = numbers[2] });
    }

    /// <summary>Forbidden successions may name shifts defined on later lines, so they are checked once SHIFTS is complete.</summary>
    private static void CheckForbiddenReferences(ParseState state)
    {
        foreach (var (at, forbidden) in state.PendingForbidden)
            foreach (var id in forbidden.Where(id => !state.ShiftLine.ContainsKey(id)))
                state.Error(at, $"forbidden successor names unknown shift id \"{Clip(id)}\"");
        state.PendingForbidden.Clear();
    }

    private static bool TryDay(ParseState state, string at, string field, out int day)
    {
        if (!TryInt(field, out day) || day < 0) { state.Error(at, $"day \"{Clip(field)}\" is not a non-negative integer"); return false; }
        if (state.Horizon is { } h && day >= h) { state.Error(at, $"day {day} is outside the horizon 0..{h - 1}"); return false; }
        return true;
    }

    /// <summary>A field as quoted in a message: at most 40 characters of it.</summary>
    private static string Clip(string field) => field.Length <= 40 ? field : field[..40] + $"… ({field.Length:N0} characters)";

    private static bool TryInt(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private sealed class ParseState
    {
        public List<FieldError> Errors { get; } = [];
        public HashSet<string> Seen { get; } = [];
        public int? Horizon { get; set; }
        public List<ShiftTypeSpec> Shifts { get; } = [];
        public Dictionary<string, string> ShiftLine { get; } = new(StringComparer.Ordinal);
        public List<(string At, string[] Ids)> PendingForbidden { get; } = [];
        public List<StaffSpec> Staff { get; } = [];
        public HashSet<string> StaffIds { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, IReadOnlyList<int>> DaysOff { get; } = new(StringComparer.Ordinal);
        public List<ShiftRequestSpec> OnRequests { get; } = [];
        public List<ShiftRequestSpec> OffRequests { get; } = [];
        public List<CoverSpec> Cover { get; } = [];
        public HashSet<(int, string)> CoverSeen { get; } = [];

        public void Error(string at, string reason) => Errors.Add(new FieldError(at, reason));
    }
}
