using OptService.Nlp.Collocation;

namespace OptService.Nlp.Tests;

/// <summary>
/// min ∫₀¹ ½(x² + u²) dτ, dx/dτ = u, x(0) = 1, x(1) free. The optimum is x = cosh(1 − τ)/cosh 1 with
/// cost ½ tanh 1 (from x'' = x, x'(1) = 0).
/// </summary>
internal sealed class ExponentialDecayProblem : IOptimalControlProblem
{
    public static double OptimalCost => 0.5 * Math.Tanh(1);

    public int StateCount => 1;
    public int ControlCount => 1;
    public int ParameterCount => 0;
    public int PathConstraintCount => 0;

    public OptimalControlBounds Bounds { get; } = new()
    {
        StateLower = [double.NegativeInfinity],
        StateUpper = [double.PositiveInfinity],
        InitialStateLower = [1],
        InitialStateUpper = [1],
        FinalStateLower = [double.NegativeInfinity],
        FinalStateUpper = [double.PositiveInfinity],
        ControlLower = [double.NegativeInfinity],
        ControlUpper = [double.PositiveInfinity],
        ParameterLower = [],
        ParameterUpper = [],
    };

    public void Evaluate(ReadOnlySpan<double> z, Span<double> values)
    {
        values[0] = z[1];
        values[1] = 0.5 * (z[0] * z[0] + z[1] * z[1]);
    }

    public void Jacobian(ReadOnlySpan<double> z, Span<double> jacobian)
    {
        jacobian[0] = 0;
        jacobian[1] = 1;
        jacobian[2] = z[0];
        jacobian[3] = z[1];
    }

    public void Hessian(ReadOnlySpan<double> z, ReadOnlySpan<double> weights, Span<double> hessian)
    {
        hessian.Clear();
        hessian[0] = weights[1];
        hessian[3] = weights[1];
    }

    public void Guess(double tau, Span<double> state, Span<double> control)
    {
        state[0] = 0;
        control[0] = 0;
    }

    public void GuessParameters(Span<double> parameters)
    {
    }
}
