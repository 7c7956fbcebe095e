using System.Text.Json;
using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>
/// Writes a <see cref="TransshipmentResult"/> as System.Text.Json writes it with <see cref="JobJson.Options"/> (camelCase,
/// nulls left out, the outcome as a camelCase string; tests compare the two byte for byte), but with one
/// <see cref="Utf8JsonWriter"/> over the arrays: each node id escaped once, not once per arc that names it, and no
/// serializer metadata per record. At 500,000 arcs this is what the job's finish spent most of its time on; the flows of
/// a solved network are written as raw bytes (<see cref="FlowArrayJson"/>).
/// </summary>
internal static class TransshipmentResultJson
{
    private static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
    private static readonly JsonEncodedText Objective = JsonEncodedText.Encode("objective");
    private static readonly JsonEncodedText Solver = JsonEncodedText.Encode("solver");
    private static readonly JsonEncodedText SolveSeconds = JsonEncodedText.Encode("solveSeconds");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText Flows = JsonEncodedText.Encode("flows");
    private static readonly JsonEncodedText Nodes = JsonEncodedText.Encode("nodes");
    private static readonly JsonEncodedText From = JsonEncodedText.Encode("from");
    private static readonly JsonEncodedText To = JsonEncodedText.Encode("to");
    private static readonly JsonEncodedText Flow = JsonEncodedText.Encode("flow");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Supply = JsonEncodedText.Encode("supply");
    private static readonly JsonEncodedText Demand = JsonEncodedText.Encode("demand");
    private static readonly JsonEncodedText Inflow = JsonEncodedText.Encode("inflow");
    private static readonly JsonEncodedText Outflow = JsonEncodedText.Encode("outflow");
    private static readonly JsonEncodedText UnusedSupply = JsonEncodedText.Encode("unusedSupply");
    private static readonly JsonEncodedText MarginalCost = JsonEncodedText.Encode("marginalCost");

    /// <summary>The result's UTF-8 JSON, the array the job stores and the API sends as it is.</summary>
    public static byte[] Write(TransshipmentResult result)
    {
        // About 45 bytes per flow ({"from":"n123","to":"n456","flow":17},) and 120 per node.
        using var buffer = new PooledBufferWriter((int)Math.Min(1024 + 48L * result.Flows.Count + 128L * result.Nodes.Count, Array.MaxLength));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JobJson.Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString(Outcome, JsonNamingPolicy.CamelCase.ConvertName(result.Outcome.ToString()));
            if (result.Objective is { } objective) writer.WriteNumber(Objective, objective);
            writer.WriteString(Solver, result.Solver);
            writer.WriteNumber(SolveSeconds, result.SolveSeconds);
            if (result.Message is { } message) writer.WriteString(Message, message);
            if (result.Flows is ArcFlowList view)
            {
                writer.WritePropertyName(Flows);
                FlowArrayJson.WriteTo(writer, view.Network, view.Flow);
            }
            else
            {
                writer.WriteStartArray(Flows);
                foreach (var flow in result.Flows) WriteFlow(writer, flow.From, flow.To, flow.Flow);
                writer.WriteEndArray();
            }
            writer.WriteStartArray(Nodes);
            foreach (var node in result.Nodes) WriteNode(writer, node);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteFlow(Utf8JsonWriter writer, string from, string to, double flow)
    {
        writer.WriteStartObject();
        writer.WriteString(From, from);
        writer.WriteString(To, to);
        writer.WriteNumber(Flow, flow);
        writer.WriteEndObject();
    }

    private static void WriteNode(Utf8JsonWriter writer, NodeBalance node)
    {
        writer.WriteStartObject();
        writer.WriteString(Id, node.Id);
        writer.WriteNumber(Supply, node.Supply);
        writer.WriteNumber(Demand, node.Demand);
        writer.WriteNumber(Inflow, node.Inflow);
        writer.WriteNumber(Outflow, node.Outflow);
        writer.WriteNumber(UnusedSupply, node.UnusedSupply);
        if (node.MarginalCost is { } marginal) writer.WriteNumber(MarginalCost, marginal);
        writer.WriteEndObject();
    }
}
