using System.Globalization;
using Microsoft.Extensions.Configuration;
using OptService.Kinds;
using OptService.Nlp;

namespace OptService.Problems.LunarLanding;

/// <summary>
/// Minimum-fuel lunar landing by direct collocation and our own interior-point solver (OptService.Nlp).
/// Limits come from configuration section <c>Kinds:lunar-landing</c> (<c>MaxIntervals</c>).
/// </summary>
public sealed class LunarLandingKind : ProblemKind<LunarLandingProblem, LunarLandingResult>
{
    public const int DefaultMaxIntervals = 200_000;

    /// <summary>
    /// Largest magnitude of a physical input, and the smallest of a positive one. Within [1e-6, 1e9] every
    /// combination ends in a solver verdict; 1e154 (squared) or 1e308 made the result infinite, which failed
    /// the job with a serializer message instead of rejecting the input.
    /// </summary>
    public const double MaxMagnitude = 1e9;

    public const double MinPositive = 1e-6;

    /// <summary>Longest <c>options.timeLimitSeconds</c>: one day (TimeSpan.FromSeconds overflows far above it).</summary>
    public const double MaxTimeLimitSeconds = 86_400;

    private static readonly string Range = string.Create(CultureInfo.InvariantCulture, $"from {MinPositive:G} to {MaxMagnitude:G}");
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
            if (!Positive(vehicle.DryMass)) yield return new FieldError("$.vehicle.dryMass", $"the dry mass must be positive, {Range} (kg)");
            if (!Positive(vehicle.FuelMass)) yield return new FieldError("$.vehicle.fuelMass", $"the fuel mass must be positive, {Range} (kg)");
            if (!Positive(vehicle.ExhaustVelocity)) yield return new FieldError("$.vehicle.exhaustVelocity", $"the exhaust velocity must be positive, {Range} (m/s)");
            if (!Positive(vehicle.MaxThrust)) yield return new FieldError("$.vehicle.maxThrust", $"the maximum thrust must be positive, {Range} (N)");
        }
        if (!Positive(problem.InitialAltitude)) yield return new FieldError("$.initialAltitude", $"the initial altitude must be positive, {Range} (m)");
        if (!(Math.Abs(problem.InitialVelocity) <= MaxMagnitude))
            yield return new FieldError("$.initialVelocity", string.Create(Invariant, $"the initial velocity must be a number from -{MaxMagnitude:G} to {MaxMagnitude:G}"));
        if (!Positive(problem.Gravity)) yield return new FieldError("$.gravity", $"gravity must be positive, {Range} (m/s²)");
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
        if (options is null)
        {
            // "options": null overrides the default object and would fail the solve, not the submission.
            yield return new FieldError("$.options", "must be an object, or left out for the defaults");
        }
        else
        {
            if (!(options.Tolerance > 0 && options.Tolerance < 1)) yield return new FieldError("$.options.tolerance", "the tolerance must be in (0, 1)");
            if (options.MaxIterations < 1) yield return new FieldError("$.options.maxIterations", "at least one iteration is needed");
            if (options.TimeLimitSeconds is { } limit && !(limit > 0 && limit <= MaxTimeLimitSeconds))
                yield return new FieldError("$.options.timeLimitSeconds", string.Create(Invariant, $"the time limit must be positive and at most {MaxTimeLimitSeconds} (s)"));
        }
    }

    protected override ProblemSummary Describe(LunarLandingProblem problem) => LunarLandingDescription.Of(problem);

    protected override Task<SolveReport> Solve(LunarLandingProblem problem, ISolveContext context)
    {
        // The analytic check decides what an unsuccessful solve may be called: "infeasible" needs its proof.
        var feasibility = LandingFeasibility.Check(problem);
        context.Info($"feasibility check: {feasibility.Verdict}: {feasibility.Reason}");
        var options = LunarLandingModel.SolverOptions(problem);
        var (model, result) = RunSolver(problem, options, context);
        var effort = new SolveEffort(result.Iterations, result.TotalTime, problem.Options.InitialGuess);

        if (ShouldRetry(result, feasibility, problem, options, context))
        {
            // "Locally infeasible" from a poor start is a stationary point of the violation near that start, not a
            // verdict on the landing: one more solve from the default interpolated start, within what is left of the limit.
            context.Info(string.Create(Invariant,
                $"retry: {result.Status} from the {Describe(problem.Options.InitialGuess)} start after {result.Iterations} iterations, and the landing is not proven infeasible; solving again from the {Describe(InitialGuessStrategy.Interpolated)} start"));
            var retry = problem with { Options = problem.Options with { InitialGuess = InitialGuessStrategy.Interpolated } };
            var retryOptions = options with { TimeLimit = options.TimeLimit - result.TotalTime };
            (model, result) = RunSolver(retry, retryOptions, context);
            effort = effort.Then(result.Iterations, result.TotalTime, InitialGuessStrategy.Interpolated);
        }

        var (outcome, message) = LunarLandingModel.Verdict(result, feasibility, effort);
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

    private static (LandingModel Model, NlpResult Result) RunSolver(LunarLandingProblem problem, NlpOptions options, ISolveContext context)
    {
        var model = LunarLandingModel.Build(problem);
        context.Info(string.Create(Invariant,
            $"lunar-landing: {problem.Formulation}, mass {problem.MassModel}, {problem.Discretization.Method} on {problem.Discretization.Intervals} intervals from the {Describe(problem.Options.InitialGuess)} start: {model.Nlp.VariableCount} NLP variables, {model.Nlp.ConstraintCount} constraints"));
        context.Info("iter    objective     inf_pr    inf_du     mu        alpha_pr  alpha_du  ls");
        var result = InteriorPointSolver.Solve(model.Nlp, options, record =>
        {
            context.Info(FormatIteration(record));
            return true;
        }, context.Cancellation);
        return (model, result);
    }

    /// <summary>
    /// Retry once when the solver gave up without a landing (locally infeasible, numerical failure), the
    /// landing is not proven infeasible, the start was not already the default one, and time is left.
    /// </summary>
    private static bool ShouldRetry(NlpResult result, LandingFeasibility feasibility, LunarLandingProblem problem, NlpOptions options, ISolveContext context) =>
        result.Status is NlpStatus.LocallyInfeasible or NlpStatus.NumericalFailure
        && feasibility.Verdict != LandingVerdict.ProvenInfeasible
        && problem.Options.InitialGuess != InitialGuessStrategy.Interpolated
        && !context.Cancellation.IsCancellationRequested
        && (options.TimeLimit is not { } limit || limit > result.TotalTime);

    internal static string Describe(InitialGuessStrategy strategy) =>
        strategy == InitialGuessStrategy.InitialState ? "initial-state" : "interpolated";

    private static bool Positive(double value) => value >= MinPositive && value <= MaxMagnitude;

    private static string FormatIteration(IterationRecord r) => string.Create(Invariant,
        $"{r.Iteration,4}{(r.Restoration ? "r" : " ")} {r.Objective,14:E7} {r.PrimalInfeasibility,9:E2} {r.DualInfeasibility,9:E2} {r.Barrier,9:E2} {r.PrimalStep,9:E2} {r.DualStep,9:E2} {r.LineSearchTrials,3}");
}
