using OptService.Kinds;

namespace OptService.Problems.LunarLanding;

/// <summary>The job result of a lunar-landing solve.</summary>
public sealed record LunarLandingResult
{
    /// <summary>The solver's verdict (not the job's lifecycle status).</summary>
    public required SolveOutcome Outcome { get; init; }
    public required string Message { get; init; }
    /// <summary>Propellant used [kg] (the objective), at the returned point.</summary>
    public required double Fuel { get; init; }
    /// <summary>Final time T [s].</summary>
    public required double FinalTime { get; init; }
    public required int Iterations { get; init; }
    /// <summary>Final constraint violation (max norm) of the scaled NLP, in the reference units of docs/lunar-landing.md.</summary>
    public required double ConstraintViolation { get; init; }
    /// <summary>Final scaled dual infeasibility.</summary>
    public required double DualInfeasibility { get; init; }
    /// <summary>NLP variables the solver iterated on (fixed boundary values excluded, as Ipopt counts).</summary>
    public required int Variables { get; init; }
    public required int EqualityConstraints { get; init; }
    public required int InequalityConstraints { get; init; }
    /// <summary>Solver wall time, and the parts spent in function evaluations and in linear algebra.</summary>
    public required double SolveSeconds { get; init; }
    public required double EvaluationSeconds { get; init; }
    public required double LinearAlgebraSeconds { get; init; }
    public required IReadOnlyList<TrajectoryPoint> Trajectory { get; init; }
}

/// <summary>
/// One node of the trajectory: time [s], altitude [m], velocity [m/s], propellant mass flow [kg/s],
/// thrust [N] and mass [kg].
/// </summary>
public sealed record TrajectoryPoint(double Time, double Altitude, double Velocity, double MassFlow, double Thrust, double Mass);
