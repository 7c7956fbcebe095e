using Google.OrTools.ModelBuilder;

namespace OptService.Problems.Tests.LinearProgram;

/// <summary>
/// An LP read by OR-Tools' own MPS reader (not ours), and the optimality conditions of a solution with
/// duals checked against it: primal feasibility, dual feasibility (each dual and reduced cost has the sign
/// its binding bound allows) and complementary slackness (a nonzero multiplier only on a binding bound).
/// Duals follow the service's convention: ∂objective/∂bound, reduced cost = c − Aᵀy.
/// </summary>
public sealed class KktCheck
{
    public required string[] VariableNames { get; init; }
    public required string[] ConstraintNames { get; init; }
    public required double[] ColumnLower { get; init; }
    public required double[] ColumnUpper { get; init; }
    public required double[] Cost { get; init; }
    public required bool[] IsInteger { get; init; }
    public required double[] RowLower { get; init; }
    public required double[] RowUpper { get; init; }
    public required (int Column, double Value)[][] Rows { get; init; }
    public required double Offset { get; init; }
    public required bool Maximize { get; init; }

    public static KktCheck FromMps(string mpsText)
    {
        using var helper = new ModelBuilderHelper();
        Assert.True(helper.ImportFromMpsString(mpsText), "OR-Tools could not read the MPS text");
        int n = helper.VariablesCount(), m = helper.ConstraintsCount();
        var rows = new (int, double)[m][];
        for (var i = 0; i < m; i++)
        {
            var columns = helper.ConstraintVarIndices(i).ToArray();
            var values = helper.ConstraintCoefficients(i).ToArray();
            rows[i] = [.. columns.Zip(values)];
        }
        return new KktCheck
        {
            VariableNames = [.. Enumerable.Range(0, n).Select(helper.VarName)],
            ConstraintNames = [.. Enumerable.Range(0, m).Select(helper.ConstraintName)],
            ColumnLower = [.. Enumerable.Range(0, n).Select(helper.VarLowerBound)],
            ColumnUpper = [.. Enumerable.Range(0, n).Select(helper.VarUpperBound)],
            Cost = [.. Enumerable.Range(0, n).Select(helper.VarObjectiveCoefficient)],
            IsInteger = [.. Enumerable.Range(0, n).Select(helper.VarIsIntegral)],
            RowLower = [.. Enumerable.Range(0, m).Select(helper.ConstraintLowerBound)],
            RowUpper = [.. Enumerable.Range(0, m).Select(helper.ConstraintUpperBound)],
            Rows = rows,
            Offset = helper.ObjectiveOffset(),
            Maximize = helper.Maximize(),
        };
    }

    /// <summary>Asserts the three conditions within <paramref name="tolerance"/> (scaled by 1 + magnitude).</summary>
    public void AssertOptimal(IReadOnlyDictionary<string, double> x, IReadOnlyDictionary<string, double> duals,
        IReadOnlyDictionary<string, double> reducedCosts, double tolerance)
    {
        var sign = Maximize ? -1.0 : 1.0; // in minimization terms
        var value = VariableNames.Select(name => x[name]).ToArray();
        var d = Cost.Select(c => sign * c).ToArray();
        for (var i = 0; i < Rows.Length; i++)
        {
            var y = sign * duals[ConstraintNames[i]];
            var activity = Rows[i].Sum(t => t.Value * value[t.Column]);
            Assert.True(activity >= RowLower[i] - tolerance * (1 + Math.Abs(RowLower[i])), $"row {ConstraintNames[i]}: activity {activity} below {RowLower[i]}");
            Assert.True(activity <= RowUpper[i] + tolerance * (1 + Math.Abs(RowUpper[i])), $"row {ConstraintNames[i]}: activity {activity} above {RowUpper[i]}");
            CheckMultiplier($"row {ConstraintNames[i]}", y, activity, RowLower[i], RowUpper[i], tolerance);
            foreach (var (column, coefficient) in Rows[i]) d[column] -= coefficient * y;
        }
        for (var j = 0; j < value.Length; j++)
        {
            var name = VariableNames[j];
            Assert.True(value[j] >= ColumnLower[j] - tolerance * (1 + Math.Abs(ColumnLower[j])), $"{name} = {value[j]} below {ColumnLower[j]}");
            Assert.True(value[j] <= ColumnUpper[j] + tolerance * (1 + Math.Abs(ColumnUpper[j])), $"{name} = {value[j]} above {ColumnUpper[j]}");
            CheckMultiplier($"column {name}", d[j], value[j], ColumnLower[j], ColumnUpper[j], tolerance);
            // The reported reduced cost is c − Aᵀy of the reported duals.
            Assert.True(Math.Abs(sign * reducedCosts[name] - d[j]) <= tolerance * (1 + Math.Abs(d[j])),
                $"{name}: reported reduced cost {reducedCosts[name]}, c − Aᵀy = {sign * d[j]}");
        }
    }

    public double Objective(IReadOnlyDictionary<string, double> x) =>
        Offset + VariableNames.Select((name, j) => Cost[j] * x[name]).Sum();

    /// <summary>
    /// Minimization: a positive multiplier needs a finite lower bound that binds, a negative one a
    /// finite upper bound that binds (complementary slackness).
    /// </summary>
    private static void CheckMultiplier(string what, double multiplier, double at, double lower, double upper, double tolerance)
    {
        var scale = 1 + Math.Abs(at);
        if (multiplier > tolerance)
            Assert.True(double.IsFinite(lower) && Math.Abs(at - lower) <= tolerance * scale,
                $"{what}: multiplier {multiplier} > 0 but the lower bound {lower} does not bind (at {at})");
        if (multiplier < -tolerance)
            Assert.True(double.IsFinite(upper) && Math.Abs(upper - at) <= tolerance * scale,
                $"{what}: multiplier {multiplier} < 0 but the upper bound {upper} does not bind (at {at})");
    }
}
