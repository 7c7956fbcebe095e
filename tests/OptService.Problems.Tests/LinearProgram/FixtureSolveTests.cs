using OptService.Kinds;
using OptService.Problems.LinearProgram;

namespace OptService.Problems.Tests.LinearProgram;

/// <summary>
/// The kind on single shared fixtures, for what the HTTP matrix does not look at: logs, incumbents,
/// the first-order check, and our MPS reader against OR-Tools' own.
/// </summary>
public sealed class FixtureSolveTests
{
    [Theory]
    [InlineData("netlib", "afiro.mps")]
    [InlineData("netlib", "adlittle.mps")]
    [InlineData("netlib", "sc50a.mps")]
    [InlineData("netlib", "blend.mps")]
    [InlineData("netlib", "share2b.mps")]
    [InlineData("netlib", "kb2.mps")]
    [InlineData("miplib", "p0033.mps")]
    [InlineData("miplib", "lseu.mps")]
    [InlineData("miplib", "flugpl.mps")]
    [InlineData("miplib", "egout.mps")]
    public void MpsReader_ReadsTheSameModelAsOrTools(string folder, string file)
    {
        var text = SharedFixtures.Read(folder, file);
        var ours = LinearProgramTestKit.ReadMps(text);
        var theirs = KktCheck.FromMps(text);
        Assert.Equal(theirs.VariableNames, ours.Variables.Select(v => v.Name));
        Assert.Equal(theirs.ConstraintNames, ours.Constraints.Select(c => c.Name));
        for (var j = 0; j < theirs.VariableNames.Length; j++)
        {
            Assert.Equal(theirs.ColumnLower[j], ours.Variables[j].Lower ?? double.NegativeInfinity);
            Assert.Equal(theirs.ColumnUpper[j], ours.Variables[j].Upper ?? double.PositiveInfinity);
        }
        for (var i = 0; i < theirs.ConstraintNames.Length; i++)
        {
            Assert.Equal(theirs.RowLower[i], ours.Constraints[i].Lower ?? double.NegativeInfinity);
            Assert.Equal(theirs.RowUpper[i], ours.Constraints[i].Upper ?? double.PositiveInfinity);
            Assert.Equal(theirs.Rows[i].Length, ours.Constraints[i].Terms.Count);
        }
        var costs = ours.Objective!.Terms;
        Assert.Equal(theirs.Cost.Count(c => c != 0), costs.Count);
        Assert.Equal(theirs.Offset, ours.Objective.Offset);
    }

    [Fact]
    public async Task Afiro_Glop_IsOptimal_WithDualsThatPassTheKktCheck()
    {
        var text = SharedFixtures.Read("netlib", "afiro.mps");
        var (report, result, context) = await LinearProgramTestKit.SolveAsync(LinearProgramTestKit.ReadMps(text));
        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal("glop", result.Solver);
        Assert.Equal(-4.6475314286E+02, result.Objective!.Value, 1e-8 * 464.75);
        KktCheck.FromMps(text).AssertOptimal(
            result.Variables.ToDictionary(v => v.Name, v => v.Value),
            result.Constraints.ToDictionary(c => c.Name, c => c.Dual!.Value),
            result.Variables.ToDictionary(v => v.Name, v => v.ReducedCost!.Value), 1e-7);
        Assert.Contains("the model is continuous", context.LogText, StringComparison.Ordinal);
        Assert.Contains("solution.csv", context.Artifacts.Keys);
        Assert.Contains("duals.csv", context.Artifacts.Keys);
    }

    [Theory]
    [InlineData(LinearProgramSolver.Scip)]
    [InlineData(LinearProgramSolver.Cbc)]
    [InlineData(LinearProgramSolver.Highs)]
    public async Task P0033_ReportsImprovingIncumbents_AndReachesTheOptimum(LinearProgramSolver solver)
    {
        var problem = LinearProgramTestKit.ReadFixture("miplib", "p0033.mps", new LinearProgramOptions { Solver = solver, Presolve = false });
        var (report, result, context) = await LinearProgramTestKit.SolveAsync(problem);
        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(3089, result.Objective);
        Assert.All(result.Variables, v => Assert.Equal(Math.Round(v.Value), v.Value));
        var incumbents = context.Incumbents.Select(i => i.Objective!.Value).ToList();
        Assert.NotEmpty(incumbents);
        Assert.Equal(3089, incumbents[^1]);
        Assert.Equal(incumbents.OrderByDescending(v => v), incumbents); // each one improves on the last
    }
}
