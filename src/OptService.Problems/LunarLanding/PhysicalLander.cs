using OptService.Nlp.Collocation;

namespace OptService.Problems.LunarLanding;

/// <summary>
/// Real time and SI units with a free final time T (τ = t/T only parametrizes the grid):
/// dh/dτ = T·v, dv/dτ = T·(−g + v_e·u/m) and a third state that keeps the propellant honest —
/// with <c>massModel: variable</c> the mass m, dm/dτ = −T·u, m(0) = dry + fuel, m ≥ dry; with
/// <c>constant</c> the fuel used w, dw/dτ = T·u, w(0) = 0, w(1) ≤ fuel, and m = dry + fuel.
/// Altitude stays ≥ 0 (no flying through the surface), 0 ≤ u ≤ maxThrust/v_e. Cost ∫₀¹ T·u dτ.
/// </summary>
internal sealed class PhysicalLander(LunarLandingProblem problem) : IOptimalControlProblem
{
    private readonly double _g = problem.Gravity;
    private readonly double _ve = problem.Vehicle.ExhaustVelocity;
    private readonly double _dry = problem.Vehicle.DryMass;
    private readonly double _fuel = problem.Vehicle.FuelMass;
    private readonly double _uMax = problem.Vehicle.MaxThrust / problem.Vehicle.ExhaustVelocity;
    private readonly bool _variable = problem.MassModel == MassModel.Variable;

    public int StateCount => 3;
    public int ControlCount => 1;
    public int ParameterCount => 1;
    public int PathConstraintCount => 0;

    public OptimalControlBounds Bounds => new()
    {
        StateLower = [0, double.NegativeInfinity, _variable ? _dry : 0],
        StateUpper = [double.PositiveInfinity, double.PositiveInfinity, _variable ? _dry + _fuel : _fuel],
        InitialStateLower = [problem.InitialAltitude, problem.InitialVelocity, _variable ? _dry + _fuel : 0],
        InitialStateUpper = [problem.InitialAltitude, problem.InitialVelocity, _variable ? _dry + _fuel : 0],
        FinalStateLower = [0, 0, double.NegativeInfinity],
        FinalStateUpper = [0, 0, double.PositiveInfinity],
        ControlLower = [0],
        ControlUpper = [_uMax],
        ParameterLower = [0],
        ParameterUpper = [double.PositiveInfinity],
    };

    /// <summary>Mass at a state (constant model: dry + fuel).</summary>
    public double Mass(ReadOnlySpan<double> state) => _variable ? state[2] : _dry + _fuel;

    // z = [h, v, m|w, u, T]; F = [T v, T(−g + v_e u/m), ∓T u, T u].
    public void Evaluate(ReadOnlySpan<double> z, Span<double> values)
    {
        double v = z[1], u = z[3], t = z[4];
        var m = _variable ? z[2] : _dry + _fuel;
        values[0] = t * v;
        values[1] = t * (-_g + _ve * u / m);
        values[2] = _variable ? -t * u : t * u;
        values[3] = t * u;
    }

    public void Jacobian(ReadOnlySpan<double> z, Span<double> jacobian)
    {
        double v = z[1], u = z[3], t = z[4];
        var m = _variable ? z[2] : _dry + _fuel;
        var sign = _variable ? -1 : 1;
        jacobian.Clear();
        jacobian[0 * 5 + 1] = t;
        jacobian[0 * 5 + 4] = v;
        if (_variable) jacobian[1 * 5 + 2] = -t * _ve * u / (m * m);
        jacobian[1 * 5 + 3] = t * _ve / m;
        jacobian[1 * 5 + 4] = -_g + _ve * u / m;
        jacobian[2 * 5 + 3] = sign * t;
        jacobian[2 * 5 + 4] = sign * u;
        jacobian[3 * 5 + 3] = t;
        jacobian[3 * 5 + 4] = u;
    }

    public void Hessian(ReadOnlySpan<double> z, ReadOnlySpan<double> weights, Span<double> hessian)
    {
        double u = z[3], t = z[4];
        var m = _variable ? z[2] : _dry + _fuel;
        var sign = _variable ? -1 : 1;
        hessian.Clear();
        Add(hessian, 1, 4, weights[0]);
        Add(hessian, 3, 4, weights[1] * _ve / m + weights[2] * sign + weights[3]);
        if (_variable)
        {
            Add(hessian, 2, 2, weights[1] * 2 * t * _ve * u / (m * m * m));
            Add(hessian, 2, 3, weights[1] * -t * _ve / (m * m));
            Add(hessian, 2, 4, weights[1] * -_ve * u / (m * m));
        }
    }

    private static void Add(Span<double> hessian, int a, int b, double value)
    {
        hessian[a * 5 + b] += value;
        if (a != b) hessian[b * 5 + a] += value;
    }

    public void Guess(double tau, Span<double> state, Span<double> control)
    {
        var hold = problem.Options.InitialGuess == InitialGuessStrategy.InitialState;
        state[0] = hold ? problem.InitialAltitude : problem.InitialAltitude * (1 - tau);
        state[1] = hold ? problem.InitialVelocity : problem.InitialVelocity * (1 - tau);
        state[2] = _variable ? _dry + _fuel * (hold ? 1 : 1 - tau / 2) : (hold ? 0 : _fuel * tau / 2);
        control[0] = hold ? 0 : _uMax / 2;
    }

    public void GuessParameters(Span<double> parameters)
    {
        var v0 = Math.Abs(problem.InitialVelocity);
        parameters[0] = v0 > 1 ? Math.Max(2 * problem.InitialAltitude / v0, 1) : Math.Sqrt(2 * Math.Max(problem.InitialAltitude, 1) / _g);
    }
}
