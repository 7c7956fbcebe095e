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
    public async Task ToJson_IsWhatTheSerializerWrites_ForASolvedNetwork(string family)
    {
        var problem = FlowFamily.Generate(family, 2_000, seed: 5);
        var json = JsonSerializer.SerializeToUtf8Bytes(problem, JobJson.Options);
        var report = await TransshipmentTestKit.Kind.SolveAsync(json, new RecordingSolveContext(default));
        var result = Assert.IsType<TransshipmentResult>(report.Result);
        Assert.IsType<ArcFlowList>(result.Flows);
        Assert.Equal(problem.Arcs.Count, result.Flows.Count);

        AssertSameJson(result);
    }

    [Fact]
    public void ToJson_IsWhatTheSerializerWrites_ForRecordsWithNullsFractionsAndEscapes()
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

    private static void AssertSameJson(TransshipmentResult result)
    {
        var expected = JsonSerializer.Serialize(result, JobJson.Options);
        Assert.Equal(expected, ((ISelfSerializingResult)result).ToJson());
    }
}
