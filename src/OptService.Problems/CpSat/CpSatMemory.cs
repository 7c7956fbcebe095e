using System.Text.Json;

namespace OptService.Problems.CpSat;

/// <summary>
/// The peak memory of a CP-SAT solve from the model's size: the model as JSON is its most direct
/// measure (variables, domains, constraint terms); CP-SAT holds the proto, its presolved copy and each
/// worker's structures, about 20 bytes per byte of JSON, plus 64 MB.
/// </summary>
internal static class CpSatMemory
{
    private const long BytesPerJsonByte = 20;
    private const long Fixed = 64L << 20;

    public static long Estimate(CpSatProblem problem) =>
        Fixed + BytesPerJsonByte * (problem.Model.ValueKind == JsonValueKind.Undefined ? 0 : problem.Model.GetRawText().Length);
}
