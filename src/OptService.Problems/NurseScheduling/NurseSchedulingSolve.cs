using System.Globalization;
using Google.OrTools.Sat;
using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// The roster model ready to solve: the instance, the mode, and the CP-SAT model, or the reason the rules cannot
/// hold (found before building it, so there is no model).
/// </summary>
internal sealed record NurseSchedulingBuild(
    RosterInstance Instance, NurseSchedulingMode Mode, int Keep, NurseSolveOptions Options, NurseSchedulingModel? Model, string? InfeasibleReason);

/// <summary>What CP-SAT returned: its status and solver (bound, objective, response), and what the callback kept.</summary>
internal sealed record NurseSchedulingRun(
    CpSolverStatus Status, CpSolver Solver, SolverStatistics Statistics, RosterGrid? Best, long Count, IReadOnlyList<RosterGrid> Kept, bool Cut);

/// <summary>
/// Build the roster model, run CP-SAT on it (optimize or enumerate), extract the roster(s) and the verdict.
/// </summary>
internal static class NurseSchedulingSolve
{
    public static SolveReport<NurseSchedulingResult> Run(NurseSchedulingProblem problem, NurseSchedulingLimits limits, ISolveContext context)
    {
        var build = Build(problem, context);
        var run = Solve(build, limits, context);
        return Extract(build, run, context);
    }

    /// <summary>The instance in one shape for both forms; the quick infeasibility check; the CP-SAT model.</summary>
    public static NurseSchedulingBuild Build(NurseSchedulingProblem problem, ISolveContext context)
    {
        var options = problem.Options ?? new NurseSolveOptions();
        var isShort = NurseSchedulingValidation.IsShortForm(problem);
        var instance = isShort
            ? RosterInstance.FromShortForm(problem.NurseCount!.Value, problem.DayCount!.Value, problem.ShiftsPerDay!.Value)
            : RosterInstance.FromLongForm(problem);
        var mode = isShort ? problem.Mode ?? NurseSchedulingMode.Optimize : NurseSchedulingMode.Optimize;
        var keep = problem.MaxSolutions ?? 5;
        context.Info($"nurse scheduling ({(isShort ? "short" : "long")} form, {mode.ToString().ToLowerInvariant()}): " +
            $"{instance.StaffCount} staff, {instance.Days} days, {instance.ShiftCount} shift types");

        if (InfeasibilityCheck.FindReason(instance) is { } reason)
        {
            context.Info("infeasible before solving: " + reason);
            return new NurseSchedulingBuild(instance, mode, keep, options, null, reason);
        }
        var model = NurseSchedulingModel.Build(instance, withObjective: mode == NurseSchedulingMode.Optimize);
        return new NurseSchedulingBuild(instance, mode, keep, options, model, null);
    }

    /// <summary>
    /// Runs CP-SAT: optimize (every improving roster logged and published as the incumbent) or count every roster
    /// (no objective, one worker, the first few kept). Null when the build already proved the rules infeasible.
    /// </summary>
    public static NurseSchedulingRun? Solve(NurseSchedulingBuild build, NurseSchedulingLimits limits, ISolveContext context)
    {
        if (build.Model is not { } model) return null;
        if (build.Mode == NurseSchedulingMode.Enumerate)
        {
            var solver = CreateSolver(Parameters(build.Options, limits, enumerate: true), context);
            var callback = new EnumerationCallback(model, build.Keep, limits.MaxEnumeratedSolutions);
            var status = RunCpSat(solver, model, callback, context);
            return new NurseSchedulingRun(status, solver, Statistics(solver, status, model, 0), null, callback.Count, callback.Kept, callback.Cut);
        }
        else
        {
            var solver = CreateSolver(Parameters(build.Options, limits, enumerate: false), context);
            var callback = new ImprovingSolutionCallback(model, context);
            var status = RunCpSat(solver, model, callback, context);
            // The best roster is the callback's last one: its values and objective are read together, which
            // also holds when the search was stopped (cancel) between solutions.
            var best = status is CpSolverStatus.Optimal or CpSolverStatus.Feasible ? callback.Best : null;
            return new NurseSchedulingRun(status, solver, Statistics(solver, status, model, callback.Count), best, callback.Count, [], false);
        }
    }

    /// <summary>The verdict and the roster(s) with their penalties, roster.csv and roster.html.</summary>
    public static SolveReport<NurseSchedulingResult> Extract(NurseSchedulingBuild build, NurseSchedulingRun? run, ISolveContext context)
    {
        if (run is null)
        {
            var enumerate = build.Mode == NurseSchedulingMode.Enumerate;
            var result = new NurseSchedulingResult
            {
                Outcome = SolveOutcome.Infeasible,
                Mode = build.Mode,
                SolutionCount = enumerate ? 0 : null,
                CountComplete = enumerate ? true : null,
                Statistics = new SolverStatistics("not run", 0, 0, 0, 0, 0, 0),
            };
            return new SolveReport<NurseSchedulingResult>(SolveOutcome.Infeasible, null, result, build.InfeasibleReason);
        }
        return build.Mode == NurseSchedulingMode.Enumerate ? ExtractEnumeration(build, run, context) : ExtractBest(build, run, context);
    }

    private static SolveReport<NurseSchedulingResult> ExtractBest(NurseSchedulingBuild build, NurseSchedulingRun run, ISolveContext context)
    {
        var instance = build.Instance;
        var (status, solver, statistics) = (run.Status, run.Solver, run.Statistics);
        if (run.Best is not { } grid)
        {
            var (outcome, message) = NoSolutionVerdict(status, context, solver);
            return new SolveReport<NurseSchedulingResult>(outcome, null,
                new NurseSchedulingResult { Outcome = outcome, Mode = NurseSchedulingMode.Optimize, Statistics = statistics }, message);
        }

        var penalty = RosterPenalty.Evaluate(instance, grid);
        var objective = penalty.Total;
        var bound = (long)Math.Ceiling(solver.BestObjectiveBound - 1e-6);
        var proven = status == CpSolverStatus.Optimal;
        if (proven && (long)Math.Round(solver.ObjectiveValue) != objective)
            context.Warn($"roster penalty {objective} differs from CP-SAT's proven optimum {solver.ObjectiveValue}");
        var result = new NurseSchedulingResult
        {
            Outcome = proven ? SolveOutcome.Optimal : SolveOutcome.Feasible,
            Mode = NurseSchedulingMode.Optimize,
            Objective = objective,
            Bound = proven ? Math.Min(bound, objective) : bound,
            Gap = Gap(objective, proven ? Math.Min(bound, objective) : bound),
            Roster = grid.ToRoster(instance),
            Penalty = penalty,
            Statistics = statistics,
        };
        AddArtifacts(context, instance, grid, objective);
        var summary = proven
            ? $"optimal: penalty {objective}"
            : $"feasible: penalty {objective}, bound {result.Bound}, gap {result.Gap:P1}" + (context.Cancellation.IsCancellationRequested ? " (cancelled)" : "");
        context.Info(summary);
        return new SolveReport<NurseSchedulingResult>(result.Outcome, objective, result, summary);
    }

    private static SolveReport<NurseSchedulingResult> ExtractEnumeration(NurseSchedulingBuild build, NurseSchedulingRun run, ISolveContext context)
    {
        var instance = build.Instance;
        var (status, solver, statistics) = (run.Status, run.Solver, run.Statistics);
        if (run.Count == 0)
        {
            var (outcome, message) = NoSolutionVerdict(status, context, solver);
            return new SolveReport<NurseSchedulingResult>(outcome, null, new NurseSchedulingResult
            {
                Outcome = outcome,
                Mode = NurseSchedulingMode.Enumerate,
                SolutionCount = 0,
                CountComplete = status == CpSolverStatus.Infeasible,
                Rosters = [],
                Statistics = statistics,
            }, message);
        }

        // OPTIMAL with enumerate_all_solutions means the search space was exhausted.
        var complete = status == CpSolverStatus.Optimal && !run.Cut;
        var result = new NurseSchedulingResult
        {
            Outcome = complete ? SolveOutcome.Optimal : SolveOutcome.Feasible,
            Mode = NurseSchedulingMode.Enumerate,
            Objective = 0,
            SolutionCount = run.Count,
            CountComplete = complete,
            Rosters = run.Kept.Select(g => g.ToRoster(instance)).ToList(),
            Roster = run.Kept.Count > 0 ? run.Kept[0].ToRoster(instance) : null,
            Statistics = statistics,
        };
        if (run.Kept.Count > 0) AddArtifacts(context, instance, run.Kept[0], 0);
        var summary = complete
            ? $"{run.Count} rosters in all (complete enumeration)"
            : $"{run.Count} rosters found before the search was stopped (count incomplete)";
        context.Info(summary);
        return new SolveReport<NurseSchedulingResult>(result.Outcome, 0, result, summary);
    }

    private static readonly string[] SmallPortfolio = ["max_lp", "core", "quick_restart", "default_lp", "reduced_costs", "pseudo_costs", "no_lp"];

    private static string Parameters(NurseSolveOptions options, NurseSchedulingLimits limits, bool enumerate)
    {
        var timeLimit = options.TimeLimitSeconds ?? limits.DefaultTimeLimitSeconds;
        var parts = new List<string>
        {
            FormattableString.Invariant($"max_time_in_seconds:{timeLimit}"),
            FormattableString.Invariant($"random_seed:{options.RandomSeed ?? 0}"),
            "log_search_progress:true",
            "log_to_stdout:false",
        };
        if (enumerate)
        {
            // Enumeration needs a single worker and presolve that keeps every solution.
            parts.Add("enumerate_all_solutions:true");
            parts.Add("num_workers:1");
        }
        else
        {
            var workers = options.Workers ?? limits.DefaultWorkers;
            parts.Add(FormattableString.Invariant($"num_workers:{workers}"));
            // Below eight workers CP-SAT's default portfolio proves poor bounds on these models (Instance2 with
            // 2 workers: bound 208 vs 828 after 30 s; Instance6 with 3: bound 201 vs 1950). The strongest LP
            // relaxation plus core-based search proves Instance2 and Instance3 optimal in seconds, so those two
            // come first; from eight workers on the default portfolio contains them.
            if (workers is >= 2 and < 8)
                parts.AddRange(SmallPortfolio.Take(workers).Select(name => $"subsolvers:\"{name}\""));
            parts.Add(FormattableString.Invariant($"relative_gap_limit:{options.RelativeGap ?? 0}"));
        }
        if (limits.ExtraSolverParameters is { Length: > 0 } extra) parts.Add(extra);
        return string.Join(' ', parts);
    }

    private static CpSolver CreateSolver(string parameters, ISolveContext context)
    {
        var solver = new CpSolver { StringParameters = parameters };
        solver.SetLogCallback(line => context.Debug("cp-sat: " + line.TrimEnd()));
        context.Info("CP-SAT parameters: " + parameters);
        return solver;
    }

    /// <summary>Solves with StopSearch wired to the job's cancellation.</summary>
    private static CpSolverStatus RunCpSat(CpSolver solver, NurseSchedulingModel model, SolutionCallback callback, ISolveContext context)
    {
        if (context.Cancellation.IsCancellationRequested) return CpSolverStatus.Unknown;
        using var registration = context.Cancellation.Register(solver.StopSearch);
        return solver.Solve(model.Model, callback);
    }

    private static (SolveOutcome Outcome, string Message) NoSolutionVerdict(CpSolverStatus status, ISolveContext context, CpSolver solver) => status switch
    {
        CpSolverStatus.Infeasible => (SolveOutcome.Infeasible,
            "CP-SAT proved that the hard constraints (days off, shift maxima, total minutes, consecutive-day and weekend limits, hard cover bounds) cannot all hold"),
        CpSolverStatus.ModelInvalid => (SolveOutcome.Abnormal, "CP-SAT rejected the model: " + solver.Response?.SolutionInfo),
        _ when context.Cancellation.IsCancellationRequested => (SolveOutcome.NotSolved, "cancelled before a roster was found"),
        CpSolverStatus.Unknown => (SolveOutcome.TimeLimit, "the time limit was reached before a roster was found"),
        _ => (SolveOutcome.Abnormal, "unexpected CP-SAT status " + status.ToString()),
    };

    private static SolverStatistics Statistics(CpSolver solver, CpSolverStatus status, NurseSchedulingModel model, int improving)
    {
        var proto = model.Model.Model;
        var response = solver.Response;
        return new SolverStatistics(
            status.ToString().ToLowerInvariant(),
            response?.NumConflicts ?? 0,
            response?.NumBranches ?? 0,
            response?.WallTime ?? 0,
            improving,
            proto.Variables.Count,
            proto.Constraints.Count);
    }

    private static double Gap(long objective, long bound) => (objective - bound) / (double)Math.Max(1, Math.Abs(objective));

    private static void AddArtifacts(ISolveContext context, RosterInstance instance, RosterGrid grid, long objective)
    {
        context.AddArtifact("roster.csv", "text/csv", RosterArtifacts.Csv(instance, grid));
        context.AddArtifact("roster.html", "text/html", RosterArtifacts.Html(instance, grid, objective));
    }

    /// <summary>Logs every improving roster (objective, bound, time) and publishes it as the incumbent.</summary>
    private sealed class ImprovingSolutionCallback(NurseSchedulingModel model, ISolveContext context) : CpSolverSolutionCallback
    {
        public int Count { get; private set; }
        public RosterGrid? Best { get; private set; }
        public long BestObjective { get; private set; } = long.MaxValue;

        public override void OnSolutionCallback()
        {
            Count++;
            // The roster's own penalty: CP-SAT's objective may still carry slack in under/over cover.
            var grid = RosterGrid.Read(model, BooleanValue);
            var penalty = RosterPenalty.Evaluate(model.Instance, grid);
            var objective = penalty.Total;
            var modelObjective = (long)Math.Round(ObjectiveValue());
            var bound = (long)Math.Ceiling(BestObjectiveBound() - 1e-6);
            var slack = modelObjective == objective ? "" : $" (model {modelObjective})";
            context.Info(string.Create(CultureInfo.InvariantCulture,
                $"solution {Count}: objective {objective}{slack}, bound {bound}, {WallTime():F2} s"));
            if (objective >= BestObjective) return;
            Best = grid;
            BestObjective = objective;
            var incumbent = new NurseSchedulingResult
            {
                Outcome = SolveOutcome.Feasible,
                Mode = NurseSchedulingMode.Optimize,
                Objective = objective,
                Bound = bound,
                Gap = Gap(objective, bound),
                Roster = grid.ToRoster(model.Instance),
                Penalty = penalty,
                Statistics = new SolverStatistics("running", NumConflicts(), NumBranches(), WallTime(), Count, 0, 0),
            };
            context.ReportIncumbent(incumbent, objective);
        }
    }

    /// <summary>Counts rosters, keeps the first few, stops at the configured cap.</summary>
    private sealed class EnumerationCallback(NurseSchedulingModel model, int keep, long cap) : CpSolverSolutionCallback
    {
        public long Count { get; private set; }
        public bool Cut { get; private set; }
        public List<RosterGrid> Kept { get; } = [];

        public override void OnSolutionCallback()
        {
            Count++;
            if (Kept.Count < keep) Kept.Add(RosterGrid.Read(model, BooleanValue));
            if (Count >= cap)
            {
                Cut = true;
                StopSearch();
            }
        }
    }
}
