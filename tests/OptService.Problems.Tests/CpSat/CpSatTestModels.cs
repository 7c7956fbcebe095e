using System.Text.Json;
using System.Text.Json.Nodes;
using Google.OrTools.Sat;
using Google.Protobuf;
using OptService.Kinds;
using OptService.Problems.CpSat;

namespace OptService.Problems.Tests.CpSat;

/// <summary>
/// Models built with OR-Tools' C# CP-SAT API and sent the way a client sends them: <c>JsonFormatter</c> writes the
/// same protobuf JSON as Python's <c>json_format.MessageToJson(model.Proto())</c> (camelCase, int64 as strings).
/// </summary>
internal static class CpSatTestModels
{
    /// <summary>The textbook knapsack: capacity 15, items (weight, value) (12, 4), (2, 2), (1, 1), (1, 2), (4, 10); best value 15.</summary>
    public static CpModel Knapsack()
    {
        int[] weights = [12, 2, 1, 1, 4];
        int[] values = [4, 2, 1, 2, 10];
        var model = new CpModel();
        var take = Enumerable.Range(0, weights.Length).Select(i => model.NewBoolVar($"take_{i}")).ToArray();
        model.Add(LinearExpr.WeightedSum(take, weights) <= 15);
        model.Maximize(LinearExpr.WeightedSum(take, values));
        return model;
    }

    /// <summary>n queens, one per column: queen[i] is the row of column i. 6 queens have 4 solutions, 8 queens 92.</summary>
    public static CpModel Queens(int n)
    {
        var model = new CpModel();
        var queens = Enumerable.Range(0, n).Select(i => model.NewIntVar(0, n - 1, $"q{i}")).ToArray();
        model.AddAllDifferent(queens);
        model.AddAllDifferent(queens.Select((q, i) => q + i));
        model.AddAllDifferent(queens.Select((q, i) => q - i));
        return model;
    }

    /// <summary>x + y = 3 over two Booleans: no solution.</summary>
    public static CpModel Infeasible()
    {
        var model = new CpModel();
        var x = model.NewBoolVar("x");
        var y = model.NewBoolVar("y");
        model.Add(x + y == 3);
        return model;
    }

    /// <summary>
    /// A Golomb ruler with <paramref name="marks"/> marks: all pairwise distances different, shortest ruler. From 10
    /// marks on, CP-SAT finds solutions at once but needs far more than a test's time to prove the optimum (55 at 10),
    /// so it improves step by step: a model for incumbents, time limits and cancellation.
    /// </summary>
    public static CpModel Golomb(int marks)
    {
        var model = new CpModel();
        var bound = marks * marks;
        var ticks = Enumerable.Range(0, marks).Select(i => model.NewIntVar(0, bound, $"tick{i}")).ToArray();
        model.Add(ticks[0] == 0);
        var differences = new List<LinearExpr>();
        for (var i = 0; i < marks; i++)
        {
            for (var j = i + 1; j < marks; j++)
            {
                var d = model.NewIntVar(1, bound, $"d{i}_{j}");
                model.Add(d == ticks[j] - ticks[i]);
                differences.Add(d);
            }
        }
        for (var i = 0; i + 1 < marks; i++) model.Add(ticks[i + 1] > ticks[i]);
        model.AddAllDifferent(differences);
        model.Add(differences[0] < differences[^1]); // symmetry
        model.Minimize(ticks[^1]);
        return model;
    }

    public static string ModelJson(CpModel model) => JsonFormatter.Default.Format(model.Model);

    /// <summary>The request body: <c>{"model": ..., "parameters": ..., "options": ...}</c>.</summary>
    public static string Request(string modelJson, object? parameters = null, object? options = null)
    {
        var request = new JsonObject { ["model"] = JsonNode.Parse(modelJson) };
        if (parameters is not null) request["parameters"] = JsonSerializer.SerializeToNode(parameters);
        if (options is not null) request["options"] = JsonSerializer.SerializeToNode(options);
        return request.ToJsonString();
    }

    public static string Request(CpModel model, object? parameters = null, object? options = null) => Request(ModelJson(model), parameters, options);

    public static async Task<(SolveReport Report, CpSatResult Result)> SolveAsync(string requestJson, ISolveContext context)
    {
        var kind = new CpSatKind(new CpSatLimits());
        var parsed = kind.Parse(System.Text.Encoding.UTF8.GetBytes(requestJson));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Path}: {e.Reason}")));
        var report = await kind.SolveAsync(parsed.Utf8Json!, context);
        return (report, Assert.IsType<CpSatResult>(report.Result));
    }

    public static IReadOnlyList<FieldError> Errors(string requestJson) => new CpSatKind(new CpSatLimits()).Parse(System.Text.Encoding.UTF8.GetBytes(requestJson)).Errors;

    /// <summary>True when the values satisfy every linear constraint of the model (the seed has no other kind).</summary>
    public static bool SatisfiesLinearConstraints(CpModelProto model, IReadOnlyList<long> values) =>
        model.Constraints.All(c =>
        {
            Assert.Equal(ConstraintProto.ConstraintOneofCase.Linear, c.ConstraintCase);
            var sum = c.Linear.Vars.Select((v, k) => c.Linear.Coeffs[k] * values[v]).Sum();
            return Enumerable.Range(0, c.Linear.Domain.Count / 2).Any(k => sum >= c.Linear.Domain[2 * k] && sum <= c.Linear.Domain[2 * k + 1]);
        });
}
