using System.Text;
using System.Text.Json;
using OptService.Kinds;
using OptService.Problems.FlowFamilies;
using OptService.Problems.Transshipment;

namespace OptService.Problems.Tests.Transshipment;

/// <summary>
/// The result's own JSON (<see cref="TransshipmentResultJson"/>, what the job stores) is byte for byte what
/// System.Text.Json writes for the same result with the service's options, on solved networks of every family and on
/// the odd cases: no solution, fractional flows, null marginal costs, ids that need escaping.
/// </summary>
public class TransshipmentResultJsonTests
{
    public static TheoryData<string> Families() => [.. FlowFamily.Names];

    [Theory]
    [MemberData(nameof(Families))]
    public async Task ToUtf8Json_IsWhatTheSerializerWrites_ForASolvedNetwork(string family)
    {
        var problem = FlowFamily.Generate(family, 2_000, seed: 5);
        var json = JsonSerializer.SerializeToUtf8Bytes(problem, JobJson.Options);
        var report = await TransshipmentTestKit.Kind.SolveAsync(json, new RecordingSolveContext(default));
        var result = Assert.IsType<TransshipmentResult>(report.Result);
        var flows = Assert.IsType<ArcFlowList>(result.Flows);
        Assert.Equal(problem.Arcs.Count, result.Flows.Count);
        // The solve wrote the flows array in the background while it checked the answer; both ways give the same bytes.
        Assert.NotNull(flows.Json);

        AssertSameJson(result);
        AssertSameJson(result with { Flows = new ArcFlowList(flows.Network, flows.Flow) });
    }

    [Fact]
    public void ToUtf8Json_IsWhatTheSerializerWrites_ForRecordsWithNullsFractionsAndEscapes()
    {
        var result = new TransshipmentResult
        {
            Outcome = SolveOutcome.Feasible, Objective = -12.625, Solver = "glop", SolveSeconds = 0.001,
            Message = "a \"note\" <with> ü",
            Flows = [new ArcFlow("a\"b", "ü+<", 1.0 / 3), new ArcFlow("x", "y", 1e20), new ArcFlow("y", "x", 0)],
            Nodes = [new NodeBalance("a\"b", 2.5, 0, 0, 1.0 / 3, 2.5 - 1.0 / 3, null), new NodeBalance("ü+<", 0, 0.25, 1, 0, 0.75, -7.5)],
        };
        AssertSameJson(result);
        AssertSameJson(new TransshipmentResult { Outcome = SolveOutcome.NotSolved, Solver = "structural check", Message = "infeasible: x" });
    }

    /// <summary>
    /// The flows of a solved network are written as raw bytes with integers for whole flows (<see cref="FlowArrayJson"/>):
    /// every kind of double it may meet gives the serializer's bytes, the edges of the integer form included.
    /// </summary>
    [Fact]
    public void ToUtf8Json_IsWhatTheSerializerWrites_ForFlowArraysWithEveryKindOfNumber()
    {
        double[] flows =
        [
            0, -0.0, 1, 17, 2147483648, 123456789012345, 999999999999999, 1e15, 1e15 + 2, 1e16, 1e20, 4503599627370496.0, 9007199254740993.0,
            -3, -1e15, 0.5, 1.0 / 3, 2.5e-7, 1e-300, double.Epsilon, 1e308, double.MaxValue, 12345.678, -0.1,
        ];
        string[] ids = ["a", "b\"c", "ü+<", "n 4", "\u0001"];
        var network = new FlowNetwork
        {
            NodeIds = ids, Supply = new double[ids.Length], Demand = new double[ids.Length],
            Tail = [.. flows.Select((_, a) => a % ids.Length)], Head = [.. flows.Select((_, a) => (a + 1 + a / ids.Length) % ids.Length)],
            Cost = new double[flows.Length], MinFlow = new double[flows.Length], MaxFlow = new double[flows.Length], IntegerFlows = false,
        };
        var viewed = new TransshipmentResult
        {
            Outcome = SolveOutcome.Optimal, Objective = 3, Solver = "min-cost-flow", SolveSeconds = 0.25, Flows = new ArcFlowList(network, flows),
            Nodes = [new NodeBalance("a", 1, 0, 0, 1, 0, 2)],
        };
        // The serializer writes the view as the records it lists.
        Assert.Equal(JsonSerializer.Serialize(viewed with { Flows = [.. viewed.Flows] }, JobJson.Options), Text(viewed));
        AssertSameJson(viewed);
    }

    [Fact]
    public void ToUtf8Json_WritesAnEmptyFlowArray_ForANetworkWithoutArcs()
    {
        var network = new FlowNetwork
        {
            NodeIds = ["a"], Supply = [0], Demand = [0], Tail = [], Head = [], Cost = [], MinFlow = [], MaxFlow = [], IntegerFlows = true,
        };
        var result = new TransshipmentResult { Outcome = SolveOutcome.Optimal, Objective = 0, Solver = "min-cost-flow", Flows = new ArcFlowList(network, []) };
        Assert.Contains("\"flows\":[],", Text(result));
        AssertSameJson(result);
    }

    /// <summary>The same UTF-8 bytes as the string the serializer writes (what the job stored when results were strings).</summary>
    private static void AssertSameJson(TransshipmentResult result)
    {
        var expected = JsonSerializer.Serialize(result, JobJson.Options);
        Assert.Equal(expected, Text(result));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), ((ISelfSerializingResult)result).ToUtf8Json());
    }

    private static string Text(TransshipmentResult result) => Encoding.UTF8.GetString(((ISelfSerializingResult)result).ToUtf8Json());
}
