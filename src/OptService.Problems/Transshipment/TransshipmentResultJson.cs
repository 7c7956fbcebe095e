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
    /// <remarks>
    /// A solved network's flows (20 MB at 500,000 arcs) are not written through the writer: it writes <c>[]</c> in their
    /// place, and the result is then put together in one array of the exact length: the writer's bytes before the
    /// placeholder, the flows written in place (<see cref="FlowArrayJson"/>), the writer's bytes after it.
    /// </remarks>
    public static byte[] Write(TransshipmentResult result)
    {
        var view = result.Flows as ArcFlowList;
        // Written here unless the job wrote them in the background (ArcFlowList.Json), which is awaited last.
        var flows = view is { Json: null } ? new FlowArrayJson(view.Network, view.Flow) : null;
        // About 45 bytes per flow ({"from":"n123","to":"n456","flow":17},) written here, and 120 per node.
        using var buffer = new PooledBufferWriter((int)Math.Min(1024 + (view is null ? 48L * result.Flows.Count : 0) + 128L * result.Nodes.Count, Array.MaxLength));
        var flowsAt = -1;
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JobJson.Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString(Outcome, JsonNamingPolicy.CamelCase.ConvertName(result.Outcome.ToString()));
            if (result.Objective is { } objective) writer.WriteNumber(Objective, objective);
            writer.WriteString(Solver, result.Solver);
            writer.WriteNumber(SolveSeconds, result.SolveSeconds);
            if (result.Message is { } message) writer.WriteString(Message, message);
            if (view is not null)
            {
                writer.WritePropertyName(Flows);
                writer.Flush();
                flowsAt = buffer.WrittenSpan.Length;
                writer.WriteRawValue(Placeholder, skipInputValidation: true);
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
        if (view is null) return buffer.ToArray();
        var background = view.Json?.GetAwaiter().GetResult();
        var flowsLength = background?.Length ?? flows!.Length;
        var written = buffer.WrittenSpan;
        var json = GC.AllocateUninitializedArray<byte>(written.Length - Placeholder.Length + flowsLength);
        written[..flowsAt].CopyTo(json);
        if (background is not null) background.CopyTo(json.AsSpan(flowsAt));
        else flows!.WriteTo(json.AsSpan(flowsAt, flowsLength));
        written[(flowsAt + Placeholder.Length)..].CopyTo(json.AsSpan(flowsAt + flowsLength));
        return json;
    }

    /// <summary>Where the flows go, in the writer's output.</summary>
    private static ReadOnlySpan<byte> Placeholder => "[]"u8;

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
