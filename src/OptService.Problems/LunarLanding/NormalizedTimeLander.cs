using OptService.Nlp.Collocation;

namespace OptService.Problems.LunarLanding;

/// <summary>
/// The published reference model in normalized time τ = t/T ∈ [0, 1].
/// States x = (h, h'), controls u = (h'', mass flow u), parameter p = (T); derivatives are in τ.
/// Dynamics: dh/dτ = h', dh'/dτ = h''. Path constraint (the equation of motion, at every node):
/// h'' − T²(−g + v_e·u/m) = 0, which is the published m·h''/T² = −m·g + v_e·u multiplied by T²/m
/// (same feasible set for T &gt; 0, polynomial instead of rational). Cost ∫₀¹ u·T dτ.
/// <para>
/// With forward Euler on 50 intervals this is the published transcription: variables h, h', h'', u at
/// 51 points and T (205), of which h(0), h'(0), h(1), h'(1) are fixed, leaving 201; constraints are 50
/// + 50 forward-difference definitions of h' and h'' and the equation of motion at 51 points (151).
/// </para>
/// <para>
/// The NLP is written in the reference units of <see cref="LandingUnits"/>: h, h', h'' in lengths L,
/// T in times √(L/g), u in hover flows M·g/v_e, so the equation of motion reads
/// ĥ'' − T̂²(−1 + û) = 0 with 0 ≤ û ≤ thrust-to-weight ratio, and the cost ∫ û·T̂ dτ is in fuel units.
/// </para>
/// </summary>
internal sealed class NormalizedTimeLander(LunarLandingProblem problem, LandingUnits units) : IOptimalControlProblem
{
    /// <summary>
    /// The objective is the fuel in units of fuel-unit/100 (about 200 for the seed). In fuel units it
    /// would be about 2 with gradients of order one; against the barrier terms of 10⁵ bounds on u that
    /// let the solver stop 2·10⁻⁵ short of the optimum at 50,000 intervals, find a worse local optimum
    /// with Hermite–Simpson there, and fail from the poor start at 5,000 intervals (benchmark of
    /// 2026-11-30). ×100 brings the largest objective gradient up to the solver's scaling cap of 100,
    /// where the SI model's objective sat. (The physical formulation keeps weight 1: with 100 its
    /// Hermite–Simpson landing from rest stopped at a worse stationary point at some altitudes.)
    /// </summary>
    public const double CostWeight = 100;

    private readonly double _h0 = problem.InitialAltitude / units.Length;
    private readonly double _v0 = problem.InitialVelocity / units.Length;
    private readonly double _uMax = LandingUnits.ThrustToWeight(problem);

    public int StateCount => 2;
    public int ControlCount => 2;
    public int ParameterCount => 1;
    public int PathConstraintCount => 1;

    public OptimalControlBounds Bounds => new()
    {
        StateLower = [double.NegativeInfinity, double.NegativeInfinity],
        StateUpper = [double.PositiveInfinity, double.PositiveInfinity],
        InitialStateLower = [_h0, _v0],
        InitialStateUpper = [_h0, _v0],
        FinalStateLower = [0, 0],
        FinalStateUpper = [0, 0],
        ControlLower = [double.NegativeInfinity, 0],
        ControlUpper = [double.PositiveInfinity, _uMax],
        ParameterLower = [0],
        ParameterUpper = [double.PositiveInfinity],
        PathLower = [0],
        PathUpper = [0],
    };

    /// <summary>
    /// A node in SI units: altitude [m], velocity dh/dt = h'/T [m/s], mass flow [kg/s], from the scaled
    /// ĥ, ĥ', û and final time T̂.
    /// </summary>
    public (double Altitude, double Velocity, double MassFlow) ToPhysical(double h, double hd, double u, double finalTime) =>
        (h * units.Length, finalTime > 0 ? hd / finalTime * units.Velocity : 0, u * units.MassFlow);

    // z = [h, h', h'', u, T]; F = [h', h'', h'' − T²(−1 + u), u·T].
    public void Evaluate(ReadOnlySpan<double> z, Span<double> values)
    {
        double hd = z[1], hdd = z[2], u = z[3], t = z[4];
        values[0] = hd;
        values[1] = hdd;
        values[2] = hdd - t * t * (u - 1);
        values[3] = CostWeight * u * t;
    }

    public void Jacobian(ReadOnlySpan<double> z, Span<double> jacobian)
    {
        double u = z[3], t = z[4];
        jacobian.Clear();
        jacobian[0 * 5 + 1] = 1;
        jacobian[1 * 5 + 2] = 1;
        jacobian[2 * 5 + 2] = 1;
        jacobian[2 * 5 + 3] = -t * t;
        jacobian[2 * 5 + 4] = -2 * t * (u - 1);
        jacobian[3 * 5 + 3] = CostWeight * t;
        jacobian[3 * 5 + 4] = CostWeight * u;
    }

    public void Hessian(ReadOnlySpan<double> z, ReadOnlySpan<double> weights, Span<double> hessian)
    {
        double u = z[3], t = z[4];
        hessian.Clear();
        var ut = weights[2] * -2 * t + weights[3] * CostWeight;
        hessian[3 * 5 + 4] = ut;
        hessian[4 * 5 + 3] = ut;
        hessian[4 * 5 + 4] = weights[2] * -2 * (u - 1);
    }

    public void Guess(double tau, Span<double> state, Span<double> control)
    {
        if (problem.Options.InitialGuess == InitialGuessStrategy.InitialState)
        {
            state[0] = _h0;
            state[1] = _v0;
            control[0] = 0;
            control[1] = 0;
            return;
        }
        // Cubic Hermite through h(0) = h₀, h'(0) = v₀, h(1) = 0, h'(1) = 0, with consistent h' and h'';
        // the mass flow that the equation of motion asks for, clipped to its bounds.
        var (h, hd, hdd) = Cubic(tau);
        var guessT = GuessFinalTime();
        state[0] = h;
        state[1] = hd;
        control[0] = hdd;
        control[1] = Math.Clamp(hdd / (guessT * guessT) + 1, 0, _uMax);
    }

    public void GuessParameters(Span<double> parameters) => parameters[0] = GuessFinalTime();

    private (double H, double Hd, double Hdd) Cubic(double tau)
    {
        double h0 = _h0, v0 = _v0, t = tau;
        return (
            h0 * (2 * t * t * t - 3 * t * t + 1) + v0 * (t * t * t - 2 * t * t + t),
            h0 * (6 * t * t - 6 * t) + v0 * (3 * t * t - 4 * t + 1),
            h0 * (12 * t - 6) + v0 * (6 * t - 4));
    }

    /// <summary>
    /// T guess (in time units): the shortest final time for which the interpolated path asks for no more
    /// upward acceleration than the engine gives (ĥ'' ≤ T̂²(û_max − 1)) and no more downward acceleration
    /// than gravity (ĥ'' ≥ −T̂², the engine only pushes up). ĥ'' of the cubic is linear in τ, so its
    /// extremes are at the ends. With an engine too weak to hover only the gravity side counts.
    /// </summary>
    private double GuessFinalTime()
    {
        double start = Cubic(0).Hdd, end = Cubic(1).Hdd;
        var up = Math.Max(Math.Max(start, end), 0);
        var down = Math.Max(Math.Max(-start, -end), 0);
        var margin = _uMax - 1;
        var squared = margin > 0 ? Math.Max(up / margin, down) : down;
        return Math.Sqrt(Math.Max(squared, 1e-6));
    }
}
