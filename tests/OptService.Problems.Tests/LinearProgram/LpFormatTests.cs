using OptService.Kinds;
using OptService.Problems.LinearProgram;

namespace OptService.Problems.Tests.LinearProgram;

/// <summary>The CPLEX LP format, one test per construct; errors by line; round trips through both text formats.</summary>
public sealed class LpFormatTests
{
    private static LinearProgramProblem Read(string text)
    {
        var (problem, errors) = LpFormatReader.Read(text);
        Assert.True(problem is not null, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Reason}")));
        return problem!;
    }

    private static string FirstError(string text)
    {
        var (problem, errors) = LpFormatReader.Read(text);
        Assert.Null(problem);
        return $"{errors[0].Path}: {errors[0].Reason}";
    }

    [Fact]
    public void PulpStyle_ObjectiveConstraintsBoundsGeneralsBinaries()
    {
        var problem = Read("""
            \* American_Steel *\
            Minimize
            OBJ: 2 Route_A_B + 3.5 Route_A_C - Route_B_C + 7
            Subject To
            _C1: Route_A_B + Route_A_C <= 100
            Demand_C: Route_A_C
             + Route_B_C >= 50
            Balance: Route_A_B - Route_B_C = 0
            Bounds
             Route_A_B <= 40
             -5 <= Route_B_C <= 5
            x free
            Generals
            Route_A_C
            Binaries
            b
            End
            """);
        Assert.Equal(["Route_A_B", "Route_A_C", "Route_B_C", "x", "b"], problem.Variables.Select(v => v.Name));
        Assert.Equal([2, 3.5, -1], problem.Objective!.Terms.Coefficients);
        Assert.Equal(7, problem.Objective.Offset);
        Assert.Equal(ObjectiveSense.Minimize, problem.Objective.Sense);
        Assert.Equal(["_C1", "Demand_C", "Balance"], problem.Constraints.Select(c => c.Name));
        Assert.Equal((null, 100.0), (problem.Constraints[0].Lower, problem.Constraints[0].Upper));
        Assert.Equal((50.0, null), (problem.Constraints[1].Lower, problem.Constraints[1].Upper)); // spans two lines
        Assert.Equal((0.0, 0.0), (problem.Constraints[2].Lower, problem.Constraints[2].Upper));
        Assert.Equal((0.0, 40.0), (problem.Variables[0].Lower, problem.Variables[0].Upper));
        Assert.Equal((-5.0, 5.0), (problem.Variables[2].Lower, problem.Variables[2].Upper));
        Assert.Equal((null, null), (problem.Variables[3].Lower, problem.Variables[3].Upper));
        Assert.True(problem.Variables[1].Integer);
        Assert.Equal((0.0, 1.0, true), (problem.Variables[4].Lower, problem.Variables[4].Upper, problem.Variables[4].Integer));
    }

    [Fact]
    public void PyomoStyle_TermsOnTheirOwnLines_ParenthesesInNames_ShortKeywords()
    {
        var problem = Read("""
            \* Source Pyomo model name=unknown *\

            max
            x1:
            +2 x(1)
            +3 x(2)

            s.t.

            c_u_c1_:
            +1 x(1)
            +1 x(2)
            <= 4

            bounds
               -inf <= x(1) <= +inf
               0 <= x(2) <= 10
            end
            """);
        Assert.Equal(ObjectiveSense.Maximize, problem.Objective!.Sense);
        Assert.Equal(["x(1)", "x(2)"], problem.Objective.Terms.Names);
        Assert.Equal(4.0, problem.Constraints.Single().Upper);
        Assert.Equal((null, null), (problem.Variables[0].Lower, problem.Variables[0].Upper));
        Assert.Equal((0.0, 10.0), (problem.Variables[1].Lower, problem.Variables[1].Upper));
    }

    [Fact]
    public void RangedConstraints_GreaterThanForms_ScientificNumbers_AndUnnamedRows()
    {
        var problem = Read("Maximize\n obj: 1e1 x + 2.5E-1 y\nSubject To\n r: -3 <= x - y <= 4\n x + y >= -2\n 2 x =< 8\n y => 1\nBounds\n x >= -1e30\nGeneral\n y\nEnd\n");
        Assert.Equal([10, 0.25], problem.Objective!.Terms.Coefficients);
        Assert.Equal((-3.0, 4.0), (problem.Constraints[0].Lower, problem.Constraints[0].Upper));
        Assert.Equal(("R2", -2.0), (problem.Constraints[1].Name, problem.Constraints[1].Lower!.Value));
        Assert.Equal((8.0, 2.0), (problem.Constraints[2].Upper!.Value, problem.Constraints[2].Terms.Coefficients[0]));
        Assert.Equal(1.0, problem.Constraints[3].Lower);
        Assert.Null(problem.Variables[0].Lower);
        Assert.True(problem.Variables[1].Integer);
    }

    [Fact]
    public void Errors_NameTheLineAndTheReason()
    {
        Assert.Equal("line 4: expected <=, >= or =, not '4'", FirstError("Minimize\n obj: x\nSubject To\n c: x 4\nEnd\n"));
        Assert.Equal("line 2: quadratic terms ([ … ], ^) are not supported", FirstError("Minimize\n obj: x + [ x ^ 2 ] / 2\nEnd\n"));
        Assert.Equal("line 1: no objective section: the file must start with Minimize or Maximize", FirstError("Subject To\n"));
        Assert.Equal("line 5: constraint 'c' is defined twice", FirstError("Minimize\n obj: x\nSubject To\n c: x >= 1\n c: x <= 3\nEnd\n"));
        Assert.Equal("line 4: text after End", FirstError("Minimize\n obj: x\nEnd\nEnd\n"));
        Assert.Equal("line 4: the sos section is not supported (linear and mixed-integer programs only)", FirstError("Minimize\n obj: x\nSubject To\nSOS\nEnd\n"));
    }

    [Theory]
    [InlineData("netlib", "afiro.mps")]
    [InlineData("netlib", "kb2.mps")]
    [InlineData("miplib", "flugpl.mps")]
    public async Task RoundTrip_JsonToMpsAndLp_ResolvesToTheSameOptimum(string folder, string file)
    {
        var original = LinearProgramTestKit.ReadFixture(folder, file);
        var (_, expected, _) = await LinearProgramTestKit.SolveAsync(original);
        Assert.Equal(SolveOutcome.Optimal, expected.Outcome);

        var viaMps = LinearProgramTestKit.ReadMps(MpsWriter.Write(original));
        var viaLp = Read(LpFormatWriter.Write(original));
        foreach (var copy in new[] { viaMps, viaLp })
        {
            Assert.Equal(original.Variables.Select(v => (v.Name, v.Lower, v.Upper, v.Integer)), copy.Variables.Select(v => (v.Name, v.Lower, v.Upper, v.Integer)));
            var (_, again, _) = await LinearProgramTestKit.SolveAsync(copy);
            Assert.Equal(SolveOutcome.Optimal, again.Outcome);
            Assert.Equal(expected.Objective!.Value, again.Objective!.Value, 1e-9 * Math.Max(1, Math.Abs(expected.Objective.Value)));
        }
    }

    /// <summary>The JSON with each expression's terms in name order (MPS stores a row's terms column by column).</summary>
    private static string Normalized(LinearProgramProblem problem)
    {
        static LinearTerms Sorted(LinearTerms terms)
        {
            var order = Enumerable.Range(0, terms.Count).OrderBy(k => terms.Names[k], StringComparer.Ordinal).ToArray();
            return new LinearTerms([.. order.Select(k => terms.Names[k])], [.. order.Select(k => terms.Coefficients[k])]);
        }
        return LinearProgramTestKit.ToJson(problem with
        {
            Constraints = [.. problem.Constraints.Select(c => c with { Terms = Sorted(c.Terms) })],
            Objective = problem.Objective! with { Terms = Sorted(problem.Objective.Terms) },
        }).ToJsonString();
    }

    [Fact]
    public void RoundTrip_KeepsOffsetSenseRangesAndFreeFixedBoxedVariables()
    {
        var json = """
            {"variables":[{"name":"free"},{"name":"fixed","lower":2,"upper":2},{"name":"boxed","lower":-1,"upper":3,"integer":true}],
             "constraints":[{"name":"range","terms":{"free":1,"boxed":2},"lower":-4,"upper":5},{"name":"eq","terms":{"fixed":1,"free":-1},"lower":1,"upper":1}],
             "objective":{"sense":"maximize","terms":{"boxed":1,"free":0.5},"offset":-3.25}}
            """;
        var problem = LinearProgramTestKit.Parse(json);
        foreach (var copy in new[] { LinearProgramTestKit.ReadMps(MpsWriter.Write(problem)), Read(LpFormatWriter.Write(problem)) })
        {
            Assert.Equal(Normalized(problem with { Name = copy.Name }), Normalized(copy));
        }
    }
}
