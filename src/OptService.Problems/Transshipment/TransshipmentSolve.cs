using System.Diagnostics;
using System.Globalization;
using System.Text;
using OptService.Jobs.Kinds;

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
                : "pdlp solves the LP relaxation approximately: flows may be fractional; use auto or scip for whole numbers");
        if (StructuralChecks.FindNegativeUncapacitatedCycle(network) is { } cycle)
            return await UnboundedOrInfeasibleAsync(network, cycle, options, context).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        var (solution, method) = await SolveWithAsync(network, choice, options.TimeLimitSeconds, context).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        context.Info(Invariant($"{Name(method)}: {solution.Message} ({seconds:0.###} s solve, {total.Elapsed.TotalSeconds:0.###} s in all)"));
        if (solution.Flow is not { } flow)
            return NoSolution(solution.Outcome, solution.Message, Name(method), seconds, context);
        return Extract(problem, network, flow, solution.Outcome, method, seconds, context);
    }

    /// <summary>Runs the chosen method; falls back to GLOP when min-cost-flow cannot take the numbers.</summary>
    private static async Task<(FlowSolution, TransshipmentMethod)> SolveWithAsync(
        FlowNetwork network, MethodChoice choice, double? timeLimitSeconds, ISolveContext context)
    {
        if (choice.Method != TransshipmentMethod.MinCostFlow)
            return (await MpSolverBackend.SolveAsync(network, choice.Method, timeLimitSeconds, context).ConfigureAwait(false), choice.Method);
        if (!MethodChoice.QuantitiesIntegral(network) || choice.CostScale == 0)
            return (new FlowSolution(SolveOutcome.Abnormal, null, "min-cost-flow needs integer supplies, demands and bounds"), choice.Method);
        var solution = await MinCostFlowBackend.SolveAsync(network, choice.CostScale, MinCostFlowBackend.Engine.NetworkSimplex, timeLimitSeconds, context.Cancellation).ConfigureAwait(false);
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
        TransshipmentMethod method, double seconds, ISolveContext context)
    {
        // Integer flows from a simplex or MIP backend come back as 2999.9999999: report the integers.
        if (network.IntegerFlows && method != TransshipmentMethod.Pdlp)
            for (var a = 0; a < flow.Length; a++)
                if (Math.Abs(flow[a] - Math.Round(flow[a])) < 1e-6) flow[a] = Math.Round(flow[a]);

        var objective = network.CostOf(flow);
        var tolerance = method switch
        {
            TransshipmentMethod.MinCostFlow => 1e-9,
            TransshipmentMethod.Pdlp => 1e-4,
            _ => 1e-7,
        };
        var clock = Stopwatch.StartNew();
        var marginal = ResidualGraph.MarginalCosts(network, flow, tolerance);
        context.Debug(Invariant($"marginal costs in {clock.Elapsed.TotalMilliseconds:0} ms"));
        if (marginal is null) context.Warn("marginal costs not computed: the residual graph of this approximate flow has negative cycles");

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
            Flows = flows, Nodes = nodes,
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
