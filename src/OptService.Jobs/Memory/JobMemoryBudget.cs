using System.Globalization;
using Microsoft.Extensions.Options;
using OptService.Kinds;

namespace OptService.Jobs.Memory;

/// <summary>The memory one job may take (<see cref="JobsOptions.MaxJobMemoryMB"/>, per kind): refuses what will not fit.</summary>
public sealed class JobMemoryBudget(IOptions<JobsOptions> options)
{
    private const long Mebibyte = 1L << 20;

    /// <summary>The limit of a job of <paramref name="kind"/> in bytes; null = no limit.</summary>
    public long? LimitBytes(string kind)
    {
        var megabytes = options.Value.MaxJobMemoryMBByKind.TryGetValue(kind, out var own) ? own : options.Value.MaxJobMemoryMB;
        return megabytes > 0 ? megabytes * Mebibyte : null;
    }

    /// <summary>The 400's error for a problem whose estimate is over the limit; null when it fits or is unknown.</summary>
    public FieldError? Refusal(string kind, long? estimateBytes)
    {
        if (estimateBytes is not { } estimate || LimitBytes(kind) is not { } limit || estimate <= limit) return null;
        var setting = options.Value.MaxJobMemoryMBByKind.ContainsKey(kind) ? $"Jobs:MaxJobMemoryMBByKind:{kind}" : "Jobs:MaxJobMemoryMB";
        return new FieldError("$", string.Create(CultureInfo.InvariantCulture,
            $"the model is too large for this service: solving it would take about {Mb(estimate)} MB of memory, and the limit per {kind} job is {Mb(limit)} MB ({setting}); make the problem smaller"));
    }

    internal static long Mb(long bytes) => (bytes + Mebibyte - 1) / Mebibyte;
}
