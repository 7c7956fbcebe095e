using System.Globalization;
using Google.OrTools.Graph;
using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>
/// Solves the network exactly in 64-bit integers with our network simplex (by default: much faster
/// than OR-Tools' cost-scaling min-cost-flow on the generated benchmark networks, same optima) or with
/// OR-Tools' <c>MinCostFlow</c> (the cross-check in tests, the fallback on overflow, and what <c>auto</c>
/// switches to when the simplex stalls in degenerate pivots: <see cref="DegenerateStallRule"/>).
/// Mapping: substitute lower bounds (x = minFlow + x'), giving node balances
/// b = supply − demand − Σ minFlow(out) + Σ minFlow(in); a node may keep surplus ("≥", Σ b ≥ 0, checked
/// before). The network simplex takes this surplus form directly; for OR-Tools every node gets a
/// zero-cost disposal arc to a super-sink T whose demand is Σ b.
/// Uncapacitated arcs get a capacity M no optimal flow can reach (Σ positive b plus every finite
/// capacity, + 1); negative uncapacitated cycles are reported as unbounded before this runs.
/// </summary>
internal static class MinCostFlowBackend
{
    /// <summary>Largest magnitude we hand to the 64-bit algorithm (it multiplies costs by the node count).</summary>
    private const double MaxExact = 1L << 53;

    /// <summary>
    /// Whether the data fits: integer supplies, demands and bounds, and costs that become integers when
    /// multiplied by a power of ten (0.35 → 35 with scale 100) without overflow. Returns the scale.
    /// </summary>
    public static bool Fits(FlowNetwork network, out long costScale, out string reason)
    {
        costScale = 1;
        for (var v = 0; v < network.NodeCount; v++)
            if (!IsInteger(network.Supply[v]) || !IsInteger(network.Demand[v]))
            {
                reason = $"node '{network.NodeIds[v]}' has a fractional supply or demand";
                return false;
            }
        for (var a = 0; a < network.ArcCount; a++)
            if (!IsInteger(network.MinFlow[a]) || !(double.IsPositiveInfinity(network.MaxFlow[a]) || IsInteger(network.MaxFlow[a])))
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"arc {a} has a fractional flow bound");
                return false;
            }

        var maxCost = 0.0;
        for (var a = 0; a < network.ArcCount; a++) maxCost = Math.Max(maxCost, Math.Abs(network.Cost[a]));
        for (long scale = 1; scale <= 1_000_000_000; scale *= 10)
        {
            var scaled = maxCost * scale;
            if (scaled * (network.NodeCount + 2.0) > 4e18)
                break;
            var exact = true;
            for (var a = 0; a < network.ArcCount && exact; a++)
            {
                var c = network.Cost[a] * scale;
                exact = Math.Abs(c - Math.Round(c)) <= 1e-9 * Math.Max(1, Math.Abs(c));
            }
            if (!exact) continue;
            costScale = scale;
            reason = scale == 1 ? "integer data" : $"integer quantities; costs exact in units of 1/{scale}";
            return true;
        }
        reason = "the costs are not exact decimals of at most 9 places within the 64-bit range of the network algorithm";
        return false;
    }

    /// <summary>
    /// Runs on a worker thread. On cancellation or at the time limit we stop waiting at once: the network
    /// simplex is cancelled too (it checks every 1,024 pivots); OR-Tools' algorithm cannot be interrupted,
    /// so it is abandoned, finishes in the background and frees its native memory.
    /// </summary>
    public static async Task<FlowSolution> SolveAsync(FlowNetwork network, long costScale, Engine engine, double? timeLimitSeconds, CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested)
            return new FlowSolution(SolveOutcome.NotSolved, null, "cancelled before the network algorithm started");
        // Not disposed while the abandoned work may still read its token.
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var stopToken = stop.Token;
        var work = Task.Run(() => Solve(network, costScale, engine, stopToken), CancellationToken.None);
        try
        {
            var limit = timeLimitSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan;
            return await work.WaitAsync(limit, cancellation).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            stop.Cancel();
            return new FlowSolution(SolveOutcome.TimeLimit, null, "the time limit passed before the min-cost-flow algorithm finished");
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return new FlowSolution(SolveOutcome.NotSolved, null, "cancelled before the min-cost-flow algorithm finished");
        }
        finally
        {
            if (work.IsCompleted) stop.Dispose();
        }
    }

    private static FlowSolution Solve(FlowNetwork network, long costScale, Engine engine, CancellationToken cancellation)
    {
        int n = network.NodeCount, m = network.ArcCount;
        var balance = new long[n];
        for (var v = 0; v < n; v++) balance[v] = (long)network.Supply[v] - (long)network.Demand[v];
        double finiteCapacity = 0;
        for (var a = 0; a < m; a++)
        {
            var min = (long)network.MinFlow[a];
            balance[network.Tail[a]] -= min;
            balance[network.Head[a]] += min;
            if (!double.IsPositiveInfinity(network.MaxFlow[a])) finiteCapacity += network.MaxFlow[a] - network.MinFlow[a];
        }
        long total = 0, positive = 0;
        foreach (var b in balance)
        {
            total += b;
            if (b > 0) positive += b;
        }
        var big = positive + finiteCapacity + 1;
        if (big > MaxExact)
            return new FlowSolution(SolveOutcome.Abnormal, null, "flow totals exceed the exact integer range") { TryAnotherMethod = true };
        var uncapacitated = (long)big;

        // The network's own tail and head arrays: both engines only read them.
        var (tails, heads) = (network.Tail, network.Head);
        var capacities = new long[m];
        var costs = new long[m];
        for (var a = 0; a < m; a++)
        {
            capacities[a] = double.IsPositiveInfinity(network.MaxFlow[a]) ? uncapacitated : (long)(network.MaxFlow[a] - network.MinFlow[a]);
            costs[a] = (long)Math.Round(network.Cost[a] * costScale);
        }
        if (engine == Engine.OrTools) return SolveWithOrTools(network, tails, heads, capacities, costs, balance, total, uncapacitated);
        try
        {
            // The network simplex takes the surplus form directly (its root absorbs the surplus).
            return engine == Engine.Auto
                ? SolveAuto(network, tails, heads, capacities, costs, balance, total, uncapacitated, cancellation)
                : SolveWithNetworkSimplex(network, tails, heads, capacities, costs, balance, cancellation);
        }
        catch (OverflowException)
        {
            // Costs × node count beyond 64 bits for the artificial start: OR-Tools checks its own range.
            return SolveWithOrTools(network, tails, heads, capacities, costs, balance, total, uncapacitated);
        }
    }

    private static FlowSolution SolveWithNetworkSimplex(FlowNetwork network, int[] tails, int[] heads, long[] capacities, long[] costs, long[] balance, CancellationToken cancellation)
    {
        var simplex = new NetworkSimplex(balance.Length, tails, heads, capacities, costs, balance);
        try
        {
            return FromSimplex(network, simplex, simplex.Run(cancellation), "network simplex optimal");
        }
        finally
        {
            simplex.Release();
        }
    }

    /// <summary>
    /// <c>auto</c>: the network simplex until <see cref="DegenerateStallRule"/> fires, then OR-Tools'
    /// <c>MinCostFlow</c> from scratch on the same thread. Not a race on two cores: measured on the
    /// shared machine (docs/transshipment.md), the second thread slowed the simplex as much as it
    /// helped, and OR-Tools cannot be interrupted when it loses. Should OR-Tools end without an answer,
    /// the simplex continues from where it stopped.
    /// </summary>
    private static FlowSolution SolveAuto(FlowNetwork network, int[] tails, int[] heads, long[] capacities, long[] costs, long[] balance,
        long total, long uncapacitated, CancellationToken cancellation)
    {
        var rule = new DegenerateStallRule(balance.Length);
        var simplex = new NetworkSimplex(balance.Length, tails, heads, capacities, costs, balance) { KeepGoing = rule.KeepGoing };
        try
        {
            var result = simplex.Run(cancellation);
            if (result != NetworkSimplex.Result.Stopped)
                return FromSimplex(network, simplex, result, "network simplex optimal");

            var why = $"the network simplex stalled {rule.Describe()}, so auto switched to OR-Tools MinCostFlow";
            var theirs = SolveWithOrTools(network, tails, heads, capacities, costs, balance, total, uncapacitated);
            if (theirs.Outcome is SolveOutcome.Optimal or SolveOutcome.Infeasible)
                return theirs with { Message = $"{theirs.Message} ({why})" };
            simplex.KeepGoing = null;
            result = simplex.Run(cancellation);
            return FromSimplex(network, simplex, result, $"network simplex optimal ({why}, which ended without an answer: {theirs.Message})");
        }
        finally
        {
            simplex.Release();
        }
    }

    private static FlowSolution FromSimplex(FlowNetwork network, NetworkSimplex simplex, NetworkSimplex.Result result, string message)
    {
        switch (result)
        {
            case NetworkSimplex.Result.Optimal:
                var x = new double[network.ArcCount];
                for (var a = 0; a < x.Length; a++) x[a] = network.MinFlow[a] + simplex.Flow(a);
                return new FlowSolution(SolveOutcome.Optimal, x, message);
            case NetworkSimplex.Result.Infeasible:
                return new FlowSolution(SolveOutcome.Infeasible, null,
                    "the demands and minimum flows cannot all be routed within the arc capacities");
            default:
                return new FlowSolution(SolveOutcome.NotSolved, null, "cancelled before the network simplex finished");
        }
    }

    private static FlowSolution SolveWithOrTools(FlowNetwork network, int[] tails, int[] heads, long[] capacities, long[] costs, long[] balance, long total, long uncapacitated)
    {
        // OR-Tools needs balanced supplies: a super-sink T = node n with demand Σ b and a zero-cost
        // disposal arc from every node.
        int n = balance.Length, m = tails.Length;
        using var flow = new MinCostFlow(n + 1, m + n);
        for (var a = 0; a < m; a++) flow.AddArcWithCapacityAndUnitCost(tails[a], heads[a], capacities[a], costs[a]);
        for (var v = 0; v < n; v++) flow.AddArcWithCapacityAndUnitCost(v, n, uncapacitated, 0);
        for (var v = 0; v < n; v++) flow.SetNodeSupply(v, balance[v]);
        flow.SetNodeSupply(n, -total);
        var status = flow.Solve();
        switch (status)
        {
            case MinCostFlowBase.Status.OPTIMAL:
                var x = new double[network.ArcCount];
                for (var a = 0; a < x.Length; a++) x[a] = network.MinFlow[a] + flow.Flow(a);
                return new FlowSolution(SolveOutcome.Optimal, x, "min-cost-flow optimal");
            case MinCostFlowBase.Status.INFEASIBLE:
            case MinCostFlowBase.Status.UNBALANCED:
                return new FlowSolution(SolveOutcome.Infeasible, null,
                    "the demands and minimum flows cannot all be routed within the arc capacities");
            default:
                return new FlowSolution(SolveOutcome.Abnormal, null, $"min-cost-flow ended with status {status}") { TryAnotherMethod = true };
        }
    }

    /// <summary>Which exact network algorithm runs: our network simplex, OR-Tools' cost-scaling
    /// min-cost-flow, or <c>Auto</c> (the simplex, joined by OR-Tools when it stalls: <see cref="SolveAuto"/>).</summary>
    public enum Engine { NetworkSimplex, OrTools, Auto }

    private static bool IsInteger(double value) => value == Math.Floor(value) && Math.Abs(value) <= MaxExact;
}
