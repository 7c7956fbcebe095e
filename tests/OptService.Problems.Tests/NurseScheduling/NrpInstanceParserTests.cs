using OptService.Kinds;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

public class NrpInstanceParserTests
{
    [Theory]
    [InlineData("Instance1.txt", 14, 8, 1, 21, 5)]
    [InlineData("Instance2.txt", 14, 14, 2, 50, 12)]
    [InlineData("Instance3.txt", 14, 20, 3, 39, 25)]
    [InlineData("Instance6.txt", 28, 18, 3, 87, 48)]
    public void Parse_ReadsSharedInstance_WithPublishedSizes(string file, int days, int staff, int shifts, int on, int off)
    {
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read("nrp", file));

        Assert.Empty(errors);
        Assert.Equal(days, problem!.HorizonDays);
        Assert.Equal(staff, problem.Staff!.Count);
        Assert.Equal(shifts, problem.ShiftTypes!.Count);
        Assert.Equal(on, problem.ShiftOnRequests!.Count);
        Assert.Equal(off, problem.ShiftOffRequests!.Count);
        Assert.Equal(days * shifts, problem.Cover!.Count);
    }

    [Fact]
    public void Parse_KeepsContractsAndForbiddenSuccessions_OfInstance3()
    {
        var (problem, _) = NrpInstanceParser.Parse(SharedFixtures.Read("nrp", "Instance3.txt"));

        Assert.Equal(["E", "D"], problem!.ShiftTypes![2].ForbiddenNext!);
        var a = problem.Staff![0];
        Assert.Equal("A", a.Id);
        Assert.Equal(0, a.MaxShifts!["L"]);
        Assert.Equal((4320, 3360, 5, 2, 2, 1), (a.MaxTotalMinutes!.Value, a.MinTotalMinutes!.Value, a.MaxConsecutiveShifts!.Value,
            a.MinConsecutiveShifts!.Value, a.MinConsecutiveDaysOff!.Value, a.MaxWeekends!.Value));
        Assert.Equal([0], a.DaysOff!);
    }

    [Theory]
    [InlineData(5, "x", "line 5", "horizon")]
    [InlineData(9, "D,480", "line 9", "3 fields")]
    [InlineData(9, "D,abc,", "line 9", "shift length")]
    [InlineData(13, "A,X=14,4320,3360,5,2,2,1", "line 13", "unknown shift id \"X\"")]
    [InlineData(13, "A,D=14,4320,-3,5,2,2,1", "line 13", "MinTotalMinutes")]
    [InlineData(24, "A,99", "line 24", "outside the horizon")]
    [InlineData(35, "Z,2,D,2", "line 35", "unknown staff id \"Z\"")]
    [InlineData(67, "0,Q,5,100,1", "line 67", "unknown shift id \"Q\"")]
    public void Parse_NamesLineAndReason_WhenLineIsMalformed(int lineNumber, string replacement, string path, string reason)
    {
        var lines = SharedFixtures.Read("nrp", "Instance1.txt").Split('\n');
        lines[lineNumber - 1] = replacement;

        var (problem, errors) = NrpInstanceParser.Parse(string.Join('\n', lines));

        Assert.Null(problem);
        var error = errors[0]; // a broken shift line also makes later references to it unknown
        Assert.Equal(path, error.Path);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RejectsAnOverlongLine_AndAnOverlongId_WithoutQuotingThem()
    {
        var lines = SharedFixtures.Read("nrp", "Instance1.txt").Split('\n');
        lines[8] = "D" + new string('x', 300) + ",480,"; // a shift id over 200 characters
        lines[12] = "A," + new string('9', 10_000_000);  // a 10 MB staff line

        var (problem, errors) = NrpInstanceParser.Parse(string.Join('\n', lines));

        Assert.Null(problem);
        Assert.Contains(errors, e => e.Path == "line 9" && e.Reason == "the shift id is longer than 200 characters");
        Assert.Contains(errors, e => e.Path == "line 13" && e.Reason == "the line is longer than 4096 characters (10,000,002)");
        Assert.All(errors, e => Assert.True(e.Reason.Length < 200, $"{e.Path}: {e.Reason.Length} characters"));
    }

    [Fact]
    public void Parse_StopsReading_AfterMoreThanAHundredErrors()
    {
        var text = SharedFixtures.Read("nrp", "Instance1.txt") + string.Concat(Enumerable.Repeat("\n0,D,5,100,1", 100_000));

        var (_, errors) = NrpInstanceParser.Parse(text);

        Assert.Equal(FieldError.MaxReported + 1, errors.Count);
        Assert.All(errors, e => Assert.Contains("is given twice", e.Reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Parse_ReadsCrLfAndCrLineEnds(string lineEnd)
    {
        var text = SharedFixtures.Read("nrp", "Instance1.txt").Replace("\n", lineEnd, StringComparison.Ordinal);

        var (problem, errors) = NrpInstanceParser.Parse(text);

        Assert.Empty(errors);
        Assert.Equal(14, problem!.HorizonDays);
    }

    [Fact]
    public void Parse_ReportsEveryBadLine_AndMissingSections()
    {
        var (_, errors) = NrpInstanceParser.Parse("SECTION_SHIFTS\nD,480,X\n\nSECTION_BOGUS\n1,2\n");

        Assert.Contains(errors, e => e.Path == "line 2" && e.Reason.Contains("unknown shift id \"X\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "line 4" && e.Reason.Contains("unknown section", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "instance" && e.Reason.Contains("SECTION_HORIZON", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "instance" && e.Reason.Contains("SECTION_STAFF", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_PutsQueryOptionsIntoProblem()
    {
        var format = new NurseSchedulingKind(new NurseSchedulingLimits()).InputFormats.OfType<ITextProblemInputFormat>().Single(f => f.Name == "nrp");
        var query = new Dictionary<string, string> { ["timeLimitSeconds"] = "60", ["workers"] = "2", ["randomSeed"] = "7", ["relativeGap"] = "0.01" };

        var conversion = format.Convert(SharedFixtures.Read("nrp", "Instance1.txt"), query);

        var problem = Assert.IsType<NurseSchedulingProblem>(conversion.Problem);
        Assert.Equal(new NurseSolveOptions { TimeLimitSeconds = 60, Workers = 2, RandomSeed = 7, RelativeGap = 0.01 }, problem.Options);
        Assert.True(new NurseSchedulingKind(new NurseSchedulingLimits()).Accept(problem).IsValid);
    }

    [Fact]
    public void Convert_NamesQueryParameter_WhenValueIsBad()
    {
        var format = new NurseSchedulingKind(new NurseSchedulingLimits()).InputFormats.OfType<ITextProblemInputFormat>().Single(f => f.Name == "nrp");
        var query = new Dictionary<string, string> { ["timeLimitSeconds"] = "soon", ["workers"] = "0", ["color"] = "red" };

        var conversion = format.Convert(SharedFixtures.Read("nrp", "Instance1.txt"), query);

        Assert.Null(conversion.Problem);
        Assert.Equal(["color", "timeLimitSeconds", "workers"], conversion.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ExampleBody_ConvertsAndValidates()
    {
        var kind = new NurseSchedulingKind(new NurseSchedulingLimits());
        var format = kind.InputFormats.OfType<ITextProblemInputFormat>().Single();

        var conversion = format.Convert(format.ExampleBody, new Dictionary<string, string>());

        Assert.Empty(conversion.Errors);
        Assert.True(kind.Accept(conversion.Problem!).IsValid);
    }
}
