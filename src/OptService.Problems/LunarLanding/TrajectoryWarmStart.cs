using System.Globalization;
using OptService.Kinds;
using OptService.Nlp;
using OptService.Nlp.Collocation;

namespace OptService.Problems.LunarLanding;

/// <summary>One point of an earlier trajectory in SI units, with the propellant used up to it [kg].</summary>
internal readonly record struct TrajectorySample(double Altitude, double Velocity, double MassFlow, double FuelUsed);

/// <summary>
/// An earlier job's trajectory (<c>?warmStartFrom=</c>) as a function of normalized time τ = t/T ∈ [0, 1], linear between its
/// nodes, so that it gives a start on any grid: 5,000 intervals from a 500-interval solve, Hermite–Simpson midpoints from a
/// forward-Euler one. The fuel used is the trapezoidal integral of the mass flow (the constant-mass model's mass does not record it).
/// </summary>
internal sealed class EarlierTrajectory
{
    private readonly double[] _tau;
    private readonly TrajectorySample[] _samples;

    private EarlierTrajectory(double finalTime, double[] tau, TrajectorySample[] samples)
    {
        FinalTime = finalTime;
        _tau = tau;
        _samples = samples;
    }

    /// <summary>Final time T of the earlier landing [s].</summary>
    public double FinalTime { get; }

    public int NodeCount => _tau.Length;

    /// <summary>The trajectory as a function of τ; null when it cannot be one (fewer than two nodes, T ≤ 0, times not increasing, a non-finite value).</summary>
    public static EarlierTrajectory? From(IReadOnlyList<TrajectoryPoint> points)
    {
        if (points.Count < 2) return null;
        var finalTime = points[^1].Time;
        if (!(finalTime > 0) || !double.IsFinite(finalTime)) return null;
        var tau = new double[points.Count];
        var samples = new TrajectorySample[points.Count];
        var fuel = 0.0;
        for (var j = 0; j < points.Count; j++)
        {
            var p = points[j];
            if (!double.IsFinite(p.Time) || !double.IsFinite(p.Altitude) || !double.IsFinite(p.Velocity) || !double.IsFinite(p.MassFlow)) return null;
            if (j > 0)
            {
                if (p.Time < points[j - 1].Time) return null;
                fuel += (p.Time - points[j - 1].Time) * (p.MassFlow + points[j - 1].MassFlow) / 2;
            }
            tau[j] = p.Time / finalTime;
            samples[j] = new TrajectorySample(p.Altitude, p.Velocity, p.MassFlow, fuel);
        }
        return new EarlierTrajectory(finalTime, tau, samples);
    }

    /// <summary>The trajectory at τ (clamped to [0, 1]), linear between the two nodes around it.</summary>
    public TrajectorySample At(double tau)
    {
        tau = Math.Clamp(tau, 0, 1);
        var upper = Array.BinarySearch(_tau, tau);
        if (upper >= 0) return _samples[upper];
        upper = ~upper;
        if (upper == 0) return _samples[0];
        if (upper >= _tau.Length) return _samples[^1];
        var lower = upper - 1;
        var span = _tau[upper] - _tau[lower];
        var w = span > 0 ? (tau - _tau[lower]) / span : 0;
        TrajectorySample a = _samples[lower], b = _samples[upper];
        return new TrajectorySample(
            a.Altitude + w * (b.Altitude - a.Altitude),
            a.Velocity + w * (b.Velocity - a.Velocity),
            a.MassFlow + w * (b.MassFlow - a.MassFlow),
            a.FuelUsed + w * (b.FuelUsed - a.FuelUsed));
    }

    /// <summary>
    /// The interior-point options for a start from this trajectory on a grid of <paramref name="nodeCount"/> nodes. The default
    /// barrier μ₀ = 0.1 and bound push 1e-2 move a start that is already (nearly) a solution far off it again: from the same
    /// grid's optimum the solver took 13 iterations where the cold start took 12. On the same grid the start is this NLP's
    /// solution, so both are 1e-6 (6 iterations); interpolated from another grid it is only near one, and 1e-4 did best
    /// (forward Euler 5,000 from 500: 14 iterations, cold 16; smaller values took 20–23). Measured on the seed landing, see
    /// docs/lunar-landing.md.
    /// </summary>
    public NlpOptions SolverOptions(NlpOptions cold, int nodeCount) =>
        nodeCount == NodeCount ? cold with { InitialBarrier = 1e-6, BoundPush = 1e-6 } : cold with { InitialBarrier = 1e-4, BoundPush = 1e-4 };

    /// <summary>The earlier job's trajectory for this solve, or null without a warm start or a usable trajectory (logged either way).</summary>
    public static EarlierTrajectory? Read(LunarLandingProblem problem, ISolveContext context)
    {
        if (context.WarmStart is not { } warmStart) return null;
        if (warmStart.ResultAs<LunarLandingResult>()?.Trajectory is not { } points || From(points) is not { } trajectory)
        {
            context.Warn($"warm start: the result of job {warmStart.JobId} holds no usable trajectory; solving from the {LunarLandingSolve.Describe(problem.Options.InitialGuess)} start");
            return null;
        }
        var grid = problem.Discretization.Method == DiscretizationMethod.HermiteSimpson ? 2 * problem.Discretization.Intervals + 1 : problem.Discretization.Intervals + 1;
        context.Info(string.Create(CultureInfo.InvariantCulture,
            $"warm start: the trajectory of job {warmStart.JobId} ({trajectory.NodeCount} nodes, final time {trajectory.FinalTime:G6} s) is the start on {grid} nodes" +
            $"{(trajectory.NodeCount == grid ? "" : ", interpolated linearly in normalized time")}; options.initialGuess is not used"));
        return trajectory;
    }
}

/// <summary>
/// The landing's dynamics with its start taken from an <see cref="EarlierTrajectory"/>: every member but the guesses is the
/// formulation's own. SI values become the formulation's scaled variables (see <see cref="NormalizedTimeLander"/> and
/// <see cref="PhysicalLander"/>); controls the earlier result does not give are derived from the equations of motion.
/// </summary>
internal sealed class WarmStartedDynamics(IOptimalControlProblem formulation, EarlierTrajectory start, LunarLandingProblem problem, LandingUnits units)
    : IOptimalControlProblem
{
    private readonly double _finalTime = start.FinalTime / units.Time;

    public int StateCount => formulation.StateCount;
    public int ControlCount => formulation.ControlCount;
    public int ParameterCount => formulation.ParameterCount;
    public int PathConstraintCount => formulation.PathConstraintCount;
    public OptimalControlBounds Bounds => formulation.Bounds;

    public void Evaluate(ReadOnlySpan<double> z, Span<double> values) => formulation.Evaluate(z, values);

    public void Jacobian(ReadOnlySpan<double> z, Span<double> jacobian) => formulation.Jacobian(z, jacobian);

    public void Hessian(ReadOnlySpan<double> z, ReadOnlySpan<double> weights, Span<double> hessian) => formulation.Hessian(z, weights, hessian);

    public void Guess(double tau, Span<double> state, Span<double> control)
    {
        var p = start.At(tau);
        var u = p.MassFlow / units.MassFlow;
        if (formulation is PhysicalLander)
        {
            // x = (ĥ, v̂, ŵ), u = (û).
            state[0] = p.Altitude / units.Length;
            state[1] = p.Velocity / units.Velocity;
            state[2] = p.FuelUsed / PhysicalLander.FuelScale(problem, units);
            control[0] = u;
            return;
        }
        // x = (ĥ, ĥ' = dĥ/dτ = T̂·v̂), u = (ĥ'', û) with ĥ'' from the equation of motion ĥ'' = T̂²(û − 1).
        state[0] = p.Altitude / units.Length;
        state[1] = _finalTime * p.Velocity / units.Velocity;
        control[0] = _finalTime * _finalTime * (u - 1);
        control[1] = u;
    }

    public void GuessParameters(Span<double> parameters) => parameters[0] = _finalTime;
}
