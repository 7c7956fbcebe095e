using Microsoft.AspNetCore.Diagnostics;

namespace OptService.Api.Hosting;

/// <summary>
/// The problem for a status that no endpoint wrote a body for: no route matched (404), the route exists for other
/// methods (405), or a framework check rejected the request before an endpoint ran (400 and others). Says what was
/// asked and what would work, instead of the bare status.
/// </summary>
internal static class StatusCodeProblems
{
    /// <summary>Most characters of a path echoed back: a URL may be kilobytes long.</summary>
    private const int MaxEchoedPath = 200;

    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var path = Clip(http.Request.Path.Value ?? "/");
        var detail = status switch
        {
            StatusCodes.Status404NotFound =>
                $"There is nothing at '{path}'. The jobs API is at /api/v1/jobs (see /swagger for every route).",
            StatusCodes.Status405MethodNotAllowed =>
                $"{http.Request.Method} is not allowed on '{path}'; allowed: {http.Response.Headers.Allow}.",
            StatusCodes.Status400BadRequest =>
                "The request could not be read: a route value, query value or header is malformed.",
            _ => $"The request to '{path}' was answered {status}.",
        };
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }

    public static string Clip(string text) => text.Length <= MaxEchoedPath ? text : text[..MaxEchoedPath] + "…";
}
