using System.Text;
using Microsoft.Extensions.Configuration;
using System.Text.Json;
using OptService.Kinds;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

public class NurseSchedulingValidationTests
{
    private static readonly NurseSchedulingKind Kind = new(new NurseSchedulingLimits());

    private static IReadOnlyList<FieldError> ErrorsOf(string json, NurseSchedulingKind? kind = null)
    {
        var result = (kind ?? Kind).Parse(Encoding.UTF8.GetBytes(json));
        Assert.False(result.IsValid);
        return result.Errors;
    }

    private static NurseSchedulingProblem Small() => new()
    {
        HorizonDays = 7,
        ShiftTypes = [new ShiftTypeSpec { Id = "D", LengthMinutes = 480 }, new ShiftTypeSpec { Id = "N", LengthMinutes = 600, ForbiddenNext = ["D"] }],
        Staff =
        [
            new StaffSpec { Id = "A", MaxShifts = new Dictionary<string, int> { ["D"] = 5, ["N"] = 2 }, MaxWeekends = 1 },
            new StaffSpec { Id = "B", MaxShifts = new Dictionary<string, int> { ["D"] = 5, ["N"] = 0 } },
        ],
        ShiftOnRequests = [new ShiftRequestSpec { Staff = "A", Day = 1, Shift = "N", Weight = 2 }],
        Cover = [new CoverSpec { Day = 0, Shift = "D", Requirement = 1, WeightUnder = 100, WeightOver = 1 }],
    };

    [Fact]
    public void Parse_AcceptsShortFormExactlyAsWrittenInIssue()
    {
        Assert.True(Kind.Parse("""{ "nurseCount": 4, "dayCount": 3, "shiftsPerDay": 3, "mode": "enumerate", "maxSolutions": 5 }"""u8).IsValid);
    }

    [Fact]
    public void Parse_AcceptsLongForm_RoundTrippedThroughJson()
    {
        var json = JsonSerializer.Serialize(Small(), JobJson.Options);
        var result = Kind.Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Parse_RejectsMixOfShortAndLongForm()
    {
        var errors = ErrorsOf("""{ "nurseCount": 4, "dayCount": 3, "shiftsPerDay": 3, "horizonDays": 7 }""");
        Assert.Contains(errors, e => e.Path == "$" && e.Reason.Contains("mixes", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_RejectsUnknownField()
    {
        var errors = ErrorsOf("""{ "nurseCount": 4, "dayCount": 3, "shiftsPerDay": 3, "nurseCuont": 2 }""");
        var error = Assert.Single(errors);
        Assert.Equal("$.nurseCuont", error.Path);
        Assert.StartsWith("unknown field; the fields here are nurseCount, dayCount", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NamesEveryBadShortFormField_AtOnce()
    {
        var errors = ErrorsOf("""{ "nurseCount": -1, "dayCount": 0, "mode": "optimize", "maxSolutions": 3 }""");
        Assert.Equal(["$.dayCount", "$.maxSolutions", "$.nurseCount", "$.shiftsPerDay"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Accept_NamesField_ForUnknownShiftIds()
    {
        var p = Small();
        var staff = p.Staff!.ToList();
        staff[0] = staff[0] with { MaxShifts = new Dictionary<string, int> { ["D"] = 5, ["L"] = 2 } };
        var bad = p with
        {
            Staff = staff,
            ShiftTypes = [p.ShiftTypes![0], p.ShiftTypes[1] with { ForbiddenNext = ["X"] }],
            ShiftOnRequests = [new ShiftRequestSpec { Staff = "Q", Day = 1, Shift = "Y", Weight = 1 }],
            Cover = [new CoverSpec { Day = 0, Shift = "Z", Requirement = 1 }],
        };

        var paths = Kind.Accept(bad).Errors.Select(e => e.Path).ToList();

        Assert.Contains("$.staff[0].maxShifts.L", paths);
        Assert.Contains("$.shiftTypes[1].forbiddenNext[0]", paths);
        Assert.Contains("$.shiftOnRequests[0].staff", paths);
        Assert.Contains("$.shiftOnRequests[0].shift", paths);
        Assert.Contains("$.cover[0].shift", paths);
    }

    [Fact]
    public void Accept_NamesField_ForNegativeCounts()
    {
        var p = Small();
        var bad = p with
        {
            Staff = [p.Staff![0] with { MaxShifts = new Dictionary<string, int> { ["D"] = -1, ["N"] = 2 }, MaxWeekends = -2, MinConsecutiveDaysOff = -1 }, p.Staff[1]],
            Cover = [p.Cover![0] with { Requirement = -3, WeightUnder = -1 }],
            ShiftOnRequests = [p.ShiftOnRequests![0] with { Weight = -2 }],
        };

        var paths = Kind.Accept(bad).Errors.Select(e => e.Path).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(
            ["$.cover[0].requirement", "$.cover[0].weightUnder", "$.shiftOnRequests[0].weight", "$.staff[0].maxShifts.D", "$.staff[0].maxWeekends", "$.staff[0].minConsecutiveDaysOff"],
            paths);
    }

    [Fact]
    public void Accept_NamesNullEntries_InEveryList()
    {
        var p = Small();
        var bad = p with
        {
            ShiftTypes = [p.ShiftTypes![0], p.ShiftTypes[1], null!],
            Staff = [p.Staff![0], null!, p.Staff[1]],
            ShiftOnRequests = [null!],
            ShiftOffRequests = [null!],
            Cover = [p.Cover![0], null!],
        };

        var paths = Kind.Accept(bad).Errors.Select(e => e.Path).ToList();

        Assert.Equal(["$.shiftTypes[2]", "$.staff[1]", "$.shiftOnRequests[0]", "$.shiftOffRequests[0]", "$.cover[1]"], paths);
    }

    [Fact]
    public void Accept_RejectsOverlongIds_AndQuotesUnknownOnesClipped()
    {
        var huge = new string('x', 10_000_000);
        var p = Small();
        var bad = p with
        {
            ShiftTypes = [p.ShiftTypes![0], p.ShiftTypes[1] with { Id = huge }],
            Staff = [p.Staff![0] with { Id = huge }, p.Staff[1]],
            ShiftOnRequests = [p.ShiftOnRequests![0] with { Staff = huge }],
        };

        var errors = Kind.Accept(bad).Errors;

        Assert.Contains(errors, e => e.Path == "$.shiftTypes[1].id" && e.Reason == "must be at most 200 characters, got 10,000,000");
        Assert.Contains(errors, e => e.Path == "$.staff[0].id" && e.Reason == "must be at most 200 characters, got 10,000,000");
        Assert.Contains(errors, e => e.Path == "$.shiftOnRequests[0].staff" && e.Reason.StartsWith("unknown staff id \"xxxx", StringComparison.Ordinal));
        Assert.All(errors, e => Assert.True(e.Path.Length + e.Reason.Length < 200, $"{e.Path}: {e.Reason.Length} characters"));
    }

    [Fact]
    public void Accept_BoundsTheLists_ThatNoOtherLimitBounds()
    {
        var p = Small();
        var limits = new NurseSchedulingLimits { MaxRequests = 10 };
        var kind = new NurseSchedulingKind(limits);
        var bad = p with
        {
            ShiftTypes = [p.ShiftTypes![0] with { ForbiddenNext = ["D", "N", "D"] }, p.ShiftTypes[1]],
            Staff = [p.Staff![0] with { DaysOff = Enumerable.Repeat(1, 8).ToList() }, p.Staff[1]],
            ShiftOnRequests = Enumerable.Repeat(p.ShiftOnRequests![0], 11).ToList(),
            Cover = Enumerable.Range(0, 15).Select(i => p.Cover![0] with { Day = i % 7 }).ToList(),
        };

        var errors = kind.Accept(bad).Errors;

        Assert.Equal(["$.shiftTypes[0].forbiddenNext", "$.staff[0].daysOff", "$.shiftOnRequests", "$.cover"], errors.Select(e => e.Path));
        Assert.Equal("at most 10 requests are allowed, got 11 (Kinds:nurse-scheduling:MaxRequests)", errors[2].Reason);
        Assert.Equal("at most one entry per day and shift type (14), got 15", errors[3].Reason);
    }

    [Fact]
    public void Accept_NamesPerson_WithNoAllowedShift()
    {
        var p = Small();
        var bad = p with { Staff = [p.Staff![0], p.Staff[1] with { MaxShifts = new Dictionary<string, int> { ["D"] = 0, ["N"] = 0 } }] };

        var error = Assert.Single(Kind.Accept(bad).Errors);

        Assert.Equal("$.staff[1].maxShifts", error.Path);
        Assert.Contains("no allowed shift", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-7)]
    public void Accept_NamesHorizon_WhenNotPositive(int days)
    {
        var errors = Kind.Accept(Small() with { HorizonDays = days }).Errors;
        Assert.Contains(errors, e => e.Path == "$.horizonDays");
    }

    [Fact]
    public void Accept_NamesDaysOutsideHorizon()
    {
        var p = Small();
        var bad = p with { Staff = [p.Staff![0] with { DaysOff = [3, 7] }, p.Staff[1]], Cover = [p.Cover![0] with { Day = 9 }] };
        var paths = Kind.Accept(bad).Errors.Select(e => e.Path).ToList();
        Assert.Equal(["$.staff[0].daysOff[1]", "$.cover[0].day"], paths);
    }

    [Fact]
    public void Accept_NamesField_WhenSizeExceedsConfiguredLimits()
    {
        var kind = new NurseSchedulingKind(new NurseSchedulingLimits { MaxStaff = 1, MaxDays = 5, MaxShiftTypes = 1 });

        var paths = kind.Accept(Small()).Errors.Select(e => e.Path).ToList();

        Assert.Contains("$.horizonDays", paths);
        Assert.Contains("$.staff", paths);
        Assert.Contains("$.shiftTypes", paths);
        Assert.Contains("$.nurseCount", kind.Accept(new NurseSchedulingProblem { NurseCount = 2, DayCount = 3, ShiftsPerDay = 1 }).Errors.Select(e => e.Path));
    }

    [Fact]
    public void Accept_ReadsLimitsFromConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kinds:nurse-scheduling:MaxStaff"] = "3" })
            .Build();
        var kind = new NurseSchedulingKind(configuration);

        var errors = kind.Accept(new NurseSchedulingProblem { NurseCount = 4, DayCount = 3, ShiftsPerDay = 3 }).Errors;

        Assert.Equal("$.nurseCount", Assert.Single(errors).Path);
    }

    [Fact]
    public void Accept_NamesOptions_WhenOutOfRange()
    {
        var bad = Small() with { Options = new NurseSolveOptions { TimeLimitSeconds = 0, Workers = 99, RandomSeed = -1, RelativeGap = 2 } };
        var paths = Kind.Accept(bad).Errors.Select(e => e.Path).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["$.options.randomSeed", "$.options.relativeGap", "$.options.timeLimitSeconds", "$.options.workers"], paths);
    }

    [Fact]
    public void Accept_RejectsEnumerate_ForLongForm()
    {
        var error = Assert.Single(Kind.Accept(Small() with { Mode = NurseSchedulingMode.Enumerate }).Errors);
        Assert.Equal("$.mode", error.Path);
    }
}
