using System.Text.Json.Serialization;

namespace OptService.Problems.LunarLanding;

/// <summary>
/// Minimum-fuel vertical powered descent (POST /jobs/lunar-landing). The reference submission is
/// ../shared/fixtures/seed/lunar-seed.json (Apollo 11 LM, fuel 4170.2822 kg).
/// </summary>
public sealed record LunarLandingProblem
{
    public required Vehicle Vehicle { get; init; }
    /// <summary>Altitude at the start [m]; the landing is at altitude 0.</summary>
    public required double InitialAltitude { get; init; }
    /// <summary>
    /// Vertical velocity at the start (negative = descending): dh/dτ per unit of normalized time for
    /// <c>normalized-time</c> (as in the published model), m/s for <c>physical</c>.
    /// </summary>
    public required double InitialVelocity { get; init; }
    /// <summary>Surface gravity [m/s²].</summary>
    public required double Gravity { get; init; }
    public LandingFormulation Formulation { get; init; } = LandingFormulation.NormalizedTime;
    public MassModel MassModel { get; init; } = MassModel.Constant;
    public required Discretization Discretization { get; init; }
    public LandingSolverOptions Options { get; init; } = new();
}

/// <summary>The lander: dry mass and propellant [kg], exhaust velocity [m/s], maximum thrust [N].</summary>
public sealed record Vehicle
{
    public required double DryMass { get; init; }
    public required double FuelMass { get; init; }
    public required double ExhaustVelocity { get; init; }
    public required double MaxThrust { get; init; }
}

/// <summary>How the equations of motion are written.</summary>
public enum LandingFormulation
{
    /// <summary>The published reference model: derivatives in normalized time τ = t/T, m·h''/T² = −m·g + v_e·u.</summary>
    [JsonStringEnumMemberName("normalized-time")]
    NormalizedTime,
    /// <summary>Real time and SI units: h' = v, v' = −g + v_e·u/m, fuel limited to the propellant on board.</summary>
    [JsonStringEnumMemberName("physical")]
    Physical,
}

/// <summary>Whether the mass changes as propellant burns.</summary>
public enum MassModel
{
    /// <summary>Mass stays dry + fuel (the reference model).</summary>
    Constant,
    /// <summary>A mass state with ṁ = −u (physical formulation only).</summary>
    Variable,
}

/// <summary>Transcription: method and number of equal intervals.</summary>
public sealed record Discretization
{
    public DiscretizationMethod Method { get; init; } = DiscretizationMethod.ForwardEuler;
    public required int Intervals { get; init; }
}

/// <summary>Collocation scheme (see <see cref="Nlp.Collocation.CollocationMethod"/>).</summary>
public enum DiscretizationMethod
{
    [JsonStringEnumMemberName("forward-euler")]
    ForwardEuler,
    [JsonStringEnumMemberName("trapezoidal")]
    Trapezoidal,
    [JsonStringEnumMemberName("hermite-simpson")]
    HermiteSimpson,
}

/// <summary>Solver controls.</summary>
public sealed record LandingSolverOptions
{
    /// <summary>Convergence tolerance on the scaled optimality error.</summary>
    public double Tolerance { get; init; } = 1e-8;
    public int MaxIterations { get; init; } = 3000;
    /// <summary>Wall-clock limit in seconds; none if absent.</summary>
    public double? TimeLimitSeconds { get; init; }
    public InitialGuessStrategy InitialGuess { get; init; } = InitialGuessStrategy.Interpolated;
}

/// <summary>Starting point of the iteration.</summary>
public enum InitialGuessStrategy
{
    /// <summary>
    /// Altitude interpolated by the cubic through the initial and final altitude and velocity, with
    /// consistent velocity and acceleration, the mass flow that acceleration needs, and the shortest T
    /// for which the interpolated path respects the thrust limit.
    /// </summary>
    Interpolated,
    /// <summary>A deliberately poor start: the initial state held constant, zero thrust.</summary>
    [JsonStringEnumMemberName("initial-state")]
    InitialState,
}
