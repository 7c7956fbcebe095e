namespace OptService.Problems.Transshipment;

/// <summary>Size limits of a transshipment submission, bound from configuration section <c>Kinds:transshipment</c> (<see cref="KindLimits"/>).</summary>
public sealed record TransshipmentLimits
{
    public int MaxNodes { get; init; } = 200_000;
    public int MaxArcs { get; init; } = 2_000_000;

    /// <summary>
    /// Largest magnitude accepted for supplies, demands, bounds and costs: keeps every sum exact in a
    /// double and inside the 64-bit integers of the network algorithm.
    /// </summary>
    public const double MaxMagnitude = 1e12;

    /// <summary>Longest node id (and arc end) in characters: ids are echoed in results, logs and model files.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Longest problem name in characters.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Longest <c>options.timeLimitSeconds</c>: one day (a larger value overflowed the solver's timers).</summary>
    public const double MaxTimeLimitSeconds = 86_400;
}
