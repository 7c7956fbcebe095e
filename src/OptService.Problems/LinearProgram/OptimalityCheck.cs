namespace OptService.Problems.LinearProgram;

/// <summary>
/// Measures how far an LP solution with duals is from optimal, from the model's data alone: primal
/// feasibility, dual feasibility (signs of duals and reduced costs against the bounds that exist) and the
/// gap between primal and dual objective (zero exactly when complementary slackness holds).
/// </summary>
internal static class OptimalityCheck
{
    public static FeasibilityCheck Measure(LinearModel model, double[] x, double[] duals, double tolerance)
    {
        var a = model.Matrix;
        // In minimization terms: a maximization's costs and duals change sign.
        var sign = model.Maximize ? -1.0 : 1.0;
        var activity = model.Activities(x);

        double primal = 0, scale = 1;
        for (var i = 0; i < model.RowCount; i++)
        {
            primal = Math.Max(primal, Math.Max(a.RowLower[i] - activity[i], activity[i] - a.RowUpper[i]));
            scale = Math.Max(scale, 1 + Math.Max(Finite(a.RowLower[i]), Finite(a.RowUpper[i])));
        }
        for (var j = 0; j < model.ColumnCount; j++)
        {
            primal = Math.Max(primal, Math.Max(a.ColumnLower[j] - x[j], x[j] - a.ColumnUpper[j]));
            scale = Math.Max(scale, 1 + Math.Max(Finite(a.ColumnLower[j]), Finite(a.ColumnUpper[j])));
        }

        double dual = 0, costScale = 1, dualObjective = 0, primalObjective = 0;
        for (var i = 0; i < model.RowCount; i++)
        {
            var y = sign * duals[i];
            dual = Math.Max(dual, WrongSign(y, a.RowLower[i], a.RowUpper[i]));
            dualObjective += BoundTerm(y, a.RowLower[i], a.RowUpper[i]);
        }
        for (var j = 0; j < model.ColumnCount; j++)
        {
            var d = sign * a.Objective[j];
            costScale = Math.Max(costScale, 1 + Math.Abs(d));
            primalObjective += sign * a.Objective[j] * x[j];
            for (var k = a.ColumnStart[j]; k < a.ColumnStart[j + 1]; k++) d -= a.Value[k] * sign * duals[a.RowIndex[k]];
            dual = Math.Max(dual, WrongSign(d, a.ColumnLower[j], a.ColumnUpper[j]));
            dualObjective += BoundTerm(d, a.ColumnLower[j], a.ColumnUpper[j]);
        }
        var gap = Math.Abs(primalObjective - dualObjective) / (1 + Math.Abs(primalObjective) + Math.Abs(dualObjective));
        return new FeasibilityCheck(Math.Max(0, primal) / scale, dual / costScale, double.IsFinite(gap) ? gap : double.PositiveInfinity, tolerance);
    }

    public static bool Within(FeasibilityCheck check) =>
        check.PrimalViolation <= check.Tolerance && check.DualViolation <= check.Tolerance && check.ObjectiveGap <= check.Tolerance;

    /// <summary>A positive multiplier needs a finite lower bound, a negative one a finite upper bound.</summary>
    private static double WrongSign(double multiplier, double lower, double upper) =>
        multiplier > 0 && double.IsNegativeInfinity(lower) ? multiplier
        : multiplier < 0 && double.IsPositiveInfinity(upper) ? -multiplier
        : 0;

    /// <summary>The multiplier's share of the dual objective; an infinite bound contributes nothing (counted as a violation instead).</summary>
    private static double BoundTerm(double multiplier, double lower, double upper) =>
        multiplier > 0 && double.IsFinite(lower) ? multiplier * lower
        : multiplier < 0 && double.IsFinite(upper) ? multiplier * upper
        : 0;

    private static double Finite(double value) => double.IsFinite(value) ? Math.Abs(value) : 0;
}
