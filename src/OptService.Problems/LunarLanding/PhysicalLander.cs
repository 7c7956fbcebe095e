using OptService.Nlp.Collocation;

namespace OptService.Problems.LunarLanding;

/// <summary>
/// Real time with a free final time T (τ = t/T only parametrizes the grid): dh/dτ = T·v,
/// dv/dτ = T·(−g + v_e·u/m), and the fuel used w, dw/dτ = T·u, 0 ≤ w ≤ fuel, which keeps the
/// propellant honest. With <c>massModel: variable</c> the mass is m = dry + fuel − w (ṁ = −u, m ≥ dry);
/// with <c>constant</c> it is dry + fuel. Altitude stays ≥ 0 (no flying through the surface),
/// 0 ≤ u ≤ maxThrust/v_e. Cost ∫₀¹ T·u dτ.
/// <para>
/// The NLP is written in the reference units of <see cref="LandingUnits"/> (h in L, v in √(L·g),
/// T in √(L/g), u in hover flows M·g/v_e) and the fuel used w in W = min(fuel unit M·g/v_e·√(L/g),
/// propellant on board): dĥ/dτ = T̂·v̂, dv̂/dτ = T̂·(−1 + û/m̂) with m̂ = m/M = 1 − (W/M)·ŵ (or 1),
/// dŵ/dτ = T̂·(fuel unit/W)·û, 0 ≤ ŵ ≤ fuel/W.
/// In these units the problem with zero initial velocity is the same for every altitude until the
/// propellant limit matters (a fuel-fraction state would shrink with √altitude and be crushed by the
/// solver's absolute bound push), while a propellant load far below one fuel unit still gets a state of
/// order one; a bound on the fuel used rather than on the mass keeps m ≥ dry well conditioned when the
/// propellant is a tiny part of the vehicle.
/// </para>
/// </summary>
internal sealed class PhysicalLander(LunarLandingProblem problem, LandingUnits units) : IOptimalControlProblem
{
    private readonly double _h0 = problem.InitialAltitude / units.Length;
    private readonly double _v0 = problem.InitialVelocity / units.Velocity;
    private readonly double _uMax = LandingUnits.ThrustToWeight(problem);
    private readonly double _massLoss = problem.MassModel == MassModel.Variable ? FuelScale(problem, units) / units.Mass : 0;
    private readonly double _burnRate = units.Fuel / FuelScale(problem, units);
    private readonly double _fuelLimit = problem.Vehicle.FuelMass / FuelScale(problem, units);

    public int StateCount => 3;
    public int ControlCount => 1;
    public int ParameterCount => 1;
    public int PathConstraintCount => 0;

    public OptimalControlBounds Bounds => new()
    {
        StateLower = [0, double.NegativeInfinity, 0],
        StateUpper = [double.PositiveInfinity, double.PositiveInfinity, _fuelLimit],
        InitialStateLower = [_h0, _v0, 0],
        InitialStateUpper = [_h0, _v0, 0],
        FinalStateLower = [0, 0, double.NegativeInfinity],
        FinalStateUpper = [0, 0, double.PositiveInfinity],
        ControlLower = [0],
        ControlUpper = [_uMax],
        ParameterLower = [0],
        ParameterUpper = [double.PositiveInfinity],
    };

    /// <summary>A node in SI units: altitude [m], velocity [m/s], mass flow [kg/s], mass [kg].</summary>
    public (double Altitude, double Velocity, double MassFlow, double Mass) ToPhysical(ReadOnlySpan<double> state, double u) =>
        (state[0] * units.Length, state[1] * units.Velocity, u * units.MassFlow, units.Mass * ScaledMass(state[2]));

    /// <summary>W: the unit of the fuel-used state.</summary>
    internal static double FuelScale(LunarLandingProblem problem, LandingUnits units) => Math.Min(units.Fuel, problem.Vehicle.FuelMass);

    private double ScaledMass(double fuelUsed) => 1 - _massLoss * fuelUsed;

    // z = [h, v, w, u, T]; F = [T v, T(−1 + u/m(w)), T b u, T u], m(w) = 1 − κ w, b = fuel unit / W, κ = W/M.
    public void Evaluate(ReadOnlySpan<double> z, Span<double> values)
    {
        double v = z[1], u = z[3], t = z[4];
        var m = ScaledMass(z[2]);
        values[0] = t * v;
        values[1] = t * (u / m - 1);
        values[2] = t * _burnRate * u;
        values[3] = t * u;
    }

    public void Jacobian(ReadOnlySpan<double> z, Span<double> jacobian)
    {
        double v = z[1], u = z[3], t = z[4];
        var m = ScaledMass(z[2]);
        jacobian.Clear();
        jacobian[0 * 5 + 1] = t;
        jacobian[0 * 5 + 4] = v;
        jacobian[1 * 5 + 2] = t * u * _massLoss / (m * m); // ∂m/∂w = −κ
        jacobian[1 * 5 + 3] = t / m;
        jacobian[1 * 5 + 4] = u / m - 1;
        jacobian[2 * 5 + 3] = t * _burnRate;
        jacobian[2 * 5 + 4] = _burnRate * u;
        jacobian[3 * 5 + 3] = t;
        jacobian[3 * 5 + 4] = u;
    }

    public void Hessian(ReadOnlySpan<double> z, ReadOnlySpan<double> weights, Span<double> hessian)
    {
        double u = z[3], t = z[4];
        var m = ScaledMass(z[2]);
        var phi = _massLoss;
        hessian.Clear();
        Add(hessian, 1, 4, weights[0]);
        Add(hessian, 3, 4, weights[1] / m + weights[2] * _burnRate + weights[3]);
        if (phi > 0)
        {
            Add(hessian, 2, 2, weights[1] * 2 * t * u * phi * phi / (m * m * m));
            Add(hessian, 2, 3, weights[1] * t * phi / (m * m));
            Add(hessian, 2, 4, weights[1] * u * phi / (m * m));
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
        state[0] = hold ? _h0 : _h0 * (1 - tau);
        state[1] = hold ? _v0 : _v0 * (1 - tau);
        state[2] = hold ? 0 : Math.Min(_fuelLimit, (_h0 + Math.Abs(_v0)) / _burnRate) * tau / 2;
        control[0] = hold ? 0 : Math.Min(_uMax / 2, 1);
    }

    /// <summary>T guess (in time units): the free fall from the initial state to the ground.</summary>
    public void GuessParameters(Span<double> parameters) =>
        parameters[0] = Math.Max(_v0 + Math.Sqrt(_v0 * _v0 + 2 * _h0), 1e-3);
}
