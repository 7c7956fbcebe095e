using OptService.Nlp.Collocation;

namespace OptService.Nlp.Tests;

/// <summary>
/// The published lunar-landing model in raw SI units (no problem scaling), from rest at a given altitude:
/// h, h' = dh/dτ, h'' and the mass flow u at each node, final time T; h'' − T²(−g + v_e·u/m) = 0; cost
/// ∫ u·T dτ. Apollo LM numbers: g = 1.62, v_e = 3050, m = 15103 kg, u ≤ 45050/3050. From rest the
/// minimum fuel obeys fuel(h) = √h·fuel(1 m) (≈ 13.188 kg at 1 m on 50 forward-Euler intervals): a
/// feasible problem whose numbers grow with the altitude, to test the solver's own scaling.
/// </summary>
internal sealed class RawUnitsLanding(double altitude) : IOptimalControlProblem
{
    private readonly double _g = 1.62;
    private readonly double _ve = 3050;
    private readonly double _m = 15103;
    private readonly double _uMax = 45050.0 / 3050;

    public int StateCount => 2;
    public int ControlCount => 2;
    public int ParameterCount => 1;
    public int PathConstraintCount => 1;

    public OptimalControlBounds Bounds => new()
    {
        StateLower = [double.NegativeInfinity, double.NegativeInfinity],
        StateUpper = [double.PositiveInfinity, double.PositiveInfinity],
        InitialStateLower = [altitude, 0],
        InitialStateUpper = [altitude, 0],
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
        double h0 = altitude, v0 = 0.0, t = tau;
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
        var fallTime = Math.Sqrt(2 * Math.Max(altitude, 1) / _g);
        return margin > 0 ? Math.Max(Math.Sqrt(hddMax / margin), 1) : fallTime;
    }
}
