using System.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace OptService.Api.Hosting;

/// <summary>
/// Writes every problem as <c>application/problem+json</c>, whatever the request's <c>Accept</c> header says.
/// ASP.NET Core's own writer declines clients that do not list JSON (a browser's <c>text/html</c>, an
/// <c>application/xml</c> client), and then the status code pages answered <c>text/plain</c>
/// "Status Code: 404; Not Found" and the exception handler an empty body. An API has one error format; RFC 9110
/// lets a server answer an error in a type the client did not ask for. Registered before the default writer, so
/// that it is the only one used.
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<JsonOptions> json, IOptions<ProblemDetailsOptions> options) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        // The id that the request log carries too, so that a report of an error can be matched to its log lines.
        problem.Extensions.TryAdd("traceId", Activity.Current?.Id ?? http.TraceIdentifier);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var type = json.Value.SerializerOptions.GetTypeInfo(problem.GetType());
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, type, "application/problem+json", http.RequestAborted));
    }
}
