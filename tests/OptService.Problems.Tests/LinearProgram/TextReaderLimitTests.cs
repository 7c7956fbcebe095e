using System.Globalization;
using System.Text;
using OptService.Kinds;
using OptService.Problems.LinearProgram;

namespace OptService.Problems.Tests.LinearProgram;

/// <summary>
/// The MPS and LP readers check Kinds:linear-program's size limits while they read: the error names the limit
/// and the line that passed it, reading stops there (nothing after that line is looked at), and a large hostile
/// file costs the reader memory in proportion to the limits, not to the file.
/// </summary>
public sealed class TextReaderLimitTests
{
    private static readonly LinearProgramLimits Small = new() { MaxVariables = 3, MaxConstraints = 2, MaxNonzeros = 5 };

    private static string Mps(string rows, string columns) =>
        $"NAME          LIMITS\nROWS\n N  COST\n{rows}COLUMNS\n{columns}RHS\nBOUNDS\nENDATA\n";

    private static (string Path, string Reason) OnlyError((LinearProgramProblem? Problem, IReadOnlyList<FieldError> Errors) read)
    {
        Assert.Null(read.Problem);
        var error = Assert.Single(read.Errors);
        return (error.Path, error.Reason);
    }

    [Fact]
    public void Mps_TheFourthColumn_PassesMaxVariables3_OnItsLine()
    {
        var text = Mps(" L  R1\n", "    A  R1  1\n    B  R1  1\n    C  COST  1\n    D  COST  1\n    E  COST  1\n");
        var (path, reason) = OnlyError(MpsReader.Read(text, limits: Small));
        Assert.Equal("line 9", path); // the line of column D
        Assert.Equal("more than 3 columns; at most 3 are accepted (Kinds:linear-program:MaxVariables)", reason);
    }

    [Fact]
    public void Mps_TheThirdRow_PassesMaxConstraints2_DroppedNRowsCountToo()
    {
        var (path, reason) = OnlyError(MpsReader.Read(Mps(" L  R1\n N  SPARE\n G  R3\n", "    A  R1  1\n"), limits: Small));
        Assert.Equal("line 6", path);
        Assert.Contains("(Kinds:linear-program:MaxConstraints)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Mps_TheSixthNonzero_PassesMaxNonzeros5_CostsIncluded()
    {
        var text = Mps(" L  R1\n L  R2\n", "    A  COST  1  R1  1\n    B  COST  1  R2  1\n    C  R1  2  R2  3\n");
        var (path, reason) = OnlyError(MpsReader.Read(text, limits: Small));
        Assert.Equal("line 9", path); // C's line holds the fifth and sixth
        Assert.Equal("more than 5 nonzero coefficients; at most 5 are accepted (Kinds:linear-program:MaxNonzeros)", reason);
    }

    [Fact]
    public void Mps_StopsAtTheLimit_LaterDamageIsNotRead()
    {
        // Past the limit, a line that would be an error ("not a number") and a missing ENDATA are not reported: reading stopped.
        var text = "NAME X\nROWS\n N  COST\n L  R1\n L  R2\n L  R3\n L  R4\nCOLUMNS\n    A  R1  one\n";
        var (path, _) = OnlyError(MpsReader.Read(text, limits: Small));
        Assert.Equal("line 6", path);
    }

    [Fact]
    public void Mps_AtTheLimits_IsRead()
    {
        var text = Mps(" L  R1\n L  R2\n", "    A  COST  1  R1  1\n    B  COST  1  R2  1\n    C  R1  2\n");
        var (problem, errors) = MpsReader.Read(text, limits: Small);
        Assert.Empty(errors);
        Assert.Equal(3, problem!.Variables.Count);
        Assert.Equal(2, problem.Constraints.Count);
    }

    [Fact]
    public void Lp_Variables_Constraints_Nonzeros_NameTheLimitAndTheLine()
    {
        var variables = OnlyError(LpFormatReader.Read("Minimize\n obj: a + b\nSubject To\n c1: c + d >= 1\nEnd\n", limits: Small));
        Assert.Equal(("line 4", "more than 3 variables; at most 3 are accepted (Kinds:linear-program:MaxVariables)"), variables);

        var constraints = OnlyError(LpFormatReader.Read("Minimize\n obj: a\nSubject To\n c1: a >= 1\n c2: a <= 4\n c3: a <= 5\nEnd\n", limits: Small));
        Assert.Equal(("line 6", "more than 2 constraints; at most 2 are accepted (Kinds:linear-program:MaxConstraints)"), constraints);

        var nonzeros = OnlyError(LpFormatReader.Read("Minimize\n obj: a + b + c\nSubject To\n c1: a + b >= 1\n c2: c\n + a >= 2\nEnd\n", limits: Small));
        Assert.Equal(("line 5", "more than 5 nonzero coefficients; at most 5 are accepted (Kinds:linear-program:MaxNonzeros)"), nonzeros);
    }

    [Fact]
    public void Lp_ZeroObjectiveCosts_DoNotCountAsNonzeros()
    {
        // Writers list every column in the objective with cost 0 to fix their order: those are not coefficients.
        var (problem, errors) = LpFormatReader.Read("Minimize\n obj: 0 a + 0 b + 0 c\nSubject To\n c1: a + b + c >= 1\n c2: a + b >= 1\nEnd\n", limits: Small);
        Assert.Empty(errors);
        Assert.Equal(5, problem!.Constraints.Sum(c => c.Terms.Count));
    }

    [Fact]
    public void Lp_StopsAtTheLimit_LaterTokenErrorsAreNotRead()
    {
        var (path, reason) = OnlyError(LpFormatReader.Read("Minimize\n obj: a + b + c + d\nSubject To\n c1: a <> 1\nEnd\n", limits: Small));
        Assert.Equal("line 2", path);
        Assert.Contains("MaxVariables", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Lp_TokenErrorsAnywhere_AreStillAllReported()
    {
        // The parse stops at the first token error; the rest of the file is read for more of them (not for tokens).
        var (problem, errors) = LpFormatReader.Read("Minimize\n obj: a <> b\nSubject To\n c1: a >= 1\n c2: a >< 2\nEnd\n");
        Assert.Null(problem);
        Assert.Equal(["line 2", "line 5"], errors.Select(e => e.Path));
    }

    [Fact]
    public void HostileFiles_AreRefusedWithoutAllocatingInProportionToTheirSize()
    {
        // 200,000 rows (about 4 MB of text) against a limit of 2: the refusal allocates a few kilobytes, where
        // reading the file into a model first would allocate tens of megabytes.
        var lp = new StringBuilder("Minimize\n obj: x\nSubject To\n");
        var mps = new StringBuilder("NAME H\nROWS\n N  COST\n");
        for (var i = 0; i < 200_000; i++)
        {
            lp.Append(CultureInfo.InvariantCulture, $" c{i}: x + y{i} >= {i}\n");
            mps.Append(CultureInfo.InvariantCulture, $" G  R{i}\n");
        }
        lp.Append("End\n");
        mps.Append("COLUMNS\nRHS\nBOUNDS\nENDATA\n");
        foreach (var (text, read) in new (string, Func<string, (LinearProgramProblem?, IReadOnlyList<FieldError>)>)[]
                 {
                     (lp.ToString(), t => LpFormatReader.Read(t, limits: Small)),
                     (mps.ToString(), t => MpsReader.Read(t, limits: Small)),
                 })
        {
            read(text); // JIT
            var before = GC.GetAllocatedBytesForCurrentThread();
            var (_, reason) = OnlyError(read(text));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Contains("at most", reason, StringComparison.Ordinal);
            Assert.True(allocated < 256 * 1024, $"{allocated} bytes allocated to refuse a {text.Length}-character file");
        }
    }
}
