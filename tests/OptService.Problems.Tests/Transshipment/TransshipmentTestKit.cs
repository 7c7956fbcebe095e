using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OptService.Kinds;
using OptService.Problems.Transshipment;

namespace OptService.Problems.Tests.Transshipment;

/// <summary>Solves problems through the kind's public contract (JSON in, report out) and checks flows.</summary>
internal static class TransshipmentTestKit
{
    public static TransshipmentKind Kind { get; } = new(new ConfigurationBuilder().Build());

    public static TransshipmentProblem Seed() =>
        JsonSerializer.Deserialize<TransshipmentProblem>(SharedFixtures.Read("seed", "american-steel.json"), JobJson.Options)!;

    public static TransshipmentProblem WithSolver(this TransshipmentProblem problem, TransshipmentMethod method, double? timeLimit = null) =>
        problem with { Options = new TransshipmentOptions { Solver = method, TimeLimitSeconds = timeLimit } };

    public static async Task<(SolveReport Report, TransshipmentResult Result, RecordingSolveContext Context)> SolveAsync(
        TransshipmentProblem problem, CancellationToken cancellation = default)
    {
        var parsed = Kind.Accept(problem);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Path}: {e.Reason}")));
        var context = new RecordingSolveContext(cancellation);
        var report = await Kind.SolveAsync(parsed.Utf8Json!, context);
        return (report, Assert.IsType<TransshipmentResult>(report.Result), context);
    }

    public static IReadOnlyList<FieldError> Errors(string json)
    {
        return Kind.Parse(Encoding.UTF8.GetBytes(json)).Errors;
    }

    /// <summary>Every arc within its bounds and, at every node, supply + inflow ≥ demand + outflow.</summary>
    public static void AssertFeasible(TransshipmentProblem problem, TransshipmentResult result, double tolerance = 1e-6)
    {
        Assert.Equal(problem.Arcs.Count, result.Flows.Count);
        var balance = problem.Nodes.ToDictionary(n => n.Id, n => n.Supply - n.Demand);
        for (var a = 0; a < problem.Arcs.Count; a++)
        {
            var (arc, flow) = (problem.Arcs[a], result.Flows[a]);
            Assert.Equal(arc.From, flow.From);
            Assert.Equal(arc.To, flow.To);
            Assert.InRange(flow.Flow, arc.MinFlow - tolerance, (arc.MaxFlow ?? double.PositiveInfinity) + tolerance);
            balance[arc.From] -= flow.Flow;
            balance[arc.To] += flow.Flow;
        }
        foreach (var (id, surplus) in balance)
            Assert.True(surplus >= -tolerance * Math.Max(1, Math.Abs(surplus)) - tolerance, $"node {id} is short by {-surplus}");
        foreach (var node in result.Nodes)
            Assert.Equal(node.Supply + node.Inflow - node.Demand - node.Outflow, node.UnusedSupply, 6);
    }

    public static double Cost(TransshipmentProblem problem, TransshipmentResult result) =>
        problem.Arcs.Select((arc, a) => arc.Cost * result.Flows[a].Flow).Sum();

    public static TransshipmentNode Node(string id, double supply = 0, double demand = 0) => new() { Id = id, Supply = supply, Demand = demand };

    public static TransshipmentArc Arc(string from, string to, double cost, double min = 0, double? max = null) =>
        new() { From = from, To = to, Cost = cost, MinFlow = min, MaxFlow = max };
}
