using System.Globalization;
using System.Text;
using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// The job's files: the model in both text formats (an MPS submission can download LP and the other way
/// round), <c>solution.csv</c> (name, value, reduced cost) and, for a continuous model, <c>duals.csv</c>
/// (name, dual, activity, slack).
/// </summary>
internal static class LinearProgramFiles
{
    public static void AddModelFiles(LinearProgramProblem problem, ISolveContext context)
    {
        context.AddArtifact("model.mps", "text/plain", Encoding.UTF8.GetBytes(MpsWriter.Write(problem)));
        context.AddArtifact("model.lp", "text/plain", Encoding.UTF8.GetBytes(LpFormatWriter.Write(problem)));
    }

    public static void AddSolutionFiles(LinearProgramResult result, LinearModel model, ISolveContext context)
    {
        var solution = new StringBuilder("name,value,reducedCost\n");
        foreach (var variable in result.Variables)
            solution.Append(Csv(variable.Name)).Append(',').Append(Number(variable.Value)).Append(',')
                .Append(variable.ReducedCost is { } d ? Number(d) : "").Append('\n');
        context.AddArtifact("solution.csv", "text/csv", Encoding.UTF8.GetBytes(solution.ToString()));
        if (model.HasIntegers || result.Constraints.All(c => c.Dual is null)) return;

        var duals = new StringBuilder("name,dual,activity,slack\n");
        var bounds = model.Matrix;
        for (var i = 0; i < result.Constraints.Count; i++)
        {
            var constraint = result.Constraints[i];
            // Slack: distance from the activity to the nearer finite side (0 when binding).
            var slack = Math.Min(
                double.IsFinite(bounds.RowLower[i]) ? constraint.Activity - bounds.RowLower[i] : double.PositiveInfinity,
                double.IsFinite(bounds.RowUpper[i]) ? bounds.RowUpper[i] - constraint.Activity : double.PositiveInfinity);
            duals.Append(Csv(constraint.Name)).Append(',').Append(constraint.Dual is { } y ? Number(y) : "").Append(',')
                .Append(Number(constraint.Activity)).Append(',').Append(double.IsFinite(slack) ? Number(slack) : "").Append('\n');
        }
        context.AddArtifact("duals.csv", "text/csv", Encoding.UTF8.GetBytes(duals.ToString()));
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180: quote a name holding a comma, quote or line break.</summary>
    private static string Csv(string name) =>
        name.AsSpan().IndexOfAny(",\"\r\n") < 0 ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
