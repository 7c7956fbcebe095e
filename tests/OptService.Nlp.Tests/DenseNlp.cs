using OptService.Nlp;

namespace OptService.Nlp.Tests;

/// <summary>A small test NLP given by dense callbacks; the sparse structure lists every entry.</summary>
internal sealed class DenseNlp : INlpProblem
{
    public required double[] Lower { get; init; }
    public required double[] Upper { get; init; }
    public double[] ConstraintLower { get; init; } = [];
    public double[] ConstraintUpper { get; init; } = [];
    public required double[] Start { get; init; }
    public required Func<double[], double> F { get; init; }
    public required Func<double[], double[]> Gradient { get; init; }
    public Func<double[], double[]> G { get; init; } = _ => [];
    /// <summary>Jacobian as [row][column].</summary>
    public Func<double[], double[][]> Jacobian { get; init; } = _ => [];
    /// <summary>Full symmetric Hessian of σf + Σλg as [row][column].</summary>
    public required Func<double[], double, double[], double[][]> Hessian { get; init; }

    public int VariableCount => Start.Length;
    public int ConstraintCount => ConstraintLower.Length;
    public int JacobianNonZeroCount => VariableCount * ConstraintCount;
    public int HessianNonZeroCount => VariableCount * (VariableCount + 1) / 2;

    public void GetBounds(Span<double> variableLower, Span<double> variableUpper, Span<double> constraintLower, Span<double> constraintUpper)
    {
        Lower.CopyTo(variableLower);
        Upper.CopyTo(variableUpper);
        ConstraintLower.CopyTo(constraintLower);
        ConstraintUpper.CopyTo(constraintUpper);
    }

    public void GetStartingPoint(Span<double> x) => Start.CopyTo(x);

    public void GetJacobianStructure(Span<int> rows, Span<int> columns)
    {
        var e = 0;
        for (var i = 0; i < ConstraintCount; i++)
            for (var j = 0; j < VariableCount; j++, e++) (rows[e], columns[e]) = (i, j);
    }

    public void GetHessianStructure(Span<int> rows, Span<int> columns)
    {
        var e = 0;
        for (var i = 0; i < VariableCount; i++)
            for (var j = 0; j <= i; j++, e++) (rows[e], columns[e]) = (i, j);
    }

    public double Objective(ReadOnlySpan<double> x) => F(x.ToArray());
    public void ObjectiveGradient(ReadOnlySpan<double> x, Span<double> gradient) => Gradient(x.ToArray()).CopyTo(gradient);
    public void Constraints(ReadOnlySpan<double> x, Span<double> g) => G(x.ToArray()).CopyTo(g);

    public void JacobianValues(ReadOnlySpan<double> x, Span<double> values)
    {
        var jac = Jacobian(x.ToArray());
        var e = 0;
        for (var i = 0; i < ConstraintCount; i++)
            for (var j = 0; j < VariableCount; j++, e++) values[e] = jac[i][j];
    }

    public void HessianValues(ReadOnlySpan<double> x, double objectiveFactor, ReadOnlySpan<double> multipliers, Span<double> values)
    {
        var h = Hessian(x.ToArray(), objectiveFactor, multipliers.ToArray());
        var e = 0;
        for (var i = 0; i < VariableCount; i++)
            for (var j = 0; j <= i; j++, e++) values[e] = h[i][j];
    }
}
