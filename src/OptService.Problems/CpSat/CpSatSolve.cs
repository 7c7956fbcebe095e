using System.Globalization;
using System.Text;
using Google.OrTools.Sat;
using OptService.Kinds;

namespace OptService.Problems.CpSat;

/// <summary>The model ready to solve: the proto, the parameter text CP-SAT gets, and what to do.</summary>
internal sealed record CpSatModel(CpModelProto Proto, string ParameterText, bool EnumerateAll, int MaxSolutions, long MaxEnumerated)
{
    public bool HasObjective => Proto.Objective is not null || Proto.FloatingPointObjective is not null;
}

/// <summary>What CP-SAT returned: its response and what the solution callback saw on the way.</summary>
internal sealed record CpSatRun(CpSolverResponse Response, long SolutionsReported, IReadOnlyList<long[]> Kept, bool Cut, bool Cancelled);

/// <summary>Build the model, run CP-SAT, extract the result: three steps, three functions.</summary>
internal static class CpSatSolve
{
    public static SolveReport<CpSatResult> Run(CpSatProblem problem, CpSatLimits limits, ISolveContext context)
    {
        var model = Build(problem, limits, context);
        context.Info($"cp-sat model: {model.Proto.Variables.Count} variables, {model.Proto.Constraints.Count} constraints, " +
                     (model.EnumerateAll ? "enumerate all solutions" : model.HasObjective ? "optimize" : "find a solution"));
        context.Info("CP-SAT parameters: " + model.ParameterText);
        CpSatWarmStart.Apply(model, context);
        var run = Solve(model, context);
        return Extract(model, run, context);
    }

    /// <summary>The stored (already validated) request as a model and the parameter text CP-SAT runs with. With the
    /// job's <paramref name="context"/>, max_time_in_seconds is what is left of the limit counted from the job's start
    /// (SolveDeadline): reading the model spent part of it; CP-SAT's presolve is inside its own limit.</summary>
    public static CpSatModel Build(CpSatProblem problem, CpSatLimits limits, ISolveContext? context = null)
    {
        var errors = new List<FieldError>();
        var request = CpSatValidation.Read(problem, limits, errors, withCpSatChecks: false)
            ?? throw new InvalidDataException("stored cp-sat problem is invalid: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Reason}")));
        if (context is not null)
            request.Parameters.MaxTimeInSeconds = SolveDeadline.Of(context, request.Parameters.MaxTimeInSeconds).RemainingAtLeast(0.001);
        return new CpSatModel(request.Model, SatParametersText.Format(request.Parameters), request.EnumerateAll, request.MaxSolutions, limits.MaxEnumeratedSolutions);
    }

    /// <summary>Runs CP-SAT with its log going to the job log (debug), cancellation wired to StopSearch.</summary>
    public static CpSatRun Solve(CpSatModel model, ISolveContext context)
    {
        if (context.Cancellation.IsCancellationRequested)
            return new CpSatRun(new CpSolverResponse { Status = CpSolverStatus.Unknown }, 0, [], false, true);
        using var wrapper = new SolveWrapper();
        wrapper.SetStringParameters(model.ParameterText);
        using var log = new JobLogCallback(context);
        wrapper.AddLogCallbackFromClass(log);
        using var callback = new SolutionObserver(model, context);
        wrapper.AddSolutionCallback(callback);
        CpSolverResponse response;
        using (context.Cancellation.Register(wrapper.StopSearch))
            response = wrapper.Solve(model.Proto);
        wrapper.ClearSolutionCallback(callback);
        return new CpSatRun(response, callback.Count, callback.Kept, callback.Cut, context.Cancellation.IsCancellationRequested);
    }

    /// <summary>CP-SAT's verdict as an outcome, the solution by index and name, the enumeration and the statistics.</summary>
    public static SolveReport<CpSatResult> Extract(CpSatModel model, CpSatRun run, ISolveContext context)
    {
        var response = run.Response;
        var hasSolution = response.Status is CpSolverStatus.Optimal or CpSolverStatus.Feasible && response.Solution.Count == model.Proto.Variables.Count;
        var statistics = Statistics(model, run);
        var (outcome, message) = Verdict(model, run, hasSolution);
        // An enumeration's solution is the first one found (the response holds whichever CP-SAT saw last).
        var values = model.EnumerateAll && run.Kept.Count > 0 ? run.Kept[0] : hasSolution ? response.Solution.ToArray() : null;
        double? objective = hasSolution && model.HasObjective ? response.ObjectiveValue : null;
        double? bound = model.HasObjective && response.Status is CpSolverStatus.Optimal or CpSolverStatus.Feasible ? response.BestObjectiveBound : null;
        var result = new CpSatResult
        {
            Outcome = outcome,
            EnumerateAll = model.EnumerateAll,
            Objective = objective,
            Bound = bound,
            Gap = Gap(objective, bound),
            Values = values,
            ValuesByName = values is null ? null : ByName(model, values),
            SolutionCount = model.EnumerateAll ? run.SolutionsReported : null,
            CountComplete = model.EnumerateAll ? IsComplete(run) : null,
            Solutions = model.EnumerateAll ? run.Kept : null,
            SufficientAssumptionsForInfeasibility = response.SufficientAssumptionsForInfeasibility.Count > 0 ? [.. response.SufficientAssumptionsForInfeasibility] : null,
            Statistics = statistics,
        };
        if (values is not null) context.AddArtifact("solution.csv", "text/csv", SolutionCsv(model, values));
        // The message is the job's last log line: the executor writes it.
        return new SolveReport<CpSatResult>(outcome, model.EnumerateAll ? null : objective, result, message);
    }

    /// <summary>OPTIMAL with enumerate_all_solutions means the search space was exhausted (INFEASIBLE: it holds none).</summary>
    private static bool IsComplete(CpSatRun run) =>
        !run.Cut && !run.Cancelled && run.Response.Status is CpSolverStatus.Optimal or CpSolverStatus.Infeasible;

    private static (SolveOutcome, string) Verdict(CpSatModel model, CpSatRun run, bool hasSolution)
    {
        var response = run.Response;
        var stopped = run.Cancelled ? " (cancelled)" : response.Status == CpSolverStatus.Feasible ? " (time limit)" : "";
        if (model.EnumerateAll && (hasSolution || run.SolutionsReported > 0))
        {
            return IsComplete(run)
                ? (SolveOutcome.Optimal, Invariant($"{run.SolutionsReported} solutions in all (complete enumeration), {response.WallTime:F3} s"))
                : (SolveOutcome.Feasible, Invariant($"{run.SolutionsReported} solutions found before the search was stopped{(run.Cut ? " at Kinds:cp-sat:MaxEnumeratedSolutions" : stopped)} (count incomplete)"));
        }
        return response.Status switch
        {
            CpSolverStatus.Optimal => (SolveOutcome.Optimal, model.HasObjective ? Invariant($"optimal: objective {response.ObjectiveValue}") : "feasible: a solution of the constraints (no objective)"),
            CpSolverStatus.Feasible => (SolveOutcome.Feasible, Invariant($"feasible: objective {response.ObjectiveValue}, bound {response.BestObjectiveBound}{stopped}")),
            CpSolverStatus.Infeasible => (SolveOutcome.Infeasible, "CP-SAT proved that the constraints cannot all hold" +
                (response.SufficientAssumptionsForInfeasibility.Count > 0 ? " under the model's assumptions" : "")),
            CpSolverStatus.ModelInvalid => (SolveOutcome.Abnormal, "CP-SAT rejected the model: " + response.SolutionInfo),
            _ when run.Cancelled => (SolveOutcome.NotSolved, "cancelled before a solution was found"),
            _ => (SolveOutcome.TimeLimit, "the time limit was reached before a solution was found"),
        };
    }

    private static double? Gap(double? objective, double? bound) =>
        objective is { } o && bound is { } b ? Math.Abs(o - b) / Math.Max(1, Math.Abs(o)) : null;

    /// <summary>Values of the variables whose name is their own (a name given to two variables would be ambiguous).</summary>
    private static Dictionary<string, long>? ByName(CpSatModel model, long[] values)
    {
        var byName = new Dictionary<string, long>(StringComparer.Ordinal);
        var repeated = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            var name = model.Proto.Variables[i].Name;
            if (name.Length == 0 || repeated.Contains(name)) continue;
            if (!byName.TryAdd(name, values[i]))
            {
                byName.Remove(name);
                repeated.Add(name);
            }
        }
        return byName.Count > 0 ? byName : null;
    }

    private static byte[] SolutionCsv(CpSatModel model, long[] values)
    {
        var csv = new StringBuilder("index,name,value\n");
        for (var i = 0; i < values.Length; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{i},{CsvField(model.Proto.Variables[i].Name)},{values[i]}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static string CsvField(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static CpSatStatistics Statistics(CpSatModel model, CpSatRun run)
    {
        var r = run.Response;
        return new CpSatStatistics
        {
            SolverStatus = r.Status.ToString().ToLowerInvariant(),
            Conflicts = r.NumConflicts,
            Branches = r.NumBranches,
            Propagations = r.NumBinaryPropagations,
            IntegerPropagations = r.NumIntegerPropagations,
            Restarts = r.NumRestarts,
            LpIterations = r.NumLpIterations,
            Booleans = r.NumBooleans,
            Integers = r.NumIntegers,
            WallTimeSeconds = r.WallTime,
            UserTimeSeconds = r.UserTime,
            DeterministicTime = r.DeterministicTime,
            GapIntegral = r.GapIntegral,
            SolutionsReported = run.SolutionsReported,
            Variables = model.Proto.Variables.Count,
            Constraints = model.Proto.Constraints.Count,
            SolutionInfo = r.SolutionInfo is { Length: > 0 } info ? info : null,
        };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>CP-SAT's own log, line by line, into the job log at debug level.</summary>
    private sealed class JobLogCallback(ISolveContext context) : LogCallback
    {
        public override void NewMessage(string message)
        {
            foreach (var line in message.Split('\n'))
                if (line.Length > 0) context.Debug("cp-sat: " + line.TrimEnd());
        }
    }

    /// <summary>
    /// Optimizing: every solution CP-SAT reports improves on the last; each is logged (objective, bound, time) and
    /// published as the incumbent. Enumerating: counts, keeps the first few, stops at the configured cap.
    /// </summary>
    private sealed class SolutionObserver(CpSatModel model, ISolveContext context) : SolutionCallback
    {
        private const int ProgressEvery = 10_000;
        private readonly List<long[]> _kept = [];

        public long Count { get; private set; }
        public bool Cut { get; private set; }
        public IReadOnlyList<long[]> Kept => _kept;

        public override void OnSolutionCallback()
        {
            Count++;
            if (model.EnumerateAll) OnEnumerated();
            else OnImproved();
        }

        private void OnImproved()
        {
            var values = ReadValues();
            double? objective = model.HasObjective ? ObjectiveValue() : null;
            double? bound = model.HasObjective ? BestObjectiveBound() : null;
            context.Info(objective is null
                ? Invariant($"solution {Count}: {WallTime():F3} s")
                : Invariant($"solution {Count}: objective {objective}, bound {bound}, {WallTime():F3} s"));
            context.ReportIncumbent(new CpSatResult
            {
                Outcome = SolveOutcome.Feasible,
                EnumerateAll = false,
                Objective = objective,
                Bound = bound,
                Gap = Gap(objective, bound),
                Values = values,
                ValuesByName = ByName(model, values),
                Statistics = Progress(),
            }, objective);
        }

        private void OnEnumerated()
        {
            var kept = _kept.Count < model.MaxSolutions;
            if (kept)
            {
                _kept.Add(ReadValues());
                context.Info(Invariant($"solution {Count}: {WallTime():F3} s"));
            }
            if (kept || Count % ProgressEvery == 0)
            {
                if (!kept) context.Info(Invariant($"{Count} solutions so far, {WallTime():F3} s"));
                context.ReportIncumbent(new CpSatResult
                {
                    Outcome = SolveOutcome.Feasible,
                    EnumerateAll = true,
                    SolutionCount = Count,
                    CountComplete = false,
                    Solutions = [.. _kept],
                    Statistics = Progress(),
                }, null);
            }
            if (Count >= model.MaxEnumerated)
            {
                Cut = true;
                StopSearch();
            }
        }

        private long[] ReadValues()
        {
            var values = new long[model.Proto.Variables.Count];
            for (var i = 0; i < values.Length; i++) values[i] = SolutionIntegerValue(i);
            return values;
        }

        private CpSatStatistics Progress() => new()
        {
            SolverStatus = "running",
            Conflicts = NumConflicts(),
            Branches = NumBranches(),
            Propagations = NumBinaryPropagations(),
            IntegerPropagations = NumIntegerPropagations(),
            Booleans = NumBooleans(),
            WallTimeSeconds = WallTime(),
            UserTimeSeconds = UserTime(),
            SolutionsReported = Count,
            Variables = model.Proto.Variables.Count,
            Constraints = model.Proto.Constraints.Count,
        };
    }
}
