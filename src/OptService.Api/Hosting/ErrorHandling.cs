using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;

namespace OptService.Api.Hosting;

/// <summary>Every error leaves as RFC 9457 problem details; no stack traces outside Development.</summary>
internal static class ErrorHandling
{
    public static IServiceCollection AddErrorHandling(this IServiceCollection services)
    {
        // Before AddProblemDetails: the first writer that accepts a problem writes it, and this one accepts all.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails();
        services.AddExceptionHandler<StoreUnavailableHandler>();
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        return services;
    }

    /// <summary>
    /// Error answers, and what has to run before routing: HEAD as GET (routing matches the method), then the
    /// exception handler and the status code pages (inside it, so that their bodies are discarded for HEAD too), and
    /// the URL length check. Routing is added here explicitly so that it runs after them.
    /// </summary>
    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.UseHeadAsGet();
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseRequestTargetLimit();
        app.UseRouting();
        return app;
    }
}

/// <summary>
/// The job store being away (database restart, disk full, locked file) is not a bug in the request:
/// answer 503 with Retry-After so that clients back off and retry, and say nothing was created.
/// </summary>
internal sealed class StoreUnavailableHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            context.Response.StatusCode = badRequest.StatusCode;
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = badRequest.StatusCode, Title = "Bad request", Detail = badRequest.Message },
            });
        }
        if (exception is not (DbException or TimeoutException or System.Net.Sockets.SocketException)) return false;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "2";
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The job store is unavailable",
                Detail = "The database did not answer. Nothing was created by this request; retry after a moment.",
            },
        });
    }
}
