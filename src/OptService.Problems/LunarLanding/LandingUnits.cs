namespace OptService.Problems.LunarLanding;

/// <summary>
/// Reference units that make the transcribed landing dimensionless, so that the solver sees numbers of
/// order one whatever the inputs (altitudes from 1e-6 to 1e9 m, gravity from 1e-6 to 1e9 m/s², ...).
/// <list type="bullet">
/// <item>length L: the initial altitude, or the distance the initial velocity implies if larger
/// (normalized time: |dh/dτ(0)|, a length; physical: the height v₀²/2g of a vertical throw);</item>
/// <item>time √(L/g), so velocity √(L·g) and acceleration g;</item>
/// <item>mass M = dry + fuel, and mass flow M·g/v_e, the flow whose thrust just holds the vehicle's
/// weight: the scaled thrust limit is the thrust-to-weight ratio;</item>
/// <item>fuel: mass flow × time.</item>
/// </list>
/// With zero initial velocity the scaled problem does not depend on the altitude at all, which is the
/// scaling law of the landing (altitude × λ, time × √λ, fuel × √λ) built into the transcription: the
/// discretized solutions at different altitudes are images of one another.
/// </summary>
internal sealed record LandingUnits(double Length, double Time, double Mass, double MassFlow)
{
    public double Velocity => Length / Time;

    public double Fuel => MassFlow * Time;

    public static LandingUnits For(LunarLandingProblem problem)
    {
        double h0 = problem.InitialAltitude, v0 = problem.InitialVelocity, g = problem.Gravity;
        var length = problem.Formulation == LandingFormulation.Physical
            ? Math.Max(h0, v0 * v0 / (2 * g))
            : Math.Max(h0, Math.Abs(v0));
        var mass = problem.Vehicle.DryMass + problem.Vehicle.FuelMass;
        return new LandingUnits(length, Math.Sqrt(length / g), mass, mass * g / problem.Vehicle.ExhaustVelocity);
    }

    /// <summary>Thrust-to-weight ratio at full thrust and full tanks: the scaled upper bound of the mass flow.</summary>
    public static double ThrustToWeight(LunarLandingProblem problem) =>
        problem.Vehicle.MaxThrust / ((problem.Vehicle.DryMass + problem.Vehicle.FuelMass) * problem.Gravity);
}
