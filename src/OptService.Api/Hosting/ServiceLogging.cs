using Serilog;
using Serilog.Formatting.Compact;

namespace OptService.Api.Hosting;

/// <summary>Serilog: structured console logging (plain text, or compact JSON with <c>Logging:Json=true</c>) and request logging.</summary>
internal static class ServiceLogging
{
    public static WebApplicationBuilder AddServiceLogging(this WebApplicationBuilder builder)
    {
        var json = builder.Configuration.GetValue<bool>("Logging:Json");
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                .MinimumLevel.Override("Hangfire", Serilog.Events.LogEventLevel.Warning);
            if (json) logger.WriteTo.Console(new CompactJsonFormatter());
            else logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
        });
        return builder;
    }

    public static WebApplication UseServiceLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            // Health probes and log polling are frequent and uninteresting: log them at Debug.
            options.GetLevel = (context, _, exception) =>
                exception is not null || context.Response.StatusCode >= 500 ? Serilog.Events.LogEventLevel.Error
                : context.Request.Path.StartsWithSegments("/health") ? Serilog.Events.LogEventLevel.Debug
                : Serilog.Events.LogEventLevel.Information;
            // Who asked (the API key's name, never the key), when API keys are on.
            options.EnrichDiagnosticContext = (diagnostics, context) =>
            {
                if (context.User.Identity?.IsAuthenticated == true) diagnostics.Set("Client", context.User.Identity.Name ?? "");
            };
        });
        return app;
    }
}
