namespace OptService.Problems.LunarLanding;

/// <summary>Size limits of a lunar-landing submission, bound from configuration section <c>Kinds:lunar-landing</c> (<see cref="KindLimits"/>).</summary>
public sealed record LunarLandingLimits
{
    /// <summary>Most collocation intervals (<c>discretization.intervals</c>).</summary>
    public int MaxIntervals { get; init; } = 200_000;

    /// <summary>
    /// Largest magnitude of a physical input, and the smallest of a positive one. Within [1e-6, 1e9] every
    /// combination ends in a solver verdict; 1e154 (squared) or 1e308 made the result infinite, which failed
    /// the job with a serializer message instead of rejecting the input.
    /// </summary>
    public const double MaxMagnitude = 1e9;

    public const double MinPositive = 1e-6;

    /// <summary>Longest <c>options.timeLimitSeconds</c>: one day (TimeSpan.FromSeconds overflows far above it).</summary>
    public const double MaxTimeLimitSeconds = 86_400;
}
