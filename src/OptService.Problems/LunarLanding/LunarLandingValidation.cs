using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.LunarLanding;

/// <summary>Every reason a lunar-landing problem is malformed, each with its JSON path.</summary>
internal static class LunarLandingValidation
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly string Range = string.Create(Invariant, $"from {LunarLandingLimits.MinPositive:G} to {LunarLandingLimits.MaxMagnitude:G}");

    public static IEnumerable<FieldError> Validate(LunarLandingProblem problem, LunarLandingLimits limits)
    {
        var vehicle = problem.Vehicle;
        if (vehicle is null)
        {
            yield return new FieldError("$.vehicle", "the vehicle is required");
        }
        else
        {
            if (!Positive(vehicle.DryMass)) yield return new FieldError("$.vehicle.dryMass", $"the dry mass must be positive, {Range} (kg)");
            if (!Positive(vehicle.FuelMass)) yield return new FieldError("$.vehicle.fuelMass", $"the fuel mass must be positive, {Range} (kg)");
            if (!Positive(vehicle.ExhaustVelocity)) yield return new FieldError("$.vehicle.exhaustVelocity", $"the exhaust velocity must be positive, {Range} (m/s)");
            if (!Positive(vehicle.MaxThrust)) yield return new FieldError("$.vehicle.maxThrust", $"the maximum thrust must be positive, {Range} (N)");
        }
        if (!Positive(problem.InitialAltitude)) yield return new FieldError("$.initialAltitude", $"the initial altitude must be positive, {Range} (m)");
        if (!(Math.Abs(problem.InitialVelocity) <= LunarLandingLimits.MaxMagnitude))
            yield return new FieldError("$.initialVelocity", string.Create(Invariant, $"the initial velocity must be a number from -{LunarLandingLimits.MaxMagnitude:G} to {LunarLandingLimits.MaxMagnitude:G}"));
        if (!Positive(problem.Gravity)) yield return new FieldError("$.gravity", $"gravity must be positive, {Range} (m/s²)");
        if (problem.Formulation == LandingFormulation.NormalizedTime && problem.MassModel == MassModel.Variable)
            yield return new FieldError("$.massModel", "the normalized-time reference model has constant mass; use \"formulation\": \"physical\" for a variable mass");
        if (problem.Discretization is null)
        {
            yield return new FieldError("$.discretization", "the discretization is required");
        }
        else if (problem.Discretization.Intervals < 1 || problem.Discretization.Intervals > limits.MaxIntervals)
        {
            yield return new FieldError("$.discretization.intervals",
                $"the number of intervals must be between 1 and {limits.MaxIntervals} ({KindLimits.Key(LunarLandingKind.KindName, nameof(limits.MaxIntervals))})");
        }
        var options = problem.Options;
        if (options is null)
        {
            // "options": null overrides the default object and would fail the solve, not the submission.
            yield return new FieldError("$.options", "must be an object, or left out for the defaults");
        }
        else
        {
            if (!(options.Tolerance > 0 && options.Tolerance < 1)) yield return new FieldError("$.options.tolerance", "the tolerance must be in (0, 1)");
            if (options.MaxIterations < 1) yield return new FieldError("$.options.maxIterations", "at least one iteration is needed");
            if (options.TimeLimitSeconds is { } limit && !(limit > 0 && limit <= LunarLandingLimits.MaxTimeLimitSeconds))
                yield return new FieldError("$.options.timeLimitSeconds", string.Create(Invariant, $"the time limit must be positive and at most {LunarLandingLimits.MaxTimeLimitSeconds} (s)"));
        }
    }

    private static bool Positive(double value) => value >= LunarLandingLimits.MinPositive && value <= LunarLandingLimits.MaxMagnitude;
}
