using Microsoft.Extensions.Configuration;

namespace OptService.Problems.Transshipment;

/// <summary>Size limits of a transshipment submission, from configuration section <c>Kinds:transshipment</c>.</summary>
public sealed record TransshipmentLimits
{
    public int MaxNodes { get; init; } = 200_000;
    public int MaxArcs { get; init; } = 2_000_000;

    /// <summary>
    /// Largest magnitude accepted for supplies, demands, bounds and costs: keeps every sum exact in a
    /// double and inside the 64-bit integers of the network algorithm.
    /// </summary>
    public const double MaxMagnitude = 1e12;

    public static TransshipmentLimits From(IConfiguration configuration) =>
        configuration.GetSection("Kinds:transshipment").Get<TransshipmentLimits>() ?? new TransshipmentLimits();
}
