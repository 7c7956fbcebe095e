using System.Diagnostics;
using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>
/// What the solve step found: a flow with the check it passed, or none and why; the verdict, the method that ran
/// and its time. <see cref="Message"/> is the reason when there is no flow, else a note on the flow (repaired, only
/// feasible) or null.
/// </summary>
internal sealed record TransshipmentRun(SolveOutcome Outcome, double[]? Flow, AnswerCheck? Check, string Solver, double Seconds, string? Message)
{
    /// <summary><see cref="Flow"/>'s JSON for the result, written in the background while it was checked (<see cref="ArcFlowList.Json"/>), or null.</summary>
    public Task<byte[]>? FlowsJson { get; init; }

    public static TransshipmentRun NoFlow(SolveOutcome outcome, string message, string solver, double seconds) =>
        new(outcome, null, null, solver, seconds, message);
}

/// <summary>Build the network, solve it (checks, chosen method, answer check and repair), extract the answer.</summary>
internal static class TransshipmentSolve
{
    public static async Task<SolveReport<TransshipmentResult>> RunAsync(TransshipmentProblem problem, ISolveContext context)
    {
        var total = Stopwatch.StartNew();
        var options = problem.Options ?? new TransshipmentOptions();
        // The time limit counts from the job's start (SolveDeadline): deserializing and building the network (linear
        // passes that are not interrupted: ~0.1 s per 100,000 arcs) spend it too; every solver gets what is left.
        var deadline = options.TimeLimitSeconds is { } limit ? SolveDeadline.Of(context, limit) : null;
        var network = Build(problem, context);
        // model.lp, model.mps and flows.csv are written at their first download (TransshipmentFiles),
        // not here: at 100,000 arcs they cost more than the network simplex, on every solve.
        var run = await SolveAsync(network, options, deadline, total, context).ConfigureAwait(false);
        return Extract(network, run, context);
    }

    /// <summary>The network in index form (arrays by node and arc), the model every method solves.</summary>
    private static FlowNetwork Build(TransshipmentProblem problem, ISolveContext context)
    {
        var clock = Stopwatch.StartNew();
        var network = FlowNetwork.From(problem);
        context.Info(Invariant($"transshipment '{problem.Name}': {network.NodeCount} nodes, {network.ArcCount} arcs, integerFlows={network.IntegerFlows}"));
        context.Debug(Invariant($"network built in {clock.Elapsed.TotalMilliseconds:0} ms"));
        return network;
    }

    /// <summary>
    /// Structural checks first (a proof of infeasibility or unboundedness needs no solver), then the chosen method;
    /// its flow is checked, and repaired by an exact re-solve if it fails.
    /// </summary>
    private static async Task<TransshipmentRun> SolveAsync(
        FlowNetwork network, TransshipmentOptions options, SolveDeadline? deadline, Stopwatch total, ISolveContext context)
    {
        var reasons = StructuralChecks.FindInfeasibility(network);
        if (reasons.Count > 0)
            return TransshipmentRun.NoFlow(SolveOutcome.Infeasible, "infeasible: " + string.Join("; ", reasons), "structural check", 0);

        var choice = MethodChoice.Choose(network, options.Solver);
        context.Info($"method: {Name(choice.Method)} — {choice.Reason}");
        // Accepted rather than refused, so that a client can send the same settings to every kind; said, not ignored quietly.
        if (context.WarmStart is { } warmStart)
            context.Warn($"warm start: transshipment does not use one (the network simplex builds its own start tree, and the MPSolver backends are LP solvers without a start here), so the flows of job {warmStart.JobId} are not used");
        if (network.IntegerFlows && choice.Method is TransshipmentMethod.Glop or TransshipmentMethod.Pdlp)
            context.Warn(choice.Method == TransshipmentMethod.Glop
                ? "glop solves the LP relaxation: its flows are whole numbers only when supplies, demands and bounds are"
                : "pdlp solves the LP relaxation approximately: its flow is checked, and re-solved exactly if it is fractional or misses a bound or balance");
        if (StructuralChecks.FindNegativeUncapacitatedCycle(network) is { } cycle)
            return await UnboundedOrInfeasibleAsync(network, cycle, deadline, context).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        var (solution, method) = await SolveWithAsync(network, choice, deadline?.RemainingAtLeast(0.001), context).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        context.Info(Invariant($"{Name(method)}: {solution.Message} ({seconds:0.###} s solve, {total.Elapsed.TotalSeconds:0.###} s in all)"));
        if (solution.Flow is not { } flow)
            return TransshipmentRun.NoFlow(solution.Outcome, solution.Message, Name(method), seconds);
        var checkClock = Stopwatch.StartNew();
        // The result's flows array (20 MB at 500,000 arcs) is written on the other core while this one checks the answer
        // and finds its marginal costs; it is used only if the flow passes the check (a repaired flow is written anew).
        FlowCheck.SnapToIntegers(network, flow);
        var flowsJson = FlowArrayJson.WriteInBackground(network, flow);
        var check = AnswerCheck.Of(network, flow, solution.Outcome, method);
        context.Debug(Invariant($"answer checked in {checkClock.Elapsed.TotalMilliseconds:0} ms: {check.Describe()}"));
        if (check.Passes)
            return new TransshipmentRun(solution.Outcome, flow, check, Name(method), seconds, null) { FlowsJson = flowsJson };
        return await RepairAsync(network, flow, solution.Outcome, method, check, deadline, clock, context).ConfigureAwait(false);
    }

    /// <summary>
    /// A backend's flow failed the check (PDLP's approximate flows, typically): solve again with the
    /// exact method <c>auto</c> picks for this data, and say so. When that is the method that already
    /// ran, there is no time left or the re-solve fails, the answer is reported for what it is: a flow
    /// that keeps every bound and balance (only its optimality is in doubt) as <c>feasible</c>, any
    /// other as no solution (<c>abnormal</c>, <c>timeLimit</c>, ...) with the reason.
    /// </summary>
    private static async Task<TransshipmentRun> RepairAsync(
        FlowNetwork network, double[] flow, SolveOutcome outcome, TransshipmentMethod method,
        AnswerCheck check, SolveDeadline? deadline, Stopwatch clock, ISolveContext context)
    {
        var first = Invariant($"{Name(method)}'s {(outcome == SolveOutcome.Optimal ? "\"optimal\"" : "feasible")} flow (objective {network.CostOf(flow):R}) fails the check: {check.Describe()}");
        context.Warn(first);
        // A flow that keeps every bound and balance but is not shown optimal is still a solution: a
        // feasible one. A flow that breaks one is no solution at all.
        TransshipmentRun Unrepaired(SolveOutcome outcomeWithoutFlow, string why, double seconds) => check.Defects.None
            ? new TransshipmentRun(SolveOutcome.Feasible, flow, check, Name(method), seconds, $"{first}; {why}: reported as feasible, not optimal")
            : TransshipmentRun.NoFlow(outcomeWithoutFlow, $"{first}; {why}", Name(method), seconds);
        var exact = MethodChoice.Choose(network, TransshipmentMethod.Auto);
        if (exact.Method == method)
            return Unrepaired(SolveOutcome.Abnormal, "no other exact method applies to this data", clock.Elapsed.TotalSeconds);
        var left = deadline?.RemainingSeconds;
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
        return new TransshipmentRun(repaired.Outcome, exactFlow, recheck, Name(repairMethod), seconds, note);
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
    private static async Task<TransshipmentRun> UnboundedOrInfeasibleAsync(
        FlowNetwork network, List<string> cycle, SolveDeadline? deadline, ISolveContext context)
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
        var (feasibility, _) = await SolveWithAsync(zeroCost, choice, deadline?.RemainingAtLeast(0.001), context).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        return feasibility.Outcome switch
        {
            SolveOutcome.Optimal or SolveOutcome.Feasible =>
                TransshipmentRun.NoFlow(SolveOutcome.Unbounded, StructuralChecks.DescribeCycle(cycle), "structural check", seconds),
            SolveOutcome.Infeasible => TransshipmentRun.NoFlow(SolveOutcome.Infeasible, "infeasible: " + feasibility.Message, Name(choice.Method), seconds),
            _ => TransshipmentRun.NoFlow(feasibility.Outcome, feasibility.Message, Name(choice.Method), seconds),
        };
    }

    /// <summary>The result: every arc's flow in input order, every node's balance and marginal cost, flows.csv; or why there is none.</summary>
    private static SolveReport<TransshipmentResult> Extract(
        FlowNetwork network, TransshipmentRun run, ISolveContext context)
    {
        if (run.Flow is not { } flow || run.Check is not { } check)
        {
            var message = run.Message ?? "no solution";
            context.Info(message);
            var none = new TransshipmentResult { Outcome = run.Outcome, Solver = run.Solver, SolveSeconds = run.Seconds, Message = message };
            return new SolveReport<TransshipmentResult>(run.Outcome, null, none, message);
        }
        var outcome = run.Outcome;
        var objective = network.CostOf(flow);
        var clock = Stopwatch.StartNew();
        var marginal = check.Residual.MarginalCosts();
        context.Debug(Invariant($"marginal costs in {clock.Elapsed.TotalMilliseconds:0} ms"));
        if (marginal is null) context.Warn("marginal costs not computed (the residual graph has a negative cycle, or the search exceeded its work budget): every marginalCost is null");

        var inflow = new double[network.NodeCount];
        var outflow = new double[network.NodeCount];
        for (var a = 0; a < network.ArcCount; a++)
        {
            inflow[network.Head[a]] += flow[a];
            outflow[network.Tail[a]] += flow[a];
        }
        var nodes = new NodeBalance[network.NodeCount];
        for (var v = 0; v < network.NodeCount; v++)
        {
            var unused = network.Supply[v] + inflow[v] - network.Demand[v] - outflow[v];
            nodes[v] = new NodeBalance(network.NodeIds[v], network.Supply[v], network.Demand[v], inflow[v], outflow[v], unused, marginal?[v]);
        }
        // flows.csv is written at its first download, from the stored result (TransshipmentFiles).
        context.Info(Invariant($"objective {objective} ({outcome})"));
        var result = new TransshipmentResult
        {
            Outcome = outcome, Objective = objective, Solver = run.Solver, SolveSeconds = run.Seconds,
            Flows = new ArcFlowList(network, flow) { Json = run.FlowsJson }, Nodes = nodes, Message = run.Message,
        };
        return new SolveReport<TransshipmentResult>(outcome, objective, result);
    }

    public static string Name(TransshipmentMethod method) => method switch
    {
        TransshipmentMethod.MinCostFlow => "min-cost-flow",
        _ => method.ToString().ToLowerInvariant(),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
