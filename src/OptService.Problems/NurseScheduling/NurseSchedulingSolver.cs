using System.Globalization;
using Google.OrTools.Sat;
using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>Runs CP-SAT on a built model (optimize or enumerate) and turns its verdict into a <see cref="SolveReport{TResult}"/>.</summary>
internal static class NurseSchedulingSolver
{
    /// <summary>Up to this many (person, day, shift type) cells one CP-SAT model of everybody is searched (it proves
    /// the 2-week and small 4-week instances optimal); above it, construction plus neighbourhood search.</summary>
    public const int FullModelMaxCells = 2000;

    /// <summary>Finds the best roster; every improving roster is logged and published as the incumbent. The time
    /// limit is the job's <paramref name="deadline"/> (counted from the job's start), model building included.</summary>
    /// <remarks><c>warmStart</c>: an earlier job's roster to hint CP-SAT with (<c>?warmStartFrom=</c>), or null.</remarks>
    public static SolveReport<NurseSchedulingResult> Optimize(RosterInstance instance, NurseSolveOptions options, NurseSchedulingLimits limits, ISolveContext context, SolveDeadline deadline,
        RosterWarmStart? warmStart = null)
    {
        var cells = (long)instance.StaffCount * instance.Days * instance.ShiftCount;
        var hardCover = instance.Cover.Any(c => c.Minimum is not null || c.Maximum is not null);
        if (hardCover || cells <= FullModelMaxCells)
            return OptimizeFullModel(instance, options, limits, context, deadline, warmStart?.ValidRoster(instance, context), warmStart);
        context.Info($"{cells} person-day-shift cells: constructive roster, then neighbourhood search with CP-SAT");
        // Above FullModelMaxCells our neighbourhood search beat the full model hinted with the same first roster on
        // every shared instance it was measured on (Instance16, 3,360 cells, side by side at 60 s: 5,297 vs 9,851;
        // Instance13: 21,605 vs 94,558; docs/nurse-scheduling.md), at the price of a weak bound.
        // The bounds from the data come first (milliseconds), so that every improving roster reports its gap.
        var counted = RosterWeekendBound.Compute(instance);
        var dataBound = Math.Max(RosterLowerBound.Compute(instance), counted);
        if (counted > 0)
            context.Info($"lower bound {counted} from counting weekends, minimum workloads and maximum minutes (the penalty no roster can avoid)");
        var search = new RosterNeighbourhoodSearch(instance, options, limits, context, deadline) { Bound = dataBound };
        // An earlier job's roster that keeps every hard rule is where the search starts (never ending worse than it);
        // one that does not is no use here: the neighbourhood search takes no hints, it starts from its own construction.
        var start = warmStart?.ValidRoster(instance, context);
        if (warmStart is not null && start is null)
            context.Warn("warm start: not used; the neighbourhood search starts from its own construction");
        // The search proves no bound: column generation computes one beside it and offers its restricted master's rosters
        // to the search (RosterBoundWorker).
        using var boundWorker = RosterBoundWorker.Start(instance, () => search.BestObjective, () => search.Best, search.Offer, context.Debug, deadline, context.Cancellation);
        search.Run(start);
        var lagrangian = boundWorker.Finish();
        context.Info(boundWorker.Describe());
        var statistics = new SolverStatistics(context.Cancellation.IsCancellationRequested ? "cancelled" : "neighbourhood search",
            0, 0, deadline.ElapsedSeconds, search.Improvements, 0, 0);
        if (search.Best is not { } best)
        {
            var (outcome, message) = search.InfeasiblePerson is { } who
                ? (SolveOutcome.Infeasible, $"CP-SAT proved that the rules of staff \"{who}\" (days off, shift maxima, total minutes, consecutive-day and weekend limits) cannot all hold")
                : context.Cancellation.IsCancellationRequested
                    ? (SolveOutcome.NotSolved, "cancelled before a roster was found")
                    : (SolveOutcome.TimeLimit, "the time limit was reached before a roster was found");
            return new SolveReport<NurseSchedulingResult>(outcome, null,
                new NurseSchedulingResult { Outcome = outcome, Mode = NurseSchedulingMode.Optimize, Statistics = statistics }, message);
        }
        context.Info($"{search.Neighbourhoods} neighbourhoods searched");
        // All three bounds are valid; the data-only ones cost nothing to compare (where the weekend limits bind, the
        // counting bound is the largest: Instance20's penalty is at least 4,020). A bound that reaches the roster's
        // penalty proves it optimal.
        var bound = Math.Max(dataBound, lagrangian?.Bound ?? 0);
        return RosterReport(instance, best, bound, proven: bound >= RosterPenalty.Evaluate(instance, best).Total, statistics, context);
    }

    private static SolveReport<NurseSchedulingResult> OptimizeFullModel(RosterInstance instance, NurseSolveOptions options, NurseSchedulingLimits limits, ISolveContext context, SolveDeadline deadline, RosterGrid? hint = null,
        RosterWarmStart? warmStart = null)
    {
        var model = NurseSchedulingModel.ForOptimizing(instance);
        // The earlier job's roster wins where it decides a cell; the constructed roster fills the rest.
        if (warmStart is not null)
            warmStart.AddHints(model, hint);
        else if (hint is not null)
            for (var e = 0; e < instance.StaffCount; e++) model.AddHint(e, hint);
        var solver = CreateSolver(Parameters(options, limits, deadline.RemainingAtLeast(0.1)), context);
        var callback = new ImprovingSolutionCallback(model, context, deadline.ElapsedSeconds);
        // Column generation's bound beside CP-SAT (RosterFullModelBound): on these sizes it converges in well under a
        // second and is often above CP-SAT's own bound when the time limit stops the proof.
        using var columnBound = RosterFullModelBound.Start(instance, deadline, context.Cancellation);
        var status = Run(solver, model, callback, context);
        var generated = columnBound.Finish();
        var statistics = Statistics(solver, status, model, callback.Count);

        // The best roster is the callback's last one: its values and objective are read together, which
        // also holds when the search was stopped (cancel) between solutions.
        var grid = status is CpSolverStatus.Optimal or CpSolverStatus.Feasible ? callback.Best : null;
        // The restricted master's roster when it is better than CP-SAT's (or CP-SAT has none): every row keeps its
        // person's rules, and without hard cover bounds (the only case it runs) nothing else is hard.
        if (status != CpSolverStatus.Optimal && columnBound.Roster is { } mastered
            && (grid is null || RosterPenalty.Evaluate(instance, mastered).Total < RosterPenalty.Evaluate(instance, grid).Total))
        {
            context.Info($"solution: objective {RosterPenalty.Evaluate(instance, mastered).Total} (restricted master of column generation), {deadline.ElapsedSeconds:F2} s");
            grid = mastered;
        }
        if (grid is null)
        {
            var (outcome, message) = NoSolutionVerdict(status, context, solver);
            return new SolveReport<NurseSchedulingResult>(outcome, null,
                new NurseSchedulingResult { Outcome = outcome, Mode = NurseSchedulingMode.Optimize, Statistics = statistics }, message);
        }
        var bound = status is CpSolverStatus.Optimal or CpSolverStatus.Feasible
            ? (long)Math.Ceiling(solver.BestObjectiveBound - 1e-6)
            : RosterLowerBound.Compute(instance);
        bound = Math.Max(bound, RosterWeekendBound.Compute(instance));
        if (generated is { } g && status != CpSolverStatus.Optimal)
        {
            context.Info(columnBound.Describe());
            bound = Math.Max(bound, g.Bound);
        }
        var proven = status == CpSolverStatus.Optimal || bound >= RosterPenalty.Evaluate(instance, grid).Total;
        if (status == CpSolverStatus.Optimal && (long)Math.Round(solver.ObjectiveValue) != RosterPenalty.Evaluate(instance, grid).Total)
            context.Warn($"roster penalty differs from CP-SAT's proven optimum {solver.ObjectiveValue}");
        return RosterReport(instance, grid, bound, proven, statistics, context);
    }

    private static SolveReport<NurseSchedulingResult> RosterReport(RosterInstance instance, RosterGrid grid, long bound, bool proven, SolverStatistics statistics, ISolveContext context)
    {
        var penalty = RosterPenalty.Evaluate(instance, grid);
        var objective = penalty.Total;
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

    /// <summary>Counts every roster (no objective, one worker) and keeps the first <paramref name="keep"/>; CP-SAT gets
    /// what is left of the job's time limit.</summary>
    public static SolveReport<NurseSchedulingResult> Enumerate(NurseSchedulingModel model, int keep, NurseSchedulingLimits limits, ISolveContext context, SolveDeadline deadline)
    {
        var instance = model.Instance;
        var parameters = EnumerationParameters(limits, deadline.RemainingAtLeast(0.001));
        context.Info("CP-SAT parameters: " + parameters);
        // No log callback: with the search log off it would carry nothing, and every line CP-SAT might still
        // send would cross into .NET once per line.
        var solver = new CpSolver { StringParameters = parameters };
        var callback = new EnumerationCallback(model, keep, limits.MaxEnumeratedSolutions);
        var status = Run(solver, model, callback, context);
        var statistics = Statistics(solver, status, model, 0);

        if (callback.Count == 0)
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
        var complete = status == CpSolverStatus.Optimal && !callback.Cut;
        var result = new NurseSchedulingResult
        {
            Outcome = complete ? SolveOutcome.Optimal : SolveOutcome.Feasible,
            Mode = NurseSchedulingMode.Enumerate,
            Objective = 0,
            SolutionCount = callback.Count,
            CountComplete = complete,
            Rosters = callback.Kept.Select(g => g.ToRoster(instance)).ToList(),
            Roster = callback.Kept.Count > 0 ? callback.Kept[0].ToRoster(instance) : null,
            Statistics = statistics,
        };
        if (callback.Kept.Count > 0) AddArtifacts(context, instance, callback.Kept[0], 0);
        var classes = model.SolutionsAreClasses
            ? $"; CP-SAT enumerated {callback.Solutions} rosters up to renaming the interchangeable staff, each standing for its renamings"
            : "";
        var summary = complete
            ? $"{callback.Count} rosters in all (complete enumeration{classes})"
            : $"{callback.Count} rosters found before the search was stopped (count incomplete{classes})";
        context.Info(summary);
        return new SolveReport<NurseSchedulingResult>(result.Outcome, 0, result, summary);
    }

    private static readonly string[] SmallPortfolio = ["max_lp", "core", "quick_restart", "default_lp", "reduced_costs", "pseudo_costs", "no_lp"];

    /// <summary>
    /// Enumeration needs a single worker, and CP-SAT's own enumerate_all_solutions keeps presolve from removing
    /// any solution. Without an objective the LP relaxation only costs time (the seed: 0.7 s with it, well under
    /// 0.1 s without); the search log would be thousands of lines. Probing and symmetry detection are work done
    /// once for a search that has nothing to prune with them (no objective, every solution wanted).
    /// </summary>
    private static string EnumerationParameters(NurseSchedulingLimits limits, double timeLimit)
    {
        var parameters = FormattableString.Invariant(
            $"max_time_in_seconds:{timeLimit:0.###} enumerate_all_solutions:true num_workers:1 linearization_level:0 cp_model_probing_level:0 symmetry_level:0 log_search_progress:false log_to_stdout:false");
        return limits.ExtraSolverParameters is { Length: > 0 } extra ? parameters + " " + extra : parameters;
    }

    private static string Parameters(NurseSolveOptions options, NurseSchedulingLimits limits, double timeLimit)
    {
        var parts = new List<string>
        {
            FormattableString.Invariant($"max_time_in_seconds:{timeLimit:0.###}"),
            FormattableString.Invariant($"random_seed:{options.RandomSeed ?? 0}"),
            "log_to_stdout:false",
        };
        var workers = options.Workers ?? limits.DefaultWorkers;
        parts.Add("log_search_progress:true");
        parts.Add(FormattableString.Invariant($"num_workers:{workers}"));
        // Below eight workers CP-SAT's default portfolio proves poor bounds on these models (Instance2 with
        // 2 workers: bound 208 vs 828 after 30 s; Instance6 with 3: bound 201 vs 1950). The strongest LP
        // relaxation plus core-based search proves Instance2 and Instance3 optimal in seconds, so those two
        // come first; from eight workers on the default portfolio contains them.
        if (workers is >= 2 and < 8)
            parts.AddRange(SmallPortfolio.Take(workers).Select(name => $"subsolvers:\"{name}\""));
        parts.Add(FormattableString.Invariant($"relative_gap_limit:{options.RelativeGap ?? 0}"));
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
    private static CpSolverStatus Run(CpSolver solver, NurseSchedulingModel model, SolutionCallback callback, ISolveContext context)
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

    /// <summary>The relative gap between a roster's penalty and a lower bound (also the neighbourhood search's incumbents').</summary>
    internal static double Gap(long objective, long bound) => (objective - bound) / (double)Math.Max(1, Math.Abs(objective));

    private static void AddArtifacts(ISolveContext context, RosterInstance instance, RosterGrid grid, long objective)
    {
        context.AddArtifact("roster.csv", "text/csv", RosterArtifacts.Csv(instance, grid));
        context.AddArtifact("roster.html", "text/html", RosterArtifacts.Html(instance, grid, objective));
        context.AddArtifact("penalties.csv", "text/csv", RosterArtifacts.PenaltiesCsv(RosterPenalty.Evaluate(instance, grid)));
    }

    /// <summary>Logs every improving roster (objective, bound, time) and publishes it as the incumbent.</summary>
    private sealed class ImprovingSolutionCallback(NurseSchedulingModel model, ISolveContext context, double startSeconds) : CpSolverSolutionCallback
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
                $"solution {Count}: objective {objective}{slack}, bound {bound}, {startSeconds + WallTime():F2} s"));
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

    /// <summary>Counts rosters, keeps the first few, stops at the configured cap. A solution is read only while
    /// rosters are still to be kept (or its class to be sized); the others are only counted.</summary>
    private sealed class EnumerationCallback(NurseSchedulingModel model, int keep, long cap) : CpSolverSolutionCallback
    {
        public long Count { get; private set; }
        public bool Cut { get; private set; }
        public List<RosterGrid> Kept { get; } = [];

        /// <summary>The solutions CP-SAT found (classes, when each stands for its renamings).</summary>
        public long Solutions { get; private set; }

        public override void OnSolutionCallback()
        {
            Solutions++;
            long rosters = 1;
            if (model.SolutionsAreClasses)
            {
                var grid = RosterGrid.Read(model, BooleanValue);
                rosters = InterchangeableStaff.ClassSize(grid);
                if (Kept.Count < keep) Kept.AddRange(InterchangeableStaff.Class(grid).Take(keep - Kept.Count));
            }
            else if (Kept.Count < keep)
            {
                Kept.Add(RosterGrid.Read(model, BooleanValue));
            }
            // Never past the cap: a class counts only the rosters that fit under it.
            Count += Math.Min(rosters, cap - Count);
            if (Count >= cap)
            {
                Cut = true;
                StopSearch();
            }
        }
    }
}
