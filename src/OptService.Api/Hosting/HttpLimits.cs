namespace OptService.Api.Hosting;

/// <summary>Request limits, bound from the <c>Api</c> configuration section.</summary>
public sealed class ApiLimits
{
    public const string Section = "Api";

    /// <summary>Largest accepted request body; larger gets 413 before it is read into memory.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Longest <c>?waitSeconds</c> a client may ask for.</summary>
    public int MaxWaitSeconds { get; set; } = 60;

    /// <summary>Submissions with a body over 1 MiB parsed at once (others wait); bounds memory under concurrency.</summary>
    public int MaxConcurrentLargeParses { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// A JSON body of at least this many bytes is written to the store while it is parsed (<c>StagedProblem</c>), instead
    /// of after; 0 turns that off. Below about a megabyte the insert is too short to be worth a thread of its own.
    /// </summary>
    public int StageProblemFromBytes { get; set; } = 1 << 20;
}

internal static class HttpLimits
{
    public static WebApplicationBuilder AddHttpLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(ApiLimits.Section).Get<ApiLimits>() ?? new ApiLimits();
        builder.Services.AddOptions<ApiLimits>().Bind(builder.Configuration.GetSection(ApiLimits.Section));
        builder.Services.AddSingleton<JobsApi.LargeBodyGate>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
            // Long URLs are refused by RequestTargetLimit, with a problem body that Kestrel would not write.
            kestrel.Limits.MaxRequestLineSize = RequestTargetLimit.KestrelRequestLineBytes;
        });
        return builder;
    }
}
