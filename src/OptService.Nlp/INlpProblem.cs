namespace OptService.Nlp;

/// <summary>
/// A smooth nonlinear program in the style of Ipopt's TNLP:
/// minimize f(x) subject to gL ≤ g(x) ≤ gU and xL ≤ x ≤ xU, with exact first and second derivatives
/// given in sparse (triplet) form. Equality constraints have gL = gU; a variable with xL = xU is fixed
/// and removed from the iteration (like Ipopt's <c>make_parameter</c>). Bounds at or beyond
/// ±<see cref="NlpBounds.Infinity"/> mean "no bound".
/// </summary>
public interface INlpProblem
{
    /// <summary>Number of variables n.</summary>
    int VariableCount { get; }

    /// <summary>Number of constraints m.</summary>
    int ConstraintCount { get; }

    /// <summary>Number of (row, column) entries of the constraint Jacobian (duplicates are summed).</summary>
    int JacobianNonZeroCount { get; }

    /// <summary>Number of lower-triangle entries (row ≥ column) of the Lagrangian Hessian (duplicates are summed).</summary>
    int HessianNonZeroCount { get; }

    /// <summary>Variable bounds (length n) and constraint bounds (length m).</summary>
    void GetBounds(Span<double> variableLower, Span<double> variableUpper, Span<double> constraintLower, Span<double> constraintUpper);

    /// <summary>The starting point (length n); it need not be feasible or inside the bounds.</summary>
    void GetStartingPoint(Span<double> x);

    /// <summary>Jacobian sparsity: constraint row and variable column of each entry.</summary>
    void GetJacobianStructure(Span<int> rows, Span<int> columns);

    /// <summary>Hessian sparsity: lower-triangle (row ≥ column) positions of each entry.</summary>
    void GetHessianStructure(Span<int> rows, Span<int> columns);

    /// <summary>f(x).</summary>
    double Objective(ReadOnlySpan<double> x);

    /// <summary>∇f(x) (dense, length n).</summary>
    void ObjectiveGradient(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>g(x) (length m).</summary>
    void Constraints(ReadOnlySpan<double> x, Span<double> g);

    /// <summary>Jacobian values in the order of <see cref="GetJacobianStructure"/>.</summary>
    void JacobianValues(ReadOnlySpan<double> x, Span<double> values);

    /// <summary>
    /// Values of ∇²(σ f(x) + Σᵢ λᵢ gᵢ(x)) in the order of <see cref="GetHessianStructure"/>.
    /// </summary>
    void HessianValues(ReadOnlySpan<double> x, double objectiveFactor, ReadOnlySpan<double> multipliers, Span<double> values);
}

/// <summary>Conventions for bounds.</summary>
public static class NlpBounds
{
    /// <summary>Bounds at or beyond ±1e19 are treated as infinite (as Ipopt's <c>nlp_upper_bound_inf</c>).</summary>
    public const double Infinity = 1e19;
}
