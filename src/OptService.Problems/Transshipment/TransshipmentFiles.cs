using System.Globalization;
using System.Text;
using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>
/// The job's files, written when first downloaded rather than by every solve: model.lp and model.mps from
/// the stored problem, flows.csv from the problem and the stored result. At 100,000 arcs the model files
/// were 24 MB and 0.4 s, and flows.csv more than the network simplex itself, on every solve.
/// </summary>
internal static class TransshipmentFiles
{
    public static IReadOnlyList<OnDemandFile> Files { get; } =
        [new("model.lp", "text/plain"), new("model.mps", "text/plain"), new("flows.csv", "text/csv", FromSolution: true)];

    public static byte[]? Write(TransshipmentProblem problem, TransshipmentResult? result, string name)
    {
        if (name == "flows.csv") return result is { Flows.Count: > 0 } ? FlowsCsv(problem, result) : null;
        var network = FlowNetwork.From(problem);
        var writer = new ModelFileWriter(network, ModelNames.For(network));
        return name switch
        {
            "model.lp" => writer.WriteLp(),
            "model.mps" => writer.WriteMps(),
            _ => null,
        };
    }

    /// <summary>One line per arc in input order: from, to, flow, cost, minFlow, maxFlow (empty when unbounded).</summary>
    private static byte[] FlowsCsv(TransshipmentProblem problem, TransshipmentResult result)
    {
        var text = new StringBuilder(32 + problem.Arcs.Count * 32);
        text.Append("from,to,flow,cost,minFlow,maxFlow\n");
        for (var a = 0; a < problem.Arcs.Count; a++)
        {
            var arc = problem.Arcs[a];
            AppendCsvField(text, arc.From).Append(',');
            AppendCsvField(text, arc.To).Append(',');
            text.Append(result.Flows[a].Flow.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(arc.Cost.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(arc.MinFlow.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            if (arc.MaxFlow is { } max && !double.IsPositiveInfinity(max)) text.Append(max.ToString("R", CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static StringBuilder AppendCsvField(StringBuilder text, string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text.Append(value) : text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
}
