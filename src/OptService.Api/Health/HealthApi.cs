using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace OptService.Api.Health;

internal static class HealthApi
{
    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: and its job store answers.</summary>
    public static WebApplication MapHealthApi(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .WithTags("Health").WithName("Live").WithSummary("The process is up.").AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") })
            .WithTags("Health").WithName("Ready").WithSummary("The process can reach its job store.").AllowAnonymous();
        return app;
    }
}
