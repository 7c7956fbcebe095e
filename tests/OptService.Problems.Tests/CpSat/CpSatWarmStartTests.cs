using System.Text.Json;
using Google.OrTools.Sat;
using OptService.Kinds;
using OptService.Problems.CpSat;

namespace OptService.Problems.Tests.CpSat;

/// <summary>An earlier job's solution as the model's solution_hint (<c>?warmStartFrom=</c>): by unique name, else by index.</summary>
public class CpSatWarmStartTests
{
    private static CpSatResult Earlier(long[] values, Dictionary<string, long>? byName) => new()
    {
        Outcome = SolveOutcome.Optimal,
        EnumerateAll = false,
        Values = values,
        ValuesByName = byName,
        Statistics = new CpSatStatistics { SolverStatus = "optimal" },
    };

    private static CpModelProto Model(params string[] names)
    {
        var proto = new CpModelProto();
        foreach (var name in names) proto.Variables.Add(new IntegerVariableProto { Name = name, Domain = { 0, 10 } });
        return proto;
    }

    [Fact]
    public void Match_ByName_SkipsNamesTheNewModelGivesTwice()
    {
        var earlier = Earlier([1, 2, 3], new() { ["a"] = 1, ["b"] = 2, ["c"] = 3 });
        var hint = CpSatWarmStart.Match(Model("c", "new", "a", "b", "b"), earlier)!;
        Assert.Equal("by name", hint.MatchedBy);
        Assert.Equal([0, 2], hint.Variables);
        Assert.Equal([3L, 1L], hint.Values);
    }

    [Fact]
    public void Match_ByIndex_OnlyWithAsManyVariables()
    {
        var earlier = Earlier([4, 5], null);
        var hint = CpSatWarmStart.Match(Model("", ""), earlier)!;
        Assert.Equal("by index", hint.MatchedBy);
        Assert.Equal([0, 1], hint.Variables);
        Assert.Equal([4L, 5L], hint.Values);
        Assert.Null(CpSatWarmStart.Match(Model("", "", ""), earlier));
    }

    [Fact]
    public async Task Solve_WithTheEarlierOptimumAsHint_SaysSo_AndFindsTheSameOptimum()
    {
        var request = CpSatTestModels.Request(CpSatTestModels.Knapsack());
        var (_, first) = await CpSatTestModels.SolveAsync(request, new RecordingSolveContext());
        var context = new RecordingSolveContext { WarmStart = new WarmStart(Guid.NewGuid(), JsonSerializer.Serialize(first, JobJson.Options)) };
        var (report, again) = await CpSatTestModels.SolveAsync(request, context);

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(15, again.Objective);
        Assert.Contains($"warm start: the solution of job {context.WarmStart.JobId} hints 5 of 5 variables (by name)", context.LogText, StringComparison.Ordinal);
    }
}
