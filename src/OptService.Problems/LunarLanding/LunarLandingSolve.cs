using System.Globalization;
using OptService.Kinds;
using OptService.Nlp;

namespace OptService.Problems.LunarLanding;

/// <summary>What the solve step ended with: the model of the last start, the solver's result and what all starts cost.</summary>
internal sealed record LandingRun(LandingModel Model, NlpResult Result, SolveEffort Effort);

/// <summary>An earlier trajectory the solve starts from, and how the log names that start.</summary>
internal sealed record WarmLanding(EarlierTrajectory Trajectory, string Name);

/// <summary>Build the collocation NLP, solve it with the interior-point method (retrying once from the default start), extract the trajectory.</summary>
internal static class LunarLandingSolve
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static SolveReport<LunarLandingResult> Run(LunarLandingProblem problem, ISolveContext context)
    {
        // The time limit counts from the job's start (SolveDeadline): building the collocation NLP spends it too, and
        // the interior-point method checks it once per iteration (an iteration is not interrupted).
        var deadline = problem.Options.TimeLimitSeconds is { } limit ? SolveDeadline.Of(context, limit) : null;
        // The analytic check decides what an unsuccessful solve may be called: "infeasible" needs its proof.
        var feasibility = LandingFeasibility.Check(problem);
        context.Info($"feasibility check: {feasibility.Verdict}: {feasibility.Reason}");
        var warmStart = EarlierTrajectory.Read(problem, context);
        var model = Build(problem, context, warmStart);
        var run = Solve(model, feasibility, deadline, context, warmStart is null ? null : new WarmLanding(warmStart, $"warm (job {context.WarmStart!.JobId})"));
        return Extract(run, feasibility, context);
    }

    /// <summary>The NLP of the problem's formulation and discretization, from its initial guess.</summary>
    private static LandingModel Build(LunarLandingProblem problem, ISolveContext context, EarlierTrajectory? warmStart = null)
    {
        var model = LunarLandingModel.Build(problem, warmStart);
        var startName = warmStart is null ? Describe(problem.Options.InitialGuess) : "warm";
        context.Info(string.Create(Invariant,
            $"lunar-landing: {problem.Formulation}, mass {problem.MassModel}, {problem.Discretization.Method} on {problem.Discretization.Intervals} intervals from the {startName} start: {model.Nlp.VariableCount} NLP variables, {model.Nlp.ConstraintCount} constraints"));
        return model;
    }

    /// <summary>The interior-point solve; once more from the default start when a poor start gave up (see <see cref="ShouldRetry"/>).</summary>
    /// <remarks><c>warmStart</c>: the earlier trajectory the model starts from and its name in the log, else null.</remarks>
    private static LandingRun Solve(LandingModel model, LandingFeasibility feasibility, SolveDeadline? deadline, ISolveContext context, WarmLanding? warmStart = null)
    {
        var problem = model.Problem;
        var coldOptions = LunarLandingModel.SolverOptions(problem) with { TimeLimit = Remaining(deadline) };
        var options = coldOptions;
        if (warmStart is not null)
        {
            options = warmStart.Trajectory.SolverOptions(coldOptions, model.Nlp.NodeCount);
            context.Info(string.Create(Invariant, $"warm start: initial barrier {options.InitialBarrier:G2}, bound push {options.BoundPush:G2}"));
        }
        var result = RunSolver(model, options, context);
        var firstStart = warmStart?.Name ?? Describe(problem.Options.InitialGuess);
        var effort = new SolveEffort(result.Iterations, result.TotalTime, firstStart);

        if (ShouldRetry(result, feasibility, problem, options, context, warmStart is not null))
        {
            // "Locally infeasible" from a poor start is a stationary point of the violation near that start, not a
            // verdict on the landing: one more solve from the default interpolated start, within what is left of the limit.
            context.Info(string.Create(Invariant,
                $"retry: {result.Status} from the {firstStart} start after {result.Iterations} iterations, and the landing is not proven infeasible; solving again from the {Describe(InitialGuessStrategy.Interpolated)} start"));
            var retry = problem with { Options = problem.Options with { InitialGuess = InitialGuessStrategy.Interpolated } };
            model = Build(retry, context);
            var retryOptions = coldOptions with { TimeLimit = Remaining(deadline) };
            result = RunSolver(model, retryOptions, context);
            effort = effort.Then(result.Iterations, result.TotalTime, Describe(InitialGuessStrategy.Interpolated));
        }
        return new LandingRun(model, result, effort);
    }

    private static TimeSpan? Remaining(SolveDeadline? deadline) =>
        deadline is null ? null : TimeSpan.FromSeconds(deadline.RemainingSeconds);

    /// <summary>The verdict (see <see cref="LunarLandingModel.Verdict"/>), the trajectory, trajectory.csv and trajectory.svg.</summary>
    private static SolveReport<LunarLandingResult> Extract(LandingRun run, LandingFeasibility feasibility, ISolveContext context)
    {
        var (model, result, effort) = run;
        var (outcome, message) = LunarLandingModel.Verdict(result, feasibility, effort);
        var landing = LunarLandingModel.Extract(model, result, outcome, message);
        context.Info(string.Create(Invariant,
            $"outcome {outcome} ({result.Status}): {message}; iterations {result.Iterations}; fuel {landing.Fuel:F10} kg; final time {landing.FinalTime:F6} s"));
        context.Info(string.Create(Invariant,
            $"{result.FreeVariableCount} variables, {result.EqualityConstraintCount} equality and {result.InequalityConstraintCount} inequality constraints; constraint violation {result.ConstraintViolation:E3}, dual infeasibility {result.DualInfeasibility:E3}, complementarity {result.Complementarity:E3}"));
        context.Info(string.Create(Invariant,
            $"time {result.TotalTime.TotalMilliseconds:F1} ms: evaluation {result.EvaluationTime.TotalMilliseconds:F1} ms, linear algebra {result.LinearAlgebraTime.TotalMilliseconds:F1} ms; {result.ObjectiveEvaluations} objective and {result.ConstraintEvaluations} constraint evaluations; factor size {result.FactorSize}"));

        context.AddArtifact("trajectory.csv", "text/csv", TrajectoryFiles.Csv(landing.Trajectory));
        context.AddArtifact("trajectory.svg", "image/svg+xml", TrajectoryFiles.Svg(landing.Trajectory,
            string.Create(Invariant, $"Lunar landing ({outcome}): fuel {landing.Fuel:F1} kg, T = {landing.FinalTime:F1} s")));
        double? objective = outcome is SolveOutcome.Optimal or SolveOutcome.Feasible ? landing.Fuel : null;
        return new SolveReport<LunarLandingResult>(outcome, objective, landing, message);
    }

    private static NlpResult RunSolver(LandingModel model, NlpOptions options, ISolveContext context)
    {
        context.Info("iter    objective     inf_pr    inf_du     mu        alpha_pr  alpha_du  ls");
        var result = InteriorPointSolver.Solve(model.Nlp, options, record =>
        {
            context.Info(FormatIteration(record));
            return true;
        }, context.Cancellation);
        return result;
    }

    /// <summary>
    /// Retry once when the solver gave up without a landing (locally infeasible, numerical failure), the
    /// landing is not proven infeasible, the start was not already the default one (a warm start is not), and time is left.
    /// </summary>
    private static bool ShouldRetry(NlpResult result, LandingFeasibility feasibility, LunarLandingProblem problem, NlpOptions options, ISolveContext context, bool warmStarted) =>
        result.Status is NlpStatus.LocallyInfeasible or NlpStatus.NumericalFailure
        && feasibility.Verdict != LandingVerdict.ProvenInfeasible
        && (warmStarted || problem.Options.InitialGuess != InitialGuessStrategy.Interpolated)
        && !context.Cancellation.IsCancellationRequested
        && (options.TimeLimit is not { } limit || limit > result.TotalTime);

    internal static string Describe(InitialGuessStrategy strategy) =>
        strategy == InitialGuessStrategy.InitialState ? "initial-state" : "interpolated";

    private static string FormatIteration(IterationRecord r) => string.Create(Invariant,
        $"{r.Iteration,4}{(r.Restoration ? "r" : " ")} {r.Objective,14:E7} {r.PrimalInfeasibility,9:E2} {r.DualInfeasibility,9:E2} {r.Barrier,9:E2} {r.PrimalStep,9:E2} {r.DualStep,9:E2} {r.LineSearchTrials,3}");
}
