using System.Text.Json;
using Google.OrTools.Sat;
using Google.Protobuf;

namespace OptService.Problems.CpSat;

/// <summary>
/// The prefilled Swagger examples, built with OR-Tools' own C# API and serialized the way a client does
/// (<c>JsonFormatter</c>, the C# twin of Python's <c>MessageToJson</c>).
/// </summary>
internal static class CpSatExample
{
    /// <summary>
    /// A knapsack the other way round: reach a value of at least 15 with the least weight. Items (weight, value):
    /// (12, 4), (2, 2), (1, 1), (1, 2), (4, 10); the optimum takes the last four, weight 8.
    /// </summary>
    public static CpModel LightestLoad()
    {
        int[] weights = [12, 2, 1, 1, 4];
        int[] values = [4, 2, 1, 2, 10];
        var model = new CpModel();
        var take = Enumerable.Range(0, weights.Length).Select(i => model.NewBoolVar($"take_{i}")).ToArray();
        // The value bound as a domain [15, 127] rather than ">= 15": every number in the proto stays below 128, so its
        // binary form is plain ASCII and can be the example body of the /proto route as well.
        model.AddLinearConstraint(LinearExpr.WeightedSum(take, values), 15, 127);
        model.Minimize(LinearExpr.WeightedSum(take, weights));
        model.Model.Name = "lightest-load";
        return model;
    }

    public static CpSatProblem Problem() => new()
    {
        Model = JsonDocument.Parse(JsonFormatter.Default.Format(LightestLoad().Model)).RootElement.Clone(),
        Options = new CpSatOptions { TimeLimitSeconds = 10 },
    };

    /// <summary>The same model as protobuf bytes, all below 0x80 (see <see cref="LightestLoad"/>), hence also a valid UTF-8 string.</summary>
    public static string ProtoBody() => System.Text.Encoding.ASCII.GetString(LightestLoad().Model.ToByteArray());
}
