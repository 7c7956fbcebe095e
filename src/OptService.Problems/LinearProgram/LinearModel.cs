using OptService.MpSolverHost;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// A validated linear program in index form: the column-compressed matrix the solver host takes, plus
/// the names, sense and offset that the host's file does not carry. Bounds of magnitude ≥ 1e30 are
/// infinite (the MPS convention).
/// </summary>
internal sealed class LinearModel
{
    public const double Infinity = 1e30;

    public required string[] VariableNames { get; init; }
    public required string[] ConstraintNames { get; init; }
    public required MpModelFile Matrix { get; init; }
    public required bool Maximize { get; init; }
    public required double ObjectiveOffset { get; init; }

    public int ColumnCount => VariableNames.Length;
    public int RowCount => ConstraintNames.Length;
    public bool HasIntegers => Array.IndexOf(Matrix.IsInteger, true) >= 0;

    /// <summary>Builds the index form of a validated problem: names → indices, rows transposed to columns.</summary>
    public static LinearModel Build(LinearProgramProblem problem)
    {
        var variables = problem.Variables;
        var constraints = problem.Constraints ?? [];
        int n = variables.Count, m = constraints.Count;
        var names = new string[n];
        var lower = new double[n];
        var upper = new double[n];
        var integer = new bool[n];
        for (var j = 0; j < n; j++)
        {
            var variable = variables[j];
            names[j] = variable.Name;
            lower[j] = Bound(variable.Lower, double.NegativeInfinity);
            upper[j] = Bound(variable.Upper, double.PositiveInfinity);
            integer[j] = variable.Integer;
        }

        var columns = TermColumns.Of(problem);
        var objective = new double[n];
        if (problem.Objective?.Terms is { } terms)
        {
            var columnOfName = columns.ColumnOfName(terms);
            var ids = terms.NameIds;
            for (var k = 0; k < ids.Length; k++) objective[columnOfName[ids[k]]] += terms.Coefficients[k];
        }

        // Count per column, then place: the rows arrive row by row, the host wants columns.
        var rowNames = new string[m];
        var rowLower = new double[m];
        var rowUpper = new double[m];
        var columnStart = new int[n + 1];
        var columnOf = new int[constraints.Sum(c => c.Terms.Count)];
        var position = 0;
        for (var i = 0; i < m; i++)
        {
            var constraint = constraints[i];
            rowNames[i] = constraint.Name;
            rowLower[i] = Bound(constraint.Lower, double.NegativeInfinity);
            rowUpper[i] = Bound(constraint.Upper, double.PositiveInfinity);
            var columnOfName = columns.ColumnOfName(constraint.Terms);
            foreach (var id in constraint.Terms.NameIds)
            {
                var j = columnOfName[id];
                columnOf[position++] = j;
                columnStart[j + 1]++;
            }
        }
        for (var j = 0; j < n; j++) columnStart[j + 1] += columnStart[j];
        var next = (int[])columnStart.Clone();
        var rows = new int[columnOf.Length];
        var values = new double[columnOf.Length];
        position = 0;
        for (var i = 0; i < m; i++)
        {
            foreach (var coefficient in constraints[i].Terms.Coefficients)
            {
                var at = next[columnOf[position++]]++;
                rows[at] = i;
                values[at] = coefficient;
            }
        }
        return new LinearModel
        {
            VariableNames = names,
            ConstraintNames = rowNames,
            Maximize = problem.Objective?.Sense == ObjectiveSense.Maximize,
            ObjectiveOffset = problem.Objective?.Offset ?? 0,
            Matrix = new MpModelFile
            {
                ColumnLower = lower, ColumnUpper = upper, Objective = objective, IsInteger = integer,
                RowLower = rowLower, RowUpper = rowUpper, ColumnStart = columnStart, RowIndex = rows, Value = values,
            },
        };
    }

    /// <summary>Row activities A·x.</summary>
    public double[] Activities(double[] x)
    {
        var activity = new double[RowCount];
        var a = Matrix;
        for (var j = 0; j < ColumnCount; j++)
            for (var k = a.ColumnStart[j]; k < a.ColumnStart[j + 1]; k++)
                activity[a.RowIndex[k]] += a.Value[k] * x[j];
        return activity;
    }

    /// <summary>c·x + offset.</summary>
    public double ObjectiveValue(double[] x)
    {
        var value = ObjectiveOffset;
        for (var j = 0; j < ColumnCount; j++) value += Matrix.Objective[j] * x[j];
        return value;
    }

    private static double Bound(double? value, double infinite) =>
        value is not { } v ? infinite : v >= Infinity ? double.PositiveInfinity : v <= -Infinity ? double.NegativeInfinity : v;
}
