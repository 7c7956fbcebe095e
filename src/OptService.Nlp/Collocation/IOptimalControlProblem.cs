namespace OptService.Nlp.Collocation;

/// <summary>
/// An optimal-control problem on normalized time τ ∈ [0, 1] (a free final time T is a parameter that
/// scales the dynamics): minimize ∫₀¹ L(x, u, p) dτ subject to dx/dτ = f(x, u, p),
/// cL ≤ c(x, u, p) ≤ cU along the path, bounds on x, u, p and on x(0), x(1).
/// <para>
/// The functions are given together, at one point z = [x; u; p], as the stage vector
/// F(z) = [f (nx); c (nc); L (1)] with its dense Jacobian and the dense Hessian of wᵀF. Stage vectors
/// are small, so dense stage derivatives are exact and cheap; the transcription turns them into the
/// sparse NLP derivatives.
/// </para>
/// </summary>
public interface IOptimalControlProblem
{
    /// <summary>nx: number of differential states.</summary>
    int StateCount { get; }

    /// <summary>nu: number of controls (and algebraic variables) at each node.</summary>
    int ControlCount { get; }

    /// <summary>np: number of parameters (free final time, ...), shared by all nodes.</summary>
    int ParameterCount { get; }

    /// <summary>nc: number of path constraints at each node.</summary>
    int PathConstraintCount { get; }

    /// <summary>Bounds; equal lower and upper bounds on x(0) or x(1) are boundary conditions.</summary>
    OptimalControlBounds Bounds { get; }

    /// <summary>F(z) = [f; c; L] at z = [x; u; p] (length nx + nc + 1).</summary>
    void Evaluate(ReadOnlySpan<double> z, Span<double> values);

    /// <summary>∂F/∂z, row-major (nx + nc + 1) × (nx + nu + np).</summary>
    void Jacobian(ReadOnlySpan<double> z, Span<double> jacobian);

    /// <summary>∇²(wᵀF)(z), full symmetric, row-major (nx + nu + np)².</summary>
    void Hessian(ReadOnlySpan<double> z, ReadOnlySpan<double> weights, Span<double> hessian);

    /// <summary>Initial guess of the state and control at τ.</summary>
    void Guess(double tau, Span<double> state, Span<double> control);

    /// <summary>Initial guess of the parameters.</summary>
    void GuessParameters(Span<double> parameters);
}

/// <summary>Bounds of an <see cref="IOptimalControlProblem"/> (±∞ or ±1e19 = none).</summary>
public sealed record OptimalControlBounds
{
    public required double[] StateLower { get; init; }
    public required double[] StateUpper { get; init; }
    public required double[] InitialStateLower { get; init; }
    public required double[] InitialStateUpper { get; init; }
    public required double[] FinalStateLower { get; init; }
    public required double[] FinalStateUpper { get; init; }
    public required double[] ControlLower { get; init; }
    public required double[] ControlUpper { get; init; }
    public required double[] ParameterLower { get; init; }
    public required double[] ParameterUpper { get; init; }
    public double[] PathLower { get; init; } = [];
    public double[] PathUpper { get; init; } = [];
}
