using OptService.Kinds;
using Microsoft.Extensions.Configuration;
using OptService.Problems.Transshipment;
using static OptService.Problems.Tests.Transshipment.TransshipmentTestKit;

namespace OptService.Problems.Tests.Transshipment;

public class TransshipmentValidationTests
{
    [Fact]
    public void Parse_AcceptsTheSeedFile()
    {
        Assert.Empty(Errors(SharedFixtures.Read("seed", "american-steel.json")));
    }

    [Fact]
    public void Parse_NamesEveryOffendingField_AtOnce()
    {
        const string json = """
        {
          "nodes": [
            { "id": "a", "supply": -5 },
            { "id": "a" },
            { "id": "  ", "demand": -1 },
            { "id": "b", "demand": 3 }
          ],
          "arcs": [
            { "from": "a", "to": "b", "cost": 1, "minFlow": 5, "maxFlow": 2 },
            { "from": "a", "to": "nowhere", "cost": 1 },
            { "from": "b", "to": "b", "cost": 1 },
            { "from": "a", "to": "b", "cost": 1, "maxFlow": -1 }
          ],
          "options": { "timeLimitSeconds": 0 }
        }
        """;
        var errors = Errors(json).Select(e => e.Path).ToList();

        Assert.Equal(
            [
                "$.nodes[0].supply", "$.nodes[1].id", "$.nodes[2].id", "$.nodes[2].demand",
                "$.arcs[0].minFlow", "$.arcs[1].to", "$.arcs[2].to", "$.arcs[3].maxFlow",
                "$.options.timeLimitSeconds",
            ],
            errors);
    }

    [Fact]
    public void Parse_ExplainsEachReason()
    {
        var errors = Errors("""
            { "nodes": [ { "id": "a", "supply": 1 }, { "id": "a" } ],
              "arcs": [ { "from": "a", "to": "x", "cost": 1, "minFlow": 3, "maxFlow": 2 } ] }
            """);

        Assert.Contains(errors, e => e.Path == "$.nodes[1].id" && e.Reason == "duplicate node id 'a'");
        Assert.Contains(errors, e => e.Path == "$.arcs[0].to" && e.Reason == "unknown node 'x'");
        Assert.Contains(errors, e => e.Path == "$.arcs[0].minFlow" && e.Reason == "minFlow 3 exceeds maxFlow 2");
    }

    [Theory]
    [InlineData("""{ "nodes": [ { "id": "a", "suply": 1 } ], "arcs": [] }""", "$.nodes[0].suply")]
    [InlineData("""{ "nodes": [ { "id": "a", "supply": "many" } ], "arcs": [] }""", "$.nodes[0].supply")]
    [InlineData("""{ "nodes": [ { "id": "a" } ] }""", "$")]
    [InlineData("""{ "nodes": [ { "id": "a" } ], "arcs": [], "options": { "solver": "gurobi" } }""", "$.options.solver")]
    public void Parse_RejectsMalformedJson_WithThePath(string json, string path)
    {
        var error = Assert.Single(Errors(json));

        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Parse_ReadsTheSolverNames()
    {
        Assert.Empty(Errors("""{ "nodes": [ { "id": "a" } ], "arcs": [], "options": { "solver": "min-cost-flow" } }"""));
        Assert.Empty(Errors("""{ "nodes": [ { "id": "a" } ], "arcs": [], "options": { "solver": "highs", "timeLimitSeconds": 2.5 } }"""));
    }

    [Fact]
    public void Parse_RejectsMinCostFlow_ForFractionalData()
    {
        var error = Assert.Single(Errors("""
            { "nodes": [ { "id": "a", "supply": 1.5 }, { "id": "b", "demand": 1 } ],
              "arcs": [ { "from": "a", "to": "b", "cost": 1 } ], "options": { "solver": "min-cost-flow" } }
            """));

        Assert.Equal("$.options.solver", error.Path);
    }

    [Fact]
    public void Parse_RejectsProblemsAboveTheConfiguredLimits()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kinds:transshipment:MaxNodes"] = "2", ["Kinds:transshipment:MaxArcs"] = "1" })
            .Build();
        var kind = new TransshipmentKind(configuration);
        var problem = TransshipmentGenerator.Generate(3, 3, seed: 1);

        var errors = kind.Accept(problem).Errors;

        Assert.Equal(["$.nodes", "$.arcs"], errors.Select(e => e.Path));
        Assert.Equal("3 nodes exceed the limit of 2 (Kinds:transshipment:MaxNodes)", errors[0].Reason);
    }

    [Fact]
    public void Accept_RejectsNonFiniteNumbers_ThatJsonCannotCarry()
    {
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("a", supply: double.NaN), Node("b", demand: double.PositiveInfinity)],
            Arcs = [Arc("a", "b", double.NaN, max: double.PositiveInfinity)],
        };

        var errors = Kind.Accept(problem).Errors.Select(e => e.Path);

        Assert.Equal(["$.nodes[0].supply", "$.nodes[1].demand", "$.arcs[0].cost", "$.arcs[0].maxFlow"], errors);
    }

    [Fact]
    public void Accept_RejectsOverlongIdsAndName_WithoutEchoingThem()
    {
        var huge = new string('x', 10_000_000);
        var problem = new TransshipmentProblem
        {
            Name = huge,
            Nodes = [Node(huge, supply: 1), Node("b", demand: 1)],
            Arcs = [Arc(huge, "b", 1), Arc("b", huge, 1)],
        };

        var errors = Kind.Accept(problem).Errors;

        Assert.Equal(["$.name", "$.nodes[0].id", "$.arcs[0].from", "$.arcs[1].to"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.True(e.Reason.Length < 100, $"{e.Reason.Length} characters"));
        Assert.Contains("at most 200 characters, got 10,000,000", errors[1].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(86_400.0, true)]
    [InlineData(86_401.0, false)]
    [InlineData(1e308, false)]
    public void Accept_LimitsTheTimeLimit_ToOneDay(double seconds, bool valid)
    {
        var problem = Seed() with { Options = new TransshipmentOptions { TimeLimitSeconds = seconds } };

        var errors = Kind.Accept(problem).Errors;

        Assert.Equal(valid, errors.Count == 0);
        if (!valid) Assert.Equal("$.options.timeLimitSeconds", Assert.Single(errors).Path);
    }

    [Fact]
    public void Accept_ListsTheFirstHundredErrors_AndSaysThatThereAreMore()
    {
        var problem = new TransshipmentProblem
        {
            Nodes = [Node("a", supply: 1)],
            Arcs = Enumerable.Range(0, 1_000_000).Select(_ => Arc("a", "nowhere", 1)).ToList(),
        };

        var errors = Kind.Accept(problem).Errors;

        Assert.Equal(FieldError.MaxReported + 1, errors.Count);
        Assert.Equal("$.arcs[99].to", errors[99].Path);
        Assert.Equal("$", errors[^1].Path);
        Assert.StartsWith("more errors are not listed", errors[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_IsValid_AndIsAmericanSteel()
    {
        var example = Assert.IsType<TransshipmentProblem>(Kind.Example);

        Assert.True(Kind.Accept(example).IsValid);
        Assert.Equal(Seed().Arcs, example.Arcs);
        Assert.Equal(Seed().Nodes, example.Nodes);
    }
}
