using OptService.Problems.LinearProgram;

namespace OptService.Problems.Tests.LinearProgram;

/// <summary>One test per MPS section and bound type; errors name their line.</summary>
public sealed class MpsReaderTests
{
    private static string Mps(string columns, string rhs = "", string ranges = "", string bounds = "", string rows = " N  COST\n L  LIM1\n G  LIM2\n E  MYEQN\n") =>
        $"NAME          TEST\nROWS\n{rows}COLUMNS\n{columns}RHS\n{rhs}RANGES\n{ranges}BOUNDS\n{bounds}ENDATA\n";

    private const string Columns = """
            X1        COST         1.0   LIM1         1.0
            X1        LIM2         1.0
            X2        COST         2.0   LIM1         1.0
            X2        MYEQN       -1.0
            X3        COST        -1.0   MYEQN        1.0

        """;

    private static LinearProgramProblem Read(string text) => LinearProgramTestKit.ReadMps(text);

    private static LpVariable Var(LinearProgramProblem problem, string name) => problem.Variables.Single(v => v.Name == name);

    private static LpConstraint Row(LinearProgramProblem problem, string name) => problem.Constraints.Single(c => c.Name == name);

    private static string FirstError(string text)
    {
        var (problem, errors) = MpsReader.Read(text);
        Assert.Null(problem);
        return $"{errors[0].Path}: {errors[0].Reason}";
    }

    [Fact]
    public void Rows_Columns_Rhs_GiveSidesByRowType_ColumnsInFileOrder()
    {
        var problem = Read(Mps(Columns, rhs: "    RHS       LIM1         4.0   LIM2         1.0\n    RHS       MYEQN        7.0\n"));
        Assert.Equal(["X1", "X2", "X3"], problem.Variables.Select(v => v.Name));
        Assert.Equal(["LIM1", "LIM2", "MYEQN"], problem.Constraints.Select(c => c.Name));
        Assert.Equal((null, 4.0), (Row(problem, "LIM1").Lower, Row(problem, "LIM1").Upper));
        Assert.Equal((1.0, null), (Row(problem, "LIM2").Lower, Row(problem, "LIM2").Upper));
        Assert.Equal((7.0, 7.0), (Row(problem, "MYEQN").Lower, Row(problem, "MYEQN").Upper));
        Assert.Equal(["X2", "X3"], Row(problem, "MYEQN").Terms.Names);
        Assert.Equal([-1.0, 1.0], Row(problem, "MYEQN").Terms.Coefficients);
        Assert.Equal([1.0, 2.0, -1.0], problem.Objective!.Terms.Coefficients);
        Assert.All(problem.Variables, v => Assert.Equal((0.0, null), (v.Lower, v.Upper))); // default [0, +inf)
    }

    [Fact]
    public void SeveralNRows_FirstIsTheObjective_OthersAreDropped()
    {
        var problem = Read(Mps(Columns + "    X1        OTHER        5.0\n", rows: " N  COST\n N  OTHER\n L  LIM1\n G  LIM2\n E  MYEQN\n"));
        Assert.DoesNotContain(problem.Constraints, c => c.Name == "OTHER");
        Assert.Equal([1.0, 2.0, -1.0], problem.Objective!.Terms.Coefficients);
    }

    [Fact]
    public void RhsOnTheObjectiveRow_IsMinusTheObjectiveConstant()
    {
        var problem = Read(Mps(Columns, rhs: "    RHS       COST        12.5\n"));
        Assert.Equal(-12.5, problem.Objective!.Offset);
    }

    [Theory]
    [InlineData("LIM1", 2.0, 2.0, 4.0)]    // L row: [rhs − |R|, rhs]
    [InlineData("LIM1", -2.0, 2.0, 4.0)]
    [InlineData("LIM2", 3.0, 1.0, 4.0)]    // G row: [rhs, rhs + |R|]
    [InlineData("LIM2", -3.0, 1.0, 4.0)]
    [InlineData("MYEQN", 2.0, 7.0, 9.0)]   // E row, R > 0: [rhs, rhs + R]
    [InlineData("MYEQN", -2.0, 5.0, 7.0)]  // E row, R < 0: [rhs + R, rhs]
    public void Ranges_SetBothSides_TheSignOfRDecidesTheSideOfAnERow(string row, double range, double lower, double upper)
    {
        var rhs = "    RHS       LIM1         4.0   LIM2         1.0\n    RHS       MYEQN        7.0\n";
        var problem = Read(Mps(Columns, rhs: rhs, ranges: $"    RNG       {row}  {range}\n"));
        Assert.Equal((lower, upper), (Row(problem, row).Lower!.Value, Row(problem, row).Upper!.Value));
    }

    [Theory]
    [InlineData(" UP BND X1 4", 0.0, 4.0, false)]
    [InlineData(" UP BND X1 -4", null, -4.0, false)]           // negative UP with the default lower bound: lower −∞
    [InlineData(" LO BND X1 -2\n UP BND X1 -1", -2.0, -1.0, false)] // … but not when a lower bound was given
    [InlineData(" LO BND X1 -2", -2.0, null, false)]
    [InlineData(" MI BND X1", null, null, false)]
    [InlineData(" PL BND X1", 0.0, null, false)]
    [InlineData(" FR BND X1", null, null, false)]
    [InlineData(" FX BND X1 3.5", 3.5, 3.5, false)]
    [InlineData(" BV BND X1", 0.0, 1.0, true)]
    [InlineData(" LI BND X1 2", 2.0, null, true)]
    [InlineData(" UI BND X1 9", 0.0, 9.0, true)]
    [InlineData(" UP X1 4", 0.0, 4.0, false)]                  // no bound set name
    [InlineData(" UP BND X1 1e30", 0.0, null, false)]          // 1e30 is infinite
    public void Bounds_EveryType(string bound, double? lower, double? upper, bool isInteger)
    {
        var x1 = Var(Read(Mps(Columns, bounds: bound + "\n")), "X1");
        Assert.Equal((lower, upper, isInteger), (x1.Lower, x1.Upper, x1.Integer));
    }

    [Fact]
    public void Bounds_OnlyTheFirstSetIsRead()
    {
        var x1 = Var(Read(Mps(Columns, bounds: " UP BND1 X1 4\n UP BND2 X1 7\n")), "X1");
        Assert.Equal(4.0, x1.Upper);
    }

    [Fact]
    public void Marker_IntorgIntend_MakesColumnsInteger()
    {
        var columns = "    X1 COST 1 LIM1 1\n    M1 'MARKER' 'INTORG'\n    X2 COST 2 LIM1 1\n    M2 'MARKER' 'INTEND'\n    X3 COST -1 MYEQN 1\n";
        var problem = Read(Mps(columns));
        Assert.Equal([false, true, false], problem.Variables.Select(v => v.Integer));
        Assert.Equal((0.0, null), (Var(problem, "X2").Lower, Var(problem, "X2").Upper)); // integer without bounds: [0, +inf)
    }

    [Fact]
    public void NamesWithDotsAndPunctuation_AreKept()
    {
        var problem = Read(Mps("    X.1/a[2]  COST 1 LIM1 1\n    Y-b#c     LIM1 1\n"));
        Assert.Equal(["X.1/a[2]", "Y-b#c"], problem.Variables.Select(v => v.Name));
    }

    [Fact]
    public void FreeMps_ObjSenseMax_AndCommentLines()
    {
        var text = "* a comment\nNAME t\nOBJSENSE\n    MAX\nROWS\n N obj\n L c\nCOLUMNS\n x obj 1 c 1\nRHS\n rhs c 3\nENDATA\n";
        var problem = Read(text);
        Assert.Equal(ObjectiveSense.Maximize, problem.Objective!.Sense);
        Assert.Equal(3.0, problem.Constraints[0].Upper);
        Assert.Equal(ObjectiveSense.Maximize, Read(text.Replace("OBJSENSE\n    MAX", "OBJSENSE MAX", StringComparison.Ordinal)).Objective!.Sense);
    }

    [Fact]
    public void Errors_NameTheLineAndTheReason()
    {
        Assert.Equal("line 7: SC (semi-continuous) bounds are not supported", FirstError("NAME\nROWS\n N obj\nCOLUMNS\n x obj 1\nBOUNDS\n SC BND x 4\nENDATA\n"));
        Assert.Equal("line 5: row 'nope' is not declared in ROWS", FirstError("NAME\nROWS\n N obj\nCOLUMNS\n x nope 1\nENDATA\n"));
        Assert.Equal("line 5: 'abc' is not a number", FirstError("NAME\nROWS\n N obj\nCOLUMNS\n x obj abc\nENDATA\n"));
        Assert.Equal("line 3: row type 'Q' is not N, L, G or E", FirstError("NAME\nROWS\n Q r\nCOLUMNS\nENDATA\n"));
        Assert.Equal("line 7: column 'y' does not appear in COLUMNS", FirstError("NAME\nROWS\n N obj\nCOLUMNS\n x obj 1\nBOUNDS\n UP BND y 4\nENDATA\n"));
        Assert.Equal("line 4: row 'r' is declared twice", FirstError("NAME\nROWS\n N r\n L r\nCOLUMNS\nENDATA\n"));
        Assert.StartsWith("line 6: QUADOBJ", FirstError("NAME\nROWS\n N obj\nCOLUMNS\n x obj 1\nQUADOBJ\n x x 1\nENDATA\n"), StringComparison.Ordinal);
        Assert.Equal("line 5: the file ends without ENDATA (truncated?)", FirstError("NAME\nROWS\n N obj\nCOLUMNS\n x obj 1\n"));
        Assert.Equal("line 7: text after ENDATA", FirstError("NAME\nROWS\n N obj\nCOLUMNS\n x obj 1\nENDATA\nENDATA\n"));
    }
}
