using System.Diagnostics;
using System.Globalization;
using System.Text;
using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>Build the network, check it, solve it with the chosen method, extract the answer.</summary>
internal static class TransshipmentSolve
{
    public static async Task<SolveReport> RunAsync(TransshipmentProblem problem, ISolveContext context)
    {
        var total = Stopwatch.StartNew();
        var network = FlowNetwork.From(problem);
        var options = problem.Options ?? new TransshipmentOptions();
        context.Info(Invariant($"transshipment '{problem.Name}': {network.NodeCount} nodes, {network.ArcCount} arcs, integerFlows={network.IntegerFlows}"));
        context.Debug(Invariant($"network built in {total.Elapsed.TotalMilliseconds:0} ms"));
        // The model files do not depend on the solve: write them on another core meanwhile. They are
        // stored only from this thread, after the solve, so nothing is added once the job has ended.
        var modelFiles = Task.Run(() =>
        {
            var writer = new ModelFileWriter(network, ModelNames.For(network));
            return (Lp: writer.WriteLp(), Mps: writer.WriteMps());
        }, CancellationToken.None);
        try
        {
            return await CheckAndSolveAsync(problem, network, options, total, context).ConfigureAwait(false);
        }
        finally
        {
            if (context.Cancellation.IsCancellationRequested && !modelFiles.IsCompleted)
            {
                context.Info("cancelled: model.lp and model.mps were not finished and are not stored");
            }
            else
            {
                var (lp, mps) = await modelFiles.ConfigureAwait(false);
                context.AddArtifact("model.lp", "text/plain", lp);
                context.AddArtifact("model.mps", "text/plain", mps);
                context.Debug(Invariant($"model.lp and model.mps written at {total.Elapsed.TotalMilliseconds:0} ms"));
            }
        }
    }

    private static async Task<SolveReport> CheckAndSolveAsync(
        TransshipmentProblem problem, FlowNetwork network, TransshipmentOptions options, Stopwatch total, ISolveContext context)
    {

        var reasons = StructuralChecks.FindInfeasibility(network);
        if (reasons.Count > 0)
            return NoSolution(SolveOutcome.Infeasible, "infeasible: " + string.Join("; ", reasons), "structural check", 0, context);

        var choice = MethodChoice.Choose(network, options.Solver);
        context.Info($"method: {Name(choice.Method)} — {choice.Reason}");
        if (network.IntegerFlows && choice.Method is TransshipmentMethod.Glop or TransshipmentMethod.Pdlp)
            context.Warn(choice.Method == TransshipmentMethod.Glop
                ? "glop solves the LP relaxation: its flows are whole numbers only when supplies, demands and bounds are"
                : "pdlp solves the LP relaxation approximately: its flow is checked, and re-solved exactly if it is fractional or misses a bound or balance");
        if (StructuralChecks.FindNegativeUncapacitatedCycle(network) is { } cycle)
            return await UnboundedOrInfeasibleAsync(network, cycle, options, context).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        var (solution, method) = await SolveWithAsync(network, choice, options.TimeLimitSeconds, context).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        context.Info(Invariant($"{Name(method)}: {solution.Message} ({seconds:0.###} s solve, {total.Elapsed.TotalSeconds:0.###} s in all)"));
        if (solution.Flow is not { } flow)
            return NoSolution(solution.Outcome, solution.Message, Name(method), seconds, context);
        var checkClock = Stopwatch.StartNew();
        var check = AnswerCheck.Of(network, flow, solution.Outcome, method);
        context.Debug(Invariant($"answer checked in {checkClock.Elapsed.TotalMilliseconds:0} ms: {check.Describe()}"));
        if (check.Passes)
            return Extract(problem, network, flow, solution.Outcome, method, seconds, check, null, context);
        return await RepairAsync(problem, network, flow, solution.Outcome, method, check, options.TimeLimitSeconds, clock, context).ConfigureAwait(false);
    }

    /// <summary>
    /// A backend's flow failed the check (PDLP's approximate flows, typically): solve again with the
    /// exact method <c>auto</c> picks for this data, and say so. When that is the method that already
    /// ran, there is no time left or the re-solve fails, the answer is reported for what it is: a flow
    /// that keeps every bound and balance (only its optimality is in doubt) as <c>feasible</c>, any
    /// other as no solution (<c>abnormal</c>, <c>timeLimit</c>, ...) with the reason.
    /// </summary>
    private static async Task<SolveReport> RepairAsync(
        TransshipmentProblem problem, FlowNetwork network, double[] flow, SolveOutcome outcome, TransshipmentMethod method,
        AnswerCheck check, double? timeLimitSeconds, Stopwatch clock, ISolveContext context)
    {
        var first = Invariant($"{Name(method)}'s {(outcome == SolveOutcome.Optimal ? "\"optimal\"" : "feasible")} flow (objective {network.CostOf(flow):R}) fails the check: {check.Describe()}");
        context.Warn(first);
        // A flow that keeps every bound and balance but is not shown optimal is still a solution: a
        // feasible one. A flow that breaks one is no solution at all.
        SolveReport Unrepaired(SolveOutcome outcomeWithoutFlow, string why, double seconds) => check.Defects.None
            ? Extract(problem, network, flow, SolveOutcome.Feasible, method, seconds, check, $"{first}; {why}: reported as feasible, not optimal", context)
            : NoSolution(outcomeWithoutFlow, $"{first}; {why}", Name(method), seconds, context);
        var exact = MethodChoice.Choose(network, TransshipmentMethod.Auto);
        if (exact.Method == method)
            return Unrepaired(SolveOutcome.Abnormal, "no other exact method applies to this data", clock.Elapsed.TotalSeconds);
        var left = timeLimitSeconds - clock.Elapsed.TotalSeconds;
        if (left <= 0)
            return Unrepaired(SolveOutcome.TimeLimit, "the time limit left no time to re-solve exactly", clock.Elapsed.TotalSeconds);

        context.Info($"repairing: re-solving exactly with {Name(exact.Method)} ({exact.Reason})");
        var repairClock = Stopwatch.StartNew();
        var (repaired, repairMethod) = await SolveWithAsync(network, exact, left, context).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        if (repaired.Flow is not { } exactFlow)
            return Unrepaired(repaired.Outcome, $"the exact re-solve with {Name(repairMethod)}: {repaired.Message}", seconds);
        var recheck = AnswerCheck.Of(network, exactFlow, repaired.Outcome, repairMethod);
        if (!recheck.Passes)
            return Unrepaired(SolveOutcome.Abnormal, $"the exact re-solve with {Name(repairMethod)} fails it too: {recheck.Describe()}", seconds);
        var note = Invariant($"{Name(method)}'s approximate flow (objective {network.CostOf(flow):R}) failed the check ({check.Describe()}); repaired by re-solving exactly with {Name(repairMethod)}: objective {network.CostOf(exactFlow):R} ({repairClock.Elapsed.TotalSeconds:0.###} s)");
        context.Info(note);
        return Extract(problem, network, exactFlow, repaired.Outcome, repairMethod, seconds, recheck, note, context);
    }

    /// <summary>Runs the chosen method; falls back to GLOP when min-cost-flow cannot take the numbers.</summary>
    private static async Task<(FlowSolution, TransshipmentMethod)> SolveWithAsync(
        FlowNetwork network, MethodChoice choice, double? timeLimitSeconds, ISolveContext context)
    {
        if (choice.Method != TransshipmentMethod.MinCostFlow)
            return (await MpSolverBackend.SolveAsync(network, choice.Method, timeLimitSeconds, context).ConfigureAwait(false), choice.Method);
        if (!MethodChoice.QuantitiesIntegral(network) || choice.CostScale == 0)
            return (new FlowSolution(SolveOutcome.Abnormal, null, "min-cost-flow needs integer supplies, demands and bounds"), choice.Method);
        var solution = await MinCostFlowBackend.SolveAsync(network, choice.CostScale, MinCostFlowBackend.Engine.Auto, timeLimitSeconds, context.Cancellation).ConfigureAwait(false);
        if (!solution.TryAnotherMethod) return (solution, choice.Method);
        context.Warn($"min-cost-flow could not take these numbers ({solution.Message}); solving with GLOP instead");
        return (await MpSolverBackend.SolveAsync(network, TransshipmentMethod.Glop, timeLimitSeconds, context).ConfigureAwait(false), TransshipmentMethod.Glop);
    }

    /// <summary>
    /// A negative cycle of uncapacitated arcs makes a feasible problem unbounded. Feasibility does not
    /// depend on costs, so it is decided on the same network with every cost zero.
    /// </summary>
    private static async Task<SolveReport> UnboundedOrInfeasibleAsync(
        FlowNetwork network, List<string> cycle, TransshipmentOptions options, ISolveContext context)
    {
        var zeroCost = new FlowNetwork
        {
            NodeIds = network.NodeIds, Supply = network.Supply, Demand = network.Demand, Tail = network.Tail,
            Head = network.Head, Cost = new double[network.ArcCount], MinFlow = network.MinFlow,
            MaxFlow = network.MaxFlow, IntegerFlows = network.IntegerFlows, Name = network.Name,
        };
        var choice = MethodChoice.Choose(zeroCost, TransshipmentMethod.Auto);
        context.Info($"negative-cost cycle of uncapacitated arcs found; checking feasibility with {Name(choice.Method)}");
        var clock = Stopwatch.StartNew();
        var (feasibility, _) = await SolveWithAsync(zeroCost, choice, options.TimeLimitSeconds, context).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        return feasibility.Outcome switch
        {
            SolveOutcome.Optimal or SolveOutcome.Feasible =>
                NoSolution(SolveOutcome.Unbounded, StructuralChecks.DescribeCycle(cycle), "structural check", seconds, context),
            SolveOutcome.Infeasible => NoSolution(SolveOutcome.Infeasible, "infeasible: " + feasibility.Message, Name(choice.Method), seconds, context),
            _ => NoSolution(feasibility.Outcome, feasibility.Message, Name(choice.Method), seconds, context),
        };
    }

    private static SolveReport Extract(
        TransshipmentProblem problem, FlowNetwork network, double[] flow, SolveOutcome outcome,
        TransshipmentMethod method, double seconds, AnswerCheck check, string? note, ISolveContext context)
    {
        var objective = network.CostOf(flow);
        var clock = Stopwatch.StartNew();
        var marginal = check.Residual.MarginalCosts();
        context.Debug(Invariant($"marginal costs in {clock.Elapsed.TotalMilliseconds:0} ms"));
        if (marginal is null) context.Warn("marginal costs not computed (the residual graph has a negative cycle, or the search exceeded its work budget): every marginalCost is null");

        var inflow = new double[network.NodeCount];
        var outflow = new double[network.NodeCount];
        var flows = new ArcFlow[network.ArcCount];
        for (var a = 0; a < network.ArcCount; a++)
        {
            inflow[network.Head[a]] += flow[a];
            outflow[network.Tail[a]] += flow[a];
            flows[a] = new ArcFlow(problem.Arcs[a].From, problem.Arcs[a].To, flow[a]);
        }
        var nodes = new NodeBalance[network.NodeCount];
        for (var v = 0; v < network.NodeCount; v++)
        {
            var unused = network.Supply[v] + inflow[v] - network.Demand[v] - outflow[v];
            nodes[v] = new NodeBalance(network.NodeIds[v], network.Supply[v], network.Demand[v], inflow[v], outflow[v], unused, marginal?[v]);
        }
        context.AddArtifact("flows.csv", "text/csv", FlowsCsv(network, flow));
        context.Info(Invariant($"objective {objective} ({outcome})"));
        var result = new TransshipmentResult
        {
            Status = outcome, Objective = objective, Solver = Name(method), SolveSeconds = seconds,
            Flows = flows, Nodes = nodes, Message = note,
        };
        return new SolveReport(outcome, objective, result);
    }

    private static SolveReport NoSolution(SolveOutcome outcome, string message, string solver, double seconds, ISolveContext context)
    {
        context.Info(message);
        var result = new TransshipmentResult { Status = outcome, Solver = solver, SolveSeconds = seconds, Message = message };
        return new SolveReport(outcome, null, result, message);
    }

    private static byte[] FlowsCsv(FlowNetwork network, double[] flow)
    {
        var text = new StringBuilder(32 + network.ArcCount * 32);
        text.Append("from,to,flow,cost,minFlow,maxFlow\n");
        for (var a = 0; a < network.ArcCount; a++)
        {
            AppendCsvField(text, network.NodeIds[network.Tail[a]]).Append(',');
            AppendCsvField(text, network.NodeIds[network.Head[a]]).Append(',');
            text.Append(flow[a].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(network.Cost[a].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(network.MinFlow[a].ToString("R", CultureInfo.InvariantCulture)).Append(',');
            if (!double.IsPositiveInfinity(network.MaxFlow[a])) text.Append(network.MaxFlow[a].ToString("R", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static StringBuilder AppendCsvField(StringBuilder text, string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text.Append(value) : text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');

    public static string Name(TransshipmentMethod method) => method switch
    {
        TransshipmentMethod.MinCostFlow => "min-cost-flow",
        _ => method.ToString().ToLowerInvariant(),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
