using System.Text.Json;

namespace OptService.Problems.CpSat;

/// <summary>
/// A CP-SAT model as its users already write it: <c>model</c> is a <c>CpModelProto</c> in protobuf's JSON mapping,
/// exactly what Python's <c>json_format.MessageToJson(model.Proto())</c> or C#'s <c>JsonFormatter</c> produce
/// (camelCase or proto field names; 64-bit integers as numbers or strings).
/// </summary>
public sealed record CpSatProblem
{
    /// <summary>The <c>CpModelProto</c> in protobuf's JSON mapping.</summary>
    public required JsonElement Model { get; init; }

    /// <summary>
    /// CP-SAT's <c>SatParameters</c>: a JSON object (protobuf JSON mapping, e.g. <c>{"numWorkers": 4}</c>) or a
    /// text-format string (<c>"num_workers:4 linearization_level:2"</c>). <see cref="Options"/> win where both say something.
    /// </summary>
    public JsonElement? Parameters { get; init; }

    /// <summary>Time limit, workers and enumeration.</summary>
    public CpSatOptions? Options { get; init; }
}

/// <summary>The few settings every CP-SAT user sets; everything else goes in <see cref="CpSatProblem.Parameters"/>.</summary>
public sealed record CpSatOptions
{
    /// <summary>Wall-clock limit in seconds (default from configuration; CP-SAT's <c>max_time_in_seconds</c>).</summary>
    public double? TimeLimitSeconds { get; init; }

    /// <summary>Parallel search workers (CP-SAT's <c>num_workers</c>). Enumeration always runs on one.</summary>
    public int? Workers { get; init; }

    /// <summary>Count every solution of a model without objective (CP-SAT's <c>enumerate_all_solutions</c>).</summary>
    public bool? EnumerateAll { get; init; }

    /// <summary>Enumeration: how many of the solutions to return (default 10); all of them are counted.</summary>
    public int? MaxSolutions { get; init; }
}
