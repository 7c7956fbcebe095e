using System.Text;
using System.Text.Json;
using OptService.Kinds;
using OptService.Problems.FlowFamilies;
using OptService.Problems.Transshipment;
using static OptService.Problems.Tests.Transshipment.TransshipmentTestKit;

namespace OptService.Problems.Tests.Transshipment;

/// <summary>
/// The one-pass reader (<see cref="TransshipmentJsonReader"/>) against the general path it short-cuts
/// (System.Text.Json records, <see cref="TransshipmentValidation"/>, <see cref="FlowNetwork.From"/>): the same arrays,
/// the same answers on every benchmark family, and on every body it does not take, the same errors as before.
/// </summary>
public class TransshipmentJsonReaderTests
{
    public static TheoryData<string, int> Families()
    {
        var data = new TheoryData<string, int>();
        foreach (var family in FlowFamily.Names)
            foreach (var seed in new[] { 1, 2 })
                data.Add(family, seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Families))]
    public async Task Read_GivesTheGeneralPathsNetworkAndAnswer_OnEveryFamily(string family, int seed)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(FlowFamily.Generate(family, 3_000, seed), JobJson.Options);

        Assert.True(TransshipmentJsonReader.TryRead(json, out var fast));
        var read = FlowNetwork.ReadWith(fast!);
        Assert.NotNull(read);
        var general = JsonSerializer.Deserialize<TransshipmentProblem>(json, JobJson.Options)!;
        AssertSameNetwork(FlowNetwork.From(general), read);
        Assert.Equal(general.Arcs, fast!.Arcs);
        Assert.Equal(general.Nodes, fast.Nodes);

        // Through the kind: the stored problem solved from its bytes, against the records solved the general way.
        var parsed = Kind.Parse(json);
        Assert.True(parsed.IsValid);
        Assert.NotNull(FlowNetwork.ReadWith(Assert.IsType<TransshipmentProblem>(parsed.Problem)));
        var fromBytes = await Kind.SolveAsync(json, new RecordingSolveContext(default));
        var fromRecords = await Kind.SolveParsedAsync(general, new RecordingSolveContext(default));
        Assert.Equal(SolveOutcome.Optimal, fromBytes.Outcome);
        Assert.Equal(fromRecords.Outcome, fromBytes.Outcome);
        Assert.Equal(fromRecords.Objective, fromBytes.Objective);
        var ours = Assert.IsType<TransshipmentResult>(fromBytes.Result);
        var theirs = Assert.IsType<TransshipmentResult>(fromRecords.Result);
        Assert.Equal(theirs.Flows, ours.Flows);
        Assert.Equal(theirs.Nodes, ours.Nodes);
        AssertFeasible(general, ours);
    }

    [Fact]
    public void Read_KeepsTheNumbersAsSent_FractionsMinFlowsAndUncapacitatedArcs()
    {
        const string json = """
            {"name":"n","nodes":[{"id":"a","supply":2.5},{"id":"b","demand":1.25},{"id":"ü"}],
             "arcs":[{"from":"a","to":"b","cost":-1.5,"minFlow":0.5,"maxFlow":2},{"from":"b","to":"ü","cost":0,"maxFlow":null},{"from":"a","to":"ü","cost":1e-3}],
             "integerFlows":false,"options":{"solver":"glop","timeLimitSeconds":5}}
            """;
        Assert.True(TransshipmentJsonReader.TryRead(Encoding.UTF8.GetBytes(json), out var problem));
        var network = FlowNetwork.From(problem!);
        Assert.Equal(["a", "b", "ü"], network.NodeIds);
        Assert.Equal([2.5, 0, 0], network.Supply);
        Assert.Equal([0, 1.25, 0], network.Demand);
        Assert.Equal([0, 1, 0], network.Tail);
        Assert.Equal([1, 2, 2], network.Head);
        Assert.Equal([-1.5, 0, 1e-3], network.Cost);
        Assert.Equal([0.5, 0, 0], network.MinFlow);
        Assert.Equal([2, double.PositiveInfinity, double.PositiveInfinity], network.MaxFlow);
        Assert.False(network.IntegerFlows);
        Assert.Equal("n", problem!.Name);
        Assert.Equal(TransshipmentMethod.Glop, problem.Options!.Solver);
        Assert.Equal(5, problem.Options.TimeLimitSeconds);
        Assert.Null(problem.Arcs[1].MaxFlow);
    }

    /// <summary>
    /// The arc arrays are sized from the body's objects: braces inside ids, options after the arcs and no arcs at all
    /// make that count larger than the arcs, and the network still holds exactly the arcs sent.
    /// </summary>
    [Theory]
    [InlineData("""{"nodes":[{"id":"{a}","supply":1},{"id":"b{","demand":1}],"arcs":[{"from":"{a}","to":"b{","cost":2}]}""", 1)]
    [InlineData("""{"nodes":[{"id":"a","supply":1},{"id":"b","demand":1}],"arcs":[{"from":"a","to":"b","cost":2},{"from":"b","to":"a","cost":3}],"options":{"solver":"glop"}}""", 2)]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[]}""", 0)]
    [InlineData("""{"name":"{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{","nodes":[{"id":"a","supply":1},{"id":"b","demand":1}],"arcs":[{"from":"a","to":"b","cost":2}]}""", 1)]
    public void Read_HoldsExactlyTheArcsSent_WhenTheBodyHasOtherObjects(string json, int arcs)
    {
        Assert.True(TransshipmentJsonReader.TryRead(Encoding.UTF8.GetBytes(json), out var problem));
        var network = FlowNetwork.ReadWith(problem!)!;
        Assert.Equal(arcs, network.Tail.Length);
        Assert.Equal(arcs, network.Head.Length);
        Assert.Equal(arcs, network.Cost.Length);
        Assert.Equal(arcs, network.MinFlow.Length);
        Assert.Equal(arcs, network.MaxFlow.Length);
        Assert.Equal(arcs, problem!.Arcs.Count);
        if (arcs > 0) Assert.Equal(2, network.Cost[0]);
    }

    /// <summary>A body handed over as an array is stored as that array; a span, or a body with a byte order mark, is copied.</summary>
    [Fact]
    public void Parse_OfAnArray_StoresTheArrayItself_AndASpanOrAByteOrderMarkGetsACopy()
    {
        var body = Encoding.UTF8.GetBytes("""{"nodes":[{"id":"a","supply":1},{"id":"b","demand":1}],"arcs":[{"from":"a","to":"b","cost":1}]}""");
        Assert.Same(body, Kind.Parse(body).Utf8Json);

        var fromSpan = Kind.Parse(body.AsSpan()).Utf8Json;
        Assert.NotSame(body, fromSpan);
        Assert.Equal(body, fromSpan);

        var withMark = Encoding.UTF8.GetPreamble().Concat(body).ToArray();
        var stored = Kind.Parse(withMark).Utf8Json;
        Assert.Equal(body, stored);
    }

    /// <summary>Valid, but not in the plain form: read the general way, to the same problem.</summary>
    [Theory]
    [InlineData("""{"arcs":[{"from":"a","to":"b","cost":1}],"nodes":[{"id":"a","supply":1},{"id":"b","demand":1}]}""")]
    [InlineData("""{"Nodes":[{"id":"a","supply":1},{"id":"b","demand":1}],"arcs":[{"from":"a","to":"b","cost":1}]}""")]
    [InlineData("""{"nodes":[{"id":"\u0061","supply":1},{"id":"b","demand":1}],"arcs":[{"from":"a","to":"b","cost":1}]}""")]
    [InlineData("""{"nodes":[{"id":"a","supply":1},{"id":"b","demand":1}],"arcs":[{"from":"\u0061","to":"b","cost":1}]}""")]
    public void Parse_TakesValidBodiesTheReaderLeaves_TheGeneralWay(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.False(TransshipmentJsonReader.TryRead(bytes, out _));
        var parsed = Kind.Parse(bytes);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Path}: {e.Reason}")));
        var problem = Assert.IsType<TransshipmentProblem>(parsed.Problem);
        Assert.Equal([Node("a", supply: 1), Node("b", demand: 1)], problem.Nodes);
        Assert.Equal([Arc("a", "b", 1)], problem.Arcs);
    }

    /// <summary>Every body the reader gives up on gets exactly the errors the general path gives (path and reason).</summary>
    [Theory]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"a"}],"arcs":[]}""", "$.nodes[1].id")]
    [InlineData("""{"nodes":[{"id":" "}],"arcs":[]}""", "$.nodes[0].id")]
    [InlineData("""{"nodes":[{"id":"a","supply":-1}],"arcs":[]}""", "$.nodes[0].supply")]
    [InlineData("""{"nodes":[{"id":"a","demand":1e13}],"arcs":[]}""", "$.nodes[0].demand")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[{"from":"a","to":"c","cost":1}]}""", "$.arcs[0].to")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[{"from":"a","to":"a","cost":1}]}""", "$.arcs[0].to")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[{"from":"a","to":"b","cost":1e13}]}""", "$.arcs[0].cost")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[{"from":"a","to":"b","cost":1,"minFlow":3,"maxFlow":2}]}""", "$.arcs[0].minFlow")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[{"from":"a","to":"b","cost":1,"maxFlow":-2}]}""", "$.arcs[0].maxFlow")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[{"from":"a","to":"b"}]}""", "$.arcs[0]")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[{"from":"a","to":"b","cost":"1"}]}""", "$.arcs[0].cost")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[{"from":"a","to":"b","cost":1,"cost":2}]}""", "$.arcs[0].cost")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[null]}""", "$.arcs[0]")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[{"from":"a","to":"b","cost":1}],"options":{"solver":"gurobi"}}""", "$.options.solver")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[{"from":"a","to":"b","cost":1}],"options":{"timeLimitSeconds":-1}}""", "$.options.timeLimitSeconds")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[{"from":"a","to":"b","cost":1}]""", "$")]
    [InlineData("""{"nodes":[{"id":"a"},{"id":"b"}],"arcs":[{"from":"a","to":"b","cost":1}]} x""", "$")]
    public void Parse_GivesTheGeneralPathsErrors_ForEveryBadBody(string json, string firstPath)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var errors = Kind.Parse(bytes).Errors;
        Assert.NotEmpty(errors);
        Assert.StartsWith(firstPath, errors[0].Path);
        Assert.Equal(GeneralPathErrors(bytes), errors.Select(e => (e.Path, e.Reason)));
    }

    [Fact]
    public void Validate_ChecksACopyWithOtherArcs_AsRecords()
    {
        Assert.True(TransshipmentJsonReader.TryRead("""{"nodes":[{"id":"a","supply":1},{"id":"b","demand":1}],"arcs":[{"from":"a","to":"b","cost":1}]}"""u8, out var problem));
        var copy = problem! with { Arcs = [Arc("a", "zz", 1)] };
        Assert.Null(FlowNetwork.ReadWith(copy));
        var error = Assert.Single(Kind.Accept(copy).Errors);
        Assert.Equal("$.arcs[0].to", error.Path);
        Assert.Equal("unknown node 'zz'", error.Reason);
    }

    /// <summary>What the kind answered before the reader: System.Text.Json's error, or the records' validation.</summary>
    private static IEnumerable<(string, string)> GeneralPathErrors(byte[] json)
    {
        TransshipmentProblem? problem;
        try
        {
            problem = JsonSerializer.Deserialize<TransshipmentProblem>(json, JobJson.Options);
        }
        catch (JsonException exception)
        {
            var error = JobJson.ToFieldError(exception, typeof(TransshipmentProblem));
            return [(error.Path, error.Reason)];
        }
        return TransshipmentValidation.Validate(problem!, new TransshipmentLimits()).Select(e => (e.Path, e.Reason));
    }

    private static void AssertSameNetwork(FlowNetwork expected, FlowNetwork? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.NodeIds, actual.NodeIds);
        Assert.Equal(expected.Supply, actual.Supply);
        Assert.Equal(expected.Demand, actual.Demand);
        Assert.Equal(expected.Tail, actual.Tail);
        Assert.Equal(expected.Head, actual.Head);
        Assert.Equal(expected.Cost, actual.Cost);
        Assert.Equal(expected.MinFlow, actual.MinFlow);
        Assert.Equal(expected.MaxFlow, actual.MaxFlow);
        Assert.Equal(expected.IntegerFlows, actual.IntegerFlows);
    }
}
