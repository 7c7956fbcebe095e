using System.Globalization;
using Microsoft.Extensions.Configuration;
using OptService.Jobs.Kinds;
using OptService.Nlp;

namespace OptService.Problems.LunarLanding;

/// <summary>
/// Minimum-fuel lunar landing by direct collocation and our own interior-point solver (OptService.Nlp).
/// Limits come from configuration section <c>Kinds:lunar-landing</c> (<c>MaxIntervals</c>).
/// </summary>
public sealed class LunarLandingKind : ProblemKind<LunarLandingProblem, LunarLandingResult>
{
    public const int DefaultMaxIntervals = 200_000;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly int _maxIntervals;

    public LunarLandingKind() : this(DefaultMaxIntervals)
    {
    }

    public LunarLandingKind(IConfiguration configuration)
        : this(configuration.GetValue("Kinds:lunar-landing:MaxIntervals", DefaultMaxIntervals))
    {
    }

    internal LunarLandingKind(int maxIntervals) => _maxIntervals = maxIntervals;

    public override string Name => "lunar-landing";

    public override string Summary => "Minimum-fuel powered lunar descent by direct collocation and an interior-point NLP solver";

    protected override LunarLandingProblem CreateExample() => new()
    {
        Vehicle = new Vehicle { DryMass = 6855, FuelMass = 8248, ExhaustVelocity = 3050, MaxThrust = 45050 },
        InitialAltitude = 100000,
        InitialVelocity = -1520,
        Gravity = 1.62,
        Formulation = LandingFormulation.NormalizedTime,
        MassModel = MassModel.Constant,
        Discretization = new Discretization { Method = DiscretizationMethod.ForwardEuler, Intervals = 50 },
    };

    protected override IEnumerable<FieldError> Validate(LunarLandingProblem problem)
    {
        var vehicle = problem.Vehicle;
        if (vehicle is null)
        {
            yield return new FieldError("$.vehicle", "the vehicle is required");
        }
        else
        {
            if (!(vehicle.DryMass > 0)) yield return new FieldError("$.vehicle.dryMass", "the dry mass must be positive (kg)");
            if (!(vehicle.FuelMass > 0)) yield return new FieldError("$.vehicle.fuelMass", "the fuel mass must be positive (kg)");
            if (!(vehicle.ExhaustVelocity > 0)) yield return new FieldError("$.vehicle.exhaustVelocity", "the exhaust velocity must be positive (m/s)");
            if (!(vehicle.MaxThrust > 0)) yield return new FieldError("$.vehicle.maxThrust", "the maximum thrust must be positive (N)");
        }
        if (!(problem.InitialAltitude > 0)) yield return new FieldError("$.initialAltitude", "the initial altitude must be positive (m)");
        if (!double.IsFinite(problem.InitialVelocity)) yield return new FieldError("$.initialVelocity", "the initial velocity must be a finite number");
        if (!(problem.Gravity > 0)) yield return new FieldError("$.gravity", "gravity must be positive (m/s²)");
        if (problem.Formulation == LandingFormulation.NormalizedTime && problem.MassModel == MassModel.Variable)
            yield return new FieldError("$.massModel", "the normalized-time reference model has constant mass; use \"formulation\": \"physical\" for a variable mass");
        if (problem.Discretization is null)
        {
            yield return new FieldError("$.discretization", "the discretization is required");
        }
        else if (problem.Discretization.Intervals < 1 || problem.Discretization.Intervals > _maxIntervals)
        {
            yield return new FieldError("$.discretization.intervals", $"the number of intervals must be between 1 and {_maxIntervals}");
        }
        var options = problem.Options;
        if (options is not null)
        {
            if (!(options.Tolerance > 0 && options.Tolerance < 1)) yield return new FieldError("$.options.tolerance", "the tolerance must be in (0, 1)");
            if (options.MaxIterations < 1) yield return new FieldError("$.options.maxIterations", "at least one iteration is needed");
            if (options.TimeLimitSeconds is { } limit && !(limit > 0)) yield return new FieldError("$.options.timeLimitSeconds", "the time limit must be positive (s)");
        }
    }

    protected override Task<SolveReport> Solve(LunarLandingProblem problem, ISolveContext context)
    {
        var model = LunarLandingModel.Build(problem);
        context.Info(string.Create(Invariant,
            $"lunar-landing: {problem.Formulation}, mass {problem.MassModel}, {problem.Discretization.Method} on {problem.Discretization.Intervals} intervals: {model.Nlp.VariableCount} NLP variables, {model.Nlp.ConstraintCount} constraints"));
        context.Info("iter    objective     inf_pr    inf_du     mu        alpha_pr  alpha_du  ls");
        var result = InteriorPointSolver.Solve(model.Nlp, LunarLandingModel.SolverOptions(problem), record =>
        {
            context.Info(FormatIteration(record));
            return true;
        }, context.Cancellation);

        var (outcome, message) = LunarLandingModel.Verdict(problem, result);
        var landing = LunarLandingModel.Extract(model, result, outcome, message);
        context.Info(string.Create(Invariant,
            $"status {outcome} ({result.Status}): {message}; iterations {result.Iterations}; fuel {landing.Fuel:F10} kg; final time {landing.FinalTime:F6} s"));
        context.Info(string.Create(Invariant,
            $"{result.FreeVariableCount} variables, {result.EqualityConstraintCount} equality and {result.InequalityConstraintCount} inequality constraints; constraint violation {result.ConstraintViolation:E3}, dual infeasibility {result.DualInfeasibility:E3}, complementarity {result.Complementarity:E3}"));
        context.Info(string.Create(Invariant,
            $"time {result.TotalTime.TotalMilliseconds:F1} ms: evaluation {result.EvaluationTime.TotalMilliseconds:F1} ms, linear algebra {result.LinearAlgebraTime.TotalMilliseconds:F1} ms; {result.ObjectiveEvaluations} objective and {result.ConstraintEvaluations} constraint evaluations; factor size {result.FactorSize}"));

        context.AddArtifact("trajectory.csv", "text/csv", TrajectoryFiles.Csv(landing.Trajectory));
        context.AddArtifact("trajectory.svg", "image/svg+xml", TrajectoryFiles.Svg(landing.Trajectory,
            string.Create(Invariant, $"Lunar landing ({outcome}): fuel {landing.Fuel:F1} kg, T = {landing.FinalTime:F1} s")));
        double? objective = outcome is SolveOutcome.Optimal or SolveOutcome.Feasible ? landing.Fuel : null;
        return Task.FromResult(new SolveReport(outcome, objective, landing, message));
    }

    private static string FormatIteration(IterationRecord r) => string.Create(Invariant,
        $"{r.Iteration,4}{(r.Restoration ? "r" : " ")} {r.Objective,14:E7} {r.PrimalInfeasibility,9:E2} {r.DualInfeasibility,9:E2} {r.Barrier,9:E2} {r.PrimalStep,9:E2} {r.DualStep,9:E2} {r.LineSearchTrials,3}");
}
