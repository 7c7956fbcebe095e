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
/// </summary>
internal sealed class NormalizedTimeLander(LunarLandingProblem problem) : IOptimalControlProblem
{
    private readonly double _g = problem.Gravity;
    private readonly double _ve = problem.Vehicle.ExhaustVelocity;
    private readonly double _m = problem.Vehicle.DryMass + problem.Vehicle.FuelMass;
    private readonly double _uMax = problem.Vehicle.MaxThrust / problem.Vehicle.ExhaustVelocity;

    public int StateCount => 2;
    public int ControlCount => 2;
    public int ParameterCount => 1;
    public int PathConstraintCount => 1;

    public OptimalControlBounds Bounds => new()
    {
        StateLower = [double.NegativeInfinity, double.NegativeInfinity],
        StateUpper = [double.PositiveInfinity, double.PositiveInfinity],
        InitialStateLower = [problem.InitialAltitude, problem.InitialVelocity],
        InitialStateUpper = [problem.InitialAltitude, problem.InitialVelocity],
        FinalStateLower = [0, 0],
        FinalStateUpper = [0, 0],
        ControlLower = [double.NegativeInfinity, 0],
        ControlUpper = [double.PositiveInfinity, _uMax],
        ParameterLower = [0],
        ParameterUpper = [double.PositiveInfinity],
        PathLower = [0],
        PathUpper = [0],
    };

    // z = [h, h', h'', u, T]; F = [h', h'', h'' − T²(−g + v_e u/m), u·T].
    public void Evaluate(ReadOnlySpan<double> z, Span<double> values)
    {
        double hd = z[1], hdd = z[2], u = z[3], t = z[4];
        values[0] = hd;
        values[1] = hdd;
        values[2] = hdd - t * t * (-_g + _ve * u / _m);
        values[3] = u * t;
    }

    public void Jacobian(ReadOnlySpan<double> z, Span<double> jacobian)
    {
        double u = z[3], t = z[4];
        jacobian.Clear();
        jacobian[0 * 5 + 1] = 1;
        jacobian[1 * 5 + 2] = 1;
        jacobian[2 * 5 + 2] = 1;
        jacobian[2 * 5 + 3] = -t * t * _ve / _m;
        jacobian[2 * 5 + 4] = -2 * t * (-_g + _ve * u / _m);
        jacobian[3 * 5 + 3] = t;
        jacobian[3 * 5 + 4] = u;
    }

    public void Hessian(ReadOnlySpan<double> z, ReadOnlySpan<double> weights, Span<double> hessian)
    {
        double u = z[3], t = z[4];
        hessian.Clear();
        var ut = weights[2] * (-2 * t * _ve / _m) + weights[3];
        hessian[3 * 5 + 4] = ut;
        hessian[4 * 5 + 3] = ut;
        hessian[4 * 5 + 4] = weights[2] * -2 * (-_g + _ve * u / _m);
    }

    public void Guess(double tau, Span<double> state, Span<double> control)
    {
        if (problem.Options.InitialGuess == InitialGuessStrategy.InitialState)
        {
            state[0] = problem.InitialAltitude;
            state[1] = problem.InitialVelocity;
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
        control[1] = Math.Clamp(_m * (hdd / (guessT * guessT) + _g) / _ve, 0, _uMax);
    }

    public void GuessParameters(Span<double> parameters) => parameters[0] = GuessFinalTime();

    private (double H, double Hd, double Hdd) Cubic(double tau)
    {
        double h0 = problem.InitialAltitude, v0 = problem.InitialVelocity, t = tau;
        return (
            h0 * (2 * t * t * t - 3 * t * t + 1) + v0 * (t * t * t - 2 * t * t + t),
            h0 * (6 * t * t - 6 * t) + v0 * (3 * t * t - 4 * t + 1),
            h0 * (12 * t - 6) + v0 * (6 * t - 4));
    }

    /// <summary>
    /// T guess: the shortest final time for which the interpolated path needs no more deceleration than
    /// the engine gives (max h''/T² ≤ v_e·u_max/m − g), or the free-fall time if the engine is too weak.
    /// </summary>
    private double GuessFinalTime()
    {
        var hddMax = Math.Max(Math.Abs(Cubic(0).Hdd), Math.Abs(Cubic(1).Hdd));
        var margin = _ve * _uMax / _m - _g;
        var fallTime = Math.Sqrt(2 * Math.Max(problem.InitialAltitude, 1) / _g);
        return margin > 0 ? Math.Max(Math.Sqrt(hddMax / margin), 1) : fallTime;
    }
}
