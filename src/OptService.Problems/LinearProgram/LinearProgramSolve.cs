using System.Diagnostics;
using System.Globalization;
using OptService.Kinds;
using OptService.MpSolverHost;
using OptService.Problems.LinearProgramming;

namespace OptService.Problems.LinearProgram;

/// <summary>Build the index model, solve it in the solver host, extract the result by name.</summary>
internal static class LinearProgramSolve
{
    public static async Task<SolveReport<LinearProgramResult>> RunAsync(LinearProgramProblem problem, LinearProgramLimits limits, ISolveContext context)
    {
        var total = Stopwatch.StartNew();
        var model = LinearModel.Build(problem);
        var options = problem.Options ?? new LinearProgramOptions();
        context.Info(Invariant($"linear program '{problem.Name ?? "model"}': {model.ColumnCount} variables ({model.Matrix.IsInteger.Count(i => i)} integer), {model.RowCount} constraints, {model.Matrix.Value.Length} nonzeros, {(model.Maximize ? "maximize" : "minimize")}"));
        LinearProgramFiles.AddModelFiles(problem, context);

        var choice = SolverChoice.Choose(options.Solver, model.HasIntegers);
        context.Info($"solver: {choice.Name} ({choice.SolverId}) — {choice.Reason}");
        var raw = await SolveAsync(model, choice, options, limits, context).ConfigureAwait(false);
        context.Info(Invariant($"{choice.Name}: {raw.Result.Detail} ({raw.Seconds:0.###} s solve, {total.Elapsed.TotalSeconds:0.###} s in all)"));
        var report = Extract(model, choice, raw, limits);
        if (report.Result is { Variables.Count: > 0 } result)
            LinearProgramFiles.AddSolutionFiles(result, model, context);
        return report;
    }

    /// <summary>What came back from the host and how long it took.</summary>
    internal sealed record RawSolve(MpSolveResult Result, double Seconds);

    public static async Task<RawSolve> SolveAsync(
        LinearModel model, SolverChoice choice, LinearProgramOptions options, LinearProgramLimits limits, ISolveContext context)
    {
        if (options.Threads is not null && !choice.TakesThreads)
            context.Info($"{choice.Name} is single-threaded here: threads is ignored");
        if (options.AbsoluteGap is not null && !model.HasIntegers)
            context.Info("the model is continuous: absoluteGap does not apply");
        var parameters = options.SolverParameters;
        if (options.AbsoluteGap is { } absolute && model.HasIntegers && choice.Solver == LinearProgramSolver.Scip)
            parameters = (parameters is { Length: > 0 } ? parameters + "\n" : "") + "limits/absgap = " + absolute.ToString("R", CultureInfo.InvariantCulture);
        var hostOptions = new MpSolveOptions
        {
            Maximize = model.Maximize,
            ObjectiveOffset = model.ObjectiveOffset,
            // MPSolver's default MIP gap is 1e-4; ours is a proof of optimality unless asked otherwise.
            RelativeGap = model.HasIntegers ? options.RelativeGap ?? 0 : null,
            PrimalTolerance = choice.Solver == LinearProgramSolver.Pdlp ? limits.FirstOrderTolerance / 10 : null,
            DualTolerance = choice.Solver == LinearProgramSolver.Pdlp ? limits.FirstOrderTolerance / 10 : null,
            Threads = choice.TakesThreads ? options.Threads : null,
            Presolve = options.Presolve,
            SolverParameters = parameters,
            WantDuals = !model.HasIntegers && choice.GivesDuals,
            Hint = LinearProgramWarmStart.Read(model, choice, context),
        };
        // The time limit counts from the job's start (SolveDeadline): reading and building the model spent part of it.
        var timeLimit = SolveDeadline.Of(context, options.TimeLimitSeconds ?? limits.DefaultTimeLimitSeconds).RemainingAtLeast(0.001);
        var incumbents = new IncumbentWatcher(choice.Solver, model.Maximize, context);
        var clock = Stopwatch.StartNew();
        var result = await MpSolverProcess.SolveAsync(model.Matrix, choice.SolverId, hostOptions, timeLimit, incumbents.OnLine, context.Cancellation)
            .ConfigureAwait(false);
        return new RawSolve(result, clock.Elapsed.TotalSeconds);
    }

    public static SolveReport<LinearProgramResult> Extract(LinearModel model, SolverChoice choice, RawSolve raw, LinearProgramLimits limits)
    {
        var result = raw.Result;
        if (result.Status == MpSolveStatus.Failed)
            throw new InvalidOperationException($"{choice.Name} failed: {result.Detail}");
        var outcome = result.Status switch
        {
            MpSolveStatus.Optimal => SolveOutcome.Optimal,
            MpSolveStatus.Feasible => SolveOutcome.Feasible,
            MpSolveStatus.Infeasible => SolveOutcome.Infeasible,
            MpSolveStatus.Unbounded => SolveOutcome.Unbounded,
            MpSolveStatus.TimeLimit => SolveOutcome.TimeLimit,
            MpSolveStatus.Cancelled => SolveOutcome.NotSolved,
            _ => SolveOutcome.Abnormal,
        };
        if (result.Values is not { } x)
        {
            var empty = new LinearProgramResult
            {
                Outcome = outcome, Solver = choice.Name, SolveSeconds = raw.Seconds, Message = result.Detail,
                BestBound = Finite(result.BestBound),
            };
            return new SolveReport<LinearProgramResult>(outcome, null, empty, result.Detail);
        }

        // Whole numbers for integer variables: the backends return 2.9999999999 within their tolerance.
        for (var j = 0; j < x.Length; j++)
            if (model.Matrix.IsInteger[j]) x[j] = Math.Round(x[j]);
        var objective = model.ObjectiveValue(x);
        var activities = model.Activities(x);
        var duals = result.Duals;
        var reducedCosts = result.ReducedCosts;
        FeasibilityCheck? check = null;
        var message = outcome == SolveOutcome.Optimal ? null : result.Detail;
        if (!model.HasIntegers && duals is not null)
        {
            check = OptimalityCheck.Measure(model, x, duals, limits.FirstOrderTolerance);
            // A first-order method stops at its own tolerance: optimal only if the solution meets ours.
            if (choice.Solver == LinearProgramSolver.Pdlp && outcome == SolveOutcome.Optimal && !OptimalityCheck.Within(check))
            {
                outcome = SolveOutcome.Feasible;
                message = Invariant($"pdlp stopped with primal violation {check.PrimalViolation:g3}, dual violation {check.DualViolation:g3}, objective gap {check.ObjectiveGap:g3}: not within the tolerance {check.Tolerance:g3}, so not called optimal");
            }
        }
        double? bound = model.HasIntegers ? Finite(result.BestBound) : outcome == SolveOutcome.Optimal ? objective : null;
        double? gap = bound is { } b ? Math.Abs(objective - b) / Math.Max(Math.Abs(objective), 1e-9) : null;
        if (outcome == SolveOutcome.Optimal && gap < 1e-9) gap = 0;

        var variables = new VariableValue[x.Length];
        for (var j = 0; j < x.Length; j++) variables[j] = new VariableValue(model.VariableNames[j], x[j], reducedCosts?[j]);
        var constraints = new ConstraintValue[model.RowCount];
        for (var i = 0; i < constraints.Length; i++) constraints[i] = new ConstraintValue(model.ConstraintNames[i], activities[i], duals?[i]);
        var resultRecord = new LinearProgramResult
        {
            Outcome = outcome, Objective = objective, BestBound = bound, Gap = gap, Solver = choice.Name,
            SolveSeconds = raw.Seconds, Message = message, Variables = variables, Constraints = constraints, Feasibility = check,
        };
        return new SolveReport<LinearProgramResult>(outcome, objective, resultRecord, message);
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
